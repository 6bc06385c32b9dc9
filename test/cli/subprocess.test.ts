// The real entry point once, as a subprocess: `npx tsx src/cli/main.ts --format json ...` must
// print exactly one JSON document on stdout and exit with the documented code.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/types';
import { FIX, NOW } from './helpers';

describe('credaudit as a subprocess', () => {
  it('npx tsx src/cli/main.ts --format json: one JSON document on stdout, exit 1 for a critical FAIL', () => {
    const file = `${FIX}/api-base64-111122223333.json`;
    const p = spawnSync('npx', ['tsx', 'src/cli/main.ts', '--format', 'json', '--now', NOW, file], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TZ: 'Pacific/Kiritimati' },
    });
    expect(p.error).toBeUndefined();
    expect(p.status).toBe(1);
    expect(p.stdout.endsWith('}\n')).toBe(true);
    // One document: the whole of stdout parses, and nothing follows the closing brace.
    const doc = JSON.parse(p.stdout) as AuditResult;
    expect(JSON.stringify(doc, null, 2)).toBe(p.stdout.trimEnd());
    expect(doc.evaluatedAt).toBe('2025-06-01T12:00:00.000Z');
    expect(doc.inputs.map((i) => [i.name, i.kind, i.format])).toEqual([[file, 'credential-report', 'api-json-base64']]);
    expect(doc.findings.find((f) => f.ruleId === 'ROOT-ACCESS-KEY-ACTIVE')?.status).toBe('FAIL');
    expect(p.stderr).not.toContain('internal error');
  });
});
