import { describe, expect, it } from 'vitest';
import { exceptionsReader } from './exceptions-reader';
import { InputText } from './reader';

const CTX = { naiveTimeOffsetMinutes: 0, gzip: false };
const ENTRY = { ruleId: 'ROOT-ACCESS-KEY-ACTIVE', accountId: '111122223333', owner: 'sec', justification: 'break-glass', expires: '2030-01-01' };

describe('exceptions reader (only for a file named as the exceptions file)', () => {
  it.each<[string, string, string, number, number]>([
    // name, text, format, entries, problems
    ['JSON', JSON.stringify({ exceptions: [ENTRY] }), 'exceptions-json', 1, 0],
    ['YAML', `exceptions:\n  - ruleId: ROOT-ACCESS-KEY-ACTIVE\n    accountId: "111122223333"\n    owner: sec\n    justification: break-glass\n    expires: 2030-01-01\n`, 'exceptions-yaml', 1, 0],
    ['an entry without an owner', JSON.stringify({ exceptions: [ENTRY, { ...ENTRY, owner: ' ' }] }), 'exceptions-json', 1, 1],
    ['not an exceptions file', '{"Records":[]}', 'exceptions-json', 0, 1],
  ])('%s', async (_name, text, format, entries, problems) => {
    const s = new InputText(text, 'exceptions');
    expect(exceptionsReader.purpose).toBe('exceptions');
    const r = await exceptionsReader.read(s, exceptionsReader.detect(s), CTX);
    const got = r.content?.type === 'exceptions' ? r.content.entries.length : -1;
    expect([r.kind, r.format, r.records, got, r.problems.length]).toEqual(['exceptions', format, entries, entries, problems]);
  });
});
