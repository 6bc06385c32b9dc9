// Canonical JSON and the manifest on hostile and very large documents (issue 11, items 4 and 6):
// the fast (native) way and the piece-by-piece writer give the same text, array-index-like names
// are sorted as RFC 8785 says, deep nesting does not overflow, and the streamed hash equals the
// hash of the whole text.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalSha256 } from '../../src/core/evidence/canonical';
import { manifestSha256, verifyManifest } from '../../src/core/evidence/evidence-json';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT_MS } from '../property/runs';

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

describe('canonical JSON: hostile documents', () => {
  it('names that look like array indexes sort as text ("10" before "9"), not as engines list them', () => {
    expect(canonicalJson({ 9: 'a', 10: 'b', x: 1, '': 0 })).toBe('{"":0,"10":"b","9":"a","x":1}');
    expect(canonicalSha256({ 9: 'a', 10: 'b', x: 1, '': 0 })).toBe(sha('{"":0,"10":"b","9":"a","x":1}'));
  });

  it('an own "__proto__" member (as JSON.parse makes it) is a member like any other', () => {
    const doc = JSON.parse('{"__proto__":null,"":"","b":1}') as unknown;
    expect(canonicalJson(doc)).toBe('{"":"","__proto__":null,"b":1}');
    expect(canonicalSha256(doc)).toBe(sha('{"":"","__proto__":null,"b":1}'));
  });

  it('a document nested 100,000 levels deep is written without a stack overflow', () => {
    const text = `${'{"a":['.repeat(100_000)}1${']}'.repeat(100_000)}`;
    const deep = JSON.parse(text) as unknown;
    expect(canonicalSha256(deep)).toBe(sha(text));
    expect(() => canonicalJson(deep)).not.toThrow();
  });

  it('the streamed hash equals the hash of the whole canonical text (strings that cross a 1 MB piece)', () => {
    const doc = { b: 'é'.repeat(700_000), a: ['\u2028', '\ud800', 'x'.repeat(600_000)], c: { z: 1e21, y: -0, x: 1.5e-7 } };
    expect(canonicalSha256(doc)).toBe(sha(canonicalJson(doc)));
  });

  it('a manifest can be checked for a document with index-like names (a previous audit as loaded)', async () => {
    const doc = { counts: { 2: 1, 10: 3 }, name: 'x' };
    const m = await manifestSha256(doc);
    expect(m).toBe(sha('{"counts":{"10":3,"2":1},"name":"x"}'));
    expect((await verifyManifest({ ...doc, manifestSha256: m })).ok).toBe(true);
  });

  it('property: the native way, the writer and the streamed hash agree on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalSha256(v)).toBe(sha(text));
        // Reading the canonical text back and writing it again changes nothing.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});
