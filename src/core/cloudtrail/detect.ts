// Which CloudTrail shape (FORMATS.md §2) a text is, by content, never by file name: one table of
// shapes, tried in order, each looking only at the head of the text (the first 64 KB after
// leading white space), so a 100 MB file costs no more to recognise than a small one. The input
// reader table (input/readers.ts) takes these shapes over in this same order.
import { ANY_WORD, mayQuote } from './quoted-words';

export const FORMAT = {
  s3: 's3-json',
  lookup: 'lookup-events',
  lake: 'cloudtrail-lake',
  eventbridge: 'eventbridge',
  cloudwatch: 'cloudwatch-logs',
  cloudwatchLambda: 'cloudwatch-logs-lambda',
  base64: 'base64',
  json: 'cloudtrail-json',
  consoleCsv: 'console-csv',
  consoleCsvLegacy: 'console-csv-legacy',
  athenaCsv: 'athena-csv',
  digest: 'cloudtrail-digest',
} as const;

export interface CloudTrailShape {
  format: string;
  /** What the shape is, in a few words (documentation and test names). */
  describes: string;
  /**
   * True when `head` (see cloudTrailHead) is this shape. `quoted` (quoted-words.ts) says which of
   * QUOTED_WORDS the head may quote: a shape that needs a word the bits rule out is not looked for.
   */
  detect: (head: string, quoted: number) => boolean;
}

const HEAD = 65_536;
const CT_SOURCE_RE = /"eventSource"\s*:\s*"[a-z0-9.-]+\.amazonaws\.com"/;
const BASE64_RE = /^[A-Za-z0-9+/=\r\n]+$/;
const RECORDS_RE = /"Records"\s*:\s*\[/;

/** The text from its first non-space character, at most 64 KB: what every shape looks at. */
export function cloudTrailHead(text: string): string {
  let i = 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return text.slice(i, i + HEAD);
}

const isJson = (head: string): boolean => head[0] === '{' || head[0] === '[';

/** The first line's cells, unquoted, trimmed and lower-cased (a CSV header). */
function csvHeader(head: string): string[] {
  const nl = head.indexOf('\n');
  return (nl < 0 ? head : head.slice(0, nl))
    .replace(/\r$/, '')
    .split(',')
    .map((h) => h.replace(/"/g, '').trim().toLowerCase());
}

const isConsoleCsvHeader = (cols: string[]): boolean => cols.includes('event time') && cols.includes('user name') && cols.includes('event name');

/** JSON shapes first (a head starting with `{` or `[`), then CSV and base64 text. Order matters. */
export const CLOUDTRAIL_SHAPES: readonly CloudTrailShape[] = [
  {
    format: FORMAT.digest,
    describes: 'digest file (integrity hashes, no events)',
    detect: (h, q) => isJson(h) && mayQuote(q, 'digestStartTime') && /"digestStartTime"\s*:/.test(h) && /"logFiles"\s*:/.test(h),
  },
  { format: FORMAT.lake, describes: 'CloudTrail Lake query results', detect: (h, q) => isJson(h) && mayQuote(q, 'QueryResultRows') && /"QueryResultRows"\s*:/.test(h) },
  {
    format: FORMAT.lookup,
    describes: 'lookup-events output (also an empty page)',
    detect: (h, q) =>
      isJson(h) &&
      ((mayQuote(q, 'CloudTrailEvent') && /"CloudTrailEvent"\s*:/.test(h)) ||
        (mayQuote(q, 'events') && /^[[{\s]*"Events"\s*:\s*\[\s*\]/.test(h) && /"NextToken"|^\{\s*"Events"\s*:\s*\[\s*\]\s*\}\s*$/.test(h))),
  },
  { format: FORMAT.eventbridge, describes: 'EventBridge event(s) "via CloudTrail"', detect: (h, q) => isJson(h) && mayQuote(q, 'detail-type') && /"detail-type"\s*:\s*"[^"]*via CloudTrail"/i.test(h) },
  { format: FORMAT.cloudwatchLambda, describes: 'Lambda event {"awslogs":{"data":...}}', detect: (h, q) => isJson(h) && mayQuote(q, 'awslogs') && /"awslogs"\s*:\s*\{\s*"data"\s*:/.test(h) },
  {
    format: FORMAT.cloudwatch,
    describes: 'CloudWatch Logs subscription payload or filter-log-events output',
    detect: (h, q) =>
      isJson(h) &&
      ((mayQuote(q, 'logEvents') && /"logEvents"\s*:\s*\[/.test(h) && /"(messageType|logGroup|owner)"\s*:/.test(h)) ||
        (mayQuote(q, 'events') && /"events"\s*:\s*\[/.test(h) && /"message"\s*:\s*"\{\\"(eventVersion|userIdentity|eventTime)\\"/.test(h))),
  },
  {
    format: FORMAT.s3,
    describes: 'S3 log file / console JSON {"Records":[...]}',
    // S3 / SQS / SNS event notifications also use "Records", with eventSource "aws:s3" etc.: not CloudTrail.
    detect: (h) =>
      // The source test first: it matches in the first record, where the empty-array test reads all 64 KB to say no.
      isJson(h) && RECORDS_RE.test(h) && (CT_SOURCE_RE.test(h) || /"Records"\s*:\s*\[\s*\]/.test(h) || /"userIdentity"\s*:\s*\{\s*"type"/.test(h)),
  },
  {
    format: FORMAT.json,
    describes: 'bare record(s): one, an array, JSON lines, concatenated',
    // A "Records" head that is not CloudTrail (above) is not taken for bare records either.
    detect: (h) =>
      isJson(h) &&
      !RECORDS_RE.test(h) &&
      /"eventTime"\s*:/.test(h) &&
      (/"eventName"\s*:/.test(h) || /"userIdentity"\s*:/.test(h)) &&
      (CT_SOURCE_RE.test(h) || /"eventVersion"\s*:\s*"1\.\d+"/.test(h) || /"userIdentity"\s*:\s*\{/.test(h)),
  },
  {
    format: FORMAT.consoleCsvLegacy,
    describes: 'older console "Download events" CSV (10 columns, first "Event ID")',
    detect: (h) => {
      if (isJson(h)) return false;
      const cols = csvHeader(h);
      return isConsoleCsvHeader(cols) && cols[0] === 'event id';
    },
  },
  {
    format: FORMAT.consoleCsv,
    describes: 'console "Download events" CSV',
    detect: (h) => {
      if (isJson(h)) return false;
      const cols = csvHeader(h);
      return isConsoleCsvHeader(cols) && cols[0] !== 'event id';
    },
  },
  {
    format: FORMAT.athenaCsv,
    describes: 'Athena result CSV (lower-case CloudTrail columns)',
    detect: (h) => {
      if (isJson(h)) return false;
      const cols = csvHeader(h);
      return (
        cols.includes('eventtime') &&
        cols.some((c) => c === 'useridentity' || c.startsWith('useridentity.') || c.startsWith('useridentity_')) &&
        (cols.includes('eventname') || cols.includes('eventsource'))
      );
    },
  },
  {
    format: FORMAT.base64,
    describes: 'CloudWatch Logs payload as delivered: base64 of gzip ("H4sI") or of JSON ("eyJ")',
    detect: (h) => {
      if (isJson(h)) return false;
      const b64 = h.trimEnd();
      return (b64.startsWith('H4sI') || b64.startsWith('eyJ')) && BASE64_RE.test(b64.slice(0, 4096));
    },
  },
];

/** The CloudTrail format name when the text is a CloudTrail shape, else undefined. */
export function detectCloudTrail(text: string): string | undefined {
  const head = cloudTrailHead(text);
  return CLOUDTRAIL_SHAPES.find((s) => s.detect(head, ANY_WORD))?.format;
}
