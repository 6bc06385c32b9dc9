// A previous audit's evidence JSON (credaudit's own `--format json` / "Evidence JSON" export),
// dropped next to new inputs or named with the CLI's --baseline: the baseline that "Changes since
// <as-of>" compares with (changes.ts). Its manifest is checked, so an edited baseline is flagged.
import { isEvidenceJson, readBaseline, type BaselineAudit } from '../changes';
import { manifestSha256 } from '../evidence/evidence-json';
import { defineReader, inputRead } from './reader';

export const previousAuditReader = defineReader<Record<string, unknown>>({
  id: 'previous-audit',
  kind: 'previous-audit',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    return o && isEvidenceJson(o) ? o : undefined;
  },
  read: async (s, doc) => {
    const { baseline, skipped } = readBaseline(doc, s.name);
    const out = inputRead('previous-audit', 'evidence-json');
    out.records = baseline.findings.length;
    out.skipped = skipped;
    out.accountIds = [...new Set(baseline.accounts.map((a) => a.accountId).filter((id): id is string => id !== null))];
    if (skipped > 0) out.problems.push({ input: s.name, severity: 'warning', message: `${skipped} finding(s) of this previous audit could not be read (no rule, account, resource, status or severity); they are not compared.` });
    if (typeof doc.manifestSha256 !== 'string') {
      out.problems.push({ input: s.name, severity: 'info', message: 'This previous audit has no manifestSha256, so it cannot be shown to be unchanged since it was exported.' });
    } else if ((await manifestSha256(doc)) !== doc.manifestSha256) {
      out.problems.push({ input: s.name, severity: 'warning', message: 'This previous audit was changed after it was exported (its manifestSha256 does not match its content); the changes are compared with it as it is now.' });
    }
    out.content = { type: 'previous-audit', baseline };
    return out;
  },
});

export type { BaselineAudit };
