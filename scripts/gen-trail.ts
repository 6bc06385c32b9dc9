// Generates a synthetic CloudTrail trail and (optionally) measures how fast credaudit reads it
// compared with plain JSON.parse of the same text, in the same run.
//
//   npx tsx scripts/gen-trail.ts --bench                       # 200k records in memory, measure
//   npx tsx scripts/gen-trail.ts --records 50000 --root-pct 2 --out /tmp/trail.json
//   npx tsx scripts/gen-trail.ts --records 500000 --files 400 --out /tmp/org   # org-trail layout, .json.gz
//   npx tsx scripts/gen-trail.ts --records 500000 --files 400 --out /tmp/org --bench
//
// Options: --records N (200000) --root-pct P (0.5) --accounts K (3) --days D (30) --seed S (1)
//          --start ISO (2024-01-01T00:00:00Z) --dup-pct P (0: share of root events also delivered a
//          second time, as multi-region trails do) --files N (0: one file) --out PATH --bench
//          --shape s3|pretty|lines (s3) --runs K (5)
// Everything is deterministic for a given seed. Account ids, IPs and keys are documentation values.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { detectCloudTrail } from '../src/core/cloudtrail/detect';
import { buildCloudTrailAccounts } from '../src/core/cloudtrail/merge';
import { parseCloudTrail } from '../src/core/cloudtrail/read';
import { decodeBytes } from '../src/core/input/decode';

export interface Options {
  records: number;
  rootPct: number;
  accounts: number;
  days: number;
  seed: number;
  start: number;
  dupPct: number;
  files: number;
  out?: string;
  bench: boolean;
  shape: 's3' | 'pretty' | 'lines';
  runs: number;
}

export function parseArgs(argv: string[]): Options {
  const o: Options = { records: 200_000, rootPct: 0.5, accounts: 3, days: 30, seed: 1, start: Date.parse('2024-01-01T00:00:00Z'), dupPct: 0, files: 0, bench: false, shape: 's3', runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--records': o.records = Number(next()); break;
      case '--root-pct': o.rootPct = Number(next()); break;
      case '--accounts': o.accounts = Number(next()); break;
      case '--days': o.days = Number(next()); break;
      case '--seed': o.seed = Number(next()); break;
      case '--start': o.start = Date.parse(next()); break;
      case '--dup-pct': o.dupPct = Number(next()); break;
      case '--files': o.files = Number(next()); break;
      case '--out': o.out = next(); break;
      case '--bench': o.bench = true; break;
      case '--shape': o.shape = next() as Options['shape']; break;
      case '--runs': o.runs = Number(next()); break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const API = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['s3.amazonaws.com', 'GetBucketAcl'],
  ['sts.amazonaws.com', 'AssumeRole'],
  ['kms.amazonaws.com', 'Decrypt'],
  ['logs.amazonaws.com', 'CreateLogStream'],
  ['iam.amazonaws.com', 'GetRole'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
  ['dynamodb.amazonaws.com', 'DescribeTable'],
] as const;
const AGENTS = [
  'aws-sdk-go-v2/1.30.3 ua/2.1 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.170.0',
  'Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144',
  'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#s3api.list-buckets',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
];

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const hex = (r: () => number, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};
const uuid = (r: () => number): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
const key = (r: () => number, prefix: string): string => prefix + Array.from({ length: 16 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(r() * 32)]).join('');

export interface GenRecord {
  time: number;
  account: string;
  region: string;
  root: boolean;
  json: Record<string, unknown>;
}

/** Generates records in time order. Root share: `rootPct` percent, of several kinds. */
export function generate(o: Options): GenRecord[] {
  const r = rng(o.seed);
  const accounts = Array.from({ length: o.accounts }, (_, i) => String(111122223333 + i * 1_000_000_001).padStart(12, '0').slice(0, 12));
  const span = o.days * 86_400_000;
  const out: GenRecord[] = [];
  for (let i = 0; i < o.records; i++) {
    const time = o.start + Math.floor((i / o.records) * span);
    const account = accounts[Math.floor(r() * accounts.length)] as string;
    const region = REGIONS[Math.floor(r() * REGIONS.length)] as string;
    const isRoot = r() * 100 < o.rootPct;
    const ip = `198.51.100.${Math.floor(r() * 254) + 1}`;
    const base: Record<string, unknown> = { eventVersion: '1.10' };
    let rec: Record<string, unknown>;
    if (isRoot) {
      const kind = r();
      const ui: Record<string, unknown> = { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account };
      if (kind < 0.3) {
        rec = {
          ...base,
          userIdentity: ui,
          eventTime: iso(time),
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          awsRegion: 'us-east-1',
          sourceIPAddress: ip,
          userAgent: AGENTS[3],
          requestParameters: null,
          responseElements: { ConsoleLogin: r() < 0.8 ? 'Success' : 'Failure' },
          additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: r() < 0.5 ? 'Yes' : 'No' },
          eventType: 'AwsConsoleSignIn',
        };
      } else if (kind < 0.4) {
        ui.invokedBy = 'autoscaling.amazonaws.com';
        rec = { ...base, userIdentity: ui, eventTime: iso(time), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: region, sourceIPAddress: 'autoscaling.amazonaws.com', userAgent: 'autoscaling.amazonaws.com', requestParameters: { instanceType: 't3.micro' }, responseElements: null, eventType: 'AwsApiCall' };
      } else if (kind < 0.5) {
        // Centralized root access: the management account's AssumeRoot call, or the task session's event.
        if (r() < 0.5) {
          rec = { ...base, userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/SecurityAdmin/alice`, accountId: account, accessKeyId: key(r, 'ASIA') }, eventTime: iso(time), eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoot', awsRegion: region, sourceIPAddress: ip, userAgent: AGENTS[2], requestParameters: { targetPrincipal: accounts[0], taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials' } }, responseElements: null, eventType: 'AwsApiCall' };
        } else {
          ui.accessKeyId = key(r, 'ASIA');
          ui.sessionContext = { attributes: { creationDate: iso(time - 60_000), mfaAuthenticated: 'false' }, assumedRoot: 'true' };
          rec = { ...base, userIdentity: ui, eventTime: iso(time), eventSource: 'iam.amazonaws.com', eventName: 'DeleteLoginProfile', awsRegion: region, sourceIPAddress: ip, userAgent: AGENTS[2], requestParameters: null, responseElements: null, eventType: 'AwsApiCall' };
        }
      } else {
        ui.accessKeyId = key(r, r() < 0.2 ? 'AKIA' : 'ASIA');
        ui.sessionContext = { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: iso(time - 600_000), mfaAuthenticated: 'true' } };
        rec = { ...base, userIdentity: ui, eventTime: iso(time), eventSource: 'iam.amazonaws.com', eventName: r() < 0.5 ? 'ListUsers' : 'CreateAccessKey', awsRegion: 'us-east-1', sourceIPAddress: ip, userAgent: AGENTS[2], requestParameters: null, responseElements: null, eventType: 'AwsApiCall' };
      }
    } else {
      const [source, name] = API[Math.floor(r() * API.length)] as readonly [string, string];
      const session = `session-${Math.floor(r() * 1000)}`;
      const service = r() < 0.15;
      rec = {
        ...base,
        userIdentity: service
          ? { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' }
          : {
              type: 'AssumedRole',
              principalId: `AROAEXAMPLEROLEID0001:${session}`,
              arn: `arn:aws:sts::${account}:assumed-role/Operator/${session}`,
              accountId: account,
              accessKeyId: key(r, 'ASIA'),
              sessionContext: {
                sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID0001', arn: `arn:aws:iam::${account}:role/Operator`, accountId: account, userName: 'Operator' },
                webIdFederationData: {},
                attributes: { creationDate: iso(time - 1_800_000), mfaAuthenticated: 'false' },
              },
            },
        eventTime: iso(time),
        eventSource: source,
        eventName: name,
        awsRegion: region,
        sourceIPAddress: service ? 'cloudtrail.amazonaws.com' : ip,
        userAgent: service ? 'cloudtrail.amazonaws.com' : AGENTS[Math.floor(r() * 3)],
        requestParameters:
          r() < 0.3
            ? { policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::example-bucket/*"]}]}', roleName: 'Operator' }
            : { instancesSet: { items: [{ instanceId: `i-${hex(r, 17)}` }] }, filterSet: { items: [{ name: 'tag:Name', valueSet: { items: [{ value: `web-${i}` }] } }] } },
        responseElements: r() < 0.2 ? { credentials: { accessKeyId: key(r, 'ASIA'), sessionToken: hex(r, 200), expiration: 'Jan 1, 2024, 1:00:00 AM' } } : null,
        eventType: service ? 'AwsServiceEvent' : 'AwsApiCall',
        readOnly: true,
        resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${account}:role/Operator` }],
      };
    }
    rec.requestID = uuid(r);
    rec.eventID = uuid(r);
    rec.managementEvent = true;
    rec.recipientAccountId = account;
    rec.eventCategory = 'Management';
    rec.tlsDetails = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${String(rec.eventSource).split('.')[0]}.${region}.amazonaws.com` };
    out.push({ time, account, region, root: isRoot, json: rec });
    if (isRoot && r() * 100 < o.dupPct) out.push({ time, account, region: 'us-west-2', root: true, json: rec });
  }
  return out;
}

export function serialize(records: GenRecord[], shape: Options['shape']): string {
  if (shape === 'lines') return records.map((x) => JSON.stringify(x.json)).join('\n') + '\n';
  if (shape === 'pretty') return JSON.stringify({ Records: records.map((x) => x.json) }, null, 2);
  return JSON.stringify({ Records: records.map((x) => x.json) });
}

/** Org-trail layout: AWSLogs/o-xxxx/ACCT/CloudTrail/REGION/YYYY/MM/DD/ACCT_CloudTrail_REGION_YYYYMMDDTHHmmZ_xxxx.json.gz */
export function writeOrgTrail(records: GenRecord[], o: Options, dir: string, gzipLevel?: number): { files: number; bytes: number; rawBytes: number } {
  const r = rng(o.seed + 7);
  const groups = new Map<string, GenRecord[]>();
  for (const x of records) {
    const k = `${x.account}|${x.region}`;
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  const perFile = Math.max(1, Math.ceil(records.length / Math.max(1, o.files)));
  let files = 0;
  let bytes = 0;
  let rawBytes = 0;
  for (const [k, list] of groups) {
    const [account, region] = k.split('|') as [string, string];
    for (let i = 0; i < list.length; i += perFile) {
      const chunk = list.slice(i, i + perFile);
      const last = chunk[chunk.length - 1] as GenRecord;
      const t = new Date(last.time + 300_000);
      const y = t.getUTCFullYear();
      const mo = String(t.getUTCMonth() + 1).padStart(2, '0');
      const d = String(t.getUTCDate()).padStart(2, '0');
      const stamp = `${y}${mo}${d}T${String(t.getUTCHours()).padStart(2, '0')}${String(t.getUTCMinutes()).padStart(2, '0')}Z`;
      const path = join(dir, 'AWSLogs', 'o-exampleorg1', account, 'CloudTrail', region, String(y), mo, d, `${account}_CloudTrail_${region}_${stamp}_${hex(r, 16)}.json.gz`);
      mkdirSync(dirname(path), { recursive: true });
      const textOut = serialize(chunk, 's3');
      const gz = gzipLevel === undefined ? gzipSync(textOut) : gzipSync(textOut, { level: gzipLevel });
      writeFileSync(path, gz);
      files++;
      bytes += gz.byteLength;
      rawBytes += textOut.length;
    }
  }
  return { files, bytes, rawBytes };
}

function best(runs: number, f: () => void): number {
  let b = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

const mbps = (chars: number, ms: number): string => ((chars / 1e6) / (ms / 1000)).toFixed(0);

function benchText(textIn: string, label: string, runs: number): void {
  const format = detectCloudTrail(textIn) ?? '(undetected)';
  // JSON lines are not one JSON text: the baseline parses each line.
  const baseline = label.endsWith('lines')
    ? () => {
        for (const line of textIn.split('\n')) if (line !== '') JSON.parse(line);
      }
    : () => JSON.parse(textIn);
  // Warm up both paths once so the JIT has seen them.
  baseline();
  const res = parseCloudTrail(textIn, 'bench', format, { naiveTimeOffsetMinutes: 0 });
  const tJson = best(runs, baseline);
  const tCt = best(runs, () => {
    parseCloudTrail(textIn, 'bench', format, { naiveTimeOffsetMinutes: 0 });
  });
  console.log(
    `${label}: ${(textIn.length / 1e6).toFixed(1)} MB, format ${res.format}, ${res.records} records, ${res.rootEvents.length} root events; ` +
      `JSON.parse ${tJson.toFixed(0)} ms (${mbps(textIn.length, tJson)} MB/s), credaudit ${tCt.toFixed(0)} ms (${mbps(textIn.length, tCt)} MB/s), ratio ${(tJson / tCt).toFixed(2)}× JSON.parse`,
  );
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.json.gz')) out.push(p);
  }
  return out;
}

async function benchFolder(dir: string, runs: number): Promise<void> {
  const paths = walk(dir);
  const gz = paths.map((p) => new Uint8Array(readFileSync(p)));
  const texts: string[] = [];
  const t0 = performance.now();
  for (const b of gz) texts.push((await decodeBytes(b)).text);
  const tGunzip = performance.now() - t0;
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const tJson = best(runs, () => {
    for (const t of texts) JSON.parse(t);
  });
  let merged = 0;
  const tCt = best(runs, () => {
    const files = texts.map((t, i) => parseCloudTrail(t, paths[i] as string, detectCloudTrail(t) ?? 's3-json', { naiveTimeOffsetMinutes: 0 }));
    merged = buildCloudTrailAccounts(files).size;
  });
  console.log(
    `folder: ${paths.length} .json.gz files, ${(chars / 1e6).toFixed(1)} MB of JSON; gunzip (DecompressionStream) ${tGunzip.toFixed(0)} ms; ` +
      `JSON.parse ${tJson.toFixed(0)} ms (${mbps(chars, tJson)} MB/s), credaudit parse+merge ${tCt.toFixed(0)} ms (${mbps(chars, tCt)} MB/s, ${(paths.length / (tCt / 1000)).toFixed(0)} files/s, ${merged} accounts), ratio ${(tJson / tCt).toFixed(2)}× JSON.parse`,
  );
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const records = generate(o);
  const roots = records.filter((x) => x.root).length;
  console.log(`generated ${records.length} records (${roots} root-identity), ${o.accounts} accounts, ${o.days} days, seed ${o.seed}`);
  if (o.out && o.files > 0) {
    const w = writeOrgTrail(records, o, o.out);
    console.log(`wrote ${w.files} files under ${join(o.out, 'AWSLogs')} (${(w.bytes / 1e6).toFixed(1)} MB gzip, ${(w.rawBytes / 1e6).toFixed(1)} MB JSON)`);
    if (o.bench) await benchFolder(o.out, o.runs);
    return;
  }
  const textOut = serialize(records, o.shape);
  if (o.out) {
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, textOut);
    console.log(`wrote ${o.out} (${(textOut.length / 1e6).toFixed(1)} MB, shape ${o.shape})`);
  }
  if (o.bench) {
    benchText(textOut, `shape ${o.shape}`, o.runs);
    if (!o.out) {
      for (const shape of ['pretty', 'lines'] as const) if (shape !== o.shape) benchText(serialize(records, shape), `shape ${shape}`, o.runs);
    }
  }
}

// Run only as a script (tests import generate / serialize).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
