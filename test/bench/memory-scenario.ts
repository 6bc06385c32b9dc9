// One memory scenario of `npm run bench` (see memory.ts), run in its own process so its peak RSS is
// its own: read the input, audit it, write the evidence JSON and the OSCAL document (as the CLI and
// the worker do), and print what it cost as one JSON line. `ROOT` may name another checkout of
// credaudit (e.g. the tree before issue 11) to measure "before" with the same script.
//   tsx test/bench/memory-scenario.ts users-30000|cell-10mb [ROOT]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPORT_COLUMNS } from '../../src/core/credential-report/model';
import { GENERATED, syntheticReport } from '../helpers/synthetic-report';

const scenario = process.argv[2] ?? 'users-30000';
const root = resolve(process.argv[3] ?? resolve(import.meta.dirname, '../..'));
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(root, path)).href)) as T;

/** A report whose one user name is a 10 MB cell, repeated in its ARN and its key's last-used region. */
function cellReport(mb: number): string {
  const name = `u${'n'.repeat(mb * 1048576 - 1)}`;
  const cells: Record<string, string> = Object.fromEntries(REPORT_COLUMNS.map((c) => [c, 'N/A']));
  const row = (o: Record<string, string>) => REPORT_COLUMNS.map((c) => o[c] ?? cells[c]).join(',');
  return [
    REPORT_COLUMNS.join(','),
    row({ user: '<root_account>', arn: 'arn:aws:iam::111122223333:root', user_creation_time: '2020-01-01T00:00:00Z', password_enabled: 'true', password_last_used: 'no_information', mfa_active: 'true', access_key_1_active: 'false', access_key_2_active: 'false', cert_1_active: 'false', cert_2_active: 'false' }),
    row({ user: name, arn: `arn:aws:iam::111122223333:user/${name}`, user_creation_time: '2024-01-01T00:00:00Z', password_enabled: 'true', password_last_used: '2026-10-01T00:00:00Z', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2021-01-01T00:00:00Z', access_key_1_last_used_date: '2026-10-01T00:00:00Z', access_key_1_last_used_region: name, access_key_2_active: 'false', cert_1_active: 'false', cert_2_active: 'false' }),
  ].join('\n');
}

const { audit } = await load<typeof import('../../src/core/audit')>('src/core/audit.ts');
const { toEvidenceJson } = await load<typeof import('../../src/core/evidence/evidence-json')>('src/core/evidence/evidence-json.ts');
const { toOscal } = await load<typeof import('../../src/core/evidence/oscal')>('src/core/evidence/oscal.ts');

const text = scenario === 'cell-10mb' ? cellReport(10) : syntheticReport(Number(scenario.replace('users-', '')));
const bytes = new TextEncoder().encode(text);
const t0 = performance.now();
const out: Record<string, unknown> = { scenario, inputMB: +(bytes.byteLength / 1048576).toFixed(1) };
try {
  const result = await audit([{ name: 'report.csv', size: bytes.byteLength, read: async () => bytes }], { now: GENERATED + 86_400_000 });
  out.findings = result.findings.length;
  out.auditPeakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  out.jsonMB = +((await toEvidenceJson(result)).length / 1048576).toFixed(1);
  out.oscalMB = +(toOscal(result).length / 1048576).toFixed(1);
} catch (e) {
  out.error = e instanceof Error ? e.message.slice(0, 120) : String(e);
}
out.seconds = +((performance.now() - t0) / 1000).toFixed(1);
out.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
out.heapUsedMB = Math.round(process.memoryUsage().heapUsed / 1048576);
console.log(JSON.stringify(out));
