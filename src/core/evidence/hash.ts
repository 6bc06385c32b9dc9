// SHA-256 with WebCrypto where it exists (for files of 64 KB and more); plain-HTTP pages (no secure
// context) have no crypto.subtle, so fall back to the audited @noble/hashes implementation, which
// also hashes small inputs (same digest, without a round trip).
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

const hex = (buf: ArrayBuffer | Uint8Array): string => {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] as number).toString(16).padStart(2, '0');
  return s;
};

/**
 * Below this size the library digests in place: WebCrypto's digest is a round trip to another
 * thread, which costs more than hashing a small file (measured in a worker: ~0.35 ms a call).
 */
const SMALL_BYTES = 64 * 1024;

export async function sha256Hex(data: Uint8Array | string, forceFallback = false): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const subtle = forceFallback || bytes.byteLength < SMALL_BYTES ? undefined : globalThis.crypto?.subtle;
  if (subtle) {
    try {
      return hex(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    } catch {
      // fall through to the library
    }
  }
  return hex(nobleSha256(bytes));
}
