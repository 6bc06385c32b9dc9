import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/evidence/canonical';
import { manifestCommand, manifestSha256, toEvidenceJson, verifyManifest, withManifest } from '../../src/core/evidence/evidence-json';
import type { AuditResult } from '../../src/core/types';
import { fixtureResult, REPORT_CSV } from './fixture';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const haveJq = spawnSync('jq', ['--version']).status === 0;

describe('canonicalJson (RFC 8785)', () => {
  it.each([
    { value: { b: 1, a: [3, { d: null, c: 'x' }] }, text: '{"a":[3,{"c":"x","d":null}],"b":1}' },
    { value: { a: undefined, b: () => 1, c: 1 }, text: '{"c":1}' },
    { value: [undefined, NaN, Infinity], text: '[null,null,null]' },
    { value: { '\u20ac': 1, '\r': 2, '1': 3, é: 4 }, text: '{"\\r":2,"1":3,"é":4,"€":1}' },
    { value: 'line\nbreak "quoted" \u0007', text: '"line\\nbreak \\"quoted\\" \\u0007"' },
    { value: 1e21, text: '1e+21' },
    { value: -0, text: '0' },
  ])('$text', ({ value, text }) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('does not depend on member order or indentation', () => {
    const a = JSON.parse('{"x":{"b":2,"a":1},"y":[1,2]}');
    const b = JSON.parse('{\n  "y": [1, 2],\n  "x": {"a": 1, "b": 2}\n}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });
});

describe('toEvidenceJson', () => {
  it('is the AuditResult plus a manifest over the canonical JSON of the rest', async () => {
    const r = await fixtureResult();
    const text = await toEvidenceJson(r);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc).at(-1)).toBe('manifestSha256');
    const { manifestSha256: recorded, ...rest } = doc;
    expect(rest).toEqual(JSON.parse(JSON.stringify(r)));
    expect(recorded).toBe(sha256(canonicalJson(rest)));
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
  });

  it('input hashes equal sha256sum of the input bytes', async () => {
    const doc = JSON.parse(await toEvidenceJson(await fixtureResult()));
    expect(doc.inputs[0].sha256).toBe(sha256(Buffer.from(REPORT_CSV, 'utf8')));
  });

  it('is reproducible and ignores a manifest already present', async () => {
    const r = await fixtureResult();
    const once = await toEvidenceJson(r);
    const twice = await toEvidenceJson(await withManifest(r));
    expect(twice).toBe(once);
    expect(await toEvidenceJson(await fixtureResult())).toBe(once);
  });

  it('verifies, and detects a change anywhere', async () => {
    const text = await toEvidenceJson(await fixtureResult());
    expect((await verifyManifest(text)).ok).toBe(true);
    // Re-indented and re-ordered: still the same document.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(text)).reverse()), null, 4);
    expect((await verifyManifest(reordered)).ok).toBe(true);
    const tampered = JSON.parse(text);
    tampered.findings[0].status = 'PASS';
    const check = await verifyManifest(tampered);
    expect(check.ok).toBe(false);
    expect(check.recorded).toBe(JSON.parse(text).manifestSha256);
    expect(check.computed).toBe(await manifestSha256(tampered));
    expect((await verifyManifest('{"a":1}')).ok).toBe(false);
  });

  it.skipIf(!haveJq)('jq -jcS | sha256sum gives the manifest for plain text (the short recipe)', async () => {
    const text = await toEvidenceJson(await fixtureResult());
    const canon = execFileSync('jq', ['-jcS', 'del(.manifestSha256)'], { input: text });
    expect(sha256(canon)).toBe(JSON.parse(text).manifestSha256);
  });
});

describe('manifestCommand', () => {
  // The workpaper prints this command; it must give the manifest for any content, including text
  // jq would write differently (DEL, a lone surrogate) and a file name that needs quoting.
  const hostile = (r: AuditResult): AuditResult => {
    const f = r.findings[0] as AuditResult['findings'][number];
    return { ...r, findings: [{ ...f, message: `del \u007f, lone \ud800, astral \u{1f600}, quote ' and "` }, ...r.findings.slice(1)] };
  };
  it.each([
    { name: 'the fixture', file: 'credaudit_123456789012_asof-2025-06-01T120000Z.evidence.json', edit: (r: AuditResult) => r },
    { name: 'hostile text', file: "it's evidence.json", edit: hostile },
  ])('$name: the shell command prints the manifest', async ({ file, edit }) => {
    const text = await toEvidenceJson(edit(await fixtureResult()));
    const dir = mkdtempSync(join(tmpdir(), 'credaudit-manifest-'));
    try {
      writeFileSync(join(dir, file), text);
      const out = execFileSync('sh', ['-c', manifestCommand(file)], { cwd: dir, encoding: 'utf8' });
      expect(out.split(/\s/)[0]).toBe(JSON.parse(text).manifestSha256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('size', () => {
  it('a large audit is written on one line (indentation would be ~40% of it); the manifest still verifies', async () => {
    const { COMPACT_FROM_FINDINGS, toEvidenceJson: render, verifyManifest: verify } = await import('../../src/core/evidence/evidence-json');
    const { fixtureResult: base } = await import('./fixture');
    const r = await base();
    const small = await render(r);
    expect(small.split('\n').length).toBeGreaterThan(10);
    const one = r.findings[0]!;
    const big = { ...r, findings: Array.from({ length: COMPACT_FROM_FINDINGS }, (_, i) => ({ ...one, resource: `user-${i}` })) };
    const text = await render(big);
    expect(text.split('\n')).toHaveLength(2);
    expect((await verify(text)).ok).toBe(true);
    expect(text.length).toBeLessThan(0.7 * `${JSON.stringify(JSON.parse(text), null, 2)}\n`.length);
  });
});
