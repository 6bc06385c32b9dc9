// Reads the text Athena and CloudTrail Lake print for struct and map columns:
//   {type=Root, principalid=111122223333, arn=arn:aws:iam::111122223333:root, invokedby=null,
//    sessioncontext={attributes={mfaauthenticated=true, creationdate=2024-05-01T10:00:00Z}, sessionissuer=null}}
// It is not JSON: keys and values are bare, `null` stands for a null field, structs nest, lists are
// `[a, b]`. Values are kept as strings (`null` becomes null). The reader is tolerant: a value ends
// at the `, ` that is followed by `key=` at the same nesting level, or at the closing brace, so a
// value that itself contains a comma (a user agent) survives; what cannot be read returns undefined.

export type StructValue = string | null | StructValue[] | { [key: string]: StructValue };

const KEY_RE = /[A-Za-z_$][\w$.:-]*=/y;

class Reader {
  pos = 0;
  constructor(readonly s: string) {}

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos] as string)) this.pos++;
  }

  /** Index where a bare value starting at `from` ends, for a value inside a map (`}`) or list (`]`). */
  scalarEnd(from: number, inList: boolean): number {
    const s = this.s;
    let nest = 0;
    for (let i = from; i < s.length; i++) {
      const ch = s[i];
      if (ch === '{' || ch === '[') nest++;
      else if (ch === '}' || ch === ']') {
        if (nest === 0) return i;
        nest--;
      } else if (ch === ',' && nest === 0) {
        if (inList) return i;
        // In a map, only ", key=" ends the value.
        let j = i + 1;
        while (j < s.length && s[j] === ' ') j++;
        KEY_RE.lastIndex = j;
        if (KEY_RE.test(s)) return i;
      }
    }
    return s.length;
  }

  value(inList: boolean): StructValue {
    this.skipSpace();
    const ch = this.s[this.pos];
    if (ch === '{') {
      const save = this.pos;
      const m = this.map();
      if (m !== undefined) return m;
      this.pos = save;
    } else if (ch === '[') {
      const save = this.pos;
      const l = this.list();
      if (l !== undefined) return l;
      this.pos = save;
    }
    const end = this.scalarEnd(this.pos, inList);
    const raw = this.s.slice(this.pos, end).trim();
    this.pos = end;
    return raw === 'null' ? null : raw;
  }

  map(): { [key: string]: StructValue } | undefined {
    const s = this.s;
    this.pos++; // {
    const out: { [key: string]: StructValue } = {};
    this.skipSpace();
    if (s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const eq = s.indexOf('=', this.pos);
      if (eq < 0) return undefined;
      const key = s.slice(this.pos, eq).trim();
      if (key === '' || /[{}[\],]/.test(key)) return undefined;
      this.pos = eq + 1;
      out[key] = this.value(false);
      this.skipSpace();
      const next = s[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') {
        this.pos++;
        return out;
      }
      return undefined;
    }
  }

  list(): StructValue[] | undefined {
    const s = this.s;
    this.pos++; // [
    const out: StructValue[] = [];
    this.skipSpace();
    if (s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(true));
      this.skipSpace();
      const next = s[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') {
        this.pos++;
        return out;
      }
      return undefined;
    }
  }
}

/** Parses `{k=v, ...}` struct/map text; undefined when the text is not of that shape. */
export function parseStructText(text: string): { [key: string]: StructValue } | undefined {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  const r = new Reader(t);
  const m = r.map();
  if (m === undefined) return undefined;
  r.skipSpace();
  return r.pos === t.length ? m : undefined;
}

/**
 * A column that may hold JSON (Athena's CloudTrail table keeps requestparameters and friends as
 * JSON strings) or struct/map text (CloudTrail Lake): returns the object, or undefined.
 */
export function parseObjectColumn(text: string | undefined): Record<string, unknown> | undefined {
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
  return parseStructText(t);
}
