import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../evidence/canonical';
import { sha256Hex } from '../evidence/hash';
import { detectInput, readInput } from './readers';
import { InputText, MAX_SMALL_JSON } from './reader';

const CTX = { naiveTimeOffsetMinutes: 0, gzip: false };
const evidence = (extra: Record<string, unknown> = {}) => ({
  tool: { name: 'credaudit', version: '0.1.0', build: 'x' },
  asOf: { time: '2025-05-01T12:00:00.000Z', source: 'report' },
  evaluatedAt: '2025-05-01T13:00:00.000Z',
  windows: [30, 90],
  accounts: [{ accountId: '123456789012', asOf: { time: '2025-05-01T12:00:00.000Z', source: 'report' } }],
  findings: [{ ruleId: 'ROOT-MFA-ENABLED', status: 'FAIL', severity: 'critical', accountId: '123456789012', resource: '<root_account>', title: 'Root user has no MFA' }],
  ...extra,
});
async function sealed(doc: Record<string, unknown>): Promise<string> {
  return `${JSON.stringify({ ...doc, manifestSha256: await sha256Hex(canonicalJson(doc)) }, null, 2)}\n`;
}

describe('previous-audit reader', () => {
  it('a credaudit evidence JSON is a previous audit; other JSON with findings is not', async () => {
    expect(detectInput(new InputText(await sealed(evidence()), 'prev.json'))?.reader.id).toBe('previous-audit');
    expect(detectInput(new InputText(JSON.stringify({ ...evidence(), tool: { name: 'prowler' } }), 'x.json'))).toBeUndefined();
    const r = await readInput(new InputText(await sealed(evidence()), 'prev.json'), CTX);
    expect([r.kind, r.format, r.records, r.skipped, r.accountIds, r.problems, r.content?.type]).toEqual(['previous-audit', 'evidence-json', 1, 0, ['123456789012'], [], 'previous-audit']);
  });

  it('one larger than the small-JSON limit is still recognised by how it starts, and read', async () => {
    // Unsealed, so the test does not hash 64 MB: the reader says the manifest is missing.
    const big = `${JSON.stringify(evidence()).slice(0, -1)},"pad":"${'x'.repeat(MAX_SMALL_JSON)}"}`;
    expect(big.length).toBeGreaterThan(MAX_SMALL_JSON);
    const input = new InputText(big, 'big.json');
    expect(input.json()).toBeUndefined();
    const r = await readInput(input, CTX);
    expect([r.kind, r.records, r.problems.map((p) => p.severity)]).toEqual(['previous-audit', 1, ['info']]);
    const broken = new InputText(`${big.slice(0, -3)}`, 'broken.json');
    const b = await readInput(broken, CTX);
    expect([b.kind, b.content, b.problems.map((p) => p.severity)]).toEqual(['previous-audit', undefined, ['error']]);
    expect(b.problems[0]?.message).toMatch(/^This looks like a credaudit evidence JSON but is not valid JSON/);
  });
});
