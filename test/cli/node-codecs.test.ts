// The CLI's own codecs give what the core's defaults give: the SHA-256 every evidence cell cites,
// and the gunzip of small and big files (in place vs on the thread pool), bombs refused alike.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DecodeError, gunzip } from '../../src/core/input/decode';
import { sha256Hex } from '../../src/core/evidence/hash';
import { InflateAhead, nodeGunzipBySize, nodeSha256 } from '../../src/cli/node-gunzip';

const bytesOf = (n: number): Uint8Array => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 7)) & 0xff;
  return b;
};

describe('CLI codecs', () => {
  it('nodeSha256 equals WebCrypto and @noble/hashes, empty input included', async () => {
    for (const n of [0, 1, 55, 64, 4096, 1_000_003]) {
      const b = bytesOf(n);
      const mine = await nodeSha256(b);
      expect(mine).toBe(await sha256Hex(b));
      expect(mine).toBe(await sha256Hex(b, true));
    }
    expect(await nodeSha256(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('nodeGunzipBySize inflates a small (in place) and a big (thread pool) file like DecompressionStream, and refuses past the limit', async () => {
    for (const n of [10, 3_000_000]) {
      const plain = n > 1_000_000 ? new Uint8Array(gzipSync(bytesOf(n), { level: 0 }).subarray(0, n)) : bytesOf(n);
      const gz = new Uint8Array(gzipSync(plain, { level: n > 1_000_000 ? 0 : 6 }));
      expect(gz.length >= 1048576).toBe(n > 1_000_000);
      // Compared as whole buffers (an element-wise deep equal of 3 MB takes seconds).
      expect(Buffer.compare(await nodeGunzipBySize(gz, 1 << 30), await gunzip(gz, 1 << 30))).toBe(0);
      expect((await nodeGunzipBySize(gz, 1 << 30)).byteLength).toBe(plain.length);
      await expect(nodeGunzipBySize(gz, plain.length - 1)).rejects.toBeInstanceOf(DecodeError);
    }
  });

  it('InflateAhead: an inflate started early is handed over only when the bounded call would give it; else the same result or error as nodeGunzipBySize', async () => {
    const plain = bytesOf(300_000);
    const gz = new Uint8Array(gzipSync(plain, { level: 1 }));
    expect(gz.length).toBeGreaterThan(16 * 1024); // big enough to be started ahead
    const outcome = (p: Promise<Uint8Array>): Promise<Uint8Array | string> => p.then((b) => b, (e: unknown) => (e instanceof DecodeError ? `DecodeError: ${e.message}` : String(e)));
    for (const limit of [300_000, 299_999, 1_000, 10_000_000]) {
      const ahead = new InflateAhead(10_000_000);
      const bytes = gz.slice();
      ahead.start(bytes);
      expect([limit, await outcome(ahead.gunzip(bytes, limit))]).toEqual([limit, await outcome(nodeGunzipBySize(gz.slice(), limit))]);
    }
    // Not valid gzip (cut): the same error as without the early start.
    const cut = gz.slice(0, gz.length - 100);
    const ahead = new InflateAhead(10_000_000);
    ahead.start(cut);
    const got = await outcome(ahead.gunzip(cut, 10_000_000));
    expect(got).toMatch(/^DecodeError: is not valid gzip/);
    expect(got).toEqual(await outcome(nodeGunzipBySize(gz.slice(0, gz.length - 100), 10_000_000)));
    // Bytes never started (a small file, or other bytes): inflated as usual.
    expect(await ahead.gunzip(gz, 10_000_000)).toEqual(new Uint8Array(plain));
  });
});
