// Size limits in the engine (issue 11, item 14) and a malformed evidence file (item 9), through
// audit(): a file above the limit is refused before it is read (read() is never called, not even
// to fetch it ahead), the limit for all files together counts decompressed bytes, and a
// list-virtual-mfa-devices file with unreadable entries never lets ROOT-HARDWARE-MFA pass.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { DEFAULT_MAX_FILE_MB } from '../../src/core/options';
import type { AuditInput } from '../../src/core/types';
import { reportCsv } from '../helpers/report';
import { expectGoodReportEvaluated, findingOf, fixtureInput, GOOD, memInput, NOW, problemsOf } from './helpers';

const MB = 1024 * 1024;

/** An input of `size` bytes announced, counting the calls to read(). */
function counted(name: string, bytes: Uint8Array, size = bytes.byteLength): AuditInput & { reads: number } {
  const input = { name, size, reads: 0, read: async () => {
    input.reads++;
    return bytes;
  } };
  return input;
}

describe('size limits (item 14)', () => {
  it(`the default per-file limit (${DEFAULT_MAX_FILE_MB} MB) refuses a larger plain file without reading it`, async () => {
    const huge = counted('huge.csv', new Uint8Array(0), 1900 * MB);
    const r = await audit([huge, fixtureInput(GOOD)], { now: NOW, asOf: NOW });
    expectGoodReportEvaluated(r);
    expect(huge.reads).toBe(0);
    expect(problemsOf(r, 'huge.csv')).toEqual([['error', null, 'The file is 1,900 MB, more than the limit of 256 MB per file; it was not read.']]);
    expect(r.inputs[0]).toMatchObject({ name: 'huge.csv', kind: 'unknown', bytes: 1900 * MB, sha256: '' });
  });

  it('maxFileBytes applies to plain files and to what a gzip file inflates to', async () => {
    const plain = counted('plain.csv', new Uint8Array(2 * MB).fill(65));
    const gz = counted('small.json.gz', new Uint8Array(gzipSync(new Uint8Array(3 * MB).fill(32))));
    const r = await audit([fixtureInput(GOOD), plain, gz], { now: NOW, asOf: NOW, maxFileBytes: MB });
    expectGoodReportEvaluated(r);
    expect(plain.reads).toBe(0);
    expect(problemsOf(r, 'plain.csv')).toEqual([['error', null, 'The file is 2 MB, more than the limit of 1 MB per file; it was not read.']]);
    expect(problemsOf(r, 'small.json.gz')).toEqual([['error', null, 'The file decompresses to more than 1 MB; refused (possible gzip bomb).']]);
  });

  it('maxTotalBytes counts decompressed bytes across files; later files past it are refused unread', async () => {
    const report = new TextEncoder().encode(reportCsv([{ user: '<root_account>', arn: 'arn:aws:iam::242424242424:root' }]));
    const first = counted('first.csv.gz', new Uint8Array(gzipSync(report)));
    const filler = counted('filler.txt.gz', new Uint8Array(gzipSync(new Uint8Array(60_000).fill(65))));
    const last = counted('last.csv', new Uint8Array(50_000).fill(66));
    const r = await audit([first, filler, last], { now: NOW, asOf: NOW, maxTotalBytes: 100_000 });
    expect(r.inputs.map((i) => [i.name, i.kind])).toEqual([['first.csv.gz', 'credential-report'], ['filler.txt.gz', 'unknown'], ['last.csv', 'unknown']]);
    // Not read into the audit (it may have been fetched ahead while the previous file was read: it was within the limit then).
    expect(r.inputs[2]).toMatchObject({ bytes: 50_000, sha256: '' });
    expect(problemsOf(r, 'last.csv')).toEqual([['error', null, expect.stringMatching(/^Reading it would pass the limit of 98 KB for all files together \(38 KB left\); it was not read\.$/)]]);
  });
});

describe('a malformed list-virtual-mfa-devices file (item 9)', () => {
  const report = () => memInput('root-mfa-252525252525.csv', reportCsv([{ user: '<root_account>', arn: 'arn:aws:iam::252525252525:root' }]));

  it.each([
    ['lower-case keys', [{ serialnumber: 'arn:aws:iam::252525252525:mfa/root-account-mfa-device' }]],
    ['nulls', [null, { SerialNumber: null }]],
    ['nesting', [[{ SerialNumber: 'arn:aws:iam::252525252525:mfa/root-account-mfa-device' }]]],
    ['one readable user device and one unreadable entry', [{ SerialNumber: 'arn:aws:iam::252525252525:mfa/alice' }, 'root-account-mfa-device']],
  ])('%s: a problem names the file and ROOT-HARDWARE-MFA needs evidence, never PASS', async (_name, devices) => {
    const r = await audit([report(), memInput('vmfa.json', JSON.stringify({ VirtualMFADevices: devices }))], { now: NOW, asOf: NOW });
    const f = findingOf(r, 'ROOT-HARDWARE-MFA', '252525252525');
    expect(f.status).toBe('NEEDS_EVIDENCE');
    expect(f.message).toMatch(/could not be read, so a virtual device for root is not ruled out/);
    const unreadable = (devices as unknown[]).filter((d) => !(d && typeof d === 'object' && !Array.isArray(d) && typeof (d as { SerialNumber?: unknown }).SerialNumber === 'string')).length;
    expect(problemsOf(r, 'vmfa.json')).toEqual([
      ['warning', null, `${unreadable} entr${unreadable === 1 ? 'y' : 'ies'} of VirtualMFADevices could not be read (not an object with a SerialNumber string, as the AWS CLI writes it); any of them could be root's device, so this file cannot show that root has no virtual MFA device.`],
    ]);
    expect(r.inputs.find((i) => i.name === 'vmfa.json')?.skipped).toBe(unreadable);
  });

  it('a well-formed list still decides it (PASS without a root device, FAIL with one)', async () => {
    const none = await audit([report(), memInput('vmfa.json', JSON.stringify({ VirtualMFADevices: [] }))], { now: NOW, asOf: NOW });
    expect(findingOf(none, 'ROOT-HARDWARE-MFA', '252525252525').status).toBe('PASS');
    const root = await audit([report(), memInput('vmfa.json', JSON.stringify({ VirtualMFADevices: [{ SerialNumber: 'arn:aws:iam::252525252525:mfa/root-account-mfa-device' }, null] }))], { now: NOW, asOf: NOW });
    expect(findingOf(root, 'ROOT-HARDWARE-MFA', '252525252525').status).toBe('FAIL');
  });
});
