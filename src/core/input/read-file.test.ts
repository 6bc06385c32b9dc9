// One file end to end: bytes, hash, decode, reader table; every failure is a problem in the result.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../types';
import { readInputFile } from './read-file';

const input = (name: string, bytes: Uint8Array | string, lastModified?: number): AuditInput => {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { name, size: 999, read: async () => b, ...(lastModified !== undefined ? { lastModified } : {}) };
};
const OPTS = { naiveTimeOffsetMinutes: 0 };
const CSV = 'user,arn,password_enabled\n<root_account>,arn:aws:iam::111122223333:root,false\n';

describe('readInputFile', () => {
  it('bytes read (not the size announced) and their SHA-256', async () => {
    const r = await readInputFile(input('r.csv', 'abc'), OPTS);
    expect([r.bytes, r.sha256]).toEqual([3, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad']);
  });

  it('gzip is decoded first; a CloudTrail format then says "+gzip"', async () => {
    const trail = JSON.stringify({ Records: [{ eventTime: '2024-05-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', recipientAccountId: '111122223333' }] });
    const r = await readInputFile(input('t.json.gz', new Uint8Array(gzipSync(trail))), OPTS);
    expect([r.kind, r.format, r.records]).toEqual(['cloudtrail', 's3-json+gzip', 1]);
  });

  it('the file date reaches the report (its as-of fallback)', async () => {
    const r = await readInputFile(input('r.csv', CSV, Date.UTC(2025, 0, 2)), OPTS);
    expect(r.content?.type === 'credential-report' && r.content.report.fileTime).toBe(Date.UTC(2025, 0, 2));
  });

  it('invalid UTF-8: the warning comes before what the reader says', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(CSV), 0xff, 0x0a]);
    const r = await readInputFile(input('r.csv', bytes), OPTS);
    expect(r.kind).toBe('credential-report');
    expect(r.problems[0]).toEqual({ input: 'r.csv', severity: 'warning', message: '1 byte sequence(s) are not valid UTF-8; they were replaced with U+FFFD.' });
    expect(r.problems.length).toBeGreaterThan(1);
  });

  it.each<[string, AuditInput, string, boolean]>([
    // name, input, the one error problem, bytes and hash known
    ['unreadable', { name: 'x', size: 1, read: () => Promise.reject(new Error('EIO')) }, 'Could not be read: EIO', false],
    ['corrupt gzip', input('x', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])), 'The file is not valid gzip (', true],
    ['empty', input('x', ' \n\t'), 'The file is empty.', true],
    ['unknown', input('x', 'hello'), 'Unknown format: ', true],
  ])('%s: kind unknown, one error problem', async (_name, file, message, known) => {
    const r = await readInputFile(file, OPTS);
    expect([r.kind, r.format, r.content]).toEqual(['unknown', 'unknown', undefined]);
    expect(r.problems).toEqual([{ input: 'x', severity: 'error', message: expect.stringContaining(message) }]);
    expect(r.sha256 !== undefined && r.bytes !== undefined).toBe(known);
  });
});
