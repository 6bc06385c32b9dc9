// Evidence-file readers (FORMATS.md, RULES.md): small AWS CLI JSON outputs that sharpen root checks. Each
// is recognised by the key it is built around; the parsing is in evidence-files/read.ts.
import type { AccountSummaryEvidence, AlarmEvidence, MetricFilterEvidence, OrgAccountNames, OrganizationFeaturesEvidence, VirtualMfaEvidence } from '../evidence-files/model';
import { readAccountSummary, readAlarms, readMetricFilters, readOrgAccounts, readOrganizationFeatures, readVirtualMfa } from '../evidence-files/read';
import { defineReader, inputRead, type InputRead } from './reader';

/** Evidence found per account: records counted by `size`, known accounts listed in map order. */
function perAccount<E>(out: InputRead, byAccount: Map<string | null, E>, size: (e: E) => number): InputRead {
  for (const [accountId, ev] of byAccount) {
    out.records += size(ev);
    if (accountId) out.accountIds.push(accountId);
  }
  return out;
}

export const virtualMfaReader = defineReader<Map<string | null, VirtualMfaEvidence>>({
  id: 'list-virtual-mfa-devices',
  kind: 'virtual-mfa-devices',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    return o && readVirtualMfa(o, s.name);
  },
  read: (s, byAccount) => {
    const out = inputRead('virtual-mfa-devices', 'list-virtual-mfa-devices');
    out.content = { type: 'virtual-mfa', byAccount };
    perAccount(out, byAccount, (ev) => ev.deviceCount);
    const unreadable = byAccount.values().next().value?.unreadable ?? 0;
    if (unreadable > 0) {
      out.skipped = unreadable;
      out.problems.push({
        input: s.name,
        severity: 'warning',
        message: `${unreadable} entr${unreadable === 1 ? 'y' : 'ies'} of VirtualMFADevices could not be read (not an object with a SerialNumber string, as the AWS CLI writes it); any of them could be root's device, so this file cannot show that root has no virtual MFA device.`,
      });
    }
    return out;
  },
});

export const accountSummaryReader = defineReader<AccountSummaryEvidence>({
  id: 'get-account-summary',
  kind: 'account-summary',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    return o && readAccountSummary(o, s.name);
  },
  read: (_s, summary) => ({ ...inputRead('account-summary', 'get-account-summary'), records: 1, content: { type: 'account-summary', summary } }),
});

export const metricFiltersReader = defineReader<MetricFilterEvidence>({
  id: 'describe-metric-filters',
  kind: 'metric-filters',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    return o && readMetricFilters(o, s.name);
  },
  read: (_s, filters) => ({ ...inputRead('metric-filters', 'describe-metric-filters'), records: filters.filters.length, content: { type: 'metric-filters', filters } }),
});

export const alarmsReader = defineReader<Map<string | null, AlarmEvidence>>({
  id: 'describe-alarms',
  kind: 'metric-alarms',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    return o && readAlarms(o, s.name);
  },
  read: (_s, byAccount) => {
    const out = inputRead('metric-alarms', 'describe-alarms');
    out.content = { type: 'alarms', byAccount };
    return perAccount(out, byAccount, (ev) => ev.alarms.length);
  },
});

export const orgAccountsReader = defineReader<OrgAccountNames>({
  id: 'organizations-list-accounts',
  kind: 'organizations-accounts',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    return o && readOrgAccounts(o);
  },
  read: (_s, names) => ({
    ...inputRead('organizations-accounts', 'list-accounts'),
    records: names.size,
    accountIds: [...names.keys()],
    content: { type: 'org-accounts', names },
  }),
});

/** An organization setting: it names the organization, no account, and applies to the batch's accounts. */
export const orgFeaturesReader = defineReader<OrganizationFeaturesEvidence>({
  id: 'iam-list-organizations-features',
  kind: 'organization-features',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    return o && readOrganizationFeatures(o, s.name);
  },
  read: (_s, features) => ({
    ...inputRead('organization-features', 'list-organizations-features'),
    records: features.enabledFeatures.length,
    content: { type: 'org-features', features },
  }),
});
