// SHA-256 with WebCrypto where it exists; plain-HTTP pages (no secure context) have no
// crypto.subtle, so fall back to the audited @noble/hashes implementation.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

const hex = (buf: ArrayBuffer | Uint8Array): string => {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] as number).toString(16).padStart(2, '0');
  return s;
};

export async function sha256Hex(data: Uint8Array | string, forceFallback = false): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const subtle = forceFallback ? undefined : globalThis.crypto?.subtle;
  if (subtle) {
    try {
      return hex(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    } catch {
      // fall through to the library
    }
  }
  return hex(nobleSha256(bytes));
}
