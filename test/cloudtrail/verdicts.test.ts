// Issue 10 items 1–8 and issue 11 items 7, 10, 11, 15: verdicts on inputs shaped like the real files
// (a 16-column console CSV, S3 log files, lookup-events output, credential reports), written here.
// Each test runs the whole audit (read, merge, evaluate) and checks the exact outcome.
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { evidenceText } from '../../src/core/evidence/common';
import { exportFormat } from '../../src/core/evidence/registry';
import type { AuditInput, AuditOptions, AuditResult, Finding } from '../../src/core/types';
import { findingOf, memInput } from '../ingest/helpers';

const ACCOUNT = '123456789012';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** Canonical CloudTrail time text (no milliseconds). */
const ctTime = (ms: number) => `${iso(ms).slice(0, 19)}Z`;

// ---- console "Download events" CSV, 16 columns (CRLF) --------------------------------------------

const CSV_HEADER =
  'User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category';

interface CsvRow {
  user: string;
  time: number;
  name: string;
  source?: string;
  key?: string;
  resources?: string;
  id: string;
  type?: string;
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function consoleCsv(rows: CsvRow[]): string {
  const lines = rows.map((r) =>
    [r.user, r.key ?? '', ctTime(r.time), r.source ?? 'iam.amazonaws.com', r.name, 'us-east-1', '198.51.100.20', 'console.amazonaws.com', '', r.resources ?? '', `req-${r.id}`, r.id, 'false', r.type ?? 'AwsApiCall', ACCOUNT, 'Management']
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_HEADER, ...lines].join('\r\n')}\r\n`;
}

/** IAM user activity (not root) every 6 hours from `from` to `to`, both included. */
function csvBackground(from: number, to: number, prefix = 'bg'): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = 0;
  for (let t = from; t <= to; t += 6 * HOUR) rows.push({ user: 'alice', time: t, name: 'ListUsers', id: `${prefix}-${i++}`, type: 'AwsApiCall' });
  return rows;
}

// ---- CloudTrail JSON records (S3 log file shape) ------------------------------------------------

type Json = Record<string, unknown>;

function userRecord(time: number, id: string, over: Json = {}): Json {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEALICE0001', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, accessKeyId: 'ASIAEXAMPLEALICE0001', userName: 'alice' },
    eventTime: ctTime(time),
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.30',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${id}`,
    eventID: id,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...over,
  };
}

function rootIdentity(over: Json = {}): Json {
  return { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: 'ASIAEXAMPLEROOT00001', ...over };
}

function rootSignIn(time: number, id: string, mfa: 'Yes' | 'No'): Json {
  return userRecord(time, id, {
    userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa },
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
  });
}

function rootCall(time: number, id: string, over: Json = {}): Json {
  return userRecord(time, id, { userIdentity: rootIdentity(), ...over });
}

/** Non-root events every 6 hours from `from` to `to` (both included). */
function background(from: number, to: number, prefix = 'bg'): Json[] {
  const out: Json[] = [];
  let i = 0;
  for (let t = from; t <= to; t += 6 * HOUR) out.push(userRecord(t, `${prefix}-${i++}`));
  return out;
}

const s3File = (records: Json[]): string => JSON.stringify({ Records: [...records].sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime))) });

// ---- credential report --------------------------------------------------------------------------

const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

function reportCsv(root: { passwordLastUsed?: string; key1Active?: boolean; key1LastUsed?: string; mfa?: boolean } = {}): string {
  const r = [
    '<root_account>',
    `arn:aws:iam::${ACCOUNT}:root`,
    '2019-01-01T00:00:00+00:00',
    'not_supported',
    root.passwordLastUsed ?? 'no_information',
    'not_supported',
    'not_supported',
    root.mfa === false ? 'false' : 'true',
    root.key1Active ? 'true' : 'false',
    root.key1Active ? '2019-06-01T00:00:00+00:00' : 'N/A',
    root.key1LastUsed ?? 'N/A',
    root.key1LastUsed ? 'us-east-1' : 'N/A',
    root.key1LastUsed ? 's3' : 'N/A',
    'false',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  return `${REPORT_HEADER}\n${r.join(',')}\n`;
}

const reportJson = (csv: string, generatedTime: unknown): string => JSON.stringify({ Content: Buffer.from(csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: generatedTime });

// ---- running --------------------------------------------------------------------------------------

const run = (inputs: AuditInput[], options: Partial<AuditOptions> & { now: number }): Promise<AuditResult> => audit(inputs, { windows: [30, 90], ...options });
const ctFindings = (r: AuditResult): Finding[] => r.findings.filter((f) => f.ruleId.startsWith('CT-'));
const statusOf = (r: AuditResult, ruleId: string, window?: number): string => findingOf(r, ruleId, ACCOUNT, window === undefined ? {} : { window }).status;

const END = Date.parse('2024-06-01T00:00:00Z');

describe('issue 10.1: CreateAccessKey for an IAM user is not a root key', () => {
  const key = (resources: string): CsvRow => ({ user: 'root', time: END - 5 * DAY, name: 'CreateAccessKey', resources, id: 'root-create-key', key: 'ASIAEXAMPLEROOT00001' });

  it('a console CSV whose Resources name IAM user Admin: no FAIL, the user key is said', async () => {
    const resources = JSON.stringify([
      { resourceType: 'AWS::IAM::AccessKey', resourceName: 'AKIAEXAMPLEADMIN0001' },
      { resourceType: 'AWS::IAM::User', resourceName: 'Admin' },
    ]);
    const csv = consoleCsv([...csvBackground(END - 100 * DAY, END), key(resources)]);
    const r = await run([memInput('event_history.csv', csv)], { now: END + HOUR });
    const f = findingOf(r, 'CT-ROOT-ACCESS-KEY-CREATED', ACCOUNT);
    expect(f.status).toBe('PASS');
    expect(f.message).toContain('Root also created 1 access key for IAM users (Admin ×1)');
  });

  it('a console CSV that shows no target: NEEDS_EVIDENCE ("does not show for whom"), never FAIL', async () => {
    const csv = consoleCsv([...csvBackground(END - 100 * DAY, END), key('')]);
    const r = await run([memInput('event_history.csv', csv)], { now: END + HOUR });
    const f = findingOf(r, 'CT-ROOT-ACCESS-KEY-CREATED', ACCOUNT);
    expect(f.status).toBe('NEEDS_EVIDENCE');
    expect(f.message).toContain('this export does not show for whom: event_history.csv carries no request parameters and names no IAM user in Resources');
  });

  it('JSON requestParameters.userName "AWS ROOT USER" is root: FAIL', async () => {
    const create = rootCall(END - 5 * DAY, 'create-1', { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', requestParameters: { userName: 'AWS ROOT USER' }, readOnly: false });
    const r = await run([memInput('trail.json', s3File([...background(END - 100 * DAY, END), create]))], { now: END + HOUR });
    expect(statusOf(r, 'CT-ROOT-ACCESS-KEY-CREATED')).toBe('FAIL');
  });
});

describe('issue 10.2: as-of for CloudTrail only is the end of the loaded CloudTrail; a CSV report takes the date in its name', () => {
  it('old logs with root sign-ins without MFA fail, measured from their own end', async () => {
    const end = Date.parse('2019-03-01T00:00:00Z');
    const signIns = [rootSignIn(end - 20 * DAY, 's1', 'No'), rootSignIn(end - 10 * DAY, 's2', 'No'), rootSignIn(end - 2 * DAY, 's3', 'No')];
    const r = await run([memInput('trail.json', s3File([...background(end - 100 * DAY, end), ...signIns]))], { now: Date.parse('2026-01-01T00:00:00Z') });
    expect(r.asOf).toEqual({ time: iso(end), source: 'cloudtrail-end' });
    expect(r.accounts[0]?.asOf).toEqual({ time: iso(end), source: 'cloudtrail-end' });
    expect(statusOf(r, 'CT-ROOT-SIGN-IN-WITHOUT-MFA')).toBe('FAIL');
    expect(statusOf(r, 'CT-ROOT-SIGN-IN')).toBe('FAIL');
    expect(r.summary.byStatus.FAIL).toBeGreaterThanOrEqual(3);
    const text = await (exportFormat('text')?.render(r) ?? '');
    expect(text).toContain(`As of ${iso(end)} (end of the loaded CloudTrail (its latest event); no credential report for this account)`);
  });

  it('a CSV report: the date-time in its file name, else the file date (flagged with a problem)', async () => {
    const fileDate = Date.parse('2025-01-10T08:00:00Z');
    const named = await run([memInput('status_reports_2024-04-14T17_15_36+00_00.csv', reportCsv(), fileDate)], { now: Date.parse('2025-02-01T00:00:00Z') });
    expect(named.asOf).toEqual({ time: '2024-04-14T17:15:36.000Z', source: 'file-name' });
    const plain = await run([memInput('credential-report.csv', reportCsv(), fileDate)], { now: Date.parse('2025-02-01T00:00:00Z') });
    expect(plain.asOf).toEqual({ time: iso(fileDate), source: 'file-date' });
    expect(plain.problems.map((p) => p.message)).toContain(
      `As-of for account ${ACCOUNT} is ${iso(fileDate)}, from the file's date: the report carries no generation time and its name no date-time. Pin it (--as-of, or the as-of field) if the file was copied or edited since it was downloaded.`,
    );
  });
});

describe('issue 10.3: absence needs coverage, for every CT rule', () => {
  it('85 seconds of logs: no CT rule passes; the sign-in rule says how little was covered', async () => {
    const t = Date.parse('2024-05-20T10:00:00Z');
    const r = await run([memInput('short.json', s3File([userRecord(t, 'a'), userRecord(t + 85_000, 'b')]))], { now: t + 2 * HOUR });
    expect(ctFindings(r).filter((f) => f.status === 'PASS' || f.status === 'NOT_APPLICABLE')).toEqual([]);
    const f = findingOf(r, 'CT-ROOT-SIGN-IN', ACCOUNT);
    expect(f.status).toBe('NEEDS_EVIDENCE');
    expect(f.message).toMatch(
      new RegExp(`^No successful root console sign-in in the 1 min covered, look-back is 90 days \\(${iso(t + 85_000 - 90 * DAY)} to ${iso(t + 85_000)}\\); load logs for ${iso(t + 85_000 - 90 * DAY)} to ${iso(t)}: `),
    );
  });
});

describe('issue 10.4: one instant of coverage overlaps a look-back that contains it', () => {
  it('CT-ROOT-TASK-SESSION does not claim the logs hold no events in the period CT-ROOT-ACTIVITY counts an event in', async () => {
    const t = Date.parse('2024-05-20T10:00:00Z');
    const r = await run([memInput('one.json', s3File([rootCall(t, 'only')]))], { now: t + HOUR, asOf: t + 30 * 60_000 });
    expect(statusOf(r, 'CT-ROOT-ACTIVITY', 30)).toBe('FAIL');
    const f = findingOf(r, 'CT-ROOT-TASK-SESSION', ACCOUNT);
    expect(f.status).toBe('NEEDS_EVIDENCE');
    expect(f.message).not.toContain('holds no events in that period');
    expect(f.message).toMatch(/^No privileged root task session \(sts:AssumeRoot\) in the 0 min covered, look-back is 90 days/);
  });
});

describe('issue 10.5: a history note counts only events the rule matches', () => {
  it('13 old root API calls and 2 old sign-ins: the sign-in rule counts 2', async () => {
    const old = END - 120 * DAY;
    const olderRoot = Array.from({ length: 13 }, (_, i) => rootCall(old + i * HOUR, `old-${i}`));
    const olderSignIns = [rootSignIn(old - DAY, 'old-s1', 'Yes'), rootSignIn(old - 2 * DAY, 'old-s2', 'Yes')];
    const r = await run([memInput('trail.json', s3File([...background(END - 200 * DAY, END), ...olderRoot, ...olderSignIns]))], { now: END + HOUR });
    const f = findingOf(r, 'CT-ROOT-SIGN-IN', ACCOUNT);
    expect(f.status).toBe('PASS');
    expect(f.message).toContain(` 2 older matching events (latest ${iso(old - DAY)}) lie before the 90-day look-back: history, not a failure.`);
    expect(findingOf(r, 'CT-ROOT-LONG-TERM-KEY-USED', ACCOUNT).message).not.toContain('older matching');
  });
});

describe('issue 10.6: XSRC-ROOT-LAST-USE needs evidence when CloudTrail can neither confirm nor contradict', () => {
  it('password last used before the loaded CloudTrail: NEEDS_EVIDENCE, not PASS', async () => {
    const report = reportJson(reportCsv({ passwordLastUsed: '2024-01-10T09:00:00+00:00' }), iso(END));
    const r = await run([memInput('report.json', report), memInput('trail.json', s3File(background(END - 30 * DAY, END)))], { now: END + HOUR });
    const f = findingOf(r, 'XSRC-ROOT-LAST-USE', ACCOUNT);
    expect(f.status).toBe('NEEDS_EVIDENCE');
    expect(f.message).toContain("the report's password_last_used 2024-01-10T09:00:00+00:00 lies outside the loaded CloudTrail");
  });
});

describe('issue 10.7: timestamps after as-of are "N days after as-of", never negative ages', () => {
  it('as-of pinned before the report: the verdict and the evidence say days after as-of, and a problem says as-of is early', async () => {
    const report = reportJson(reportCsv({ key1Active: true, key1LastUsed: '2024-02-20T00:00:00+00:00', mfa: false }), '2024-03-01T00:00:00Z');
    const asOf = Date.parse('2024-01-24T00:00:00Z');
    const r = await run([memInput('report.json', report)], { now: Date.parse('2024-03-02T00:00:00Z'), asOf });
    expect(r.accounts[0]?.verdict).toMatch(/^Root access key active and used 27 days after as-of — critical/);
    expect(JSON.stringify(r.accounts)).not.toMatch(/-\d+ days? ago/);
    expect(r.problems.map((p) => p.message)).toContain(
      `As-of for account ${ACCOUNT} (2024-01-24T00:00:00.000Z) is earlier than the report's generation time (2024-03-01T00:00:00.000Z): report dates after as-of are shown as days after as-of and count as within every window.`,
    );
    const cell = findingOf(r, 'ROOT-RECENT-USE', ACCOUNT, { window: 30 }).evidence.find((e) => e.field === 'access_key_1_last_used_date');
    expect(cell?.ageDays).toBe(-27);
    expect(cell && evidenceText(cell)).toBe('access_key_1_last_used_date=2024-02-20T00:00:00+00:00 (27 days after as-of) [report.json, line 2] — latest root use; later than as-of');
  });
});

describe('issue 10.8: events of any identity are counted once; the note names the files merged', () => {
  it('two overlapping console CSVs: 47 unique events of 82 loaded', async () => {
    const all = csvBackground(END - 46 * 6 * HOUR, END, 'ev');
    expect(all).toHaveLength(47);
    const a = consoleCsv(all);
    const b = consoleCsv(all.slice(12));
    const r = await run([memInput('history-a.csv', a), memInput('history-b.csv', b)], { now: END + HOUR });
    expect(r.accounts[0]?.cloudtrail?.events).toBe(47);
    const cov = findingOf(r, 'CT-ROOT-SIGN-IN', ACCOUNT).evidence.find((e) => e.field === 'coverage');
    expect(cov?.note).toBe('47 events of any identity (35 duplicate copies counted once) on 13 UTC days; 0 root events');
    expect(r.problems.filter((p) => /duplicate|loaded twice/.test(p.message)).map((p) => [p.input, p.message])).toEqual([
      [
        '(CloudTrail)',
        '35 duplicate copies of events across history-a.csv and history-b.csv (same eventID, time and name) are counted once each. Multi-region and organization trails deliver copies, one event can arrive in two envelopes, and Event history downloads overlap.',
      ],
    ]);
  });
});

describe('issue 11.7: the root pre-filter is exact under JSON escapes', () => {
  it('"type":"Ro\\u006ft" is Root: the same four FAILs as plain text', async () => {
    const events = [
      rootSignIn(END - 3 * DAY, 'e-sign-in', 'No'),
      rootCall(END - 2 * DAY, 'e-create', { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', readOnly: false }),
      rootCall(END - DAY, 'e-akia', { userIdentity: rootIdentity({ accessKeyId: 'AKIAEXAMPLEROOTKEY01' }) }),
    ];
    const plain = s3File([...background(END - 100 * DAY, END), ...events]);
    const escaped = plain.replace(/"type":"Root"/g, '"type":"Ro\\u006ft"');
    expect(escaped).not.toContain('Root');
    const fails = (r: AuditResult) => r.findings.filter((f) => f.status === 'FAIL' && !f.window).map((f) => f.ruleId).sort();
    const a = await run([memInput('plain.json', plain)], { now: END + HOUR });
    const b = await run([memInput('escaped.json', escaped)], { now: END + HOUR });
    expect(fails(b)).toEqual(['CT-ROOT-ACCESS-KEY-CREATED', 'CT-ROOT-LONG-TERM-KEY-USED', 'CT-ROOT-SIGN-IN', 'CT-ROOT-SIGN-IN-WITHOUT-MFA']);
    expect(fails(b)).toEqual(fails(a));
    expect(b.details.rootEvents.map((e) => e.eventId)).toEqual(a.details.rootEvents.map((e) => e.eventId));
  });
});

describe('issue 11.10: coverage holes and impossible times', () => {
  it('two strays dated 1970 and 2099 cover nothing: every CT rule needs evidence, and the strays are problems', async () => {
    const strays = [userRecord(0, 'stray-1970'), userRecord(Date.parse('2099-01-01T00:00:00Z'), 'stray-2099')];
    const r = await run([memInput('strays.json', s3File(strays))], { now: END });
    expect(ctFindings(r).map((f) => f.status).filter((s) => s !== 'NEEDS_EVIDENCE')).toEqual([]);
    const messages = r.problems.map((p) => p.message);
    expect(messages).toContain('1 event is dated before November 2013, when CloudTrail began (the first: record 1 at 1970-01-01T00:00:00.000Z): its time is not real, so it does not count as coverage.');
    expect(messages).toContain(
      `strays.json: 1 event record of account ${ACCOUNT} is dated after the evaluation clock (${iso(END)}), at 2099-01-01T00:00:00.000Z: such times are not real, so they do not count as coverage.`,
    );
  });

  it('a trail folder with a month missing does not pass as covered: the finding names the hole', async () => {
    const files: AuditInput[] = [];
    for (let day = 120; day >= 0; day--) {
      if (day <= 60 && day > 30) continue; // a month of files not loaded
      const from = END - day * DAY;
      files.push(memInput(`AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/${iso(from).slice(0, 10).replace(/-/g, '/')}/log.json`, s3File(background(from, from + 18 * HOUR, `d${day}`))));
    }
    const r = await run(files, { now: END + DAY });
    const f = findingOf(r, 'CT-ROOT-SIGN-IN', ACCOUNT);
    expect(f.status).toBe('NEEDS_EVIDENCE');
    const holeStart = END - 61 * DAY + 18 * HOUR;
    const holeEnd = END - 30 * DAY;
    expect(f.message).toContain(`they have no event at all from ${iso(holeStart)} to ${iso(holeEnd)}`);
    expect(statusOf(r, 'CT-ROOT-ACTIVITY', 30)).toBe('PASS');
    expect(statusOf(r, 'CT-ROOT-ACTIVITY', 90)).toBe('NEEDS_EVIDENCE');
  });
});

describe('issue 11.11: a malformed userIdentity is a problem, not silently non-root', () => {
  it('null, string and array identities are named (10 per file, the rest counted); the events still count as coverage', async () => {
    const bad = [
      userRecord(END - 3 * HOUR, 'null-id', { userIdentity: null }),
      userRecord(END - 2 * HOUR, 'string-id', { userIdentity: 'Root' }),
      userRecord(END - HOUR, 'array-id', { userIdentity: [{ type: 'Root' }] }),
      ...Array.from({ length: 12 }, (_, i) => userRecord(END - 10 * HOUR - i * 60_000, `more-null-${i}`, { userIdentity: null })),
    ];
    const r = await run([memInput('odd.json', s3File([...background(END - 100 * DAY, END), ...bad]))], { now: END + HOUR });
    const doubts = r.problems.filter((p) => p.input === 'odd.json' && /userIdentity/.test(p.message)).map((p) => p.message.replace(/^record \d+: /, ''));
    expect(doubts.filter((m) => m.startsWith('the record has a userIdentity that is null'))).toHaveLength(10);
    expect(doubts).toContain('the record has a userIdentity that is a string, not an object, so whether root made it cannot be told (it counts as coverage, not as root activity).');
    expect(doubts).toContain('the record has a userIdentity that is an array, so whether root made it cannot be told (it counts as coverage, not as root activity).');
    expect(doubts).toContain(
      '3 more records with the same doubt (the record has a userIdentity that is null, so whether root made it cannot be told (it counts as coverage, not as root activity)); 13 in all.',
    );
    expect(r.inputs[0]?.records).toBe(background(END - 100 * DAY, END).length + 15);
  });
});

describe('issue 11.15: out-of-range times are problems for one record, never the end of a file', () => {
  it('a lookup-events EventTime of 1e300: that record is named, the rest are read', async () => {
    const rec = (t: number, id: string, over: Json = {}) => ({ EventId: id, EventName: 'ListBuckets', EventTime: t / 1000, Username: 'alice', CloudTrailEvent: JSON.stringify(userRecord(t, id, over)), ...{} });
    const broken = { EventId: 'broken', EventName: 'ListBuckets', EventTime: 1e300, Username: 'alice', CloudTrailEvent: JSON.stringify({ ...userRecord(END, 'broken'), eventTime: undefined }) };
    const items = [broken, ...Array.from({ length: 5 }, (_, i) => rec(END - i * HOUR, `ok-${i}`)), rec(END - 2 * DAY, 'root-1', { userIdentity: rootIdentity() })];
    const r = await run([memInput('lookup.json', JSON.stringify({ Events: items }))], { now: END + HOUR });
    expect(r.inputs[0]).toMatchObject({ kind: 'cloudtrail', records: 6, skipped: 1 });
    expect(r.problems.filter((p) => p.input === 'lookup.json').map((p) => p.message)).toEqual([
      "record 1: its lookup-events EventTime is not a readable time (the record's own eventTime is used when it has one).",
      'record 1 skipped: no eventTime.',
    ]);
    expect(r.details.rootEvents.map((e) => e.eventId)).toEqual(['root-1']);
  });

  it('a GeneratedTime of 1e300 does not drop the report: a problem, and as-of falls back', async () => {
    const report = reportJson(reportCsv({ key1Active: true, key1LastUsed: '2024-05-01T00:00:00+00:00' }), 1e300);
    const r = await run([memInput('status_reports_2024-05-20T10_00_00.json', report, Date.parse('2024-05-25T00:00:00Z'))], { now: END });
    expect(r.inputs[0]).toMatchObject({ kind: 'credential-report', records: 1 });
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', ACCOUNT).status).toBe('FAIL');
    expect(r.problems.map((p) => p.message)).toContain('GeneratedTime is missing or unreadable; as-of falls back to a date-time in the file name, else the file date, else the evaluation clock.');
    expect(r.asOf).toEqual({ time: '2024-05-20T10:00:00.000Z', source: 'file-name' });
  });
});
