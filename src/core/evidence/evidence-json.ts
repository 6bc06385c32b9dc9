// The evidence JSON: the AuditResult as it is, plus `manifestSha256`, a SHA-256 over the
// document itself so a reviewer can tell whether anything in it was changed after export.
//
// How to verify a file (what `verifyManifest` does):
//   1. parse it and remove the top-level `manifestSha256` member;
//   2. serialize the rest canonically (RFC 8785 JCS: members sorted by name, no whitespace);
//   3. SHA-256 over the UTF-8 bytes, lowercase hex, must equal `manifestSha256`.
// In a shell: `manifestCommand(file)` below, which does those steps with Node and pipes the bytes
// to sha256sum. (`jq -jcS 'del(.manifestSha256)' FILE | sha256sum` agrees only while no string
// holds a DEL character or a lone surrogate, which a CloudTrail user agent may; so it is not used.)
// Each input's own `sha256` is the hash of the file's bytes as loaded: `sha256sum FILE`.
import type { AuditResult } from '../types';
import { canonicalSha256 } from './canonical';

/** The document without its manifest, as the manifest is computed over it. */
function withoutManifest(doc: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...doc };
  delete rest.manifestSha256;
  return rest;
}

/**
 * SHA-256 (hex) of the canonical JSON of `doc` without its `manifestSha256` member, hashed piece by
 * piece as the canonical text is written: the text is never held whole. Measured on the evidence of
 * a 10 GB trail (25 MB of JSON): 41 MB of memory at the peak against 149 MB for building the text
 * with JSON.stringify, encoding it and digesting it, for 0.9 s against 0.8 s.
 */
export async function manifestSha256(doc: AuditResult | Record<string, unknown>): Promise<string> {
  return canonicalSha256(withoutManifest(doc as Record<string, unknown>));
}

/** The result with `manifestSha256` set (last member), ready to save. */
export async function withManifest(result: AuditResult): Promise<AuditResult> {
  const rest = withoutManifest(result as unknown as Record<string, unknown>) as unknown as AuditResult;
  return { ...rest, manifestSha256: await manifestSha256(rest) };
}

/**
 * Above this many findings the evidence JSON is written on one line: indentation is about 40% of a
 * large document (a 5,000-user audit: 55 MB indented, 34 MB not) and nobody reads it by eye; the
 * manifest is over the canonical form, so it is the same either way.
 */
export const COMPACT_FROM_FINDINGS = 2000;

/** Evidence JSON text: two-space indented (one line when large, see above), trailing newline, `manifestSha256` included. */
export async function toEvidenceJson(result: AuditResult): Promise<string> {
  const doc = await withManifest(result);
  if (result.findings.length >= COMPACT_FROM_FINDINGS) return `${JSON.stringify(doc)}\n`;
  try {
    return `${JSON.stringify(doc, null, 2)}\n`;
  } catch (e) {
    // Indented, a very large audit is longer than a string can be; on one line it is about 40% shorter.
    if (e instanceof RangeError) return `${JSON.stringify(doc)}\n`;
    throw e;
  }
}

export interface ManifestCheck {
  ok: boolean;
  /** The value recorded in the file (undefined when missing). */
  recorded?: string;
  /** The value computed from the file's content. */
  computed: string;
}

/** Checks an evidence JSON document (text or parsed). Throws only on text that is not JSON. */
export async function verifyManifest(doc: string | Record<string, unknown>): Promise<ManifestCheck> {
  const obj = typeof doc === 'string' ? (JSON.parse(doc) as Record<string, unknown>) : doc;
  const computed = await manifestSha256(obj);
  const recorded = typeof obj.manifestSha256 === 'string' ? obj.manifestSha256 : undefined;
  const check: ManifestCheck = { ok: recorded === computed, computed };
  if (recorded !== undefined) check.recorded = recorded;
  return check;
}

/**
 * Canonical JSON (the same rules as ./canonical for parsed JSON, which has no undefined, no
 * functions and only finite numbers), as one line of Node for the shell.
 */
const NODE_CANONICAL_JSON =
  'const c=(v)=>v===null||typeof v!=="object"?JSON.stringify(v):Array.isArray(v)?"["+v.map(c).join(",")+"]":"{"+Object.keys(v).sort().map((k)=>JSON.stringify(k)+":"+c(v[k])).join(",")+"}";' +
  'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));delete d.manifestSha256;process.stdout.write(c(d))';

/** Quotes a file name for a POSIX shell. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell command that prints `manifestSha256` of the evidence JSON saved as `fileName`. */
export function manifestCommand(fileName: string): string {
  return `node -e '${NODE_CANONICAL_JSON}' ${shellQuote(fileName)} | sha256sum`;
}
