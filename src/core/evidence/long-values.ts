// Long input values are cited by reference (issue 11, item 6). A credential report cell can be
// 48 MB (a user name, a region); rules quote it in the resource, every finding's evidence and
// message, and the charts' details, so one cell became hundreds of MB of JSON and more than a
// string can hold ("Invalid string length"). After evaluation every string longer than
// LONG_VALUE_CHARS is kept once in `AuditResult.values` and replaced where it appears by a short
// copy that says its length and its index; `valueRef` / `resourceRef` / `userRef` give the index
// to programs. Messages and problems are never longer than MAX_MESSAGE_CHARS. Pure; it changes
// the result it is given (copying 150,000 findings to change a handful would cost more).
import type { AuditResult, Finding } from '../types';

/** Values longer than this are cited by reference. IAM names are at most 64 characters, ARNs 2,048. */
export const LONG_VALUE_CHARS = 4096;
/** How much of a long value its short copy shows. */
export const SHOWN_CHARS = 200;
/** Longest message or problem text kept. */
export const MAX_MESSAGE_CHARS = 8192;

const count = (n: number): string => n.toLocaleString('en-US');

/** The first `n` UTF-16 units, without cutting a surrogate pair in two. */
function head(s: string, n: number): string {
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** A message or problem cut to MAX_MESSAGE_CHARS, saying how long it was. */
export function clipMessage(s: string): string {
  return s.length > MAX_MESSAGE_CHARS ? `${head(s, MAX_MESSAGE_CHARS)}… (${count(s.length)} characters in all)` : s;
}

class ValueTable {
  readonly values: string[] = [];
  readonly #index = new Map<string, number>();

  /** The index of `v` in the table (added once). */
  ref(v: string): number {
    let i = this.#index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.#index.set(v, i);
    }
    return i;
  }

  /** The short copy of a long value that stands in its place. */
  short(v: string): string {
    return `${head(v, SHOWN_CHARS)}… (${count(v.length)} characters; the whole value is values[${this.ref(v)}] of the evidence JSON)`;
  }

  /** `text` with every long value of `longs` in it replaced by its short copy, then clipped. */
  shorten(text: string, longs: readonly string[]): string {
    let t = text;
    if (t.length <= LONG_VALUE_CHARS) return t;
    for (const v of longs) if (t.includes(v)) t = t.split(v).join(this.short(v));
    return clipMessage(t);
  }
}

const isLong = (s: string | undefined): s is string => s !== undefined && s.length > LONG_VALUE_CHARS;

function shortenFinding(f: Finding, table: ValueTable): void {
  const longs: string[] = [];
  if (isLong(f.resource)) {
    longs.push(f.resource);
    f.resourceRef = table.ref(f.resource);
    f.resource = table.short(f.resource);
  }
  for (const e of f.evidence) {
    if (isLong(e.value)) {
      longs.push(e.value);
      e.valueRef = table.ref(e.value);
      e.value = table.short(e.value);
    }
  }
  for (const e of f.evidence) if (isLong(e.note)) e.note = table.shorten(e.note, longs);
  if (isLong(f.resourceArn)) f.resourceArn = table.shorten(f.resourceArn, longs.length > 0 ? longs : [f.resourceArn]);
  f.message = table.shorten(f.message, longs);
}

/**
 * Replaces every long value of `result` by its short copy and lists it once in `result.values`.
 * A result without long values is returned unchanged (no `values` member).
 */
export function citeLongValuesByReference(result: AuditResult): AuditResult {
  const table = new ValueTable();
  for (const f of result.findings) shortenFinding(f, table);
  // Problems may be the read dataset's own objects (read once, evaluated again): replaced, not changed.
  result.problems = result.problems.map((p) => (p.message.length > MAX_MESSAGE_CHARS ? { ...p, message: clipMessage(p.message) } : p));
  for (const u of result.details.userCredentialAges) {
    if (isLong(u.user)) {
      u.userRef = table.ref(u.user);
      u.user = table.short(u.user);
    }
  }
  for (const ev of result.details.rootEvents) {
    const rec = ev as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(rec)) if (typeof v === 'string' && isLong(v)) rec[k] = table.short(v);
  }
  for (const a of result.accounts) {
    if (isLong(a.name)) a.name = table.short(a.name);
    a.verdict = clipMessage(a.verdict);
  }
  if (table.values.length > 0) result.values = table.values;
  return result;
}
