// The committed fixtures are what test/fixtures/cloudtrail/build.ts writes (gzip compared after
// decompression, since gzip bytes may differ between zlib builds).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../fixtures/cloudtrail/build';
import { FIXTURES, fixtureFiles } from './helpers';

const plain = (b: Uint8Array | string): string => (typeof b === 'string' ? b : Buffer.from(b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('utf8'));

describe('fixtures are reproducible from build.ts', () => {
  const built = fixtures();
  it('the same set of files', () => {
    const onDisk = fixtureFiles('.').filter((f) => f !== 'build.ts');
    expect(onDisk).toEqual([...built.keys()].sort());
  });
  it.each([...built.keys()].sort())('%s', (rel) => {
    expect(plain(new Uint8Array(readFileSync(join(FIXTURES, rel))))).toBe(plain(built.get(rel) as Uint8Array | string));
  });
});
