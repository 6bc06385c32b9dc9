// CSV shapes of CloudTrail: the console "Download events" CSV (16 columns today, an older 10-column
// variant), and Athena result CSVs (lower-case CloudTrail columns, structs as `{type=Root, ...}`).
import Papa from 'papaparse';
import { eventTimeMs, type FileCollector } from './collect';
import { flatRowToRecord } from './flat';
import type { RootEvent } from './model';
import { parseUtc } from '../time';

export const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';

function rows(csv: string): string[][] {
  const r = Papa.parse<string[]>(csv, { header: false, skipEmptyLines: 'greedy' });
  return r.data;
}

const headerKey = (h: string): string => h.replace(/^\uFEFF/, '').trim().toLowerCase();

const formatOffset = (min: number): string => {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
};

/**
 * Times of the older console CSV: `2020-05-13, 04:52:01 PM` (also without the comma, or 24-hour),
 * in the zone of the browser that exported them, which the file does not say. Read at
 * `offsetMinutes` east of UTC.
 */
export function parseLocalConsoleTime(t: string, offsetMinutes: number): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(t.trim());
  if (!m) return undefined;
  let h = Number(m[4]);
  const ampm = m[7]?.toUpperCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'AM' && h === 12) h = 0;
    if (ampm === 'PM' && h !== 12) h += 12;
  }
  const iso = `${m[1]}-${m[2]}-${m[3]}T${String(h).padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}Z`;
  const ms = parseUtc(iso)?.ms;
  return ms === undefined ? undefined : ms - offsetMinutes * 60_000;
}

/** Both console CSV variants. `legacy` is the 10-column one (first column "Event ID"). */
export function readConsoleCsv(csv: string, c: FileCollector, legacy: boolean, offsetMinutes: number): string {
  const format = legacy ? 'console-csv-legacy' : 'console-csv';
  c.kind(format);
  c.limitedFormat = true;
  const data = rows(csv);
  const header = (data[0] ?? []).map(headerKey);
  const col = (name: string): number => header.indexOf(name);
  const iTime = col('event time');
  const iUser = col('user name');
  const iName = col('event name');
  const iSource = col('event source');
  const iKey = col('aws access key');
  const iRegion = col('aws region');
  const iIp = col('source ip address');
  const iAgent = col('user agent');
  const iErr = col('error code');
  const iId = col('event id');
  const iType = col('event type');
  const iAccount = col('recipient account id');
  if (iTime < 0 || iUser < 0 || iName < 0) {
    c.problem({ severity: 'error', message: 'Console CSV without "Event time", "User name" or "Event name" columns: not read.' });
    return format;
  }
  let hidden = 0;
  let zoneless = 0;
  for (let r = 1; r < data.length; r++) {
    const row = data[r] as string[];
    const line = r + 1;
    const cell = (i: number): string | undefined => {
      if (i < 0) return undefined;
      const v = row[i]?.trim();
      return v === undefined || v === '' ? undefined : v;
    };
    c.seq++;
    const rawTime = cell(iTime) ?? '';
    let ms: number | undefined;
    if (legacy) {
      ms = parseLocalConsoleTime(rawTime, offsetMinutes);
      if (ms === undefined) ms = eventTimeMs(rawTime);
    } else {
      const p = parseUtc(rawTime);
      if (p && p.zoneless) {
        zoneless++;
        ms = p.ms - offsetMinutes * 60_000;
      } else ms = p?.ms ?? parseLocalConsoleTime(rawTime, offsetMinutes);
    }
    if (ms === undefined) {
      c.skip(`Event time ${JSON.stringify(rawTime)} is not a readable time`, { line });
      continue;
    }
    const accountRaw = cell(iAccount);
    const account = accountRaw !== undefined && /^\d{12}$/.test(accountRaw) ? accountRaw : null;
    c.cover(account, ms, /Z$/.test(rawTime) ? rawTime : undefined);
    const user = cell(iUser);
    if (user === HIDDEN_USER) {
      hidden++;
      continue;
    }
    if (user !== 'root') continue;
    const eventType = cell(iType);
    if (eventType !== undefined && eventType.toLowerCase() === 'awsserviceevent') {
      c.serviceNoise.set('eventType AwsServiceEvent', (c.serviceNoise.get('eventType AwsServiceEvent') ?? 0) + 1);
      continue;
    }
    const ev: RootEvent = {
      time: ms,
      accountId: account,
      identityType: 'Root',
      eventName: cell(iName) ?? '',
      eventSource: cell(iSource) ?? '',
      assumedRoot: false,
      input: c.input,
      record: line,
    };
    const opt: Array<[keyof typeof ev & string, string | undefined]> = [
      ['accessKeyId', cell(iKey)],
      ['eventType', eventType],
      ['region', cell(iRegion)],
      ['sourceIp', cell(iIp)],
      ['userAgent', cell(iAgent)],
      ['errorCode', cell(iErr)],
      ['eventId', cell(iId)],
    ];
    for (const [k, v] of opt) if (v !== undefined) (ev as unknown as Record<string, unknown>)[k] = v;
    c.rootEvents.push(ev);
  }
  if (legacy) {
    c.problem({
      severity: 'warning',
      message: `Older console CSV (10 columns): its times have no time zone and were read as ${formatOffset(offsetMinutes)}; set the time offset to the zone of the browser that downloaded it if that is wrong. It has no account id (events are grouped under "account unknown"), no event type, no MFA flag and no sign-in result, and failed root sign-ins are not listed.`,
    });
  } else {
    c.problem({
      severity: 'warning',
      message:
        'Console CSV export: root is recognised only by the user name "root" (there is no userIdentity.type or invokedBy), and it has no MFA flag and no sign-in result, and failed root sign-ins are not listed. Sign-ins without MFA and failed sign-ins cannot be checked from it: load the JSON download or the trail\'s S3 files instead.',
    });
    if (zoneless > 0) c.problem({ severity: 'warning', message: `${zoneless} event times have no time zone; they were read as ${formatOffset(offsetMinutes)}.` });
  }
  if (hidden > 0) {
    c.problem({
      severity: 'info',
      message: `${hidden} event${hidden === 1 ? ' has' : 's have'} the user name ${HIDDEN_USER}: CloudTrail hides the name typed at a sign-in it could not match to a user (usually a failed sign-in with a mistyped name). Not counted as root.`,
    });
  }
  return format;
}

/** Athena result CSV: lower-case CloudTrail columns; one row per event. */
export function readAthenaCsv(csv: string, c: FileCollector): string {
  c.kind('athena-csv');
  const data = rows(csv);
  const header = (data[0] ?? []).map(headerKey);
  if (!header.includes('eventtime')) {
    c.problem({ severity: 'error', message: 'Athena CSV without an eventtime column: not read.' });
    return 'athena-csv';
  }
  for (let r = 1; r < data.length; r++) {
    const row = data[r] as string[];
    const flat: Record<string, string | undefined> = {};
    header.forEach((h, i) => {
      flat[h] = row[i];
    });
    const rec = flatRowToRecord(flat);
    if (rec === undefined) {
      c.seq++;
      c.skip('eventtime is empty', { line: r + 1 });
      continue;
    }
    c.addRecord(rec, undefined, r + 1);
  }
  return 'athena-csv';
}
