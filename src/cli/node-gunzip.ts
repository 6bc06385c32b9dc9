// Node's zlib for the CLI, bounded like the core's DecompressionStream version (gzip bombs are
// refused) and failing with the same DecodeError texts. The async form is for the main thread (the
// inflate runs on libuv's threads); the sync one for a pool worker, which has its own thread to spend.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as zlibGunzip, gunzipSync } from 'node:zlib';
import { DecodeError } from '../core/input/decode';

const zlibGunzipAsync = promisify(zlibGunzip);

function decodeErrorOf(e: unknown, limit: number): DecodeError {
  const code = (e as { code?: string }).code;
  if (code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test(String(e))) {
    return new DecodeError(`decompresses to more than ${Math.round(limit / 1048576)} MB; refused (possible gzip bomb)`);
  }
  return new DecodeError(`is not valid gzip (${e instanceof Error ? e.message : String(e)})`);
}

/** The output buffer zlib fills at a time (its default is 16 KB). */
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 64 * 1024 * 1024;

/**
 * zlib's output chunk size for these bytes: the size gzip's trailer announces (ISIZE, the last four
 * bytes), so that the output is one buffer — no re-assembly from 16 KB pieces, which cost as much CPU
 * as the inflate itself. A false ISIZE only makes the buffer bigger, within the limit and 64 MB.
 */
export function chunkSizeFor(bytes: Uint8Array, limit: number): number {
  const n = bytes.length;
  if (n < 18) return MIN_CHUNK;
  const isize = ((bytes[n - 4] as number) | ((bytes[n - 3] as number) << 8) | ((bytes[n - 2] as number) << 16) | ((bytes[n - 1] as number) << 24)) >>> 0;
  return Math.max(MIN_CHUNK, Math.min(isize + 1, limit + 1, MAX_CHUNK));
}

export async function nodeGunzip(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  try {
    const out = await zlibGunzipAsync(bytes, { maxOutputLength: limit, chunkSize: chunkSizeFor(bytes, limit) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw decodeErrorOf(e, limit);
  }
}

/** Compressed size below which the CLI's main thread inflates in place: a thread-pool round trip costs more than the inflate. */
export const SMALL_GZIP_BYTES = 16 * 1024;

/** The main thread's gunzip: in place for small files, on libuv's thread pool for big ones (reads overlap). */
export function nodeGunzipBySize(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  return bytes.length < SMALL_GZIP_BYTES ? nodeGunzipSync(bytes, limit) : nodeGunzip(bytes, limit);
}

/** SHA-256 (hex) with node:crypto: synchronous, several times cheaper than WebCrypto's digest on small files. */
export function nodeSha256(bytes: Uint8Array): Promise<string> {
  return Promise.resolve(createHash('sha256').update(bytes).digest('hex'));
}

export async function nodeGunzipSync(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  try {
    const out = gunzipSync(bytes, { maxOutputLength: limit, chunkSize: chunkSizeFor(bytes, limit) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw decodeErrorOf(e, limit);
  }
}

/**
 * Inflates started as soon as a file's bytes arrive. The core reads one file ahead (ingest.ts
 * prefetch) but inflates a file only when it comes to read it, so the main thread waited on each
 * file's inflate in turn; started here, the next file inflates on libuv's threads while this one is
 * scanned. `gunzip` hands a finished inflate over only when it is exactly what the bounded call asked
 * for would give (it succeeded and its output is within that call's limit); otherwise, or when none
 * was started for these bytes, it inflates as nodeGunzipBySize does.
 */
export class InflateAhead {
  private readonly started = new WeakMap<Uint8Array, Promise<Uint8Array | undefined>>();

  /** `limit`: the per-file limit (no call asks for more). */
  constructor(private readonly limit: number) {}

  /** Starts inflating `bytes` when they are gzip and big enough to go to the thread pool. */
  start(bytes: Uint8Array): void {
    if (bytes.length >= SMALL_GZIP_BYTES && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      this.offer(
        bytes,
        nodeGunzip(bytes, this.limit).catch(() => undefined),
      );
    }
  }

  /** An inflate of `bytes` made elsewhere (the inflate thread) within this limit; undefined when it failed. */
  offer(bytes: Uint8Array, inflated: Promise<Uint8Array | undefined>): void {
    this.started.set(bytes, inflated);
  }

  readonly gunzip = async (bytes: Uint8Array, limit: number): Promise<Uint8Array> => {
    const early = this.started.get(bytes);
    if (early !== undefined) {
      this.started.delete(bytes);
      const out = await early;
      if (out !== undefined && out.length <= limit) return out;
    }
    return nodeGunzipBySize(bytes, limit);
  };
}
