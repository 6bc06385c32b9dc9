// Each evidence-file reader: a small AWS CLI output in, the typed evidence out; other shapes give undefined.
import { describe, expect, it } from 'vitest';
import { accountOfArn, readAccountSummary, readAlarms, readMetricFilters, readOrgAccounts, readOrganizationFeatures, readVirtualMfa } from './read';

const IN = 'evidence.json';
const entries = <V>(m: Map<string | null, V> | undefined) => (m ? [...m] : m);

describe('accountOfArn', () => {
  it.each<[unknown, string | undefined]>([
    ['arn:aws:iam::111122223333:mfa/root-account-mfa-device', '111122223333'],
    ['arn:aws-cn:cloudwatch:cn-north-1:888899990000:alarm:root', '888899990000'],
    ['arn:aws:iam::12345:mfa/x', undefined],
    ['root-account-mfa-device', undefined],
    [42, undefined],
  ])('%j -> %j', (arn, acct) => {
    expect(accountOfArn(arn)).toBe(acct);
  });
});

describe('readVirtualMfa (list-virtual-mfa-devices)', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof entries> | undefined]>([
    [
      'root device by serial, a user device, grouped by account',
      {
        VirtualMFADevices: [
          { SerialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device', EnableDate: '2024-01-01T00:00:00Z' },
          { SerialNumber: 'arn:aws:iam::111122223333:mfa/alice', User: { Arn: 'arn:aws:iam::111122223333:user/alice' } },
          { SerialNumber: 'arn:aws:iam::444455556666:mfa/phone', User: { Arn: 'arn:aws:iam::444455556666:root' } },
          { NoSerial: true },
          'not an object',
        ],
      },
      [
        ['111122223333', { input: IN, deviceCount: 2, unreadable: 2, rootDevices: [{ serial: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device', enableDate: '2024-01-01T00:00:00Z' }] }],
        ['444455556666', { input: IN, deviceCount: 1, unreadable: 2, rootDevices: [{ serial: 'arn:aws:iam::444455556666:mfa/phone' }] }],
      ],
    ],
    ['an empty list proves "no virtual device" for the account in the batch', { VirtualMFADevices: [] }, [[null, { input: IN, deviceCount: 0, unreadable: 0, rootDevices: [] }]]],
    [
      'lower-case keys, nulls and nesting: every entry unreadable, counted (item 9 of issue 11)',
      { VirtualMFADevices: [{ serialnumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }, null, [{ SerialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }], { SerialNumber: null }] },
      [[null, { input: IN, deviceCount: 0, unreadable: 4, rootDevices: [] }]],
    ],
    ['not this shape', { VirtualMFADevices: 'x' }, undefined],
    ['another file', { SummaryMap: {} }, undefined],
  ])('%s', (_name, json, expected) => {
    expect(entries(readVirtualMfa(json, IN))).toEqual(expected);
  });
});

describe('readAccountSummary (get-account-summary)', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['root MFA on, keys present', { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1, AccountSigningCertificatesPresent: 0, Users: 3 } }, { input: IN, accountMfaEnabled: 1, accountAccessKeysPresent: 1, accountSigningCertificatesPresent: 0 }],
    ['only one root field, others not numbers', { SummaryMap: { AccountAccessKeysPresent: 0, AccountMFAEnabled: 'yes' } }, { input: IN, accountAccessKeysPresent: 0 }],
    ['a SummaryMap without root fields is not this file', { SummaryMap: { Users: 3 } }, undefined],
    ['no SummaryMap', { Summary: {} }, undefined],
  ])('%s', (_name, json, expected) => {
    expect(readAccountSummary(json, IN)).toEqual(expected);
  });
});

describe('readMetricFilters (describe-metric-filters)', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    [
      'a filter with its metric; unnamed and metric-less filters kept',
      {
        metricFilters: [
          { filterName: 'root', logGroupName: 'trail', filterPattern: '{ $.userIdentity.type = "Root" }', metricTransformations: [{ metricName: 'RootUse', metricNamespace: 'CIS' }, { metricName: 'no-namespace' }] },
          {},
          7,
        ],
      },
      {
        input: IN,
        filters: [
          { name: 'root', logGroup: 'trail', pattern: '{ $.userIdentity.type = "Root" }', metrics: [{ name: 'RootUse', namespace: 'CIS' }] },
          { name: '(unnamed)', logGroup: '', pattern: '', metrics: [] },
        ],
      },
    ],
    ['empty list', { metricFilters: [] }, { input: IN, filters: [] }],
    ['not this shape', { MetricFilters: [] }, undefined],
  ])('%s', (_name, json, expected) => {
    expect(readMetricFilters(json, IN)).toEqual(expected);
  });
});

describe('readAlarms (describe-alarms)', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof entries> | undefined]>([
    [
      'grouped by the account in the alarm ARN; disabled actions kept as such',
      {
        MetricAlarms: [
          { AlarmName: 'root-use', AlarmArn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:root-use', MetricName: 'RootUse', Namespace: 'CIS', AlarmActions: ['arn:aws:sns:us-east-1:111122223333:sec', 5] },
          { ActionsEnabled: false },
        ],
      },
      [
        ['111122223333', { input: IN, alarms: [{ name: 'root-use', arn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:root-use', metricName: 'RootUse', namespace: 'CIS', actions: ['arn:aws:sns:us-east-1:111122223333:sec'], actionsEnabled: true }] }],
        [null, { input: IN, alarms: [{ name: '(unnamed)', actions: [], actionsEnabled: false }] }],
      ],
    ],
    ['an empty list still says "no alarm"', { MetricAlarms: [] }, [[null, { input: IN, alarms: [] }]]],
    ['composite alarms only: not this shape', { CompositeAlarms: [] }, undefined],
  ])('%s', (_name, json, expected) => {
    expect(entries(readAlarms(json, IN))).toEqual(expected);
  });
});

describe('readOrgAccounts (organizations list-accounts)', () => {
  it.each<[string, Record<string, unknown>, [string, string][] | undefined]>([
    ['id -> name; entries without a 12-digit id or a name left out', { Accounts: [{ Id: '111122223333', Name: 'prod' }, { Id: '12', Name: 'short' }, { Id: '444455556666' }, null] }, [['111122223333', 'prod']]],
    ['empty', { Accounts: [] }, []],
    ['not this shape', { accounts: [] }, undefined],
  ])('%s', (_name, json, expected) => {
    const m = readOrgAccounts(json);
    expect(m ? [...m] : m).toEqual(expected);
  });
});

describe('readOrganizationFeatures (iam list-organizations-features)', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof readOrganizationFeatures>]>([
    [
      'both features',
      { OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] },
      { input: IN, organizationId: 'o-a1b2c3d4e5', enabledFeatures: ['RootCredentialsManagement', 'RootSessions'] },
    ],
    ['nothing enabled', { OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: [] }, { input: IN, organizationId: 'o-a1b2c3d4e5', enabledFeatures: [] }],
    ['no organization id; non-strings left out', { EnabledFeatures: ['RootSessions', null, 3] }, { input: IN, enabledFeatures: ['RootSessions'] }],
    ['not this shape: no EnabledFeatures', { OrganizationId: 'o-a1b2c3d4e5' }, undefined],
    ['not this shape: EnabledFeatures is a string', { EnabledFeatures: 'RootSessions' }, undefined],
  ])('%s', (_name, json, expected) => {
    expect(readOrganizationFeatures(json, IN)).toEqual(expected);
  });
});
