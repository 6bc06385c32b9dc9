// Node's zlib for the CLI, bounded like the core's DecompressionStream version (gzip bombs are
// refused) and failing with the same DecodeError texts. The async form is for the main thread (the
// inflate runs on libuv's threads); the sync one for a pool worker, which has its own thread to spend.
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

export async function nodeGunzip(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await zlibGunzipAsync(bytes, { maxOutputLength: limit }));
  } catch (e) {
    throw decodeErrorOf(e, limit);
  }
}

export async function nodeGunzipSync(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  try {
    const out = gunzipSync(bytes, { maxOutputLength: limit });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw decodeErrorOf(e, limit);
  }
}
