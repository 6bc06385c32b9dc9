import { describe, expect, it } from 'vitest';
import type { VirtualMfaEvidence } from '../evidence-files/model';
import { buildReport, cell, ctx, INPUT, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import { rootHardwareMfa } from './root-hardware-mfa';

const VMFA_FILE = 'virtual-mfa-devices.json';
const noVirtual: VirtualMfaEvidence = { input: VMFA_FILE, rootDevices: [], deviceCount: 3, unreadable: 0 };
/** A list with entries that cannot be read (lower-case keys, nulls, nesting): absence is not shown. */
const partlyUnreadable: VirtualMfaEvidence = { ...noVirtual, unreadable: 2 };
const withVirtual: VirtualMfaEvidence = {
  input: VMFA_FILE,
  rootDevices: [{ serial: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device', enableDate: '2021-04-05T06:07:08Z' }],
  deviceCount: 4,
  unreadable: 0,
};
const run = (rows: Row[], virtualMfa?: VirtualMfaEvidence) =>
  rootHardwareMfa.evaluate(ctx({ report: buildReport(rows), account: virtualMfa ? { virtualMfa } : {} }));

describe('ROOT-HARDWARE-MFA', () => {
  it.each([
    { name: 'MFA on, no virtual device for root', cells: {}, vm: noVirtual, status: 'PASS' },
    { name: 'MFA on, virtual device for root', cells: {}, vm: withVirtual, status: 'FAIL' },
    { name: 'MFA on, none for root among readable entries, 2 unreadable', cells: {}, vm: partlyUnreadable, status: 'NEEDS_EVIDENCE' },
    { name: 'MFA on, virtual device for root, others unreadable', cells: {}, vm: { ...withVirtual, unreadable: 2 }, status: 'FAIL' },
    { name: 'MFA on, no device list', cells: {}, vm: undefined, status: 'NEEDS_EVIDENCE' },
    { name: 'MFA off (no list needed)', cells: { mfa_active: 'false' }, vm: undefined, status: 'FAIL' },
    { name: 'MFA off, list shows nothing', cells: { mfa_active: 'FALSE' }, vm: noVirtual, status: 'FAIL' },
    { name: 'legacy root, MFA on, no virtual device', cells: LEGACY_ROOT, vm: noVirtual, status: 'PASS' },
    { name: 'removed credentials', cells: REMOVED_ROOT, vm: undefined, status: 'NOT_APPLICABLE' },
    { name: 'removed credentials, list present', cells: REMOVED_ROOT, vm: withVirtual, status: 'NOT_APPLICABLE' },
    { name: 'mfa_active empty', cells: { mfa_active: '' }, vm: noVirtual, status: 'NEEDS_EVIDENCE' },
    { name: 'mfa_active not_supported', cells: { mfa_active: 'not_supported' }, vm: noVirtual, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ cells, vm, status }) => {
    const out = run([root(cells)], vm);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('NEEDS_EVIDENCE names the command to run', () => {
    const [f] = run([root()]);
    expect(f?.message).toContain('aws iam list-virtual-mfa-devices');
  });

  it('FAIL cites the virtual device serial from the device list', () => {
    const [f] = run([user('alice'), root()], withVirtual);
    expect(cell(f!, 'mfa_active')).toEqual({ input: INPUT, line: 3, field: 'mfa_active', value: 'true' });
    expect(cell(f!, 'VirtualMFADevices[].SerialNumber')).toEqual({
      input: VMFA_FILE,
      field: 'VirtualMFADevices[].SerialNumber',
      value: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device',
      note: 'virtual device assigned to root, enabled 2021-04-05T06:07:08Z',
    });
  });

  it('PASS cites the device list', () => {
    const [f] = run([root()], noVirtual);
    expect(cell(f!, 'VirtualMFADevices')).toEqual({ input: VMFA_FILE, field: 'VirtualMFADevices', value: '3 device(s), none assigned to root' });
  });

  it('says "virtual MFA device assigned", never that a PASS proves hardware (a synced passkey passes too)', () => {
    expect(rootHardwareMfa.title).toBe('Root user has a virtual MFA device assigned');
    const [f] = run([root()], noVirtual);
    expect(f?.message).toBe('Root has MFA and no virtual (authenticator-app) MFA device is assigned to it. This does not prove dedicated hardware: a synced passkey passes too.');
    expect(rootHardwareMfa.rationale).toContain('A pass does not prove dedicated hardware');
    expect(rootHardwareMfa.remediation.prevention.join(' ')).toContain('(both flag only virtual devices)');
  });

  it('no root row → NEEDS_EVIDENCE even with a device list', () => {
    expect(run([user('alice')], noVirtual).map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
  });
});
