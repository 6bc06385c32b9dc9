// A deterministic synthetic credential report of N users, for the bench and large-input tests.
import { REPORT_COLUMNS } from '../../src/core/credential-report/model';

export const GENERATED = Date.UTC(2026, 10, 1, 12, 0, 0);
const DAY = 86_400_000;

/** A deterministic synthetic report: a mix of console users, key users, stale and fresh credentials. */
export function syntheticReport(users: number): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
  const lines = [REPORT_COLUMNS.join(',')];
  lines.push(['<root_account>', 'arn:aws:iam::111122223333:root', iso(GENERATED - 900 * DAY), 'true', iso(GENERATED - 3 * DAY), iso(GENERATED - 400 * DAY), 'N/A', 'true', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A'].join(','));
  for (let i = 0; i < users; i++) {
    const created = GENERATED - (30 + (i % 700)) * DAY;
    const console_ = i % 3 !== 0;
    const key1 = i % 2 === 0;
    const key2 = i % 17 === 0;
    const used = (d: number) => iso(GENERATED - d * DAY);
    lines.push([
      `user-${i}`, `arn:aws:iam::111122223333:user/user-${i}`, iso(created),
      String(console_), console_ ? (i % 5 === 0 ? 'no_information' : used(i % 120)) : 'N/A', console_ ? used(i % 300) : 'N/A', 'N/A', String(i % 4 === 0),
      String(key1), key1 ? used(i % 400) : 'N/A', key1 ? (i % 7 === 0 ? 'N/A' : used(i % 90)) : 'N/A', key1 ? 'us-east-1' : 'N/A', key1 ? 's3' : 'N/A',
      String(key2), key2 ? used(i % 200) : 'N/A', key2 ? used(i % 60) : 'N/A', key2 ? 'eu-west-1' : 'N/A', key2 ? 'ec2' : 'N/A',
      'false', 'N/A', 'false', 'N/A',
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

