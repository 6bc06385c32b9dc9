// Shared by the CloudTrail ingest tests: read a fixture as the app would (bytes -> decode -> detect -> read).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectCloudTrail } from '../../src/core/cloudtrail/detect';
import type { CloudTrailFileResult, RootEvent } from '../../src/core/cloudtrail/model';
import { readCloudTrail } from '../../src/core/cloudtrail/read';
import { decodeBytes } from '../../src/core/input/decode';
import type { AuditInput } from '../../src/core/types';

export const FIXTURES = fileURLToPath(new URL('../fixtures/cloudtrail/', import.meta.url));

export async function fixtureText(rel: string): Promise<string> {
  return (await decodeBytes(new Uint8Array(readFileSync(join(FIXTURES, rel))))).text;
}

/** Detects and reads one fixture; fails the test when it is not detected. */
export async function readFixture(rel: string, offsetMinutes = 0): Promise<CloudTrailFileResult> {
  const text = await fixtureText(rel);
  const format = detectCloudTrail(text);
  if (!format) throw new Error(`${rel} was not detected as CloudTrail`);
  return readCloudTrail(text, rel, format, { naiveTimeOffsetMinutes: offsetMinutes });
}

/** Files under a fixture folder, sorted, relative to FIXTURES. */
export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(FIXTURES, p));
    }
  };
  walk(join(FIXTURES, dir));
  return out.sort();
}

export function auditInput(rel: string): AuditInput {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  return { name: rel, size: bytes.byteLength, read: async () => bytes };
}

/** Coverage as plain data: account -> [startIso, endIso, count, days]. */
export function coverageOf(r: CloudTrailFileResult): Record<string, [string, string, number, string[]]> {
  const out: Record<string, [string, string, number, string[]]> = {};
  for (const [k, v] of r.coverage) out[String(k)] = [new Date(v.start).toISOString(), new Date(v.end).toISOString(), v.count, [...v.days].sort()];
  return out;
}

/** One line per root event, for exact comparisons. */
export const brief = (e: RootEvent): string =>
  [
    new Date(e.time).toISOString(),
    e.accountId ?? 'null',
    e.eventName,
    e.signInResult ? `result=${e.signInResult}` : '',
    e.mfaUsed ? `mfa=${e.mfaUsed}` : '',
    e.accessKeyId ? `key=${e.accessKeyId}` : '',
    e.assumedRoot ? 'assumedRoot' : '',
    e.targetUserName !== undefined ? `user=${e.targetUserName}` : '',
    e.errorMessage ? `err=${e.errorMessage}` : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
