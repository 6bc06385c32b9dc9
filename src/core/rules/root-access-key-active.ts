import { CIS_NO_ROOT_ACCESS_KEY, configRule, iso27001, securityHub, soc2 } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { REMOVE_ROOT_KEYS } from './remediation-snippets';
import { cite, isTrue, judgeRootRow, KEY_SLOTS, keyActiveCol, keyUsedCol, unknownBool } from './report-readings';

export const rootAccessKeyActive = defineRule({
  id: 'ROOT-ACCESS-KEY-ACTIVE',
  title: 'Root user has an active access key',
  severity: 'critical',
  needs: ['credential-report'],
  scope: 'root',
  rationale:
    'An access key on the root user gives whoever holds it unrestricted, programmatic control of the whole account, and no IAM policy can limit it. Keys leak through code, CI logs and laptops; root should have none.',
  remediation: REMOVE_ROOT_KEYS,
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4',
  ],
  controls: [
    ...CIS_NO_ROOT_ACCESS_KEY,
    securityHub('IAM.4'),
    configRule('iam-root-access-key-check'),
    { framework: 'CCE', version: 'NIST CCE list', control: 'CCE-78910-7' },
    { framework: 'CIS Controls', version: '6', control: '5.1' },
    iso27001('A.5.17'),
    soc2('CC6.1'),
  ],
  evaluate: (ctx) =>
    judgeRootRow(ctx, (report, root) => {
      const evidence = KEY_SLOTS.flatMap((k) => [cite(report, root, keyActiveCol(k)), cite(report, root, keyUsedCol(k), ctx.asOf)]);
      const active = KEY_SLOTS.filter((k) => isTrue(root.bools[keyActiveCol(k)]));
      if (active.length > 0) {
        return [
          {
            status: 'FAIL',
            resource: ROOT_RESOURCE,
            message: `Root has ${active.length === 2 ? 'two active access keys' : `an active access key (key ${active[0]})`}. Delete ${active.length === 2 ? 'them' : 'it'}.`,
            evidence,
          },
        ];
      }
      const unreadable = KEY_SLOTS.filter((k) => unknownBool(root.bools[keyActiveCol(k)]));
      if (unreadable.length > 0) {
        return [
          {
            status: 'NEEDS_EVIDENCE',
            resource: ROOT_RESOURCE,
            message: `The report does not say whether root key ${unreadable.join(' and ')} is active; regenerate the credential report.`,
            evidence,
          },
        ];
      }
      return [{ status: 'PASS', resource: ROOT_RESOURCE, message: 'Root has no active access key.', evidence }];
    }),
});
