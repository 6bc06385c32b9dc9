// Every rule, in display order. A rule is one file; add it here and its table test beside it.
import type { RuleDefinition } from './define-rule';
import { rootAccessKeyActive } from './root-access-key-active';
import { rootAccessKeyExists } from './root-access-key-exists';
import { rootMfaEnabled } from './root-mfa-enabled';
import { rootHardwareMfa } from './root-hardware-mfa';
import { rootRecentUse } from './root-recent-use';
import { rootSigningCertActive } from './root-signing-cert-active';
import { rootCredentialsRemoved } from './root-credentials-removed';
import { rootUsageAlarm } from './root-usage-alarm';
import { orgRootAccessCentralized } from './org-root-access-centralized';
import { reportAge } from './report-age';
import { userConsoleWithoutMfa } from './user-console-without-mfa';
import { userUnusedCredentials } from './user-unused-credentials';
import { userKeyNotRotated } from './user-key-not-rotated';
import { userMultipleActiveKeys } from './user-multiple-active-keys';
import { userSetupKeyUnused } from './user-setup-key-unused';
import { ctRootActivity } from './ct-root-activity';
import { ctRootSignIn } from './ct-root-sign-in';
import { ctRootSignInWithoutMfa } from './ct-root-sign-in-without-mfa';
import { ctRootFailedSignIn } from './ct-root-failed-sign-in';
import { ctRootAccessKeyCreated } from './ct-root-access-key-created';
import { ctRootLongTermKeyUsed } from './ct-root-long-term-key-used';
import { ctRootCredentialChange } from './ct-root-credential-change';
import { ctRootTaskSession } from './ct-root-task-session';
import { xsrcRootLastUse } from './xsrc-root-last-use';

export const RULES: readonly RuleDefinition[] = [
  rootAccessKeyActive,
  // credential-report rules
  rootAccessKeyExists,
  rootMfaEnabled,
  rootHardwareMfa,
  rootRecentUse,
  rootSigningCertActive,
  rootCredentialsRemoved,
  rootUsageAlarm,
  orgRootAccessCentralized,
  reportAge,
  userConsoleWithoutMfa,
  userUnusedCredentials,
  userKeyNotRotated,
  userMultipleActiveKeys,
  userSetupKeyUnused,
  // CloudTrail rules (CT-*) and XSRC-ROOT-LAST-USE
  ctRootActivity,
  ctRootSignIn,
  ctRootSignInWithoutMfa,
  ctRootFailedSignIn,
  ctRootAccessKeyCreated,
  ctRootLongTermKeyUsed,
  ctRootCredentialChange,
  ctRootTaskSession,
  xsrcRootLastUse,
];

export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.id, r]));
