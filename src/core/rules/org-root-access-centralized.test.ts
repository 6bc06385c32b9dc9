import { describe, expect, it } from 'vitest';
import type { OrganizationFeaturesEvidence } from '../evidence-files/model';
import { ctx } from '../../../test/helpers/report';
import { orgRootAccessCentralized } from './org-root-access-centralized';

const IN = 'organizations-features.json';
/** `organizationId` null: the file carries none. */
const features = (enabledFeatures: string[], organizationId: string | null = 'o-a1b2c3d4e5', input = IN): OrganizationFeaturesEvidence =>
  organizationId === null ? { input, enabledFeatures } : { input, organizationId, enabledFeatures };
const run = (files?: OrganizationFeaturesEvidence[]) => orgRootAccessCentralized.evaluate(ctx(files ? { account: { organizationFeatures: files } } : {}));

describe('ORG-ROOT-ACCESS-CENTRALIZED', () => {
  it.each([
    { name: 'both features enabled', files: [features(['RootCredentialsManagement', 'RootSessions'])], status: 'PASS' },
    { name: 'credentials management only', files: [features(['RootCredentialsManagement'])], status: 'PASS' },
    { name: 'root sessions only', files: [features(['RootSessions'])], status: 'FAIL' },
    { name: 'nothing enabled', files: [features([])], status: 'FAIL' },
    { name: 'feature name in another case is not the feature', files: [features(['rootcredentialsmanagement'])], status: 'FAIL' },
    { name: 'no file', files: undefined, status: 'NEEDS_EVIDENCE' },
    { name: 'empty list of files', files: [], status: 'NEEDS_EVIDENCE' },
    { name: 'two organizations that disagree', files: [features(['RootCredentialsManagement'], 'o-a'), features([], 'o-b', 'b.json')], status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ files, status }) => {
    const out = run(files);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('PASS cites EnabledFeatures, says it is organization-level and that enabling removed nothing', () => {
    const [f] = run([features(['RootCredentialsManagement', 'RootSessions'])]);
    expect(f?.evidence).toEqual([{ input: IN, field: 'EnabledFeatures', value: 'RootCredentialsManagement, RootSessions', note: 'OrganizationId o-a1b2c3d4e5' }]);
    expect(f?.message).toBe(
      "o-a1b2c3d4e5 has centralized root credentials management enabled (RootCredentialsManagement); RootSessions (privileged root actions in member accounts) is enabled too. This is an organization-level setting: it covers the organization's member accounts, not the management account's own root user, and the file does not say whether this account is a member. Enabling it removed nothing: member accounts keep root credentials until they are deleted for each account (ROOT-CREDENTIALS-REMOVED shows this account's).",
    );
  });

  it('PASS without RootSessions says so', () => {
    const [f] = run([features(['RootCredentialsManagement'], null)]);
    expect(f?.message).toContain(`RootSessions (privileged root actions in member accounts) is not enabled for the organization of ${IN}.`);
    expect(f?.evidence[0]?.note).toBe('no OrganizationId in the file');
  });

  it('FAIL names what is enabled instead', () => {
    const [f] = run([features(['RootSessions'])]);
    expect(f?.message).toMatch(/^o-a1b2c3d4e5 does not have centralized root credentials management enabled: EnabledFeatures lists no RootCredentialsManagement\. This is an organization-level setting/);
    expect(f?.evidence[0]?.value).toBe('RootSessions');
    expect(run([features([])])[0]?.evidence[0]?.value).toBe('(none)');
  });

  it('NEEDS_EVIDENCE without the file names the command to run', () => {
    const [f] = run();
    expect(f?.message).toContain('aws iam list-organizations-features --output json');
    expect(f?.message).toContain('organization-level');
    expect(f?.evidence).toEqual([]);
  });

  it('maps CIS v7.0 2.1.1 directly', () => {
    expect(orgRootAccessCentralized.controls[0]).toEqual({ framework: 'CIS AWS Foundations', version: '7.0', control: '2.1.1' });
  });
});
