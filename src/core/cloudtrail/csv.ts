// CSV shapes of CloudTrail: the console "Download events" CSV (16 columns today, an older 10-column
// variant), and Athena result CSVs (lower-case CloudTrail columns, structs as `{type=Root, ...}`).
import Papa from 'papaparse';
import { formatOffset, fromWallClock, parseUtc, parseUtcMs, parseWallClock } from '../time';
import { isServiceEventType } from './classify';
import type { FileCollector } from './collect';
import { flatRowToRecord } from './flat';
import type { RootEvent } from './model';

const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';

function rows(csv: string): string[][] {
  const r = Papa.parse<string[]>(csv, { header: false, skipEmptyLines: 'greedy' });
  return r.data;
}

const headerKey = (h: string): string => h.replace(/^\uFEFF/, '').trim().toLowerCase();

/** A console CSV event time: an instant (`zoneless` when it was placed with the offset), 'needs-offset', or undefined (not a time). */
type ConsoleTime = { ms: number; zoneless: boolean } | 'needs-offset' | undefined;

/**
 * Times without a zone (the older CSV always, the newer one after a spreadsheet's rewrite) are
 * wall-clock readings in the zone of the browser that exported them, which the file does not
 * say: they are placed at `offsetMinutes` east of UTC, or need an offset when none valid was given.
 */
function consoleTime(raw: string, legacy: boolean, offsetMinutes: number | undefined): ConsoleTime {
  const place = (wall: number, zoneless: boolean): ConsoleTime => (offsetMinutes === undefined ? 'needs-offset' : { ms: fromWallClock(wall, offsetMinutes), zoneless });
  if (legacy) {
    const wall = parseWallClock(raw);
    if (wall !== undefined) return place(wall, false);
    const ms = parseUtcMs(raw);
    return ms === undefined ? undefined : { ms, zoneless: false };
  }
  const p = parseUtc(raw);
  if (p) return p.zoneless ? place(p.ms, true) : { ms: p.ms, zoneless: false };
  const wall = parseWallClock(raw);
  return wall === undefined ? undefined : place(wall, false);
}

/**
 * Both console CSV variants. `legacy` is the 10-column one (first column "Event ID").
 * `offsetMinutes` is undefined when the offset the user gave was not valid: times without a zone
 * are then skipped (and said so), never read as UTC.
 */
export function readConsoleCsv(csv: string, c: FileCollector, legacy: boolean, offsetMinutes: number | undefined): string {
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
  const iResources = col('resources');
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
    const time = consoleTime(rawTime, legacy, offsetMinutes);
    if (time === 'needs-offset') {
      c.skip('its event time has no time zone and the time offset given is not valid (UTC or ±HH:MM)', { line });
      continue;
    }
    if (time === undefined) {
      c.skip(`Event time ${JSON.stringify(rawTime)} is not a readable time`, { line });
      continue;
    }
    const ms = time.ms;
    if (time.zoneless) zoneless++;
    const accountRaw = cell(iAccount);
    const account = accountRaw !== undefined && /^\d{12}$/.test(accountRaw) ? accountRaw : null;
    const eventId = cell(iId);
    const eventName = cell(iName) ?? '';
    if (eventId !== undefined) c.key.ofStrings(eventId, eventName, ms);
    c.cover(account, ms, rawTime.endsWith('Z') ? rawTime : undefined, eventId !== undefined, { line });
    const user = cell(iUser);
    if (user === HIDDEN_USER) {
      hidden++;
      continue;
    }
    if (user !== 'root') continue;
    const eventType = cell(iType);
    if (isServiceEventType(eventType)) {
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
    if (ev.eventName === 'CreateAccessKey') {
      // No request parameters in this export: whose key it was shows only in Resources, if at all.
      const user = iamUserInResources(cell(iResources));
      if (user !== undefined) ev.targetUserName = user;
      else ev.targetNotShown = true;
    }
    c.rootEvents.push(ev);
  }
  if (legacy) {
    c.problem({
      severity: 'warning',
      message: `Older console CSV (10 columns): its times have no time zone and were read as ${offsetMinutes === undefined ? 'nothing (the time offset given is not valid)' : formatOffset(offsetMinutes)}; set the time offset to the zone of the browser that downloaded it if that is wrong. It has no account id (events are grouped under "account unknown"), no event type, no MFA flag and no sign-in result, and failed root sign-ins are not listed.`,
    });
  } else {
    c.problem({
      severity: 'warning',
      message:
        'Console CSV export: root is recognised only by the user name "root" (there is no userIdentity.type or invokedBy), and it has no MFA flag and no sign-in result, and failed root sign-ins are not listed. Sign-ins without MFA and failed sign-ins cannot be checked from it: load the JSON download or the trail\'s S3 files instead.',
    });
    if (zoneless > 0 && offsetMinutes !== undefined) c.problem({ severity: 'warning', message: `${zoneless} event times have no time zone; they were read as ${formatOffset(offsetMinutes)}.` });
  }
  if (hidden > 0) {
    c.problem({
      severity: 'info',
      message: `${hidden} event${hidden === 1 ? ' has' : 's have'} the user name ${HIDDEN_USER}: CloudTrail hides the name typed at a sign-in it could not match to a user (usually a failed sign-in with a mistyped name). Not counted as root.`,
    });
  }
  return format;
}

const USER_TYPE_RE = /^AWS::IAM::User$/i;
const ACCESS_KEY_ID_RE = /^(?:AKIA|ASIA)[A-Z0-9]{12,}$/;

/** A resource as the Resources cell lists it: type (when written) and name. */
interface ResourceRef {
  type?: string;
  name: string;
}

/** The entries of a Resources cell: JSON (`[{"resourceType":...,"resourceName":...}]`, any key case) or plain text. */
function resourceRefs(cellText: string): ResourceRef[] {
  const t = cellText.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(t);
      const list = Array.isArray(v) ? v : [v];
      const out: ResourceRef[] = [];
      for (const item of list) {
        if (typeof item === 'string') out.push({ name: item });
        if (typeof item !== 'object' || item === null) continue;
        let type: string | undefined;
        let name: string | undefined;
        for (const [k, val] of Object.entries(item as Record<string, unknown>)) {
          const key = k.toLowerCase();
          if (typeof val !== 'string') continue;
          if (key === 'resourcetype' || key === 'type') type = val.trim();
          else if (key === 'resourcename' || key === 'name') name = val.trim();
        }
        if (name) out.push(type ? { type, name } : { name });
      }
      return out;
    } catch {
      // not JSON after all: read as text below
    }
  }
  // Text: entries separated by commas, semicolons or line breaks, each `TYPE NAME`, `TYPE:NAME` or a name.
  const out: ResourceRef[] = [];
  for (const part of t.split(/[,;\n]+/)) {
    const p = part.trim();
    if (p === '') continue;
    const m = /^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)[\s:=]+(.+)$/.exec(p);
    out.push(m ? { type: m[1] as string, name: (m[2] as string).trim() } : { name: p });
  }
  return out;
}

/**
 * The IAM user a console CSV's Resources cell names, when it names one: a `AWS::IAM::User` entry, or
 * an untyped name that is not an access key id. Root written as a name (`root`, `<root_account>`,
 * `AWS ROOT USER`, an ARN ending `:root`) is returned as is, for the rule to read as root.
 */
export function iamUserInResources(cellText: string | undefined): string | undefined {
  if (cellText === undefined) return undefined;
  const refs = resourceRefs(cellText);
  const typed = refs.find((r) => r.type !== undefined && USER_TYPE_RE.test(r.type));
  if (typed) return typed.name;
  const untyped = refs.find((r) => r.type === undefined && !ACCESS_KEY_ID_RE.test(r.name));
  return untyped?.name;
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
    if (typeof rec === 'string') {
      c.seq++;
      c.skip(rec, { line: r + 1 });
      continue;
    }
    c.addRecord(rec, undefined, r + 1);
  }
  return 'athena-csv';
}
