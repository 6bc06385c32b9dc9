// The evidence JSON: the AuditResult as it is, plus `manifestSha256`, a SHA-256 over the
// document itself so a reviewer can tell whether anything in it was changed after export.
//
// How to verify a file (what `verifyManifest` does):
//   1. parse it and remove the top-level `manifestSha256` member;
//   2. serialize the rest canonically (RFC 8785 JCS: members sorted by name, no whitespace);
//   3. SHA-256 over the UTF-8 bytes, lowercase hex, must equal `manifestSha256`.
// In a shell, for the plain-text values credaudit writes:
//   jq -jcS 'del(.manifestSha256)' evidence.json | sha256sum
// (jq's -S sort and -c output match JCS for ASCII member names and integer numbers.)
// Each input's own `sha256` is the hash of the file's bytes as loaded: `sha256sum FILE`.
import { sha256 } from '@noble/hashes/sha2.js';
import type { AuditResult } from '../types';
import { canonicalJson } from './canonical';
import { sha256Hex } from './hash';

/** The document without its manifest, as the manifest is computed over it. */
function withoutManifest(doc: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...doc };
  delete rest.manifestSha256;
  return rest;
}

/** SHA-256 (hex) of the canonical JSON of `doc` without its `manifestSha256` member. */
export async function manifestSha256(doc: AuditResult | Record<string, unknown>): Promise<string> {
  return sha256Hex(canonicalJson(withoutManifest(doc as Record<string, unknown>)));
}

/** The same value, computed synchronously (for a `beforeprint` handler, which cannot wait). */
export function manifestSha256Sync(doc: AuditResult | Record<string, unknown>): string {
  const bytes = sha256(new TextEncoder().encode(canonicalJson(withoutManifest(doc as Record<string, unknown>))));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The result with `manifestSha256` set (last member), ready to save. */
export async function withManifest(result: AuditResult): Promise<AuditResult> {
  const rest = withoutManifest(result as unknown as Record<string, unknown>) as unknown as AuditResult;
  return { ...rest, manifestSha256: await manifestSha256(rest) };
}

/** Evidence JSON text: two-space indented, trailing newline, `manifestSha256` included. */
export async function toEvidenceJson(result: AuditResult): Promise<string> {
  return `${JSON.stringify(await withManifest(result), null, 2)}\n`;
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
