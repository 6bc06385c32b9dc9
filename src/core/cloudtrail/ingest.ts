// CloudTrail ingest (FORMATS.md §2): detect the shape by content, read every record into coverage
// (any identity) and root events, then merge files per account with de-duplication by eventID.
//
// Entry points:
// - detectCloudTrail(text): format name or undefined; cheap (looks at the first 64 KB).
// - parseCloudTrail(text, ...): synchronous; every shape except a base64-gzip payload, which it
//   reports as a problem.
// - readCloudTrail(text, ...): async; first decodes base64 (and gzip inside it) payloads, such as a
//   CloudWatch Logs subscription payload saved as received or a Lambda `{"awslogs":{"data":...}}`
//   event, then parses. The app's ingest calls this one.
// - buildCloudTrailAccounts(files, problems?): per-account data for the rules.
import { gunzip, isGzip } from '../input/decode';
import { utcDay } from '../time';
import type { Problem } from '../types';
import { FileCollector, isObject, type Coverage } from './collect';
import { readAthenaCsv, readConsoleCsv } from './csv';
import { readJsonText } from './json';
import type { AssumeRootCall, CloudTrailAccountData, RootEvent } from './model';

export interface CloudTrailFileResult {
  format: string;
  /** Records read and used (any identity). */
  records: number;
  /** Records met but not used (unreadable time, invalid JSON, not a CloudTrail record); each reason is a problem. */
  skipped: number;
  rootEvents: RootEvent[];
  assumeRootCalls: AssumeRootCall[];
  /** Per account: earliest/latest event of any identity, count, and UTC days seen. */
  coverage: Map<string | null, { start: number; end: number; count: number; days: Set<string> }>;
  problems: Problem[];
  /** True when the format has no MFA flag and no sign-in result (console CSV). */
  limitedFormat: boolean;
  /** The input's name. */
  input?: string;
}

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

const HEAD = 65_536;
const CT_SOURCE_RE = /"eventSource"\s*:\s*"[a-z0-9.-]+\.amazonaws\.com"/;
const BASE64_RE = /^[A-Za-z0-9+/=\r\n]+$/;

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

function csvHeader(text: string): string[] {
  return firstLine(text)
    .split(',')
    .map((h) => h.replace(/"/g, '').trim().toLowerCase());
}

/** Returns the CloudTrail format name when the text is a CloudTrail shape, else undefined. */
export function detectCloudTrail(text: string): string | undefined {
  let i = 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  const head = text.slice(i, i + HEAD);
  const first = head[0];
  if (first === '{' || first === '[') {
    if (/"digestStartTime"\s*:/.test(head) && /"logFiles"\s*:/.test(head)) return FORMAT.digest;
    if (/"QueryResultRows"\s*:/.test(head)) return FORMAT.lake;
    if (/"CloudTrailEvent"\s*:/.test(head)) return FORMAT.lookup;
    if (/^[[{\s]*"Events"\s*:\s*\[\s*\]/.test(head) && /"NextToken"|^\{\s*"Events"\s*:\s*\[\s*\]\s*\}\s*$/.test(head)) return FORMAT.lookup;
    if (/"detail-type"\s*:\s*"[^"]*via CloudTrail"/i.test(head)) return FORMAT.eventbridge;
    if (/"awslogs"\s*:\s*\{\s*"data"\s*:/.test(head)) return FORMAT.cloudwatchLambda;
    if (/"logEvents"\s*:\s*\[/.test(head) && /"(messageType|logGroup|owner)"\s*:/.test(head)) return FORMAT.cloudwatch;
    if (/"events"\s*:\s*\[/.test(head) && /"message"\s*:\s*"\{\\"(eventVersion|userIdentity|eventTime)\\"/.test(head)) return FORMAT.cloudwatch;
    if (/"Records"\s*:\s*\[/.test(head)) {
      if (/"Records"\s*:\s*\[\s*\]/.test(head)) return FORMAT.s3;
      // S3 / SQS / SNS event notifications also use "Records", with eventSource "aws:s3" etc.
      if (CT_SOURCE_RE.test(head) || /"userIdentity"\s*:\s*\{\s*"type"/.test(head)) return FORMAT.s3;
      return undefined;
    }
    const recordish = /"eventTime"\s*:/.test(head) && (/"eventName"\s*:/.test(head) || /"userIdentity"\s*:/.test(head));
    if (recordish && (CT_SOURCE_RE.test(head) || /"eventVersion"\s*:\s*"1\.\d+"/.test(head) || /"userIdentity"\s*:\s*\{/.test(head))) return FORMAT.json;
    return undefined;
  }
  const cols = csvHeader(head);
  if (cols.includes('event time') && cols.includes('user name') && cols.includes('event name')) return cols[0] === 'event id' ? FORMAT.consoleCsvLegacy : FORMAT.consoleCsv;
  if (cols.includes('eventtime') && cols.some((c) => c === 'useridentity' || c.startsWith('useridentity.') || c.startsWith('useridentity_')) && (cols.includes('eventname') || cols.includes('eventsource'))) return FORMAT.athenaCsv;
  // A CloudWatch Logs payload as delivered: base64 of gzip ("H4sI") or of JSON ("eyJ" = `{"`).
  const b64 = head.trimEnd();
  if ((b64.startsWith('H4sI') || b64.startsWith('eyJ')) && BASE64_RE.test(b64.slice(0, 4096))) return FORMAT.base64;
  return undefined;
}

function base64Bytes(b64: string): Uint8Array | undefined {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8');

function emptyResult(format: string, input: string, problems: Problem[]): CloudTrailFileResult {
  return { format, records: 0, skipped: 0, rootEvents: [], assumeRootCalls: [], coverage: new Map(), problems, limitedFormat: false, input };
}

/** Synchronous parse of one input whose format detectCloudTrail returned. Never throws. */
export function parseCloudTrail(text: string, input: string, format: string, opts: { naiveTimeOffsetMinutes: number }): CloudTrailFileResult {
  const c = new FileCollector(input);
  let name = format;
  try {
    switch (format) {
      case FORMAT.consoleCsv:
        name = readConsoleCsv(text, c, false, opts.naiveTimeOffsetMinutes);
        break;
      case FORMAT.consoleCsvLegacy:
        name = readConsoleCsv(text, c, true, opts.naiveTimeOffsetMinutes);
        break;
      case FORMAT.athenaCsv:
        name = readAthenaCsv(text, c);
        break;
      case FORMAT.digest:
        c.problem({ severity: 'info', message: 'CloudTrail digest file (integrity hashes, no events): skipped.' });
        break;
      case FORMAT.base64: {
        const bytes = base64Bytes(text.trim());
        if (!bytes) {
          c.problem({ severity: 'error', message: 'Looks like base64 but does not decode: not read.' });
          break;
        }
        if (isGzip(bytes)) {
          c.problem({ severity: 'error', message: 'Base64 of gzip (a CloudWatch Logs payload as delivered): it must be decompressed first. The app does this when it reads files; in code call readCloudTrail, which is async.' });
          break;
        }
        const inner = utf8.decode(bytes);
        const innerFormat = detectCloudTrail(inner);
        if (!innerFormat || innerFormat === FORMAT.base64) {
          c.problem({ severity: 'error', message: 'Base64 text that does not hold CloudTrail records: not read.' });
          break;
        }
        const r = parseCloudTrail(inner, input, innerFormat, opts);
        return { ...r, format: `${r.format}+base64` };
      }
      default:
        name = readJsonText(text, c, format);
    }
  } catch (e) {
    c.problem({ severity: 'error', message: `CloudTrail reading stopped early: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}` });
  }
  c.summarize();
  return {
    format: name,
    records: c.records,
    skipped: c.skipped,
    rootEvents: c.rootEvents,
    assumeRootCalls: c.assumeRootCalls,
    coverage: c.coverage,
    problems: c.problems,
    limitedFormat: c.limitedFormat,
    input,
  };
}

/**
 * Decodes base64 / base64-gzip payloads (a CloudWatch Logs subscription payload as delivered, a Lambda
 * `{"awslogs":{"data":...}}` event) and parses; any other shape goes straight to parseCloudTrail.
 */
export async function readCloudTrail(text: string, input: string, format: string, opts: { naiveTimeOffsetMinutes: number }): Promise<CloudTrailFileResult> {
  let b64: string | undefined;
  if (format === FORMAT.base64) b64 = text.trim();
  else if (format === FORMAT.cloudwatchLambda) {
    try {
      const v: unknown = JSON.parse(text);
      const logs = isObject(v) ? v.awslogs : undefined;
      const data = isObject(logs) ? logs.data : undefined;
      if (typeof data === 'string') b64 = data;
    } catch {
      // reported below
    }
    if (b64 === undefined) return emptyResult(format, input, [{ input, severity: 'error', message: 'An "awslogs" event without a readable "data" field: not read.' }]);
  }
  if (b64 === undefined) return parseCloudTrail(text, input, format, opts);
  const bytes = base64Bytes(b64);
  if (!bytes) return emptyResult(format, input, [{ input, severity: 'error', message: 'The base64 payload does not decode: not read.' }]);
  let raw = bytes;
  let how = 'base64';
  if (isGzip(bytes)) {
    try {
      raw = await gunzip(bytes);
      how = 'base64+gzip';
    } catch (e) {
      return emptyResult(format, input, [{ input, severity: 'error', message: `The base64 payload holds gzip that ${e instanceof Error ? e.message : 'does not decompress'}: not read.` }]);
    }
  }
  const inner = utf8.decode(raw);
  const innerFormat = detectCloudTrail(inner);
  if (!innerFormat || innerFormat === FORMAT.base64 || innerFormat === FORMAT.cloudwatchLambda) {
    return emptyResult(format, input, [{ input, severity: 'error', message: `The ${how} payload does not hold CloudTrail records: not read.` }]);
  }
  const r = parseCloudTrail(inner, input, innerFormat, opts);
  return { ...r, format: `${r.format}+${how}` };
}

// ---- merge per account ------------------------------------------------------------------------

interface AccountBuild {
  data: CloudTrailAccountData;
  days: Set<string>;
  /** eventID + time + name -> the copy kept. */
  seen: Map<string, RootEvent>;
  /** eventIDs met, to notice one id reused for different events. */
  ids: Set<string>;
  seenCalls: Set<string>;
  limitedOnly: boolean;
  any: boolean;
}

/** Fills fields a kept copy lacks from a later copy (an EventBridge copy can be thinner than the S3 one). */
function fillFrom(kept: RootEvent, copy: RootEvent): void {
  const k = kept as unknown as Record<string, unknown>;
  for (const [key, v] of Object.entries(copy)) if (k[key] === undefined && v !== undefined) k[key] = v;
}

/**
 * Merges per-file results into per-account data. Root events and AssumeRoot calls are de-duplicated
 * by eventID (together with time and event name, so that hand-written samples that reuse one id for
 * different events are not collapsed; those are reported). Coverage counts every record loaded:
 * non-root copies are not de-duplicated (that would mean keeping every event id of millions of
 * records), so `totalEvents` can exceed the number of distinct events when trails overlap.
 * Problems (duplicates removed, reused eventIDs) go to `problems` when given.
 */
export function buildCloudTrailAccounts(files: CloudTrailFileResult[], problems?: Problem[]): Map<string | null, CloudTrailAccountData> {
  const builds = new Map<string | null, AccountBuild>();
  const get = (id: string | null): AccountBuild => {
    let b = builds.get(id);
    if (!b) {
      b = {
        data: { accountId: id, daysWithEvents: [], totalEvents: 0, rootEvents: [], assumeRootCalls: [], formats: [], onlyConsoleCsv: false, inputs: [] },
        days: new Set(),
        seen: new Map(),
        ids: new Set(),
        seenCalls: new Set(),
        limitedOnly: true,
        any: false,
      };
      builds.set(id, b);
    }
    return b;
  };
  const touch = (b: AccountBuild, f: CloudTrailFileResult, index: number): void => {
    const input = f.input ?? `CloudTrail input ${index + 1}`;
    if (!b.data.inputs.includes(input)) b.data.inputs.push(input);
    if (!b.data.formats.includes(f.format)) b.data.formats.push(f.format);
    if (!f.limitedFormat) b.limitedOnly = false;
    b.any = true;
  };
  let duplicates = 0;
  let reused = 0;
  const reusedExamples = new Set<string>();
  const dupInputs = new Set<string>();
  files.forEach((f, index) => {
    for (const [id, cov] of f.coverage as Map<string | null, Coverage>) {
      const b = get(id);
      touch(b, f, index);
      const d = b.data;
      d.totalEvents += cov.count;
      if (d.coverageStart === undefined || cov.start < d.coverageStart) d.coverageStart = cov.start;
      if (d.coverageEnd === undefined || cov.end > d.coverageEnd) d.coverageEnd = cov.end;
      for (const day of cov.days) b.days.add(day);
    }
    for (const e of f.rootEvents) {
      const b = get(e.accountId);
      touch(b, f, index);
      if (e.eventId !== undefined) {
        const key = `${e.eventId}\u0000${e.time}\u0000${e.eventName}`;
        const kept = b.seen.get(key);
        if (kept) {
          fillFrom(kept, e);
          duplicates++;
          dupInputs.add(e.input).add(kept.input);
          b.data.duplicatesRemoved = (b.data.duplicatesRemoved ?? 0) + 1;
          b.data.totalEvents = Math.max(0, b.data.totalEvents - 1);
          continue;
        }
        if (b.ids.has(e.eventId)) {
          reused++;
          if (reusedExamples.size < 3) reusedExamples.add(e.eventId);
        } else b.ids.add(e.eventId);
        b.seen.set(key, e);
      }
      b.data.rootEvents.push(e);
    }
    for (const call of f.assumeRootCalls) {
      const b = get(call.accountId);
      touch(b, f, index);
      if (call.eventId !== undefined) {
        const key = `${call.eventId}\u0000${call.time}`;
        if (b.seenCalls.has(key)) {
          duplicates++;
          dupInputs.add(call.input);
          b.data.duplicatesRemoved = (b.data.duplicatesRemoved ?? 0) + 1;
          b.data.totalEvents = Math.max(0, b.data.totalEvents - 1);
          continue;
        }
        b.seenCalls.add(key);
      }
      b.data.assumeRootCalls.push(call);
    }
  });
  const out = new Map<string | null, CloudTrailAccountData>();
  for (const [id, b] of builds) {
    const d = b.data;
    // Root events widen coverage (an event is evidence that its moment was loaded).
    for (const e of d.rootEvents) {
      if (d.coverageStart === undefined || e.time < d.coverageStart) d.coverageStart = e.time;
      if (d.coverageEnd === undefined || e.time > d.coverageEnd) d.coverageEnd = e.time;
      b.days.add(utcDay(e.time));
    }
    d.daysWithEvents = [...b.days].sort();
    d.rootEvents.sort((a, z) => a.time - z.time);
    d.assumeRootCalls.sort((a, z) => a.time - z.time);
    d.onlyConsoleCsv = b.any && b.limitedOnly;
    out.set(id, d);
  }
  if (problems) {
    if (duplicates > 0) {
      const where = dupInputs.size === 1 ? [...dupInputs][0] as string : `${dupInputs.size} CloudTrail inputs`;
      problems.push({
        input: where,
        severity: 'info',
        message: `${duplicates} duplicate root event${duplicates === 1 ? '' : 's'} removed (same eventID, time and name loaded more than once: multi-region or organization trails deliver copies, and one event can arrive in two envelopes).`,
      });
    }
    if (reused > 0) {
      problems.push({
        input: '(CloudTrail)',
        severity: 'warning',
        message: `${reused} root event${reused === 1 ? ' shares its' : 's share their'} eventID with a different event (e.g. ${[...reusedExamples].map((x) => JSON.stringify(x)).join(', ')}); AWS gives each event its own id, so these look hand-made. They were kept as separate events.`,
      });
    }
  }
  return out;
}
