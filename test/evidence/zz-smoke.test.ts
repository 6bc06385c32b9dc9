import { it } from 'vitest';
import { firstAudit, firstEvidenceJson, secondAudit } from './baseline-fixture';
it('smoke', async () => {
  const a = await firstAudit();
  console.log(a.findings.map((f) => `${f.ruleId}/${f.window ?? ''}/${f.resource}:${f.status}`).join('\n'));
  const b = await secondAudit(await firstEvidenceJson());
  console.log(JSON.stringify(b.changes, null, 1));
  console.log(JSON.stringify(b.problems, null, 1));
  console.log(JSON.stringify(b.inputs, null, 1));
});
