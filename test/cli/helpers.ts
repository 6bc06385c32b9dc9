// Runs the CLI in-process (run() from src/cli/main.ts) and collects what it prints.
import { expect } from 'vitest';
import { run } from '../../src/cli/main';
import type { AuditResult, Finding } from '../../src/core/types';

/** The evaluation clock every CLI test pins with --now (the real clock is never used). */
export const NOW = '2025-06-01T12:00:00Z';
/** A "real now" far from NOW, so a test that forgot --now would notice. */
export const REAL_NOW = Date.parse('2031-01-01T00:00:00Z');
/** Synthetic fixtures, relative to the project root (vitest's working directory). */
export const FIX = 'test/fixtures/reports';

export interface CliRun {
  code: number;
  /** Each chunk passed to io.out. */
  outs: string[];
  out: string;
  err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  const outs: string[] = [];
  let err = '';
  const code = await run(argv, REAL_NOW, { out: (s) => outs.push(s), err: (s) => (err += s) });
  return { code, outs, out: outs.join(''), err };
}

/** Runs with --format json --now NOW and parses the one JSON document printed. */
export async function cliJson(...argv: string[]): Promise<CliRun & { result: AuditResult }> {
  const r = await cli('--format', 'json', '--now', NOW, ...argv);
  expect(r.outs).toHaveLength(1);
  return { ...r, result: JSON.parse(r.out) as AuditResult };
}

export function only(result: AuditResult, ruleId: string, accountId: string | null, opts: { window?: number; resource?: string } = {}): Finding {
  const hits = result.findings.filter(
    (f) => f.ruleId === ruleId && f.accountId === accountId && (opts.window === undefined || f.window === opts.window) && (opts.resource === undefined || f.resource === opts.resource),
  );
  expect(hits.map((f) => `${f.ruleId}/${f.window ?? '-'}/${f.resource}`), `one ${ruleId} for ${accountId}`).toHaveLength(1);
  return hits[0] as Finding;
}

/** Evidence cell of a finding by field name (fails loudly when absent). */
export function ev(f: Finding, field: string) {
  const e = f.evidence.find((x) => x.field === field);
  if (!e) throw new Error(`no evidence ${field} in ${f.ruleId}; have ${f.evidence.map((x) => x.field).join(', ')}`);
  return e;
}

/** Root findings as [ruleId(/window), status]. */
export const rootStatuses = (result: AuditResult, accountId: string | null): string[][] =>
  result.findings
    .filter((f) => f.accountId === accountId && f.resource === '<root_account>' && !f.ruleId.startsWith('CT-') && f.ruleId !== 'XSRC-ROOT-LAST-USE')
    .map((f) => [f.window !== undefined ? `${f.ruleId}/${f.window}` : f.ruleId, f.status]);
