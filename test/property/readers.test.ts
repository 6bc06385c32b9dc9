// Property tests of every reader in the input reader table (src/core/input/readers.ts), through
// audit() as the CLI and the page call it (issue 11):
//   1. audit() never throws, whatever the bytes;
//   2. every input is accounted for: records read = used + skipped, and a skip has a reason;
//   3. junk next to valid content leaves the valid content's findings unchanged;
//   4. the fast paths equal a full parse (CloudTrail text read with and without its pre-filter, and
//      from bytes).
// Runs: PROPERTY_RUNS (default 200; `npm run test:property:nightly` runs 10,000).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { detectCloudTrail } from '../../src/core/cloudtrail/detect';
import { parseCloudTrail, parseCloudTrailBytes } from '../../src/core/cloudtrail/read';
import { READERS } from '../../src/core/input/readers';
import type { AuditInput, AuditResult, Finding } from '../../src/core/types';
import { cloudTrailRecord, ENVELOPES, envelope, evidenceShapes, mutatedReport, READER_SIGNATURES } from './arbitraries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT_MS } from './runs';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const GOOD_NAME = 'good-111122223333.csv';
const GOOD_BYTES = new Uint8Array(readFileSync('test/fixtures/reports/modern-111122223333.csv'));
const GOOD_ACCOUNT = '111122223333';

const input = (name: string, content: string | Uint8Array): AuditInput => {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, size: bytes.byteLength, read: async () => bytes };
};
const good = (): AuditInput => input(GOOD_NAME, GOOD_BYTES);

/** What a finding decides, for comparing two audits of the same account. */
const decision = (f: Finding) => [f.ruleId, f.window ?? null, f.resource, f.status, f.message, JSON.stringify(f.evidence)];
const goodFindings = (r: AuditResult) => r.findings.filter((f) => f.accountId === GOOD_ACCOUNT).map(decision);

let baseline: ReturnType<typeof goodFindings>;
beforeAll(async () => {
  baseline = goodFindings(await audit([good()], { now: NOW, asOf: NOW }));
});

/** Invariants every result keeps, whatever its inputs. */
function expectAccounted(r: AuditResult, names: string[]): void {
  expect(r.inputs.map((i) => i.name)).toEqual(names);
  for (const i of r.inputs) {
    expect(Number.isInteger(i.records) && i.records >= 0, `${i.name} records`).toBe(true);
    expect(Number.isInteger(i.skipped) && i.skipped >= 0, `${i.name} skipped`).toBe(true);
    const problems = r.problems.filter((p) => p.input === i.name);
    // A file not read, or records skipped: a problem says why.
    if (i.kind === 'unknown' || i.skipped > 0) expect(problems.length, `${i.name}: a reason`).toBeGreaterThan(0);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  }
  expect(() => JSON.stringify(r)).not.toThrow();
}

/** Junk that legitimately changes the good account's findings (a valid evidence file for the one account) is not junk. */
function junkOnly(r: AuditResult, name: string): boolean {
  const s = r.inputs.find((i) => i.name === name);
  if (!s) return false;
  if (['unknown', 'ignored', 'credential-report-error', 'previous-audit'].includes(s.kind)) return true;
  if (s.kind === 'credential-report' || s.kind === 'cloudtrail') return !s.accountIds.includes(GOOD_ACCOUNT) && s.accountIds.length > 0;
  return false;
}

describe('property: arbitrary bytes, alone and after each reader\'s signature', () => {
  it('audit() never throws; every input accounted for; the good report beside it judged the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('', ...READER_SIGNATURES), fc.uint8Array({ maxLength: 600 }), fc.boolean(), async (signature, bytes, gz) => {
        const head = new TextEncoder().encode(signature);
        let junk: Uint8Array = new Uint8Array(head.length + bytes.length);
        junk.set(head);
        junk.set(bytes, head.length);
        if (gz) junk = new Uint8Array((await import('node:zlib')).gzipSync(junk));
        const r = await audit([input('junk.bin', junk), good()], { now: NOW, asOf: NOW });
        expectAccounted(r, ['junk.bin', GOOD_NAME]);
        if (junkOnly(r, 'junk.bin')) expect(goodFindings(r)).toEqual(baseline);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('arbitrary text after each signature (printable, quotes, braces, line breaks)', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '{', '}', '[', ']', ',', ':', '\n', '\r', '\\', 'u', '0', '=', ' ', 'é', '\u202E', '\0'), maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...READER_SIGNATURES), text, async (signature, rest) => {
        const r = await audit([good(), input('junk.txt', signature + rest)], { now: NOW, asOf: NOW });
        expectAccounted(r, [GOOD_NAME, 'junk.txt']);
        if (junkOnly(r, 'junk.txt')) expect(goodFindings(r)).toEqual(baseline);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('every reader of the table is reached by some signature (the table and the signatures agree)', async () => {
    const reached = new Set<string>();
    for (const sig of READER_SIGNATURES) {
      const { detectInput } = await import('../../src/core/input/readers');
      const { InputText } = await import('../../src/core/input/reader');
      for (const purpose of ['audit', 'exceptions'] as const) {
        const found = detectInput(new InputText(`${sig}${sig.startsWith('{') ? ']}}' : ''}`, 'x'), purpose);
        if (found) reached.add(found.reader.id);
      }
    }
    // Readers whose signature cannot be recognised from a cut-off head are reached by the shapes below.
    const byShape = new Set(['credential-report-json', 'credential-report-error', 'generate-credential-report', 'list-virtual-mfa-devices', 'get-account-summary', 'describe-metric-filters', 'describe-alarms', 'organizations-list-accounts', 'iam-list-organizations-features', 'previous-audit', 'exceptions']);
    const missing = READERS.map((rd) => rd.id).filter((id) => !reached.has(id) && !byShape.has(id));
    expect(missing).toEqual([]);
  });
});

describe('property: credential reports, valid and mutated', () => {
  it('never throws; data rows = users read + rows skipped, each skip with a reason; junk rows after the data change nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedReport, async ({ text, dataRows }) => {
        const r = await audit([input('mutated.csv', text), good()], { now: NOW, asOf: NOW });
        expectAccounted(r, ['mutated.csv', GOOD_NAME]);
        const s = r.inputs[0] as AuditResult['inputs'][number];
        if (s.kind === 'credential-report' && s.records + s.skipped > 0) expect(s.records + s.skipped).toBe(dataRows);
        if (junkOnly(r, 'mutated.csv') || s.accountIds.length === 0) {
          // An account-less report is its own account; the good one is judged the same.
          expect(goodFindings(r)).toEqual(baseline);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('rows that are skipped (no user name) appended to the good report leave its findings unchanged', async () => {
    const goodText = new TextDecoder().decode(GOOD_BYTES);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(',x', '', '  ', ',,,,', `,${'a,'.repeat(21)}a`, '""'), { minLength: 1, maxLength: 20 }), async (junk) => {
        const r = await audit([input(GOOD_NAME, `${goodText}${junk.join('\n')}\n`)], { now: NOW, asOf: NOW });
        expect(goodFindings(r)).toEqual(baseline);
        const s = r.inputs[0] as AuditResult['inputs'][number];
        // Rows whose every cell is blank (`,,,,`, `""`) are blank lines; the others are skipped for want of a user name.
        expect(s.records + s.skipped).toBe(4 + junk.filter((j) => j.split(',').some((c) => c.trim() !== '' && c !== '""')).length);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('property: CloudTrail envelopes with arbitrary records', () => {
  const arb = fc.record({ kind: fc.constantFrom(...ENVELOPES), records: fc.array(cloudTrailRecord, { minLength: 1, maxLength: 8 }), which: fc.nat({ max: 5 }) });

  it('any value where a record goes (strings, numbers, lists, null): never throws, the good report judged the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENVELOPES), fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 6 }), async (kind, values) => {
        const { text } = envelope(kind, values, 0);
        const r = await audit([input('values.json', text), good()], { now: NOW, asOf: NOW });
        expectAccounted(r, ['values.json', GOOD_NAME]);
        if (junkOnly(r, 'values.json')) expect(goodFindings(r)).toEqual(baseline);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('never throws; every record accounted for (used + skipped = records given, a skip has a reason)', async () => {
    await fc.assert(
      fc.asyncProperty(arb, async ({ kind, records, which }) => {
        // Counted places are objects: a list where a record goes holds that many records (or none),
        // and (a known gap, reported to the CloudTrail owner) a string or number inside
        // {"Records":[...]} is passed over by the scanner without a count. Other values are tried below.
        const counted = kind === 's3' || kind === 'lookup' || kind === 'lake' || kind === 'cloudwatch';
        const recs = counted ? records.filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x)) : records;
        const { text, items } = envelope(kind, recs.length > 0 ? recs : [{}], which);
        const r = await audit([input('trail.json', text), good()], { now: NOW, asOf: NOW });
        expectAccounted(r, ['trail.json', GOOD_NAME]);
        const s = r.inputs[0] as AuditResult['inputs'][number];
        if (s.kind === 'cloudtrail' && counted) {
          expect(s.records + s.skipped, `${kind}: ${text.slice(0, 300)}`).toBe(items);
        }
        if (junkOnly(r, 'trail.json')) expect(goodFindings(r)).toEqual(baseline);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('the fast path equals a full parse (text with and without the pre-filter; bytes)', () => {
    const essence = (x: ReturnType<typeof parseCloudTrail>) => ({
      format: x.format,
      records: x.records,
      skipped: x.skipped,
      rootEvents: x.rootEvents,
      assumeRootCalls: x.assumeRootCalls,
      coverage: [...x.coverage].map(([k, v]) => [k, v.start, v.end, v.count, [...v.days].sort()]),
      problems: x.problems,
    });
    fc.assert(
      fc.property(arb, ({ kind, records, which }) => {
        const { text } = envelope(kind, records, which);
        const format = detectCloudTrail(text);
        if (!format) return;
        const fast = parseCloudTrail(text, 'trail.json', format, { naiveTimeOffsetMinutes: 0 });
        const full = parseCloudTrail(text, 'trail.json', format, { naiveTimeOffsetMinutes: 0, exact: true });
        expect(essence(fast)).toEqual(essence(full));
        const bytes = parseCloudTrailBytes(new TextEncoder().encode(text), 'trail.json', format);
        if (bytes) expect(essence(bytes)).toEqual(essence(full));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('property: evidence files with arbitrary JSON inside', () => {
  it('never throws; the file is read, or said to be unusable; a second, good report is judged the same when the file is not evidence for it', async () => {
    await fc.assert(
      fc.asyncProperty(evidenceShapes, async (shape) => {
        const r = await audit([input('evidence.json', JSON.stringify(shape)), good()], { now: NOW, asOf: NOW });
        expectAccounted(r, ['evidence.json', GOOD_NAME]);
        if (junkOnly(r, 'evidence.json')) expect(goodFindings(r)).toEqual(baseline);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});
