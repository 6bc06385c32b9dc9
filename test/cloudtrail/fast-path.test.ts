// Issue 13 item 1: the fast paths read exactly what the full parse reads. The reference is
// parseCloudTrail with `exact` (every record through JSON.parse and the same record code); the fast
// paths are the text reader's (scan.ts + coverFast) and the byte reader's (scan-bytes.ts +
// json-bytes.ts, what readInputFile uses for JSON CloudTrail). Compared on every fixture shape, the
// real-world samples when ../shared is present, and randomly generated trails (bounded runs).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectCloudTrail } from '../../src/core/cloudtrail/detect';
import type { CloudTrailFileResult } from '../../src/core/cloudtrail/model';
import { BYTE_READ_FORMATS, parseCloudTrail, parseCloudTrailBytes, readCloudTrail } from '../../src/core/cloudtrail/read';
import { scanObjects } from '../../src/core/cloudtrail/scan';
import { scanObjectBytes } from '../../src/core/cloudtrail/scan-bytes';
import { wasmScanner } from '../../src/core/cloudtrail/scan-bytes-wasm';
import { decodeBytes } from '../../src/core/input/decode';
import { readInputFile } from '../../src/core/input/read-file';
import { InputText } from '../../src/core/input/reader';
import { READERS, readInput } from '../../src/core/input/readers';
import { generate, parseArgs, serialize } from '../../scripts/gen-trail';
import { PROPERTY_RUNS } from '../property/runs';
import { FIXTURES, fixtureFiles } from './helpers';

const OPTS = { naiveTimeOffsetMinutes: 0 };
const encode = (t: string): Uint8Array => new TextEncoder().encode(t);

/** A result as comparable data: coverage lists and sets spelled out. */
function plain(r: CloudTrailFileResult): unknown {
  return {
    ...r,
    coverage: [...r.coverage].map(([account, c]) => [
      account,
      { start: c.start, end: c.end, count: c.count, days: [...c.days].sort(), times: [...c.times.view()], keys: [...c.keys.data.subarray(0, c.keys.length * 2)] },
    ]),
  };
}

const exact = (text: string, format: string): CloudTrailFileResult => parseCloudTrail(text, 'trail.json', format, { ...OPTS, exact: true });

/** Both fast paths against the full parse; true when the byte reader read it (all ASCII). */
function expectFastPathsExact(text: string, format: string): boolean {
  const want = plain(exact(text, format));
  expect(plain(parseCloudTrail(text, 'trail.json', format, OPTS))).toEqual(want);
  const fromBytes = parseCloudTrailBytes(encode(text), 'trail.json', format);
  if (fromBytes) expect(plain(fromBytes)).toEqual(want);
  return fromBytes !== undefined;
}

describe('fast paths equal the full parse: fixtures', () => {
  const files = fixtureFiles('.').filter((f) => f !== 'build.ts');
  it.each(files)('%s', async (rel) => {
    const raw = new Uint8Array(readFileSync(join(FIXTURES, rel)));
    const inflated = raw[0] === 0x1f && raw[1] === 0x8b ? new Uint8Array(gunzipSync(raw)) : raw;
    const text = (await decodeBytes(raw)).text;
    const format = detectCloudTrail(text);
    if (format !== undefined) {
      const want = plain(await readCloudTrail(text, rel, format, { ...OPTS, exact: true }));
      expect(plain(await readCloudTrail(text, rel, format, OPTS))).toEqual(want);
      if (BYTE_READ_FORMATS.has(format)) {
        const fromBytes = parseCloudTrailBytes(inflated, rel, format);
        // Every JSON fixture is ASCII: the byte reader must have read it, not handed it back.
        expect(fromBytes).toBeDefined();
        expect(plain(fromBytes as CloudTrailFileResult)).toEqual(plain(parseCloudTrail(text, rel, format, { ...OPTS, exact: true })));
      }
    }
    // The whole file read (bytes -> ... -> InputRead) equals the text read through the reader table.
    const viaFile = await readInputFile({ name: rel, size: raw.byteLength, read: async () => raw }, OPTS);
    const viaText = await readInput(new InputText(text, rel), { ...OPTS, gzip: inflated !== raw });
    const { bytes: _b, sha256: _s, decodedBytes, ...read } = viaFile;
    expect(decodedBytes).toBe(inflated.byteLength);
    const cmp = (x: typeof viaText) => ({ ...x, content: x.content?.type === 'cloudtrail' ? plain(x.content.file) : x.content });
    expect(cmp(read)).toEqual(cmp(viaText));
  });
});

describe('fast paths equal the full parse: generated trails', () => {
  it.each(['s3', 'lines', 'pretty'] as const)('gen-trail, shape %s, 2,000 records with root events and copies', (shape) => {
    const text = serialize(generate(parseArgs(['--records', '2000', '--root-pct', '8', '--dup-pct', '20', '--seed', '7'])), shape);
    const format = detectCloudTrail(text) as string;
    expect(BYTE_READ_FORMATS.has(format)).toBe(true);
    expect(expectFastPathsExact(text, format)).toBe(true);
  });
});

// ---- random trails ------------------------------------------------------------------------------

const q = (s: string): string => JSON.stringify(s);
/** Raw JSON value texts per field, including the awkward ones (escapes, other types, white space). */
const TIMES = ['2024-02-29T12:00:00Z', '2024-01-31T23:59:59Z', '2024-03-01T00:00:00.250Z', '2023-02-29T00:00:00Z', '2012-06-01T00:00:00Z', ' 2024-01-02T00:00:00Z', '2024-01-02', '2024-01-02T03:04:05+02:00', 'redacted', '', '0099-01-01T00:00:00Z'].map(q)
  .concat(['"2024-01-02T00:00:00\\u005a"', '"2024-01-02T00:00:00Z\\t"', '1704067200', 'null', '{}']);
const NAMES = ['ListUsers', 'GetObject', 'AssumeRoot', 'ConsoleLogin', '', 'null', ' Padded', 'Café'].map(q).concat(['"Get\\"Quoted"', '"\\u0041ssumeRoot"', '5', 'null']);
const IDS = ['id-1', 'id-2', 'id-3', '', 'null', ' id-1'].map(q).concat(['"id\\\\1"', '17', 'null']);
const ACCOUNTS = ['111122223333', '222233334444', ' 111122223333', '1111'].map(q).concat(['111122223333', 'null', '"11112222333\\u0033"']);
const IDENTITIES = [
  '{"type":"AssumedRole","accountId":"222233334444","arn":"arn:aws:sts::222233334444:assumed-role/R/s"}',
  '{"type":"Root","accountId":"111122223333","arn":"arn:aws:iam::111122223333:root"}',
  '{"type":"Root","invokedBy":"autoscaling.amazonaws.com","accountId":"111122223333"}',
  '{"type":"Ro\\u006ft","accountId":"111122223333"}',
  '{"TYPE":"Root"}',
  '{"type":"root"}',
  '{"type":"IAMUser","userName":"Rooty"}',
  '{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"}',
  'null',
  '"Root"',
  '[]',
  '{"sessionContext":{"attributes":{"mfaAuthenticated":"true"},"assumedRoot":"true"},"type":"Root","accountId":"111122223333"}',
];
const OTHER_KEYS = ['eventSource', 'eventType', 'awsRegion', 'requestParameters', 'responseElements', 'EventTime', 'eventid', 'EventID', 'RecipientAccountId', 'userIDENTITY', 'EVENTNAME', 'x', 'e\\u0076entTime', 'Records', 'Events', 'QueryResultRows', 'logEvents', 'events', 'detail-type', 'awslogs', 'CloudTrailEvent'];
const OTHER_VALUES = ['"sts.amazonaws.com"', '"AwsServiceEvent"', '{"targetPrincipal":"111122223333","policyDocument":"{\\"a\\":[1,{\\"b\\":\\"}\\"}]}"}', '[1,-2.5e3,true,false,null,{"k":[]}]', '"Root"', '"\\/\\b\\f\\n\\r\\t"', '0', '-0.0E+1', '{"eventTime":"2024-01-01T00:00:00Z"}'];
/** Pieces that make a record invalid JSON in one place. */
const BREAKS = ['', '', '', '', ',', '"k" 1', '"k":01', '"k":"\u0001"', '"k":"\\x"', '"k":[}', '"k":tru', '"k":1.', '"k":"\\u12"', '"k":[1,]'];

const pair = (keys: string[], values: string[]) => fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...values)).map(([k, v]) => `"${k}":${v}`);
const field = fc.oneof(
  { weight: 3, arbitrary: pair(['eventTime'], TIMES) },
  { weight: 3, arbitrary: pair(['eventName'], NAMES) },
  { weight: 3, arbitrary: pair(['eventID'], IDS) },
  { weight: 3, arbitrary: pair(['recipientAccountId'], ACCOUNTS) },
  { weight: 3, arbitrary: pair(['userIdentity'], IDENTITIES) },
  { weight: 2, arbitrary: pair(OTHER_KEYS, OTHER_VALUES.concat(TIMES.slice(0, 2), IDS.slice(0, 2))) },
);
const space = fc.constantFrom('', '', '', ' ', '\n  ', '\t');
/** A record: the usual fields most of the time (so many take the fast path), then random extra and repeated fields. */
const record = fc
  .record({
    base: fc.boolean(),
    time: fc.constantFrom(...TIMES.slice(0, 3)),
    name: fc.constantFrom('"ListUsers"', '"GetObject"'),
    id: fc.constantFrom('"id-1"', '"id-2"', '"id-9"'),
    account: fc.constantFrom('"111122223333"', '"222233334444"'),
    identity: fc.constantFrom(IDENTITIES[0] as string, IDENTITIES[7] as string),
    extra: fc.array(field, { maxLength: 6 }),
    brk: fc.constantFrom(...BREAKS),
    sp: space,
  })
  .map(({ base, time, name, id, account, identity, extra, brk, sp }) => {
    const parts = base ? [`"eventTime":${time}`, `"eventName":${name}`, `"eventID":${id}`, `"userIdentity":${identity}`, `"recipientAccountId":${account}`] : [];
    parts.push(...extra);
    if (brk !== '') parts.splice(parts.length >> 1, 0, brk);
    return `{${sp}${parts.join(`,${sp}`)}${sp}}`;
  });
const trail = fc
  .record({ shape: fc.constantFrom('records', 'lines', 'array', 'concatenated', 'mixed'), records: fc.array(record, { maxLength: 8 }), cut: fc.option(fc.nat(), { freq: 6 }) })
  .map(({ shape, records, cut }) => {
    let text =
      shape === 'records'
        ? `{"Records":[${records.join(',')}]}`
        : shape === 'lines'
          ? records.join('\n')
          : shape === 'array'
            ? `[${records.join(',\n')}]`
            : shape === 'concatenated'
              ? records.join('')
              : `{"Records":[${records.slice(0, 2).join(',')}]}\n${records.slice(2).join('\n')} 17 "text" [${records.slice(0, 1).join('')}]`;
    if (cut !== null && text.length > 0) text = text.slice(0, cut % text.length);
    return { text, format: shape === 'records' ? 's3-json' : 'cloudtrail-json' };
  });

describe('fast paths equal the full parse: random trails', () => {
  it('scanObjectBytes finds the objects scanObjects finds, where they start and end', () => {
    fc.assert(
      fc.property(trail, ({ text }) => {
        const fromText: unknown[] = [];
        const a = scanObjects(text, (s) => fromText.push([s.start, s.end, s.depth, s.envelope]));
        const fromBytes: unknown[] = [];
        const b = scanObjectBytes(encode(text), (s) => fromBytes.push([s.start, s.end, s.depth, s.envelope]));
        if (b === undefined) return; // not ASCII: left to the text reader
        expect(fromBytes).toEqual(fromText);
        expect(b).toEqual(a);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('the WebAssembly scanner gives every field, flag and outcome the TypeScript scanner gives', () => {
    const wasm = wasmScanner();
    expect(wasm).toBeDefined();
    fc.assert(
      fc.property(trail, ({ text }) => {
        const b = encode(text);
        // fastMs apart (the TypeScript scanner never sets it; scan-bytes-wasm.test.ts checks it).
        const fromTs: unknown[] = [];
        const a = scanObjectBytes(b, ({ fastMs: _, ...s }) => fromTs.push(s));
        const fromWasm: unknown[] = [];
        const w = wasm?.(b, ({ fastMs: _, ...s }) => fromWasm.push(s));
        expect(w).toEqual(a);
        if (a !== undefined) expect(fromWasm).toEqual(fromTs);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('the byte reader and the text reader give what JSON.parse of every record gives', () => {
    let readFromBytes = 0;
    fc.assert(
      fc.property(trail, ({ text, format }) => {
        if (expectFastPathsExact(text, format)) readFromBytes++;
      }),
      { numRuns: PROPERTY_RUNS },
    );
    // Most generated trails are ASCII: the byte reader really ran.
    expect(readFromBytes).toBeGreaterThan(PROPERTY_RUNS / 2);
  });

  it('a record that is not valid JSON is skipped by the byte reader too, not counted as coverage', () => {
    const text = '{"Records":[{"eventTime":"2024-01-02T00:00:00Z","eventName":"ListUsers","userIdentity":{"type":"IAMUser"},"recipientAccountId":"111122223333","k":01}]}';
    const r = parseCloudTrailBytes(encode(text), 't.json', 's3-json') as CloudTrailFileResult;
    expect([r.records, r.skipped, r.coverage.size]).toEqual([0, 1, 0]);
    expect(r.problems[0]?.message).toMatch(/^record 1 skipped: not valid JSON/);
  });

  it('a repeated key counts with its last value, as JSON.parse keeps it', () => {
    const text = '{"Records":[{"eventTime":"2024-01-02T00:00:00Z","eventName":"ListUsers","userIdentity":{"type":"IAMUser"},"recipientAccountId":"111122223333","recipientAccountId":"222233334444","eventTime":"2024-01-05T00:00:00Z"}]}';
    const r = parseCloudTrailBytes(encode(text), 't.json', 's3-json') as CloudTrailFileResult;
    expect([...r.coverage.keys()]).toEqual(['222233334444']);
    expect(r.coverage.get('222233334444')?.start).toBe(Date.UTC(2024, 0, 5));
  });

  it('a byte that is not ASCII hands the file back to the text reader', () => {
    expect(parseCloudTrailBytes(encode('{"Records":[{"eventTime":"2024-01-02T00:00:00Z","eventName":"Café"}]}'), 't.json', 's3-json')).toBeUndefined();
  });
});

describe('readInputFile decides the byte path on the head only', () => {
  it('the readers before the byte-read CloudTrail shapes decide from the first 64 KB (the report CSV: 8 KB; CloudTrail and query results: the CloudTrail head)', () => {
    // readBytesFast detects on the decoded head: a reader placed before these shapes that reads more of the
    // text would make that choice wrong. Adding one here means checking it looks only at the head.
    const ids = READERS.map((r) => r.id);
    const firstByteShape = Math.min(...[...BYTE_READ_FORMATS].map((f) => ids.indexOf(`cloudtrail/${f}`)));
    expect(ids.slice(0, firstByteShape)).toEqual([
      'credential-report-csv',
      'cloudtrail-query-result',
      'cloudtrail/cloudtrail-digest',
      'cloudtrail/cloudtrail-lake',
      'cloudtrail/lookup-events',
      'cloudtrail/eventbridge',
      'cloudtrail/cloudwatch-logs-lambda',
      'cloudtrail/cloudwatch-logs',
    ]);
  });

  it('a gzip S3 log file over 64 KB with a root event near its end: the same read as the text path', async () => {
    const text = serialize(generate(parseArgs(['--records', '400', '--root-pct', '1', '--seed', '3'])), 's3');
    expect(text.length).toBeGreaterThan(200_000);
    const gz = new Uint8Array(gzipSync(text));
    const viaFile = await readInputFile({ name: 't.json.gz', size: gz.byteLength, read: async () => gz }, OPTS);
    const viaText = await readInput(new InputText(text, 't.json.gz'), { ...OPTS, gzip: true });
    expect(viaFile.format).toBe('s3-json+gzip');
    expect(viaFile.records).toBe(viaText.records);
    const roots = (x: typeof viaText) => (x.content?.type === 'cloudtrail' ? x.content.file.rootEvents : []);
    expect(roots(viaFile).length).toBeGreaterThan(0);
    expect(roots(viaFile)).toEqual(roots(viaText));
  });
});

// ---- real-world samples -----------------------------------------------------------------------

const REAL = fileURLToPath(new URL('../../../shared/real-world/', import.meta.url));
const realPresent = existsSync(REAL);
if (!realPresent) console.warn(`[credaudit] ${REAL} is absent: the real-world fast-path comparisons are skipped.`);

function jsonFilesUnder(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) jsonFilesUnder(p, out);
    else if (/\.(json|jsonl)$/i.test(n)) out.push(p);
  }
  return out;
}

describe.skipIf(!realPresent)('fast paths equal the full parse: real-world CloudTrail samples', () => {
  it('every real-world JSON file detected as CloudTrail', async () => {
    let compared = 0;
    for (const path of realPresent ? jsonFilesUnder(REAL) : []) {
      const text = readFileSync(path, 'utf8');
      const format = detectCloudTrail(text);
      if (format === undefined) continue;
      const want = plain(await readCloudTrail(text, path, format, { ...OPTS, exact: true }));
      expect(plain(await readCloudTrail(text, path, format, OPTS)), path).toEqual(want);
      if (BYTE_READ_FORMATS.has(format)) {
        const fromBytes = parseCloudTrailBytes(new Uint8Array(readFileSync(path)), path, format);
        if (fromBytes) expect(plain(fromBytes), path).toEqual(want);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });
});
