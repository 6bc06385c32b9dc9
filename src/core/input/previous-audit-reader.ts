// A previous audit's evidence JSON (credaudit's own `--format json` / "Evidence JSON" export),
// dropped next to new inputs or named with the CLI's --baseline: the baseline that "Changes since
// <as-of>" compares with (changes.ts). Its manifest is checked, so an edited baseline is flagged.
import { isEvidenceJson, readBaseline, type BaselineAudit } from '../changes';
import { manifestSha256 } from '../evidence/evidence-json';
import { clip } from '../text';
import { defineReader, inputRead, MAX_SMALL_JSON, type InputRead } from './reader';

/**
 * How every evidence JSON starts (`tool` is its first member, `name` the first of that): how one
 * larger than InputText parses for detection (MAX_SMALL_JSON; a big organization's is) is recognised.
 */
const EVIDENCE_HEAD = /^\s*\{\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"credaudit"/;

export const previousAuditReader = defineReader<Record<string, unknown> | 'large'>({
  id: 'previous-audit',
  kind: 'previous-audit',
  purpose: 'audit',
  detect: (s) => {
    const o = s.jsonObject();
    if (o) return isEvidenceJson(o) ? o : undefined;
    return s.text.length > MAX_SMALL_JSON && EVIDENCE_HEAD.test(s.text.slice(0, 256)) ? 'large' : undefined;
  },
  read: async (s, match) => {
    let doc: unknown = match;
    if (match === 'large') {
      try {
        doc = JSON.parse(s.text);
      } catch (e) {
        return inputRead('previous-audit', 'evidence-json', [{ input: s.name, severity: 'error', message: `This looks like a credaudit evidence JSON but is not valid JSON (${clip(e instanceof Error ? e.message : String(e), 120)}); it was not used as the previous audit.` }]);
      }
      if (!isEvidenceJson(doc)) return inputRead('previous-audit', 'evidence-json', [{ input: s.name, severity: 'error', message: 'This starts like a credaudit evidence JSON but has no findings or as-of; it was not used as the previous audit.' }]);
    }
    return readEvidence(s.name, doc as Record<string, unknown>);
  },
});

/** The baseline of a parsed evidence JSON, with its manifest checked. */
async function readEvidence(name: string, doc: Record<string, unknown>): Promise<InputRead> {
  const { baseline, skipped } = readBaseline(doc, name);
  const out = inputRead('previous-audit', 'evidence-json');
  out.records = baseline.findings.length;
  out.skipped = skipped;
  out.accountIds = [...new Set(baseline.accounts.map((a) => a.accountId).filter((id): id is string => id !== null))];
  if (skipped > 0) out.problems.push({ input: name, severity: 'warning', message: `${skipped} finding(s) of this previous audit could not be read (no rule, account, resource, status or severity); they are not compared.` });
  if (typeof doc.manifestSha256 !== 'string') {
    out.problems.push({ input: name, severity: 'info', message: 'This previous audit has no manifestSha256, so it cannot be shown to be unchanged since it was exported.' });
  } else if ((await manifestSha256(doc)) !== doc.manifestSha256) {
    out.problems.push({ input: name, severity: 'warning', message: 'This previous audit was changed after it was exported (its manifestSha256 does not match its content); the changes are compared with it as it is now.' });
  }
  out.content = { type: 'previous-audit', baseline };
  return out;
}

export type { BaselineAudit };
