// Canonical JSON per RFC 8785 (JSON Canonicalization Scheme): object members sorted by their
// names' UTF-16 code units, no whitespace, strings and numbers serialized as ECMAScript's
// JSON.stringify does. The same document always gives the same bytes, whatever key order or
// indentation a file was saved with, so a hash over it can be checked by anyone.
//
// JSON.stringify with sorted members does it natively when it can (canonicalByStringify). The
// writer below is the general way: it emits the text in pieces and keeps its own stack, so a
// document whose canonical text is longer than a string can be is still hashed
// (canonicalSha256), and a previous audit nested 100,000 levels deep cannot overflow the stack.
import { sha256 } from '@noble/hashes/sha2.js';

/** The text of a scalar, or undefined for what JSON leaves out (undefined, functions, symbols). */
function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'bigint':
      return v.toString();
    default:
      return undefined;
  }
}

type Frame = { list: true; items: readonly unknown[]; i: number } | { list: false; obj: Record<string, unknown>; keys: string[]; i: number; wrote: boolean };

/** Value after toJSON, as JSON.stringify sees it. */
const jsonValue = (v: unknown): unknown => (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON: () => unknown }).toJSON() : v);

/**
 * Writes the canonical text of `value` to `emit`, piece by piece. Returns false when the value
 * itself has no JSON text (undefined at the top), like JSON.stringify returning undefined.
 */
function writeCanonical(value: unknown, emit: (s: string) => void): boolean {
  const top = jsonValue(value);
  if (top === null || typeof top !== 'object') {
    const s = scalar(top);
    if (s === undefined) return false;
    emit(s);
    return true;
  }
  const stack: Frame[] = [];
  const open = (v: object): void => {
    if (Array.isArray(v)) {
      emit('[');
      stack.push({ list: true, items: v, i: 0 });
    } else {
      emit('{');
      stack.push({ list: false, obj: v as Record<string, unknown>, keys: Object.keys(v).sort(), i: 0, wrote: false });
    }
  };
  open(top);
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    if (f.list) {
      if (f.i >= f.items.length) {
        emit(']');
        stack.pop();
        continue;
      }
      if (f.i > 0) emit(',');
      const v = jsonValue(f.items[f.i++]);
      if (v !== null && typeof v === 'object') open(v);
      else emit(scalar(v) ?? 'null');
      continue;
    }
    if (f.i >= f.keys.length) {
      emit('}');
      stack.pop();
      continue;
    }
    const k = f.keys[f.i++] as string;
    const v = jsonValue(f.obj[k]);
    const isContainer = v !== null && typeof v === 'object';
    const s = isContainer ? undefined : scalar(v);
    if (!isContainer && s === undefined) continue; // undefined members are dropped
    emit(`${f.wrote ? ',' : ''}${JSON.stringify(k)}:`);
    f.wrote = true;
    if (isContainer) open(v);
    else emit(s as string);
  }
  return true;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * The fast way, when it gives the same text: JSON.stringify (native) with every object's members
 * re-inserted in sorted order. Undefined when it cannot: engines list array-index-like names
 * ("9", "10") first and in numeric order whatever the insertion order, and JSON.stringify refuses
 * BigInt. Throws RangeError when the text would be longer than a string can be.
 */
function canonicalByStringify(value: unknown): string | undefined {
  let unsafe = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') unsafe = true;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    let sorted = true;
    for (let i = 1; i < keys.length && sorted; i++) sorted = (keys[i - 1] as string) < (keys[i] as string);
    if (sorted) return v;
    keys.sort();
    // No prototype: an own `__proto__` member (JSON.parse makes one) stays a member when copied.
    const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of keys) {
      if (ARRAY_INDEX.test(k)) unsafe = true;
      o[k] = (v as Record<string, unknown>)[k];
    }
    return o;
  });
  return unsafe ? undefined : (text ?? 'null');
}

/** RFC 8785 canonical form of a JSON value (undefined members dropped, like JSON.stringify). */
export function canonicalJson(value: unknown): string {
  let fast: string | undefined;
  try {
    fast = canonicalByStringify(value);
  } catch (e) {
    // JSON.stringify recurses: a document nested thousands of levels deep takes the writer.
    if (!(e instanceof RangeError)) throw e;
  }
  if (fast !== undefined) return fast;
  const parts: string[] = [];
  return writeCanonical(value, (s) => parts.push(s)) ? parts.join('') : 'null';
}

const PIECE = 1 << 20;

/**
 * SHA-256 (hex) of the UTF-8 bytes of `canonicalJson(value)`, hashed as it is written: for
 * documents whose canonical text does not fit in one string.
 */
export function canonicalSha256(value: unknown): string {
  const hash = sha256.create();
  const encoder = new TextEncoder();
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    hash.update(encoder.encode(parts.join('')));
    parts = [];
    size = 0;
  };
  const wrote = writeCanonical(value, (s) => {
    parts.push(s);
    size += s.length;
    if (size >= PIECE) flush();
  });
  if (!wrote) parts = ['null'];
  flush();
  return Array.from(hash.digest(), (b) => b.toString(16).padStart(2, '0')).join('');
}
