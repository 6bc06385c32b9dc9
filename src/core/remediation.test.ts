import { describe, expect, it } from 'vitest';
import { fillRemediation, remediationFacts, sharedRemediationFacts, type RemediationFacts } from './remediation';
import type { Evidence, Remediation } from './types';

const ACCOUNT = '123456789012';
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const KEY2 = 'AKIAI44QH8DHBEXAMPLE';
const keyCell = (value: string): Evidence => ({ input: 'ct.json', field: 'userIdentity.accessKeyId', value });
const rootFinding = (evidence: Evidence[] = [], accountId: string | null = ACCOUNT) => ({ accountId, resource: '<root_account>', evidence });
const one = (line: string): Remediation => ({ console: [], cli: [line], prevention: [], verify: [] });
const fill = (line: string, facts: RemediationFacts) => fillRemediation(one(line), facts).cli;

describe('remediationFacts', () => {
  it.each<[string, Parameters<typeof remediationFacts>[0], RemediationFacts]>([
    ['root finding with an AKIA key cited', rootFinding([keyCell(KEY), keyCell(KEY), keyCell(KEY2)]), { accountId: ACCOUNT, rootKeyIds: [KEY, KEY2] }],
    ['temporary (ASIA) keys are not root access keys', rootFinding([keyCell('ASIAIOSFODNN7EXAMPLE')]), { accountId: ACCOUNT, rootKeyIds: [] }],
    ['key ids only from the access-key field', rootFinding([{ input: 'x', field: 'note', value: KEY }]), { accountId: ACCOUNT, rootKeyIds: [] }],
    ['unknown account', rootFinding([], null), { rootKeyIds: [] }],
    ['an account id that is not 12 digits is not used', rootFinding([], '12345'), { rootKeyIds: [] }],
    ['user finding: its user name', { accountId: ACCOUNT, resource: 'alice.smith+ops@example.com', evidence: [] }, { accountId: ACCOUNT, userName: 'alice.smith+ops@example.com', rootKeyIds: [] }],
    ['a user name IAM would not allow (shell syntax) is never filled', { accountId: ACCOUNT, resource: 'x; rm -rf ~', evidence: [] }, { accountId: ACCOUNT, rootKeyIds: [] }],
    ['a user finding never yields root keys', { accountId: ACCOUNT, resource: 'bob', evidence: [keyCell(KEY)] }, { accountId: ACCOUNT, userName: 'bob', rootKeyIds: [] }],
  ])('%s', (_name, finding, facts) => {
    expect(remediationFacts(finding)).toEqual(facts);
  });
});

describe('fillRemediation', () => {
  it('fills account, user and key; a line naming the root key is repeated per key', () => {
    const facts: RemediationFacts = { accountId: ACCOUNT, userName: 'alice', rootKeyIds: [KEY, KEY2] };
    expect(fill('aws sts assume-root --target-principal ACCOUNT_ID', facts)).toEqual([`aws sts assume-root --target-principal ${ACCOUNT}`]);
    expect(fill('aws iam delete-access-key --access-key-id ROOT_ACCESS_KEY_ID', facts)).toEqual([
      `aws iam delete-access-key --access-key-id ${KEY}`,
      `aws iam delete-access-key --access-key-id ${KEY2}`,
    ]);
    expect(fill('aws iam enable-mfa-device --user-name USER_NAME --serial-number arn:aws:iam::ACCOUNT_ID:mfa/USER_NAME', facts)).toEqual([
      `aws iam enable-mfa-device --user-name alice --serial-number arn:aws:iam::${ACCOUNT}:mfa/alice`,
    ]);
  });

  it('keeps placeholders it has no fact for, and never touches longer words', () => {
    expect(fill('ACCOUNT_ID ROOT_ACCESS_KEY_ID USER_NAME OLD_KEY_ID MY_ACCOUNT_ID', { rootKeyIds: [] })).toEqual(['ACCOUNT_ID ROOT_ACCESS_KEY_ID USER_NAME OLD_KEY_ID MY_ACCOUNT_ID']);
    expect(fill('MY_ACCOUNT_ID ACCOUNT_IDS', { accountId: ACCOUNT, rootKeyIds: [] })).toEqual(['MY_ACCOUNT_ID ACCOUNT_IDS']);
  });

  it('does not change the rule\'s own remediation', () => {
    const r = one('ACCOUNT_ID');
    fillRemediation(r, { accountId: ACCOUNT, rootKeyIds: [] });
    expect(r.cli).toEqual(['ACCOUNT_ID']);
  });
});

describe('sharedRemediationFacts (workpaper: one entry per rule over its failing findings)', () => {
  it('keeps the account and user only when every finding shares them; unions root keys', () => {
    const a = rootFinding([keyCell(KEY)]);
    const b = rootFinding([keyCell(KEY2)]);
    expect(sharedRemediationFacts([a, b])).toEqual({ accountId: ACCOUNT, rootKeyIds: [KEY, KEY2] });
    expect(sharedRemediationFacts([a, rootFinding([], '210987654321')])).toEqual({ rootKeyIds: [KEY] });
    const u = (name: string) => ({ accountId: ACCOUNT, resource: name, evidence: [] });
    expect(sharedRemediationFacts([u('alice'), u('alice')])).toEqual({ accountId: ACCOUNT, userName: 'alice', rootKeyIds: [] });
    expect(sharedRemediationFacts([u('alice'), u('bob')])).toEqual({ accountId: ACCOUNT, rootKeyIds: [] });
    expect(sharedRemediationFacts([])).toEqual({ rootKeyIds: [] });
  });
});
