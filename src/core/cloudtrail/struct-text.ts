// Reads the text Athena and CloudTrail Lake print for struct and map columns:
//   {type=Root, principalid=111122223333, arn=arn:aws:iam::111122223333:root, invokedby=null,
//    sessioncontext={attributes={mfaauthenticated=true, creationdate=2024-05-01T10:00:00Z}, sessionissuer=null}}
// It is not JSON: keys and values are bare, `null` stands for a null field, structs nest, lists are
// `[a, b]`. Values are kept as strings (`null` becomes null). The reader is tolerant: a value ends
// at the `, ` that is followed by `key=` at the same nesting level, or at the closing brace, so a
// value that itself contains a comma (a user agent) survives; a `{...}` or `[...]` that does not
// read as a struct or list is kept as text. What cannot be read returns undefined.
//
// Hostile text (`{a={a={a=…` a million levels deep, unclosed) must cost linear time and no stack:
// brackets are matched once up front (so a value skips a nested group in one step, and a group
// that fails to read is never scanned again), structs are read with an explicit stack, and nesting
// deeper than MAX_STRUCT_DEPTH is refused. Parsed objects have no prototype, so a key such as
// `__proto__` is an ordinary key.

export type StructValue = string | null | StructValue[] | { [key: string]: StructValue };
export type StructMap = { [key: string]: StructValue };

/** Deepest nesting of `{` / `[` read; CloudTrail's deepest struct (a policy in requestParameters) is far shallower. */
export const MAX_STRUCT_DEPTH = 100;

/** Why struct text could not be read. */
export type StructTextFailure = 'not-struct' | 'too-deep';

export type StructTextRead = { ok: true; value: StructMap } | { ok: false; why: StructTextFailure };

const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const COMMA = 44;
const EQUALS = 61;

/** What String.prototype.trim() removes (WhiteSpace and LineTerminator). */
const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
const isKeyStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isKeyPart = (c: number): boolean => isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 58 || c === 45;

/**
 * For every `{` / `[`, the index of the bracket that closes it (any closer closes the innermost
 * opener, as the tolerant reader counts them), or -1 when it is never closed. Undefined when the
 * nesting goes deeper than MAX_STRUCT_DEPTH.
 */
function matchBrackets(s: string): Int32Array | undefined {
  const match = new Int32Array(s.length);
  const open = new Int32Array(MAX_STRUCT_DEPTH);
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === MAX_STRUCT_DEPTH) return undefined;
      open[depth++] = i;
      match[i] = -1;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) {
      match[open[--depth] as number] = i;
    }
  }
  return match;
}

/** Placeholders for the side of a frame it does not use (a list has no map, a struct no items). */
const EMPTY_MAP: StructMap = Object.freeze(Object.create(null) as StructMap);
const EMPTY_LIST: StructValue[] = Object.freeze([]) as unknown as StructValue[];

/** A struct or list being read: where it opened and closed, and what was read so far. */
interface Frame {
  list: boolean;
  start: number;
  end: number;
  map: StructMap;
  items: StructValue[];
  /** The key whose value is being read (maps). */
  key: string;
}

class Reader {
  pos = 0;
  constructor(
    readonly s: string,
    readonly match: Int32Array,
  ) {}

  skipSpace(): void {
    while (this.pos < this.s.length && isSpace(this.s.charCodeAt(this.pos))) this.pos++;
  }

  /** True when `key=` (the key pattern of a struct field) starts at `j` (after spaces). */
  keyFollows(j: number): boolean {
    const s = this.s;
    while (j < s.length && s.charCodeAt(j) === 32) j++;
    if (j >= s.length || !isKeyStart(s.charCodeAt(j))) return false;
    j++;
    while (j < s.length && isKeyPart(s.charCodeAt(j))) j++;
    return j < s.length && s.charCodeAt(j) === EQUALS;
  }

  /**
   * Index where a bare value starting at `from` ends: at a closing bracket of its own level, at a
   * comma (in a list) or at `, key=` (in a map). Nested groups are stepped over whole.
   */
  scalarEnd(from: number, inList: boolean): number {
    const s = this.s;
    let i = from;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        const m = this.match[i] as number;
        if (m < 0) return s.length;
        i = m + 1;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) return i;
      if (c === COMMA && (inList || this.keyFollows(i + 1))) return i;
      i++;
    }
    return s.length;
  }

  /** A bare value from `from` (also the fallback for a group that did not read as a struct or list). */
  scalar(from: number, inList: boolean): StructValue {
    const end = this.scalarEnd(from, inList);
    const raw = this.s.slice(from, end).trim();
    this.pos = end;
    return raw === 'null' ? null : raw;
  }

  /** A key up to `=`, or undefined when a bracket or comma comes first (then this is not a struct). */
  key(): string | undefined {
    const s = this.s;
    const from = this.pos;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === EQUALS) {
        const key = s.slice(from, i).trim();
        if (key === '') return undefined;
        this.pos = i + 1;
        return key;
      }
      if (c === OPEN_BRACE || c === CLOSE_BRACE || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === COMMA) return undefined;
    }
    return undefined;
  }

  /** Reads the struct opening at `start` (a matched `{`), with an explicit stack; undefined when it is not one. */
  struct(start: number): StructMap | undefined {
    const stack: Frame[] = [];
    const open = (at: number, list: boolean): void => {
      stack.push({ list, start: at, end: this.match[at] as number, map: list ? EMPTY_MAP : (Object.create(null) as StructMap), items: list ? [] : EMPTY_LIST, key: '' });
      this.pos = at + 1;
    };
    open(start, false);
    // `received` is what the top frame just got (a finished child or a scalar, in `value`); false
    // when the frame is to start its next entry.
    let received = false;
    let value: StructValue = null;
    let first = true;
    for (;;) {
      const f = stack[stack.length - 1] as Frame;
      let failed = false;
      if (received) {
        if (f.list) f.items.push(value);
        else f.map[f.key] = value;
        received = false;
        this.skipSpace();
        const c = this.s.charCodeAt(this.pos);
        if (c === COMMA && this.pos < f.end) {
          this.pos++;
        } else if (this.pos === f.end) {
          // Closed: hand the finished group to its parent.
          stack.pop();
          this.pos = f.end + 1;
          if (stack.length === 0) return f.map;
          value = f.list ? f.items : f.map;
          received = true;
          first = false;
          continue;
        } else {
          failed = true;
        }
      } else if (first) {
        // Just opened: an empty group closes at once.
        this.skipSpace();
        if (this.pos === f.end) {
          stack.pop();
          this.pos = f.end + 1;
          if (stack.length === 0) return f.map;
          value = f.list ? f.items : f.map;
          received = true;
          first = false;
          continue;
        }
      }
      if (!failed && !f.list) {
        this.skipSpace();
        const key = this.key();
        if (key === undefined || this.pos > f.end) failed = true;
        else f.key = key;
      }
      if (failed) {
        // Not a struct / list: at the top that ends the read; inside, the parent keeps the group as text.
        stack.pop();
        if (stack.length === 0) return undefined;
        const parent = stack[stack.length - 1] as Frame;
        value = this.scalar(f.start, parent.list);
        received = true;
        first = false;
        continue;
      }
      // The value of the entry.
      this.skipSpace();
      const c = this.s.charCodeAt(this.pos);
      if ((c === OPEN_BRACE || c === OPEN_BRACKET) && (this.match[this.pos] as number) >= 0 && (this.match[this.pos] as number) <= f.end) {
        open(this.pos, c === OPEN_BRACKET);
        first = true;
        continue;
      }
      value = this.scalar(this.pos, f.list);
      received = true;
      first = false;
    }
  }
}

/** Reads `{k=v, ...}` struct/map text, saying why when it cannot. */
export function readStructText(text: string): StructTextRead {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return { ok: false, why: 'not-struct' };
  const match = matchBrackets(t);
  if (!match) return { ok: false, why: 'too-deep' };
  if (match[0] !== t.length - 1) return { ok: false, why: 'not-struct' };
  const value = new Reader(t, match).struct(0);
  return value === undefined ? { ok: false, why: 'not-struct' } : { ok: true, value };
}

/** Parses `{k=v, ...}` struct/map text; undefined when the text is not of that shape (or nests too deep). */
export function parseStructText(text: string): StructMap | undefined {
  const r = readStructText(text);
  return r.ok ? r.value : undefined;
}

/**
 * A column that may hold JSON (Athena's CloudTrail table keeps requestparameters and friends as
 * JSON strings) or struct/map text (CloudTrail Lake): returns the object, or undefined.
 * `onTooDeep` is told when the text is struct text nested deeper than MAX_STRUCT_DEPTH.
 */
export function parseObjectColumn(text: string | undefined, onTooDeep?: () => void): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!t.startsWith('{')) return undefined;
  if (/^\{\s*("|\})/.test(t)) {
    try {
      const v: unknown = JSON.parse(t);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // fall through to struct text
    }
  }
  const r = readStructText(t);
  if (r.ok) return r.value;
  if (r.why === 'too-deep') onTooDeep?.();
  return undefined;
}
