// The built `credaudit` binary (scripts/build-cli.mjs -> dist-cli/credaudit.mjs, package.json `bin`):
// runs with plain `node` (no tsx, no TypeScript at start-up), from a folder with no node_modules,
// through its `#!/usr/bin/env node` line, and audits exactly as the source CLI does. Needs the
// build (`npm run build`); skipped with a message when dist-cli/ is absent.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import type { AuditResult } from '../../src/core/types';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const BIN = resolve(ROOT, pkg.bin.credaudit ?? 'dist-cli/credaudit.mjs');
const built = existsSync(BIN);
if (!built) console.warn(`[cli-bin.e2e] skipped: ${BIN} is absent (run npm run build first)`);

const REPORT = resolve(ROOT, 'test/fixtures/reports/api-base64-111122223333.json');
const NOW = '2024-06-01T00:00:00Z';
/** The environment without loaders (tsx registers itself through NODE_OPTIONS when a test runner uses it). */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));

const exec = (file: string, args: string[]) => spawnSync(file, args, { cwd: tmpdir(), env, encoding: 'utf8', timeout: 60_000 });

describe.skipIf(!built)('the built credaudit binary', () => {
  it('is what package.json bin names: one executable ES module with a node shebang, importing only Node built-ins', () => {
    expect(pkg.bin).toEqual({ credaudit: 'dist-cli/credaudit.mjs' });
    const text = readFileSync(BIN, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    const imports = [...text.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1] as string);
    expect(imports.length).toBeGreaterThan(0);
    // Node built-ins only (fflate's Node build names one without the node: prefix).
    expect(imports.filter((m) => !m.startsWith('node:') && !builtinModules.includes(m))).toEqual([]);
    expect(text).not.toMatch(/from ["']tsx/);
  });

  it('--help through node, from a folder without node_modules: usage on stdout, exit 0', () => {
    const r = exec(process.execPath, [BIN, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('Usage: credaudit [--format')).toBe(true);
    expect(r.stdout).toContain('credaudit sql athena|lake|duckdb');
    expect(r.stderr).toBe('');
  });

  it('run through its shebang, audits a report exactly as the source CLI does', async () => {
    const args = ['--format', 'json', '--now', NOW, REPORT];
    const r = exec(BIN, args);
    let out = '';
    const code = await run(args, Date.parse(NOW), { out: (s) => (out += s), err: () => undefined });
    expect(r.status).toBe(code);
    const fromBin = JSON.parse(r.stdout) as AuditResult;
    const fromSource = JSON.parse(out) as AuditResult;
    // Inputs are named relative to the working folder, which differs (the binary ran elsewhere).
    const named = (r: AuditResult) => JSON.parse(JSON.stringify(r.findings).replace(/"[^"]*api-base64-111122223333\.json"/g, '"REPORT"')) as unknown;
    expect(fromBin.findings.length).toBeGreaterThan(10);
    expect(named(fromBin)).toEqual(named(fromSource));
    expect(fromBin.tool.version).toBe(pkg.version);
  });

  it('prints the SQL of `credaudit sql`', () => {
    const r = exec(process.execPath, [BIN, 'sql', 'duckdb', '--path', '/logs', '--days', '0']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("read_json('/logs/**/*.json.gz'");
    const bad = exec(process.execPath, [BIN, 'sql', 'athena', '--bucket', 'b']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('credaudit sql athena: "b" is not an S3 bucket name');
  });
});
