// fast-check generators for the property tests: valid credential reports and their mutations
// (dropped, duplicated, reordered columns; quotes; sentinels; rewritten dates; escapes; junk rows),
// CloudTrail records of any shape (including `\u` escapes in their text) and every CloudTrail
// envelope, evidence-file shapes with arbitrary JSON inside, and each reader's "signature" (what
// makes the reader table pick it) for arbitrary bytes to follow.
import fc from 'fast-check';
import { REPORT_COLUMNS } from '../../src/core/credential-report/model';

// ---- credential reports ------------------------------------------------------------------------

const ACCOUNT = '333344445555';

const dateText = fc.oneof(
  fc.constantFrom('N/A', 'no_information', 'not_supported', '', '2024-13-01T00:00:00Z', 'yesterday', '0000-01-01T00:00:00Z', '2024-05-01T10:00:00+99:99'),
  fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2030, 0, 1) }).chain((ms) => {
    const iso = new Date(ms).toISOString();
    return fc.constantFrom(iso.replace('.000Z', 'Z').replace(/\.\d{3}Z$/, 'Z'), iso.replace(/\.\d{3}Z$/, '+00:00'), iso.slice(0, 19).replace('T', ' '), iso.slice(0, 10), `${iso.slice(0, 19)}+05:30`);
  }),
);
const boolText = fc.constantFrom('true', 'false', 'TRUE', 'False', 'N/A', 'not_supported', '', 'maybe', ' true ');
const userName = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,20}$/),
  fc.constantFrom('<root_account>', '=cmd|x', 'a"b', 'a,b', 'line\nbreak', 'admin\u202Egnp.exe', '', '  '),
);

/** One report row as column -> text (every column of the 22). */
const reportRow = fc.record({
  user: userName,
  arnKind: fc.constantFrom('user', 'root', 'bad', 'none'),
  bools: fc.array(boolText, { minLength: 6, maxLength: 6 }),
  dates: fc.array(dateText, { minLength: 10, maxLength: 10 }),
  region: fc.constantFrom('N/A', 'us-east-1', 'eu-west-1', ''),
  service: fc.constantFrom('N/A', 's3', 'ec2', ''),
});

const BOOL_COLS = ['password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active', 'cert_1_active', 'cert_2_active'];
const DATE_COLS = ['user_creation_time', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'cert_1_last_rotated', 'cert_2_last_rotated'];

type RowArb = typeof reportRow extends fc.Arbitrary<infer T> ? T : never;

function rowCells(r: RowArb): Record<string, string> {
  const cells: Record<string, string> = { user: r.user };
  cells.arn = r.arnKind === 'user' ? `arn:aws:iam::${ACCOUNT}:user/${r.user.replace(/\s/g, '')}` : r.arnKind === 'root' ? `arn:aws:iam::${ACCOUNT}:root` : r.arnKind === 'bad' ? 'arn:nope' : '';
  BOOL_COLS.forEach((c, i) => (cells[c] = r.bools[i] as string));
  DATE_COLS.forEach((c, i) => (cells[c] = r.dates[i] as string));
  for (const k of [1, 2]) {
    cells[`access_key_${k}_last_used_region`] = r.region;
    cells[`access_key_${k}_last_used_service`] = r.service;
  }
  return cells;
}

const csvQuote = (v: string, always: boolean): string => (always || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A report and how it was written: the number of data rows that are not blank is what must be accounted for. */
export interface GeneratedReport {
  text: string;
  /** Non-blank data rows (each read as a user or skipped with a reason). */
  dataRows: number;
}

/** A credential report, valid or mutated: columns dropped, duplicated, reordered; quotes; CRLF; BOM; junk rows. */
export const mutatedReport: fc.Arbitrary<GeneratedReport> = fc
  .record({
    rows: fc.array(reportRow, { minLength: 0, maxLength: 12 }),
    withRoot: fc.boolean(),
    order: fc.shuffledSubarray([...REPORT_COLUMNS], { minLength: 1, maxLength: REPORT_COLUMNS.length }),
    keepUser: fc.boolean(),
    duplicate: fc.option(fc.constantFrom(...REPORT_COLUMNS), { nil: undefined }),
    extra: fc.option(fc.constantFrom('groups', 'policies', '', 'index'), { nil: undefined }),
    quoteAll: fc.boolean(),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    blankLines: fc.nat({ max: 2 }),
    junkRows: fc.array(fc.constantFrom(',,,', ',x', 'x', '\t', 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x'), { maxLength: 3 }),
  })
  .map((g) => {
    const header = g.keepUser && !g.order.includes('user') ? ['user', ...g.order] : [...g.order];
    if (g.duplicate !== undefined) header.push(g.duplicate);
    if (g.extra !== undefined) header.push(g.extra);
    const rows = g.withRoot ? [{ user: '<root_account>', arnKind: 'root', bools: ['true', 'true', 'false', 'false', 'false', 'false'], dates: Array(10).fill('N/A'), region: 'N/A', service: 'N/A' } as RowArb, ...g.rows] : g.rows;
    const nl = g.crlf ? '\r\n' : '\n';
    const lines = [header.map((h) => csvQuote(h, g.quoteAll)).join(',')];
    let written = 0;
    for (const r of rows) {
      const cells = rowCells(r);
      const values = header.map((h) => cells[h] ?? '');
      lines.push(values.map((v) => csvQuote(v, g.quoteAll)).join(','));
      // A row whose every cell is blank is read as a blank line.
      if (values.some((v) => v.trim() !== '')) written++;
    }
    for (let i = 0; i < g.blankLines; i++) lines.push('');
    for (const j of g.junkRows) lines.push(j);
    const text = `${g.bom ? '\uFEFF' : ''}${lines.join(nl)}${nl}`;
    // A row whose every cell is blank (`,,,`) is a blank line; any other row is read or skipped.
    return { text, dataRows: written + g.junkRows.filter((j) => j.split(',').some((c) => c.trim() !== '')).length };
  });

// ---- CloudTrail --------------------------------------------------------------------------------

const eventTime = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) }).map((ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')),
  fc.constantFrom('2024-05-01T10:00:00+02:00', '2024-05-01 10:00:00.000', 'yesterday', '', '1e300', '0000-01-01T00:00:00Z'),
  fc.constant(undefined),
  fc.integer().map((n) => n as unknown as string),
);
const identity = fc.oneof(
  fc.record({
    type: fc.constantFrom('Root', 'IAMUser', 'AssumedRole', 'AWSService', 'root', 'Ro\u006Ft'),
    accountId: fc.constantFrom(ACCOUNT, '666677778888', 'x'),
    accessKeyId: fc.constantFrom('AKIAEXAMPLE', 'ASIAEXAMPLE', ''),
    invokedBy: fc.option(fc.constantFrom('signin.amazonaws.com', 'config.amazonaws.com', 'AWS Internal'), { nil: undefined }),
  }),
  fc.constantFrom(null, 'Root', ['Root'], 7),
);

/** One CloudTrail record, or something in its place (a string, a number, null, an array). */
export const cloudTrailRecord: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.record(
    {
      eventVersion: fc.constant('1.08'),
      eventTime,
      eventName: fc.constantFrom('ConsoleLogin', 'GetUser', 'CreateAccessKey', 'AssumeRoot', 'PasswordUpdated', ''),
      eventSource: fc.constantFrom('signin.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com'),
      eventType: fc.constantFrom('AwsConsoleSignIn', 'AwsApiCall', 'AwsServiceEvent'),
      eventID: fc.oneof(fc.uuid(), fc.constant(null), fc.integer()),
      recipientAccountId: fc.constantFrom(ACCOUNT, '666677778888', '', 'none'),
      userIdentity: identity,
      userAgent: fc.string({ unit: 'binary', maxLength: 20 }),
      responseElements: fc.option(fc.constantFrom({ ConsoleLogin: 'Success' }, { ConsoleLogin: 'Failure' }, null, 'x'), { nil: undefined }),
      additionalEventData: fc.option(fc.constantFrom({ MFAUsed: 'Yes' }, { MFAUsed: 'No' }, 'no'), { nil: undefined }),
    },
    { requiredKeys: ['eventVersion'] },
  ) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/**
 * JSON text with some letters of `Root` written as `\u` escapes (JSON-equal, byte-different): the
 * text a pre-filter must not misread.
 */
export function escapeRoot(json: string, which: number): string {
  if (which % 3 === 0) return json;
  return json.replace(/"Root"/g, which % 3 === 1 ? '"Ro\\u006ft"' : '"\\u0052oot"');
}

export type Envelope = 's3' | 'lookup' | 'lake' | 'eventbridge' | 'cloudwatch' | 'jsonl' | 'concatenated' | 'array' | 'bare';

/** A CloudTrail envelope around `records`; `items` is how many record places it holds (what must be accounted for). */
export function envelope(kind: Envelope, records: unknown[], which: number): { text: string; items: number } {
  const str = (v: unknown) => escapeRoot(JSON.stringify(v) ?? 'null', which);
  switch (kind) {
    case 's3':
      return { text: `{"Records":[${records.map(str).join(',')}]}`, items: records.length };
    case 'lookup':
      return {
        text: JSON.stringify({ Events: records.map((r, i) => ({ EventId: `e${i}`, EventName: 'ConsoleLogin', EventTime: 1714557600 + i, Username: 'root', CloudTrailEvent: str(r) })) }),
        items: records.length,
      };
    case 'lake':
      return {
        text: JSON.stringify({
          QueryStatus: 'FINISHED',
          QueryResultRows: records.map((r) => {
            const o = (r && typeof r === 'object' && !Array.isArray(r) ? r : {}) as Record<string, unknown>;
            return Object.entries(o).map(([k, v]) => ({ [k.toLowerCase()]: typeof v === 'string' || v === null ? v : JSON.stringify(v) }));
          }),
        }),
        items: records.length,
      };
    case 'eventbridge':
      return { text: records.map((r) => JSON.stringify({ version: '0', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', account: ACCOUNT, detail: r })).join('\n'), items: records.length };
    case 'cloudwatch':
      return { text: JSON.stringify({ messageType: 'DATA_MESSAGE', owner: ACCOUNT, logGroup: 'g', logStream: 's', logEvents: records.map((r, i) => ({ id: String(i), timestamp: 1714557600000, message: str(r) })) }), items: records.length };
    case 'jsonl':
      return { text: records.map(str).join('\n'), items: records.length };
    case 'concatenated':
      return { text: records.map(str).join(''), items: records.length };
    case 'array':
      return { text: `[${records.map(str).join(',')}]`, items: records.length };
    case 'bare':
      return { text: str(records[0] ?? {}), items: 1 };
  }
}

export const ENVELOPES: readonly Envelope[] = ['s3', 'lookup', 'lake', 'eventbridge', 'cloudwatch', 'jsonl', 'concatenated', 'array', 'bare'];

// ---- reader signatures ---------------------------------------------------------------------------

/**
 * The opening each reader of the input table is recognised by, for arbitrary bytes to follow: the
 * reader is picked (or nearly) and then meets garbage.
 */
export const READER_SIGNATURES: readonly string[] = [
  `${REPORT_COLUMNS.join(',')}\n`,
  'credaudit_row,kind,account_id\n',
  '{"QueryResultRows":[[{"eventtime":',
  '{"Events":[{"CloudTrailEvent":"',
  '{"version":"0","detail-type":"AWS API Call via CloudTrail","detail":',
  '{"awslogs":{"data":"',
  '{"messageType":"DATA_MESSAGE","logEvents":[{"message":"',
  '{"Records":[{"eventTime":"2024-05-01T00:00:00Z","userIdentity":{"type":"Root"',
  '{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","eventName":"GetUser",',
  '{"digestStartTime":"2024-05-01T00:00:00Z","logFiles":[',
  'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address\n',
  'User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category\n',
  'eventversion,useridentity,eventtime,eventsource,eventname\n"1.08","{type=Root, x=',
  'H4sI',
  'eyJSZWNvcmRzIjpb',
  '{"Content":"',
  '{"Error":{"Code":"ReportNotPresent"',
  '{"State":"STARTED"',
  '{"VirtualMFADevices":[',
  '{"SummaryMap":{"AccountMFAEnabled":',
  '{"metricFilters":[',
  '{"MetricAlarms":[',
  '{"Accounts":[',
  '{"OrganizationId":"o-1","EnabledFeatures":[',
  '{"tool":{"name":"credaudit"',
  '{"exceptions":[',
];

/** Arbitrary JSON in the place of each evidence file's contents (the reader must not throw, and say what it could not use). */
export const evidenceShapes: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ VirtualMFADevices: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ SummaryMap: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ metricFilters: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ MetricAlarms: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ Accounts: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ OrganizationId: 'o-1', EnabledFeatures: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ Content: v, GeneratedTime: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ Error: { Code: v } })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ tool: { name: 'credaudit' }, findings: v, asOf: v })),
);
