// Bytes -> text: gzip bounded against bombs, truncated/corrupt gzip as a typed error, BOM, invalid UTF-8 counted, base64.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBytes, DecodeError, gunzip, gunzipMembers, isGzip, MAX_GUNZIP_BYTES, utf8Text } from './decode';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const gz = (b: Uint8Array | string): Uint8Array => new Uint8Array(gzipSync(typeof b === 'string' ? bytes(b) : b));

describe('isGzip', () => {
  it('looks at the magic bytes only', () => {
    expect(isGzip(gz('x'))).toBe(true);
    expect(isGzip(bytes('user,arn'))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array())).toBe(false);
  });
});

describe('gunzip', () => {
  it('round-trips text', async () => {
    const text = 'user,arn\n<root_account>,arn:aws:iam::111122223333:root\n'.repeat(100);
    expect(new TextDecoder().decode(await gunzip(gz(text)))).toBe(text);
  });

  it('a gzip bomb (small file, big output) is refused once the limit is passed', async () => {
    const bomb = gz(new Uint8Array(8 * 1024 * 1024)); // 8 MB of zeros in ~8 KB
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const limit = 1024 * 1024;
    const err = await gunzip(bomb, limit).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as Error).message).toBe('decompresses to more than 1 MB; refused (possible gzip bomb)');
    // decodeBytes passes the same limit down.
    await expect(decodeBytes(bomb, limit)).rejects.toThrow('possible gzip bomb');
  });

  it('exactly at the limit is accepted', async () => {
    const data = new Uint8Array(4096).fill(65);
    expect((await gunzip(gz(data), 4096)).byteLength).toBe(4096);
    await expect(gunzip(gz(data), 4095)).rejects.toBeInstanceOf(DecodeError);
  });

  it('the default limit is large but stays below what one JS string can hold (~512 MiB)', () => {
    expect(MAX_GUNZIP_BYTES).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(MAX_GUNZIP_BYTES).toBeLessThan(512 * 1024 * 1024);
  });

  it('concatenated gzip members (a legal multi-member file) are all decoded', async () => {
    const two = new Uint8Array([...gz('user,arn\n'), ...gz('x,y\n')]);
    expect(new TextDecoder().decode(await gunzip(two))).toBe('user,arn\nx,y\n');
  });

  it('gunzipMembers (the fallback where DecompressionStream stops after one member, as in Chromium): every member, within the limit', () => {
    const two = new Uint8Array([...gz('user,arn\n'), ...gz('x,y\n')]);
    expect(new TextDecoder().decode(gunzipMembers(two, 100))).toBe('user,arn\nx,y\n');
    expect(() => gunzipMembers(two, 12)).toThrow(DecodeError);
    expect(gunzipMembers(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), 100)).toBeUndefined();
  });

  it('truncated gzip is a DecodeError, not a crash or a hang', async () => {
    const full = gz('user,arn\n'.repeat(1000));
    const err = await gunzip(full.subarray(0, full.byteLength - 12)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as Error).message).toMatch(/^is not valid gzip \(/);
  });

  it('corrupt deflate data is a DecodeError', async () => {
    const bad = gz('user,arn\n'.repeat(1000)).slice();
    for (let i = 12; i < 40; i++) bad[i] = (bad[i] as number) ^ 0x5a;
    await expect(gunzip(bad)).rejects.toBeInstanceOf(DecodeError);
  });

  it('only the magic bytes: DecodeError', async () => {
    await expect(gunzip(new Uint8Array([0x1f, 0x8b]))).rejects.toBeInstanceOf(DecodeError);
  });
});

describe('decodeBytes', () => {
  it('plain UTF-8', async () => {
    expect(await decodeBytes(bytes('user,arn\nzoë,x\n'))).toEqual({ text: 'user,arn\nzoë,x\n', invalidUtf8: 0, gzip: false, encoding: 'utf-8', decodedBytes: 16 });
  });

  it('strips a UTF-8 BOM (plain and inside gzip)', async () => {
    expect((await decodeBytes(bytes('\uFEFFuser,arn'))).text).toBe('user,arn');
    expect(await decodeBytes(gz('\uFEFFuser,arn'))).toEqual({ text: 'user,arn', invalidUtf8: 0, gzip: true, encoding: 'utf-8', decodedBytes: 11 });
  });

  it('counts invalid UTF-8 sequences and replaces them with U+FFFD', async () => {
    const raw = new Uint8Array([...bytes('user,'), 0xff, 0xfe, ...bytes('ok,'), 0xc3]);
    const d = await decodeBytes(raw);
    expect(d.invalidUtf8).toBe(3);
    expect(d.text).toBe('user,\uFFFD\uFFFDok,\uFFFD');
  });

  it('a real U+FFFD in valid UTF-8 is not counted as invalid', async () => {
    const d = await decodeBytes(bytes('name,\uFFFD\n'));
    expect([d.text, d.invalidUtf8]).toEqual(['name,\uFFFD\n', 0]);
  });

  it('UTF-16 with its byte-order mark (LE and BE; also inside gzip) is decoded; UTF-32\'s mark is not UTF-16', async () => {
    const le = new Uint8Array([0xff, 0xfe, 0x75, 0, 0x2c, 0, 0x3d, 0xd8, 0x00, 0xde]); // "u," + U+1F600
    const be = new Uint8Array([0xfe, 0xff, 0, 0x75, 0, 0x2c]);
    expect(await decodeBytes(le)).toEqual({ text: 'u,\u{1F600}', invalidUtf8: 0, gzip: false, encoding: 'utf-16le', decodedBytes: 10 });
    expect(await decodeBytes(be)).toEqual({ text: 'u,', invalidUtf8: 0, gzip: false, encoding: 'utf-16be', decodedBytes: 6 });
    expect((await decodeBytes(gz(le))).text).toBe('u,\u{1F600}');
    expect((await decodeBytes(new Uint8Array([0xff, 0xfe, 0, 0, 0x75, 0, 0, 0]))).encoding).toBe('utf-8');
    // A lone surrogate and an odd last byte are replaced and counted.
    const broken = await decodeBytes(new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x75, 0x00, 0x41]));
    expect([broken.text, broken.invalidUtf8]).toEqual(['\uFFFDu\uFFFD', 2]);
  });

  it('a plain file above the limit is refused like a gzip bomb, with both sizes named', async () => {
    const err = await decodeBytes(new Uint8Array(3 * 1048576), 2 * 1048576).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as Error).message).toBe('is 3 MB, more than the limit of 2 MB per file; it was not read');
    expect((await decodeBytes(new Uint8Array(2 * 1048576).fill(65), 2 * 1048576)).decodedBytes).toBe(2 * 1048576);
  });

  it('empty input', async () => {
    expect(await decodeBytes(new Uint8Array())).toEqual({ text: '', invalidUtf8: 0, gzip: false, encoding: 'utf-8', decodedBytes: 0 });
  });
});

describe('decodeBase64', () => {
  const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : utf8Text(b));
  it.each<[string, boolean, string | undefined]>([
    // base64 text, padded required, decoded text (undefined: not base64)
    ['dXNlcixhcm4K', false, 'user,arn\n'],
    ['dXNlcixhcm4K', true, 'user,arn\n'],
    ['dXNl\ncixh\r\ncm4K\n', true, 'user,arn\n'],
    ['  dXNlcg==  ', true, 'user'],
    ['dXNlcg', false, 'user'],
    ['dXNlcg', true, undefined],
    ['', false, ''],
    ['', true, undefined],
    ['not base64!', false, undefined],
    ['dX=lcg==', false, undefined],
    ['77u/dXNlcg==', true, 'user'],
  ])('%j (padded %j) -> %j', (b64, padded, out) => {
    expect(text(decodeBase64(b64, { padded }))).toBe(out);
  });

  it('keeps bytes as they are (gzip inside base64 stays gzip)', () => {
    expect(isGzip(decodeBase64('H4sIAAAAAAAAAw==') as Uint8Array)).toBe(true);
  });
});
