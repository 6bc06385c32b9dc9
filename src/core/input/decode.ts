// Bytes -> text, the one place inputs are decoded: gzip (bounded, so a gzip bomb cannot exhaust
// memory; plain files are held to the same limit), BOM, UTF-16 with its BOM (Excel's "Unicode
// text"), invalid UTF-8, and base64 payloads (a credential report's Content, a CloudWatch
// Logs payload as delivered).
import { Gunzip as GunzipMembers } from 'fflate';

/** Largest decompressed size accepted from one gzip member stream. */
// 256 MB: far above any real CloudTrail log file, well below V8's ~512 MB string limit.
export const MAX_GUNZIP_BYTES = 256 * 1024 * 1024;

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

export class DecodeError extends Error {}

/** Gunzips with DecompressionStream (browser and Node 18+), stopping past `limit` bytes; multi-member gzip too. */
export async function gunzip(bytes: Uint8Array, limit = MAX_GUNZIP_BYTES): Promise<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  // Errors on the writable side surface on the readable side; ignore them here.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new DecodeError(`decompresses to more than ${Math.round(limit / 1048576)} MB; refused (possible gzip bomb)`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    // Chromium's DecompressionStream stops at the end of the first member of a multi-member gzip
    // (gzip files concatenated, as `cat a.gz b.gz` or some log shippers write them) and reports an
    // error; fflate reads every member. Only then: the native stream is the faster one.
    const whole = gunzipMembers(bytes, limit);
    if (whole) return whole;
    throw new DecodeError(`is not valid gzip (${e instanceof Error ? e.message : String(e)})`);
  }
  return joined(chunks, total);
}

function joined(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/**
 * Every member of a gzip stream, inflated by fflate; undefined when it is not valid gzip. Throws
 * DecodeError past `limit`. fflate is lenient with a stream cut short, so the last member's size
 * must match the size its trailer states (ISIZE): a truncated file stays "not valid gzip".
 */
export function gunzipMembers(bytes: Uint8Array, limit: number): Uint8Array | undefined {
  const n = bytes.length;
  if (n < 18) return undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  let lastMemberStart = 0;
  const over = new DecodeError(`decompresses to more than ${Math.round(limit / 1048576)} MB; refused (possible gzip bomb)`);
  const g = new GunzipMembers((chunk) => {
    total += chunk.byteLength;
    if (total > limit) throw over;
    chunks.push(chunk);
  });
  g.onmember = () => {
    lastMemberStart = total;
  };
  try {
    g.push(bytes, true);
  } catch (e) {
    if (e === over) throw over;
    return undefined;
  }
  const isize = ((bytes[n - 4] as number) | ((bytes[n - 3] as number) << 8) | ((bytes[n - 2] as number) << 16) | ((bytes[n - 1] as number) << 24)) >>> 0;
  if ((total - lastMemberStart) % 4294967296 !== isize) return undefined;
  return joined(chunks, total);
}

export interface DecodedText {
  text: string;
  /** Number of U+FFFD replacement characters introduced by invalid UTF-8 (or UTF-16). */
  invalidUtf8: number;
  gzip: boolean;
  /** How the bytes were decoded: UTF-8 (with or without a BOM), or UTF-16 announced by its BOM. */
  encoding: TextEncoding;
  /** Bytes decoded (after gunzip): what counts against the limits. */
  decodedBytes: number;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * UTF-16 announced by a byte-order mark (what Excel writes for "Unicode text"); undefined for
 * anything else, which is read as UTF-8. `FF FE 00 00` is UTF-32's mark, not UTF-16's.
 */
export function utf16ByBom(b: Uint8Array): TextEncoding | undefined {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe && !(b.length >= 4 && b[2] === 0 && b[3] === 0)) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Counts U+FFFD in `text` that the bytes did not already spell (they were made by decoding). */
function countReplacements(text: string, raw: Uint8Array, encoding: TextEncoding): number {
  if (!text.includes('\uFFFD')) return 0;
  try {
    new TextDecoder(encoding, { fatal: true }).decode(raw);
    return 0;
  } catch {
    let n = 0;
    for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
    return n;
  }
}

/** A size as messages say it: "256 MB", "1,900 MB", "2.5 MB", "38 KB". */
export function byteSize(bytes: number): string {
  const mb = bytes / 1048576;
  if (mb < 1) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  return `${mb >= 100 || Number.isInteger(mb) ? Math.round(mb).toLocaleString('en-US') : mb.toFixed(1)} MB`;
}

/** A gunzip implementation with the same contract as `gunzip` (throws DecodeError past the limit). */
export type Gunzip = (bytes: Uint8Array, limit: number) => Promise<Uint8Array>;

/**
 * `gunzipImpl` lets a host supply a faster decompressor (the CLI passes Node's zlib, about 4×
 * faster than DecompressionStream on thousands of small files); the browser uses the default.
 */
export async function decodeBytes(bytes: Uint8Array, limit = MAX_GUNZIP_BYTES, gunzipImpl: Gunzip = gunzip): Promise<DecodedText> {
  const inflated = await inflateBytes(bytes, limit, gunzipImpl);
  return decodeInflated(inflated.raw, inflated.gzip);
}

/** The first half of decodeBytes: the bytes, gunzipped when they are gzip, held to the limit. */
export async function inflateBytes(bytes: Uint8Array, limit = MAX_GUNZIP_BYTES, gunzipImpl: Gunzip = gunzip): Promise<{ raw: Uint8Array; gzip: boolean }> {
  const gz = isGzip(bytes);
  // A plain file is held to the same limit as what a gzip file may expand to.
  if (!gz && bytes.byteLength > limit) throw new DecodeError(`is ${byteSize(bytes.byteLength)}, more than the limit of ${byteSize(limit)} per file; it was not read`);
  return { raw: gz ? await gunzipImpl(bytes, limit) : bytes, gzip: gz };
}

/** The second half of decodeBytes: inflated bytes to text (BOM, UTF-16, invalid UTF-8 counted). */
export function decodeInflated(raw: Uint8Array, gz: boolean): DecodedText {
  const encoding = utf16ByBom(raw) ?? 'utf-8';
  // The UTF-16 decoders drop their own BOM; a UTF-8 BOM is dropped here.
  let text = encoding === 'utf-8' ? decoder.decode(raw) : new TextDecoder(encoding).decode(raw);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, invalidUtf8: countReplacements(text, raw, encoding), gzip: gz, encoding, decodedBytes: raw.byteLength };
}

const payloadDecoder = new TextDecoder('utf-8');

/** UTF-8 text of a decoded payload: a leading BOM is dropped, invalid sequences become U+FFFD. */
export function utf8Text(bytes: Uint8Array): string {
  return payloadDecoder.decode(bytes);
}

/**
 * Base64 to bytes (whitespace and line breaks ignored), or undefined when the text is not base64.
 * `padded` also requires what the IAM API always writes, a non-empty text whose length is a
 * multiple of 4: a report's Content that is neither CSV nor padded base64 is not a report.
 */
export function decodeBase64(text: string, opts: { padded?: boolean } = {}): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (opts.padded && (compact === '' || compact.length % 4 !== 0)) return undefined;
  let bin: string;
  try {
    bin = atob(compact);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
