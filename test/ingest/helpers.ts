// Shared bits of the ingest tests: in-memory inputs, fixture files, and finding lookups.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { AuditInput, AuditResult, Finding } from '../../src/core/types';

export const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
export const NOW = Date.parse('2025-06-01T12:00:00Z');

export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(FIXTURES + name));

/** An input held in memory. */
export function memInput(name: string, content: string | Uint8Array, lastModified?: number): AuditInput {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const input: AuditInput = { name, size: bytes.byteLength, read: async () => bytes };
  if (lastModified !== undefined) input.lastModified = lastModified;
  return input;
}

export const fixtureInput = (name: string, as = name): AuditInput => memInput(as, fixtureBytes(name));

/** The single finding for rule (+ window) in an account; fails the test when there is not exactly one. */
export function findingOf(r: AuditResult, ruleId: string, accountId: string | null, opts: { window?: number; resource?: string } = {}): Finding {
  const hits = r.findings.filter(
    (f) => f.ruleId === ruleId && f.accountId === accountId && (opts.window === undefined || f.window === opts.window) && (opts.resource === undefined || f.resource === opts.resource),
  );
  expect(hits.map((f) => `${f.ruleId}/${f.window ?? '-'}/${f.resource}`), `exactly one ${ruleId} for ${accountId}`).toHaveLength(1);
  return hits[0] as Finding;
}

/** Problems of one input as [severity, line, message]. */
export const problemsOf = (r: AuditResult, input: string): [string, number | null, string][] =>
  r.problems.filter((p) => p.input === input).map((p) => [p.severity, p.line ?? null, p.message]);

/** The good report every hostile batch carries: it must still be evaluated. */
export const GOOD = 'modern-111122223333.csv';

export function expectGoodReportEvaluated(r: AuditResult): void {
  const f = findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', '111122223333');
  expect(f.status).toBe('FAIL');
  expect(f.evidence[0]).toEqual({ input: GOOD, line: 2, field: 'access_key_1_active', value: 'true' });
  const summary = r.inputs.find((i) => i.name === GOOD);
  expect([summary?.kind, summary?.records, summary?.accountIds]).toEqual(['credential-report', 4, ['111122223333']]);
}
