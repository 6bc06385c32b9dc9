// Each check phrased as the state it expects, for lists where a status sits next to it: "No active
// root signing certificate — PASS" reads right, where the rule title ("Root user has an active
// signing certificate") next to PASS reads as the bad state. Rule titles stay what the rule finds
// (finding titles, exports); these names are for the page, the workpaper and the Markdown summary.

const EXPECTED_STATE: Readonly<Record<string, string>> = {
  'ROOT-ACCESS-KEY-ACTIVE': 'No active root access key',
  'ROOT-ACCESS-KEY-EXISTS': 'No inactive root access key left',
  'ROOT-MFA-ENABLED': 'Root user has MFA',
  'ROOT-HARDWARE-MFA': 'No virtual MFA device on root',
  'ROOT-RECENT-USE': 'Root user not used within the window',
  'ROOT-SIGNING-CERT-ACTIVE': 'No active root signing certificate',
  'ROOT-CREDENTIALS-REMOVED': 'Root credentials removed',
  'ROOT-USAGE-ALARM': 'Alarm on root user activity',
  'ORG-ROOT-ACCESS-CENTRALIZED': 'Centralized root access enabled for the organization',
  'REPORT-AGE': 'Credential report is recent',
  'USER-CONSOLE-WITHOUT-MFA': 'IAM console users have MFA',
  'USER-UNUSED-CREDENTIALS': 'No unused IAM user credentials',
  'USER-KEY-NOT-ROTATED': 'IAM user access keys rotated',
  'USER-MULTIPLE-ACTIVE-KEYS': 'At most one active access key per IAM user',
  'USER-SETUP-KEY-UNUSED': 'No unused access key created with a console user',
  'CT-ROOT-ACTIVITY': 'No root activity in CloudTrail within the window',
  'CT-ROOT-SIGN-IN': 'No root console sign-in',
  'CT-ROOT-SIGN-IN-WITHOUT-MFA': 'No root sign-in without MFA',
  'CT-ROOT-FAILED-SIGN-IN': 'No failed root sign-in',
  'CT-ROOT-ACCESS-KEY-CREATED': 'Root did not create an access key for itself',
  'CT-ROOT-LONG-TERM-KEY-USED': 'No root long-term access key used',
  'CT-ROOT-CREDENTIAL-CHANGE': 'No root credential change',
  'CT-ROOT-TASK-SESSION': 'Privileged root task sessions listed',
  'XSRC-ROOT-LAST-USE': 'Credential report and CloudTrail agree on root last use',
};

/** The check's name as its expected state; the rule title when the rule is not in the table. */
export function checkName(ruleId: string, title: string): string {
  return EXPECTED_STATE[ruleId] ?? title;
}

/** Rule ids that have an expected-state name (for the test that every registered rule has one). */
export const NAMED_CHECKS: readonly string[] = Object.keys(EXPECTED_STATE);
