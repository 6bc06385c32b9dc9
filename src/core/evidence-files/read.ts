// Readers of the evidence files in model.ts, from parsed JSON. Each returns undefined when the
// object is not its shape (the input reader table then tries the next one).
import type { AccountSummaryEvidence, AlarmEvidence, MetricFilterEvidence, OrgAccountNames, OrganizationFeaturesEvidence, VirtualMfaEvidence } from './model';

const ACCT_IN_ARN = /^arn:[a-z0-9-]+:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/;
export const accountOfArn = (arn: unknown): string | undefined =>
  typeof arn === 'string' ? ACCT_IN_ARN.exec(arn)?.[1] : undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** `aws iam list-virtual-mfa-devices`: devices grouped by the account in their serial ARN. */
export function readVirtualMfa(o: Record<string, unknown>, input: string): Map<string | null, VirtualMfaEvidence> | undefined {
  const devices = arr(o.VirtualMFADevices);
  if (!devices) return undefined;
  const out = new Map<string | null, VirtualMfaEvidence>();
  let unreadable = 0;
  for (const d of devices) {
    const dev = obj(d);
    const serial = str(dev?.SerialNumber);
    if (!dev || !serial) {
      unreadable++;
      continue;
    }
    const acct = accountOfArn(serial) ?? null;
    const entry = out.get(acct) ?? { input, rootDevices: [], deviceCount: 0, unreadable: 0 };
    entry.deviceCount++;
    const userArn = str(obj(dev.User)?.Arn);
    const isRoot = /:mfa\/root-account-mfa-device$/.test(serial) || (userArn !== undefined && /:root$/.test(userArn));
    if (isRoot) {
      const rd: { serial: string; enableDate?: string } = { serial };
      const en = str(dev.EnableDate);
      if (en) rd.enableDate = en;
      entry.rootDevices.push(rd);
    }
    out.set(acct, entry);
  }
  // An empty list still proves "no virtual device" for the single account in the batch (an
  // unreadable one proves nothing: the count goes with it).
  if (out.size === 0) out.set(null, { input, rootDevices: [], deviceCount: 0, unreadable: 0 });
  for (const entry of out.values()) entry.unreadable = unreadable;
  return out;
}

/** `aws iam get-account-summary`. */
export function readAccountSummary(o: Record<string, unknown>, input: string): AccountSummaryEvidence | undefined {
  const m = obj(o.SummaryMap);
  if (!m || !('AccountMFAEnabled' in m || 'AccountAccessKeysPresent' in m)) return undefined;
  const ev: AccountSummaryEvidence = { input };
  if (typeof m.AccountMFAEnabled === 'number') ev.accountMfaEnabled = m.AccountMFAEnabled;
  if (typeof m.AccountAccessKeysPresent === 'number') ev.accountAccessKeysPresent = m.AccountAccessKeysPresent;
  if (typeof m.AccountSigningCertificatesPresent === 'number') ev.accountSigningCertificatesPresent = m.AccountSigningCertificatesPresent;
  return ev;
}

/** `aws logs describe-metric-filters`. */
export function readMetricFilters(o: Record<string, unknown>, input: string): MetricFilterEvidence | undefined {
  const list = arr(o.metricFilters);
  if (!list) return undefined;
  const filters: MetricFilterEvidence['filters'] = [];
  for (const f of list) {
    const fo = obj(f);
    if (!fo) continue;
    const metrics = (arr(fo.metricTransformations) ?? []).flatMap((t) => {
      const to = obj(t);
      const name = str(to?.metricName);
      const namespace = str(to?.metricNamespace);
      return name && namespace ? [{ name, namespace }] : [];
    });
    filters.push({ name: str(fo.filterName) ?? '(unnamed)', logGroup: str(fo.logGroupName) ?? '', pattern: str(fo.filterPattern) ?? '', metrics });
  }
  return { input, filters };
}

/** `aws cloudwatch describe-alarms`, grouped by the account in each alarm ARN. */
export function readAlarms(o: Record<string, unknown>, input: string): Map<string | null, AlarmEvidence> | undefined {
  const list = arr(o.MetricAlarms);
  if (!list) return undefined;
  const out = new Map<string | null, AlarmEvidence>();
  for (const a of list) {
    const ao = obj(a);
    if (!ao) continue;
    const arn = str(ao.AlarmArn);
    const acct = accountOfArn(arn) ?? null;
    const entry = out.get(acct) ?? { input, alarms: [] };
    const alarm: AlarmEvidence['alarms'][number] = {
      name: str(ao.AlarmName) ?? '(unnamed)',
      actions: (arr(ao.AlarmActions) ?? []).filter((x): x is string => typeof x === 'string'),
      actionsEnabled: ao.ActionsEnabled !== false,
    };
    if (arn) alarm.arn = arn;
    const mn = str(ao.MetricName);
    const ns = str(ao.Namespace);
    if (mn) alarm.metricName = mn;
    if (ns) alarm.namespace = ns;
    entry.alarms.push(alarm);
    out.set(acct, entry);
  }
  if (out.size === 0) out.set(null, { input, alarms: [] });
  return out;
}

/**
 * `aws iam list-organizations-features`: `{"OrganizationId": "o-…", "EnabledFeatures": [...]}`.
 * Recognised by `EnabledFeatures` being a list of strings; anything else in the list is left out.
 */
export function readOrganizationFeatures(o: Record<string, unknown>, input: string): OrganizationFeaturesEvidence | undefined {
  const list = arr(o.EnabledFeatures);
  if (!list) return undefined;
  const ev: OrganizationFeaturesEvidence = { input, enabledFeatures: list.filter((x): x is string => typeof x === 'string') };
  const id = str(o.OrganizationId);
  if (id) ev.organizationId = id;
  return ev;
}

/** `aws organizations list-accounts`: id -> name (entries without a 12-digit id or a name are left out). */
export function readOrgAccounts(o: Record<string, unknown>): OrgAccountNames | undefined {
  const list = arr(o.Accounts);
  if (!list) return undefined;
  const out: OrgAccountNames = new Map();
  for (const a of list) {
    const ao = obj(a);
    const id = str(ao?.Id);
    const name = str(ao?.Name);
    if (id && /^\d{12}$/.test(id) && name) out.set(id, name);
  }
  return out;
}
