import type { OrganizationFeaturesEvidence } from '../evidence-files/model';
import type { Evidence } from '../types';
import { CIS_CENTRALIZED_ROOT_ACCESS, iso27001, soc2 } from './controls';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { CENTRALIZED_ROOT_ACCESS, CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING, ROOT_SCP_PREVENTION } from './remediation-snippets';
import { listOf } from './wording';

const LIST_FEATURES = 'aws iam list-organizations-features --output json > organizations-features.json';
/** The feature CIS v7.0 2.1.1 asks for: IAM manages member accounts' root credentials centrally. */
const CREDENTIALS_MANAGEMENT = 'RootCredentialsManagement';
/** Privileged root actions (sts:AssumeRoot) in member accounts. */
const ROOT_SESSIONS = 'RootSessions';

const ORG_LEVEL =
  "This is an organization-level setting: it covers the organization's member accounts, not the management account's own root user, and the file does not say whether this account is a member.";

const has = (f: OrganizationFeaturesEvidence, feature: string): boolean => f.enabledFeatures.some((x) => x.trim() === feature);
const orgName = (f: OrganizationFeaturesEvidence): string => f.organizationId ?? `the organization of ${f.input}`;

function cite(f: OrganizationFeaturesEvidence): Evidence {
  return {
    input: f.input,
    field: 'EnabledFeatures',
    value: f.enabledFeatures.length > 0 ? f.enabledFeatures.join(', ') : '(none)',
    note: f.organizationId ? `OrganizationId ${f.organizationId}` : 'no OrganizationId in the file',
  };
}

export const orgRootAccessCentralized = defineRule({
  id: 'ORG-ROOT-ACCESS-CENTRALIZED',
  title: 'Centralized root access is not enabled for the organization',
  severity: 'medium',
  needs: ['evidence-files'],
  scope: 'root',
  rationale:
    'With centralized root access, the management account (or a delegated administrator) can remove member accounts\' root credentials and do the rare root-only task in a short, task-limited sts:AssumeRoot session, so member accounts need no root password, key or MFA device that could leak. CIS v7.0 2.1.1 (Level 2) asks for it; it is decided once per organization, from aws iam list-organizations-features.',
  remediation: {
    console: [
      'Sign in to the management account (or the delegated administrator for IAM) and open IAM → Root access management.',
      'Enable it, with both "Root credentials management" and "Privileged root actions in member accounts".',
      CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
      'Then, for each member account: select it, choose "Take privileged action" → "Delete root user credentials" (see ROOT-CREDENTIALS-REMOVED).',
    ],
    cli: ['# From the management account:', ...CENTRALIZED_ROOT_ACCESS, 'aws iam list-organizations-features   # EnabledFeatures lists RootCredentialsManagement and RootSessions'],
    prevention: [
      'Let a security account manage root access instead of the management account:',
      'aws organizations register-delegated-administrator --service-principal iam.amazonaws.com --account-id SECURITY_ACCOUNT_ID',
      ROOT_SCP_PREVENTION,
      'Check the setting in your organization baseline pipeline with aws iam list-organizations-features.',
    ],
    verify: [LIST_FEATURES, 'Load that file here: ORG-ROOT-ACCESS-CENTRALIZED passes for the accounts loaded with it.'],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html',
  ],
  controls: [...CIS_CENTRALIZED_ROOT_ACCESS, iso27001('A.5.15'), soc2('CC6.2')],
  evaluate(ctx): FindingDraft[] {
    const files = ctx.account.organizationFeatures ?? [];
    if (files.length === 0) {
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message: `No organization features file was loaded, so whether the organization manages member accounts' root credentials centrally cannot be told. Run ${LIST_FEATURES} in the management account (or the delegated administrator for IAM) and add the file. This is an organization-level setting.`,
          evidence: [],
        },
      ];
    }
    const evidence = files.map(cite);
    const on = files.filter((f) => has(f, CREDENTIALS_MANAGEMENT));
    const off = files.filter((f) => !has(f, CREDENTIALS_MANAGEMENT));
    if (off.length === 0) {
      const withoutSessions = on.filter((f) => !has(f, ROOT_SESSIONS));
      const sessionsText =
        withoutSessions.length === 0
          ? `${ROOT_SESSIONS} (privileged root actions in member accounts) is enabled too.`
          : `${ROOT_SESSIONS} (privileged root actions in member accounts) is not enabled for ${listOf(withoutSessions.map(orgName))}.`;
      return [
        {
          status: 'PASS',
          resource: ROOT_RESOURCE,
          message: `${listOf(on.map(orgName))} ${on.length === 1 ? 'has' : 'have'} centralized root credentials management enabled (${CREDENTIALS_MANAGEMENT}); ${sessionsText} ${ORG_LEVEL} Enabling it removed nothing: member accounts keep root credentials until they are deleted for each account (ROOT-CREDENTIALS-REMOVED shows this account's).`,
          evidence,
        },
      ];
    }
    if (on.length === 0) {
      return [
        {
          status: 'FAIL',
          resource: ROOT_RESOURCE,
          message: `${listOf(off.map(orgName))} ${off.length === 1 ? 'does' : 'do'} not have centralized root credentials management enabled: EnabledFeatures ${off.length === 1 ? 'lists' : 'list'} no ${CREDENTIALS_MANAGEMENT}. ${ORG_LEVEL}`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'NEEDS_EVIDENCE',
        resource: ROOT_RESOURCE,
        message: `The organization features files disagree: ${listOf(on.map(orgName))} ${on.length === 1 ? 'has' : 'have'} ${CREDENTIALS_MANAGEMENT} enabled, ${listOf(off.map(orgName))} ${off.length === 1 ? 'does' : 'do'} not, and none of them says which organization this account belongs to. Load one organization's files at a time.`,
        evidence,
      },
    ];
  },
});
