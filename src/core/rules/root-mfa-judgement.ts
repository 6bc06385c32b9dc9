// The part of the root MFA checks both MFA rules (ROOT-MFA-ENABLED, ROOT-HARDWARE-MFA) share.
import type { CredentialReport, ReportRow } from '../credential-report/model';
import type { Evidence } from '../types';
import { ROOT_RESOURCE, type FindingDraft, type RuleContext } from './define-rule';
import { cite, citeKeysAndCerts, judgeRootRow, rootCredentialState, unreadable } from './report-readings';
import { listOf } from './wording';

/**
 * NOT_APPLICABLE when root credentials are removed, FAIL when MFA is off while root has a working
 * credential, NEEDS_EVIDENCE when cells are unreadable. `mfa-on` leaves the rest to the caller.
 */
type RootMfaJudgement = { kind: 'decided'; draft: FindingDraft } | { kind: 'mfa-on'; evidence: Evidence[] };

/** The frame of both root MFA rules: the shared judgement, then `mfaOn` (with its evidence) once root has MFA. */
export function judgeRootMfaRule(ctx: RuleContext, mfaOn: (evidence: Evidence[]) => FindingDraft[]): FindingDraft[] {
  return judgeRootRow(ctx, (report, root) => {
    const j = judgeRootMfa(report, root);
    return j.kind === 'decided' ? [j.draft] : mfaOn(j.evidence);
  });
}

function judgeRootMfa(report: CredentialReport, root: ReportRow): RootMfaJudgement {
  const evidence: Evidence[] = [cite(report, root, 'mfa_active'), cite(report, root, 'password_enabled'), ...citeKeysAndCerts(report, root)];
  const decided = (status: FindingDraft['status'], message: string): RootMfaJudgement => ({
    kind: 'decided',
    draft: { status, resource: ROOT_RESOURCE, message, evidence },
  });
  const state = rootCredentialState(root);
  if (state.removed) {
    return decided(
      'NOT_APPLICABLE',
      'Root credentials were removed (password disabled, no access key, no signing certificate), so there is no sign-in for MFA to protect. This is the most secure state.',
    );
  }
  const mfa = root.bools.mfa_active;
  if (mfa.kind !== 'value') return decided('NEEDS_EVIDENCE', `Cannot tell whether root has MFA: ${unreadable('mfa_active', mfa)}.`);
  if (mfa.value) return { kind: 'mfa-on', evidence };
  if (state.usable.length > 0) return decided('FAIL', `Root has no MFA while it has ${listOf(state.usable)}.`);
  if (state.unknown.length > 0) {
    return decided('NEEDS_EVIDENCE', `Root has no MFA, and whether it still has a working credential cannot be told: ${listOf(state.unknown)}.`);
  }
  return decided(
    'NOT_APPLICABLE',
    `Root has no MFA but also no working credential (password disabled, nothing active); what is left is ${listOf(state.leftovers)}, which ROOT-ACCESS-KEY-EXISTS / ROOT-CREDENTIALS-REMOVED report.`,
  );
}
