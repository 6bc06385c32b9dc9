// What counts as root activity (RULES.md "Root rules from CloudTrail", FORMATS.md §2).
//
// Root event = userIdentity.type "Root", except service noise:
// - eventType "AwsServiceEvent" (case-insensitive): AWS acting on the account, not a person.
// - userIdentity.invokedBy an AWS *service* principal (`autoscaling.amazonaws.com`,
//   `config.amazonaws.com`, `cloudformation.amazonaws.com`, ...): a service calling with root's
//   authority, e.g. an Auto Scaling group launching instances. The call that set it up is its own
//   root event.
//
// Still root (decided on purpose; the CIS metric filter, which requires invokedBy to be absent, would
// miss these):
// - console-style invokers: `signin.amazonaws.com`, `console.amazonaws.com`, `*.console.aws.amazon.com`
//   and the like. Root's own console session carries them on some events (CreateAccessKey from the
//   console, for one); a person is behind them.
// - `AWS Internal`: calls AWS makes internally on behalf of the signed-in caller (console pages);
//   again a person's session.
// - any other invokedBy value that is not an AWS service principal (an unknown value is read as
//   root: missing a root session is worse than showing one extra event).

const SERVICE_PRINCIPAL_RE = /^[a-z0-9][a-z0-9.-]*\.(?:amazonaws\.com(?:\.cn)?|amazon\.com|api\.aws)$/i;
const CONSOLE_INVOKER_RE = /(?:^|\.)(?:signin|console)\.(?:amazonaws\.com(?:\.cn)?|aws\.amazon\.com|amazon\.com)$/i;

/** True for an invokedBy value that is an AWS service acting on its own (not a console session). */
export function isServiceInvoker(invokedBy: string | undefined): boolean {
  if (invokedBy === undefined) return false;
  const v = invokedBy.trim();
  if (v === '' || CONSOLE_INVOKER_RE.test(v)) return false;
  return SERVICE_PRINCIPAL_RE.test(v);
}

export const isServiceEventType = (eventType: string | undefined): boolean => eventType !== undefined && eventType.trim().toLowerCase() === 'awsserviceevent';

/**
 * Why a root-identity event is not root activity, or undefined when it is root activity.
 * The reason text is used to tally the excluded events per file.
 */
export function serviceNoiseReason(eventType: string | undefined, invokedBy: string | undefined): string | undefined {
  if (isServiceEventType(eventType)) return 'eventType AwsServiceEvent';
  if (isServiceInvoker(invokedBy)) return `invokedBy ${(invokedBy as string).trim()}`;
  return undefined;
}
