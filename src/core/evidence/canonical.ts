// Canonical JSON per RFC 8785 (JSON Canonicalization Scheme): object members sorted by their
// names' UTF-16 code units, no whitespace, strings and numbers serialized as ECMAScript's
// JSON.stringify does. The same document always gives the same bytes, whatever key order or
// indentation a file was saved with, so a hash over it can be checked by anyone.

function canon(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  const o = v as { toJSON?: () => unknown };
  if (typeof o.toJSON === 'function') return canon(o.toJSON());
  if (Array.isArray(v)) return `[${v.map((x) => canon(x) ?? 'null').join(',')}]`;
  const rec = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(rec).sort()) {
    const s = canon(rec[k]);
    if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
  }
  return `{${parts.join(',')}}`;
}

/** RFC 8785 canonical form of a JSON value (undefined members dropped, like JSON.stringify). */
export function canonicalJson(value: unknown): string {
  return canon(value) ?? 'null';
}
