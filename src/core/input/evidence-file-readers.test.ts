// Evidence-file readers: which small AWS CLI output each recognises, and the summary it reads.
import { describe, expect, it } from 'vitest';
import { accountSummaryReader, alarmsReader, metricFiltersReader, orgAccountsReader, orgFeaturesReader, virtualMfaReader } from './evidence-file-readers';
import { InputText, type InputReader } from './reader';

const READERS: InputReader[] = [virtualMfaReader, accountSummaryReader, metricFiltersReader, alarmsReader, orgAccountsReader, orgFeaturesReader];
const CTX = { naiveTimeOffsetMinutes: 0, gzip: false };
const A = '111122223333';
const B = '444455556666';

describe('evidence-file readers', () => {
  it.each<[string, unknown, string | undefined, [kind: string, format: string, records: number, accountIds: string[], content: string] | undefined]>([
    [
      'list-virtual-mfa-devices',
      { VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${A}:mfa/root-account-mfa-device` }, { SerialNumber: `arn:aws:iam::${A}:mfa/bob` }, { SerialNumber: `arn:aws:iam::${B}:mfa/x` }] },
      'list-virtual-mfa-devices',
      ['virtual-mfa-devices', 'list-virtual-mfa-devices', 3, [A, B], 'virtual-mfa'],
    ],
    ['an empty device list', { VirtualMFADevices: [] }, 'list-virtual-mfa-devices', ['virtual-mfa-devices', 'list-virtual-mfa-devices', 0, [], 'virtual-mfa']],
    ['get-account-summary', { SummaryMap: { AccountMFAEnabled: 1, Users: 4 } }, 'get-account-summary', ['account-summary', 'get-account-summary', 1, [], 'account-summary']],
    ['describe-metric-filters', { metricFilters: [{ filterName: 'a' }, { filterName: 'b' }] }, 'describe-metric-filters', ['metric-filters', 'describe-metric-filters', 2, [], 'metric-filters']],
    [
      'describe-alarms',
      { MetricAlarms: [{ AlarmArn: `arn:aws:cloudwatch:us-east-1:${B}:alarm:x` }, { AlarmArn: `arn:aws:cloudwatch:us-east-1:${A}:alarm:y` }, {}] },
      'describe-alarms',
      ['metric-alarms', 'describe-alarms', 3, [B, A], 'alarms'],
    ],
    ['organizations list-accounts', { Accounts: [{ Id: A, Name: 'prod' }, { Id: B, Name: 'dev' }] }, 'organizations-list-accounts', ['organizations-accounts', 'list-accounts', 2, [A, B], 'org-accounts']],
    [
      'iam list-organizations-features',
      { OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] },
      'iam-list-organizations-features',
      ['organization-features', 'list-organizations-features', 2, [], 'org-features'],
    ],
    ['list-organizations-features with nothing enabled', { OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: [] }, 'iam-list-organizations-features', ['organization-features', 'list-organizations-features', 0, [], 'org-features']],
    ['EnabledFeatures that is not a list', { OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: 'RootSessions' }, undefined, undefined],
    // First match wins: the readers are tried in this order.
    ['two shapes in one object', { SummaryMap: { AccountMFAEnabled: 1 }, Accounts: [] }, 'get-account-summary', ['account-summary', 'get-account-summary', 1, [], 'account-summary']],
    ['an array of evidence is not evidence', [{ SummaryMap: { AccountMFAEnabled: 1 } }], undefined, undefined],
    ['a SummaryMap without root fields', { SummaryMap: { Users: 4 } }, undefined, undefined],
    ['unrelated JSON', { Users: [] }, undefined, undefined],
  ])('%s', async (_name, json, id, expected) => {
    const s = new InputText(JSON.stringify(json), 'ev.json');
    const reader = READERS.find((r) => r.detect(s) !== undefined);
    expect(reader?.id).toBe(id);
    if (!reader) return;
    const r = await reader.read(s, reader.detect(s), CTX);
    expect([r.kind, r.format, r.records, r.accountIds, r.content?.type]).toEqual(expected);
    expect(r.problems).toEqual([]);
  });

  it('organization features: the evidence keeps the file, the organization id and the features', async () => {
    const s = new InputText('{"OrganizationId":"o-a1b2c3d4e5","EnabledFeatures":["RootCredentialsManagement",7]}', 'features.json');
    const r = await orgFeaturesReader.read(s, orgFeaturesReader.detect(s), CTX);
    expect(r.content).toEqual({ type: 'org-features', features: { input: 'features.json', organizationId: 'o-a1b2c3d4e5', enabledFeatures: ['RootCredentialsManagement'] } });
  });

  it('the evidence keeps the file it came from', async () => {
    const s = new InputText('{"SummaryMap":{"AccountMFAEnabled":0,"AccountAccessKeysPresent":1}}', 'summary.json');
    const r = await accountSummaryReader.read(s, accountSummaryReader.detect(s), CTX);
    expect(r.content).toEqual({ type: 'account-summary', summary: { input: 'summary.json', accountMfaEnabled: 0, accountAccessKeysPresent: 1 } });
  });
});
