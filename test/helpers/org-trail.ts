// An organization-trail folder on disk for the folder tests (CLI and page): a few hundred
// AWSLogs/o-xxxx/ACCT/CloudTrail/REGION/YYYY/MM/DD/*.json.gz files of synthetic background traffic
// from scripts/gen-trail.ts (no root identity at all: --root-pct 0), plus a handful of hand-made
// root records whose outcome is known exactly, one CloudTrail-Digest file (must be skipped with a
// note), and a get-credential-report JSON for the same account (so XSRC-ROOT-LAST-USE can run).
//
// Known root records (account 111122223333, as-of 2024-03-01T00:30:00Z, windows 1 / 30 / 90):
//   LONG_TERM_KEY   2024-01-15 ListBuckets with the long-term key AKIAIOSFODNN7EXAMPLE (46 days old)
//   SIGN_IN_MFA     2024-02-10 ConsoleLogin Success, MFAUsed Yes
//   SIGN_IN_NO_MFA  2024-02-20 ConsoleLogin Success, MFAUsed No      — delivered in TWO files
//   CREATE_KEY      2024-02-20 CreateAccessKey by root for root (no userName)
//   SERVICE         2024-02-29 RunInstances invoked by autoscaling.amazonaws.com: service noise, inside
//                   the 1-day window, so counting it would turn that window's PASS into a FAIL.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generate, parseArgs, serialize, type GenRecord } from '../../scripts/gen-trail';
import { reportCsv, root, user } from './report';

export const ORG = 'o-exampleorg1';
/** What gen-trail names its first (and, with --accounts 1, only) account. */
export const ACCOUNT = '111122223333';
export const AS_OF = '2024-03-01T00:30:00Z';
export const AS_OF_MS = Date.parse(AS_OF);
export const WINDOWS = [1, 30, 90];
/** Background traffic starts here and runs for DAYS days. */
export const START = '2024-01-01T00:00:00Z';
export const DAYS = 60;

export interface KnownEvent {
  key: 'LONG_TERM_KEY' | 'SIGN_IN_MFA' | 'SIGN_IN_NO_MFA' | 'CREATE_KEY' | 'SERVICE';
  eventId: string;
  time: string;
  eventName: string;
  sourceIp: string;
  region: string;
  accessKeyId?: string;
  /** Counted as root activity (false for the service-invoked one). */
  counted: boolean;
  json: Record<string, unknown>;
}

const rootIdentity = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Root',
  principalId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  accountId: ACCOUNT,
  ...extra,
});

const common = (eventId: string, region: string, source: string): Record<string, unknown> => ({
  requestID: eventId.replace(/^c0ffee00/, 'feed0000'),
  eventID: eventId,
  readOnly: false,
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${source.split('.')[0]}.${region}.amazonaws.com` },
});

const CONSOLE_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

function signIn(eventId: string, time: string, ip: string, mfa: 'Yes' | 'No'): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: rootIdentity(),
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: CONSOLE_AGENT,
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true', MobileVersion: 'No', MFAUsed: mfa },
    eventType: 'AwsConsoleSignIn',
    ...common(eventId, 'us-east-1', 'signin.amazonaws.com'),
  };
}

/** The hand-made root records, oldest first. */
export function knownEvents(): KnownEvent[] {
  const ev: KnownEvent[] = [];
  const add = (e: Omit<KnownEvent, 'json'>, json: Record<string, unknown>) => ev.push({ ...e, json });

  const k1 = { key: 'LONG_TERM_KEY', eventId: 'c0ffee00-0000-4000-a000-000000000001', time: '2024-01-15T12:00:00Z', eventName: 'ListBuckets', sourceIp: '203.0.113.45', region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', counted: true } as const;
  add(k1, {
    eventVersion: '1.09',
    userIdentity: rootIdentity({ accessKeyId: k1.accessKeyId }),
    eventTime: k1.time,
    eventSource: 's3.amazonaws.com',
    eventName: k1.eventName,
    awsRegion: k1.region,
    sourceIPAddress: k1.sourceIp,
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/s3api.list-buckets',
    requestParameters: { Host: 's3.amazonaws.com' },
    responseElements: null,
    eventType: 'AwsApiCall',
    ...common(k1.eventId, k1.region, 's3.amazonaws.com'),
  });

  const k2 = { key: 'SIGN_IN_MFA', eventId: 'c0ffee00-0000-4000-a000-000000000002', time: '2024-02-10T08:00:00Z', eventName: 'ConsoleLogin', sourceIp: '198.51.100.20', region: 'us-east-1', counted: true } as const;
  add(k2, signIn(k2.eventId, k2.time, k2.sourceIp, 'Yes'));

  const k3 = { key: 'SIGN_IN_NO_MFA', eventId: 'c0ffee00-0000-4000-a000-000000000003', time: '2024-02-20T09:15:00Z', eventName: 'ConsoleLogin', sourceIp: '203.0.113.10', region: 'us-east-1', counted: true } as const;
  add(k3, signIn(k3.eventId, k3.time, k3.sourceIp, 'No'));

  const k4 = { key: 'CREATE_KEY', eventId: 'c0ffee00-0000-4000-a000-000000000004', time: '2024-02-20T09:20:00Z', eventName: 'CreateAccessKey', sourceIp: '203.0.113.10', region: 'us-east-1', accessKeyId: 'ASIAROOTCONSOLE00001', counted: true } as const;
  add(k4, {
    eventVersion: '1.09',
    userIdentity: rootIdentity({
      accessKeyId: k4.accessKeyId,
      sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: '2024-02-20T09:15:00Z', mfaAuthenticated: 'false' } },
    }),
    eventTime: k4.time,
    eventSource: 'iam.amazonaws.com',
    eventName: k4.eventName,
    awsRegion: k4.region,
    sourceIPAddress: k4.sourceIp,
    userAgent: 'AWS Internal',
    requestParameters: null,
    responseElements: { accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: ACCOUNT, createDate: 'Feb 20, 2024 9:20:00 AM' } },
    eventType: 'AwsApiCall',
    ...common(k4.eventId, k4.region, 'iam.amazonaws.com'),
  });

  const k5 = { key: 'SERVICE', eventId: 'c0ffee00-0000-4000-a000-000000000005', time: '2024-02-29T12:00:00Z', eventName: 'RunInstances', sourceIp: 'autoscaling.amazonaws.com', region: 'us-west-2', counted: false } as const;
  add(k5, {
    eventVersion: '1.09',
    userIdentity: rootIdentity({ invokedBy: 'autoscaling.amazonaws.com' }),
    eventTime: k5.time,
    eventSource: 'ec2.amazonaws.com',
    eventName: k5.eventName,
    awsRegion: k5.region,
    sourceIPAddress: k5.sourceIp,
    userAgent: 'autoscaling.amazonaws.com',
    requestParameters: { instanceType: 't3.micro' },
    responseElements: null,
    eventType: 'AwsApiCall',
    ...common(k5.eventId, k5.region, 'ec2.amazonaws.com'),
  });
  return ev;
}

export interface OrgTrail {
  /** The temp folder (pass it to the CLI or the folder input). */
  dir: string;
  /** CloudTrail log files, relative to dir, sorted. */
  logFiles: string[];
  /** The CloudTrail-Digest file, relative to dir. */
  digestFile: string;
  /** The credential report, relative to dir. */
  reportFile: string;
  /** Every file written (log files + digest + report). */
  fileCount: number;
  /** Records written across the log files, copies included. */
  recordsWritten: number;
  /** Distinct events for the account: records written minus the one duplicate copy. */
  distinctEvents: number;
  /** Earliest and latest eventTime written (ISO with milliseconds, as the result prints them). */
  coverageStart: string;
  coverageEnd: string;
  gzipBytes: number;
  jsonBytes: number;
  known: KnownEvent[];
  /** The log files (relative) that hold the SIGN_IN_NO_MFA copies, and the one holding SERVICE. */
  duplicateIn: string[];
  serviceIn: string;
  cleanup: () => void;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Writes the folder. `records` background events (all non-root) over DAYS days from START, split
 * by region into files of `records / files` records, plus the known events placed by time.
 */
export function writeOrgTrail(opts: { records?: number; files?: number; seed?: number } = {}): OrgTrail {
  const records = opts.records ?? 24_000;
  const files = opts.files ?? 300;
  const o = parseArgs(['--records', String(records), '--root-pct', '0', '--accounts', '1', '--days', String(DAYS), '--seed', String(opts.seed ?? 7), '--start', START, '--files', String(files)]);
  const gen = generate(o);
  if (gen.some((g) => g.root || g.account !== ACCOUNT)) throw new Error('gen-trail did not produce root-free traffic for one account');

  const known = knownEvents();
  const all: GenRecord[] = [...gen];
  const at = (k: KnownEvent, region = k.region): GenRecord => ({ time: Date.parse(k.time), account: ACCOUNT, region, root: true, json: k.json });
  for (const k of known) all.push(at(k));
  // The second copy of the no-MFA sign-in arrives through another region's delivery (another file).
  const dup = known.find((k) => k.key === 'SIGN_IN_NO_MFA') as KnownEvent;
  all.push(at(dup, 'eu-west-1'));
  all.sort((a, b) => a.time - b.time);

  const dir = mkdtempSync(join(tmpdir(), 'credaudit-org-trail-'));
  const groups = new Map<string, GenRecord[]>();
  for (const x of all) {
    const g = groups.get(x.region);
    if (g) g.push(x);
    else groups.set(x.region, [x]);
  }
  const perFile = Math.max(1, Math.ceil(gen.length / files));
  const logFiles: string[] = [];
  const duplicateIn: string[] = [];
  let serviceIn = '';
  let gzipBytes = 0;
  let jsonBytes = 0;
  let seq = 0;
  for (const region of [...groups.keys()].sort()) {
    const list = groups.get(region) as GenRecord[];
    for (let i = 0; i < list.length; i += perFile) {
      const chunk = list.slice(i, i + perFile);
      const t = new Date((chunk[chunk.length - 1] as GenRecord).time + 300_000);
      const y = String(t.getUTCFullYear());
      const mo = pad(t.getUTCMonth() + 1);
      const d = pad(t.getUTCDate());
      const stamp = `${y}${mo}${d}T${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}Z`;
      const rel = join('AWSLogs', ORG, ACCOUNT, 'CloudTrail', region, y, mo, d, `${ACCOUNT}_CloudTrail_${region}_${stamp}_${String(seq++).padStart(16, '0')}.json.gz`);
      const text = serialize(chunk, 's3');
      const gz = gzipSync(text);
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), gz);
      logFiles.push(rel);
      gzipBytes += gz.byteLength;
      jsonBytes += text.length;
      if (chunk.some((c) => c.json === dup.json)) duplicateIn.push(rel);
      if (chunk.some((c) => c.json.eventID === 'c0ffee00-0000-4000-a000-000000000005')) serviceIn = rel;
    }
  }
  logFiles.sort();
  duplicateIn.sort();

  // A digest file: integrity hashes only, no events. Skipped with a note.
  const digestFile = join('AWSLogs', ORG, ACCOUNT, 'CloudTrail-Digest', 'us-east-1', '2024', '02', '29', `${ACCOUNT}_CloudTrail-Digest_us-east-1_${ORG}-trail_us-east-1_20240229T235000Z.json.gz`);
  const digest = {
    awsAccountId: ACCOUNT,
    digestStartTime: '2024-02-29T22:50:00Z',
    digestEndTime: '2024-02-29T23:50:00Z',
    digestS3Bucket: 'aws-cloudtrail-logs-example',
    digestS3Object: digestFile,
    digestPublicKeyFingerprint: '0123456789abcdef0123456789abcdef',
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: '2024-02-29T23:45:00Z',
    oldestEventTime: '2024-02-29T22:40:00Z',
    previousDigestS3Bucket: 'aws-cloudtrail-logs-example',
    previousDigestS3Object: null,
    previousDigestHashValue: null,
    previousDigestHashAlgorithm: null,
    previousDigestSignature: null,
    logFiles: logFiles.slice(0, 3).map((f) => ({ s3Bucket: 'aws-cloudtrail-logs-example', s3Object: f, hashValue: '00'.repeat(32), hashAlgorithm: 'SHA-256', newestEventTime: '2024-02-29T23:45:00Z', oldestEventTime: '2024-02-29T22:40:00Z' })),
  };
  mkdirSync(dirname(join(dir, digestFile)), { recursive: true });
  writeFileSync(join(dir, digestFile), gzipSync(JSON.stringify(digest)));

  // The credential report for the same account, generated at as-of. Its dates agree with the
  // trail: password_last_used is the no-MFA sign-in, the active key's last use the AKIA call.
  const reportFile = 'credential-report.json';
  const arn = (name: string) => (name === 'root' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${name}`);
  const csv = reportCsv([
    root({
      arn: arn('root'),
      password_last_used: '2024-02-20T09:15:00+00:00',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2023-06-01T10:00:00+00:00',
      access_key_1_last_used_date: '2024-01-15T12:00:00+00:00',
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 's3',
    }),
    user('alice', { arn: arn('alice'), password_last_used: '2024-02-28T10:00:00+00:00' }),
  ]);
  writeFileSync(join(dir, reportFile), JSON.stringify({ Content: Buffer.from(csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: AS_OF }));

  const times = all.map((x) => x.time);
  return {
    dir,
    logFiles,
    digestFile,
    reportFile,
    fileCount: logFiles.length + 2,
    recordsWritten: all.length,
    distinctEvents: all.length - 1,
    coverageStart: new Date(Math.min(...times)).toISOString(),
    coverageEnd: new Date(Math.max(...times)).toISOString(),
    gzipBytes,
    jsonBytes,
    known,
    duplicateIn,
    serviceIn,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Root events per UTC day, as the result's rootEventsPerDay should hold them. */
export function expectedPerDay(known: KnownEvent[]): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const k of known) if (k.counted) m.set(k.time.slice(0, 10), (m.get(k.time.slice(0, 10)) ?? 0) + 1);
  return [...m].sort(([a], [b]) => a.localeCompare(b));
}
