// `aws iam list-organizations-features` through the real audit(): detected by content, read into
// the dataset, handed to every account of the batch (an organization setting), judged by
// ORG-ROOT-ACCESS-CENTRALIZED.
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { reportCsv, root, user } from '../helpers/report';
import { findingOf, memInput, NOW } from './helpers';

const A = '111122223333';
const B = '444455556666';
const reportFor = (account: string) => reportCsv([root({ arn: `arn:aws:iam::${account}:root` }), user('alice', { arn: `arn:aws:iam::${account}:user/alice` })]);
const features = (enabled: string[]) => JSON.stringify({ OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: enabled }, null, 2);

describe('organization features file through audit()', () => {
  it('is recognised, summarised, and makes ORG-ROOT-ACCESS-CENTRALIZED PASS for every account loaded with it', async () => {
    const r = await audit(
      [memInput(`${A}.csv`, reportFor(A)), memInput(`${B}.csv`, reportFor(B)), memInput('features.json', features(['RootCredentialsManagement', 'RootSessions']))],
      { now: NOW, asOf: NOW },
    );
    const s = r.inputs.find((i) => i.name === 'features.json');
    expect([s?.kind, s?.format, s?.records, s?.accountIds]).toEqual(['organization-features', 'list-organizations-features', 2, []]);
    for (const acct of [A, B]) {
      const f = findingOf(r, 'ORG-ROOT-ACCESS-CENTRALIZED', acct);
      expect(f.status).toBe('PASS');
      expect(f.evidence).toEqual([{ input: 'features.json', field: 'EnabledFeatures', value: 'RootCredentialsManagement, RootSessions', note: 'OrganizationId o-a1b2c3d4e5' }]);
    }
  });

  it('FAIL when the file shows the feature off; NEEDS_EVIDENCE without the file', async () => {
    const off = await audit([memInput(`${A}.csv`, reportFor(A)), memInput('features.json', features(['RootSessions']))], { now: NOW, asOf: NOW });
    expect(findingOf(off, 'ORG-ROOT-ACCESS-CENTRALIZED', A).status).toBe('FAIL');
    const none = await audit([memInput(`${A}.csv`, reportFor(A))], { now: NOW, asOf: NOW });
    expect(findingOf(none, 'ORG-ROOT-ACCESS-CENTRALIZED', A).status).toBe('NEEDS_EVIDENCE');
  });

  it('alone, without any account, it is a problem, not a silent no-op', async () => {
    const r = await audit([memInput('features.json', features(['RootCredentialsManagement']))], { now: NOW, asOf: NOW });
    expect(r.findings.filter((f) => f.ruleId === 'ORG-ROOT-ACCESS-CENTRALIZED')).toEqual([]);
    expect(r.problems.map((p) => [p.input, p.message])).toContainEqual([
      'features.json',
      "The organization features file names no account and no account was loaded with it; load it with the accounts' files to judge ORG-ROOT-ACCESS-CENTRALIZED.",
    ]);
  });
});
