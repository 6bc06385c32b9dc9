import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { cite, isTrue, keyActiveCol, keyUsedCol, noRootRow, unknownBool, type KeySlot } from './report-helpers';
import { REMOVE_ROOT_KEYS } from './remediation-snippets';

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
    { framework: 'CIS AWS Foundations', version: '1.2', control: '1.12' },
    { framework: 'CIS AWS Foundations', version: '1.3–4.0', control: '1.4' },
    { framework: 'CIS AWS Foundations', version: '5.0', control: '1.3' },
    { framework: 'CIS AWS Foundations', version: '6.0', control: '2.3' },
    { framework: 'CIS AWS Foundations', version: '7.0', control: '2.4' },
    { framework: 'AWS Security Hub', version: 'FSBP', control: 'IAM.4' },
    { framework: 'AWS Config', version: 'managed rule', control: 'iam-root-access-key-check' },
    { framework: 'CCE', version: 'NIST CCE list', control: 'CCE-78910-7' },
    { framework: 'CIS Controls', version: '6', control: '5.1' },
    { framework: 'ISO/IEC 27001', version: '2022', control: 'A.5.17', suggested: true },
    { framework: 'SOC 2', version: '2017', control: 'CC6.1', suggested: true },
  ],
  evaluate(ctx): FindingDraft[] {
    const { account, asOf } = ctx;
    const report = account.report;
    const root = report?.root;
    if (!report || !root) return noRootRow(ctx);
    const slots: KeySlot[] = [1, 2];
    const evidence = slots.flatMap((k) => [cite(report, root, keyActiveCol(k)), cite(report, root, keyUsedCol(k), asOf)]);
    const active = slots.filter((k) => isTrue(root.bools[keyActiveCol(k)]));
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
    const unreadable = slots.filter((k) => unknownBool(root.bools[keyActiveCol(k)]));
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
  },
});
