import { HOUR_MS } from '../time';
import type { Evidence } from '../types';
import { defineRule, type FindingDraft } from './define-rule';
import { CIS_NO_SETUP_KEY, iso27001, soc2 } from './controls';
import { VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cellText, cite, judgeEachUser, KEY_SLOTS, keyActiveCol, keyRotatedCol, keyUsedCol, readLastUsed, unreadable } from './report-readings';
import { listOf } from './wording';

export const userSetupKeyUnused = defineRule({
  id: 'USER-SETUP-KEY-UNUSED',
  title: 'IAM console user has an unused access key created with the user',
  severity: 'low',
  needs: ['credential-report'],
  scope: 'user',
  rationale:
    'Keys created by default when a person\'s console user is set up, "just in case", are often never used yet stay valid, and nobody owns them. Create keys only when a person or workload actually needs one, and delete the ones that were never used. Like the CIS audit, this checks users with a console password (password_enabled true); users without one are typically workloads whose key is their purpose.',
  remediation: {
    console: [
      'IAM → Users → the user → "Security credentials" → "Access keys": a key whose "Last used" is N/A and whose creation time matches the user\'s was made at setup and never used.',
      'Choose Actions → Deactivate, then Actions → Delete.',
      'Review the user-provisioning process (console wizard habit, script or template) that creates keys by default.',
    ],
    cli: [
      'aws iam list-access-keys --user-name USER_NAME',
      'aws iam get-access-key-last-used --access-key-id KEY_ID   # LastUsedDate absent = never used',
      'aws iam delete-access-key --user-name USER_NAME --access-key-id KEY_ID',
    ],
    prevention: [
      'Remove access-key creation from user-provisioning templates (CloudFormation AWS::IAM::AccessKey, Terraform aws_iam_access_key) unless there is a named consumer.',
      'Give people IAM Identity Center access and workloads roles; limit iam:CreateAccessKey to the identity team with an SCP or permission boundary.',
    ],
    verify: [
      'aws iam list-access-keys --user-name USER_NAME   # the setup key is gone',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: no console user has an active key with last_used_date N/A and last_rotated at user creation.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  controls: [...CIS_NO_SETUP_KEY, iso27001('A.5.17'), soc2('CC6.2')],
  evaluate(ctx): FindingDraft[] {
    return judgeEachUser(ctx, (report, u) => {
      const evidence: Evidence[] = [cite(report, u, 'password_enabled'), cite(report, u, 'user_creation_time', ctx.asOf)];
      // CIS audits this for console users only: without a password the check does not apply.
      const pw = u.bools.password_enabled;
      if (pw.kind === 'value' && !pw.value) return { status: 'NOT_APPLICABLE', message: `${u.user} has no console password; this check covers console users only.`, evidence };
      const created = u.dates.user_creation_time;
      const setupKeys: string[] = [];
      const unknown: string[] = [];
      let active = 0;
      for (const k of KEY_SLOTS) {
        const a = u.bools[keyActiveCol(k)];
        evidence.push(cite(report, u, keyActiveCol(k)), cite(report, u, keyRotatedCol(k), ctx.asOf), cite(report, u, keyUsedCol(k), ctx.asOf));
        if (a.kind !== 'value') {
          unknown.push(unreadable(keyActiveCol(k), a));
          continue;
        }
        if (!a.value) continue;
        active++;
        const use = readLastUsed(u.dates[keyUsedCol(k)]);
        if (use.kind === 'used') continue;
        const r = u.dates[keyRotatedCol(k)];
        if (r.kind !== 'value' || created.kind !== 'value') {
          const why = [r.kind !== 'value' ? unreadable(keyRotatedCol(k), r) : '', created.kind !== 'value' ? unreadable('user_creation_time', created) : ''].filter(Boolean);
          unknown.push(`key ${k}: ${listOf(why)}`);
          continue;
        }
        // "Same hour" read as: the key appeared within one hour of the user (either side, inclusive).
        const atSetup = Math.abs(r.value - created.value) <= HOUR_MS;
        if (!atSetup) continue;
        if (use.kind === 'never') setupKeys.push(`access key ${k} (created ${r.raw} with the user, last_used_date ${cellText(u.dates[keyUsedCol(k)])})`);
        else unknown.push(`key ${k} was created with the user and ${unreadable(keyUsedCol(k), u.dates[keyUsedCol(k)])}`);
      }
      if (setupKeys.length > 0 && pw.kind !== 'value') {
        return { status: 'NEEDS_EVIDENCE', message: `${u.user}: ${listOf(setupKeys)} ${setupKeys.length === 2 ? 'were' : 'was'} never used, but whether the user has a console password (which this check requires) cannot be told: ${unreadable('password_enabled', pw)}.`, evidence };
      }
      if (setupKeys.length > 0) return { status: 'FAIL', message: `${u.user}, a console user: ${listOf(setupKeys)} ${setupKeys.length === 2 ? 'were' : 'was'} never used.`, evidence };
      if (unknown.length > 0) return { status: 'NEEDS_EVIDENCE', message: `${u.user}: cannot tell whether an active key is an unused setup key: ${listOf(unknown)}.`, evidence };
      if (active === 0) return { status: 'NOT_APPLICABLE', message: `${u.user} has no active access key.`, evidence };
      return { status: 'PASS', message: `${u.user}: every active key was either used or created later than the user.`, evidence };
    });
  },
});
