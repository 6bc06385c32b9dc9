// The one time module: every timestamp shape the inputs use is parsed here, to UTC instants in
// integer epoch milliseconds, without the host's time zone. The clock is always a parameter;
// nothing here reads it.
//
// Shapes read:
// - ISO 8601 with `Z`, `+00:00`, any offset, or no zone (read as UTC and flagged): parseUtc
// - the two shapes AWS writes almost everywhere, `…T17:15:00Z` and `…T17:15:00+00:00`, on a fast
//   path without a regex (millions of CloudTrail records, 5,000-user reports): parseCanonicalUtc
// - a wall-clock reading without a zone such as `2020-05-13, 04:52:01 PM` (older console CSV):
//   parseWallClock, then fromWallClock with the user's offset
// - epoch seconds (lookup-events EventTime) and seconds-or-milliseconds (GeneratedTime numbers)
// - date parts (`{"__class__":"datetime","year":…}` of boto3 / placebo recordings)
// - zone offsets `UTC`, `Z`, `±HH:MM`, `±HHMM`: parseOffsetMinutes

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Largest zone offset in use anywhere (UTC+14:00, Line Islands), in minutes. */
const MAX_OFFSET_MINUTES = 14 * 60;

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|UTC)?$/;

export interface ParsedTime {
  ms: number;
  /** True when the text carried no zone and was read as UTC. */
  zoneless: boolean;
  /** True when only a date was given. */
  dateOnly: boolean;
}

/**
 * Parses ISO 8601 (with `Z`, `+00:00`, any offset, or no zone) without the host's time zone.
 * Zone-less text is read as UTC and flagged, so the caller can say so.
 */
export function parseUtc(text: string): ParsedTime | undefined {
  const m = ISO_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let ms = utcInstant(year, month - 1, day, hour, minute, second, millis);
  // Reject dates that roll over (e.g. 2024-02-31).
  if (new Date(utcInstant(year, month - 1, day)).getUTCDate() !== day) return undefined;
  if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const offMin = parseOffsetMinutes(zone);
    // No zone is more than 14 hours from UTC, and an hour has 60 minutes: anything else is not a time.
    if (offMin === undefined) return undefined;
    ms -= offMin * MINUTE_MS;
  }
  return { ms, zoneless: zone === undefined && h !== undefined, dateOnly: h === undefined };
}

/**
 * Date.UTC for every year: Date.UTC reads years 0–99 as 1900–1999 (where the leap rule differs,
 * 1900 not being a leap year while 0000 is); a year written 0001 means the year 1.
 */
export function utcInstant(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (year >= 100 || year < 0) return Date.UTC(year, monthIndex, day, hour, minute, second, ms);
  const d = new Date(Date.UTC(2000, monthIndex, day, hour, minute, second, ms));
  d.setUTCFullYear(year + d.getUTCFullYear() - 2000);
  return d.getTime();
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48;
  const b = t.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The fast path for `YYYY-MM-DDTHH:MM:SSZ` (CloudTrail, 2025 credential reports) and
 * `YYYY-MM-DDTHH:MM:SS+00:00` (older credential reports), read without a regex or an allocation.
 * Undefined for every other text; when defined it equals `parseUtc(t).ms` (a property test checks
 * it), so callers fall back to parseUtc for anything else.
 */
export function parseCanonicalUtc(t: string): number | undefined {
  const n = t.length;
  if (!((n === 20 && t.charCodeAt(19) === 90) || (n === 25 && t.endsWith('+00:00')))) return undefined;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return undefined;
  const y1 = twoDigits(t, 0);
  const y2 = twoDigits(t, 2);
  const mo = twoDigits(t, 5);
  const day = twoDigits(t, 8);
  const h = twoDigits(t, 11);
  const mi = twoDigits(t, 14);
  const s = twoDigits(t, 17);
  // Years below 100 are left to parseUtc: Date.UTC maps them to 19xx, where the leap rule differs.
  if (y1 < 1 || y2 < 0 || mo < 1 || mo > 12 || day < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  const year = y1 * 100 + y2;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (mo === 2 && !leap ? 28 : (DAYS_IN_MONTH[mo - 1] as number))) return undefined;
  return Date.UTC(year, mo - 1, day, h, mi, s);
}

/** Any ISO 8601 text as epoch ms (zone-less read as UTC, date-only at midnight): the fast path first. */
export function parseUtcMs(t: string): number | undefined {
  return parseCanonicalUtc(t) ?? parseUtc(t)?.ms;
}

const WALL_CLOCK_RE = /^(\d{4})-(\d{2})-(\d{2}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;

/**
 * A wall-clock reading without a zone, `2020-05-13, 04:52:01 PM` (also without the comma, or
 * 24-hour), as if it were UTC. Place it with fromWallClock once the zone offset is known.
 */
export function parseWallClock(t: string): number | undefined {
  const m = WALL_CLOCK_RE.exec(t.trim());
  if (!m) return undefined;
  let h = Number(m[4]);
  const ampm = m[7]?.toUpperCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'AM' && h === 12) h = 0;
    if (ampm === 'PM' && h !== 12) h += 12;
  }
  return parseUtc(`${m[1]}-${m[2]}-${m[3]}T${String(h).padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}Z`)?.ms;
}

/** The instant of a wall-clock reading (parseWallClock, or a zone-less parseUtc) taken `offsetMinutes` east of UTC. */
export function fromWallClock(wallMs: number, offsetMinutes: number): number {
  return wallMs - offsetMinutes * MINUTE_MS;
}

/** Epoch seconds, possibly fractional, as whole ms. */
export function fromEpochSeconds(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** Epoch seconds or ms, told apart by size: 1e11 s is the year 5138, 1e11 ms is 1973. */
export function fromEpochSecondsOrMs(v: number): number {
  return v > 1e11 ? v : v * 1000;
}

/** Epoch seconds written as text (`1714555800`, `1714555800.5`), else undefined. */
export function parseEpochSeconds(t: string): number | undefined {
  return /^\d+(\.\d+)?$/.test(t) ? fromEpochSeconds(Number(t)) : undefined;
}

/** Calendar fields as boto3 / placebo record a datetime (`month` 1-based, `microsecond`), in UTC; undefined without year, month and day. */
export function fromDateParts(o: Record<string, unknown>): number | undefined {
  const n = (k: string): number => (typeof o[k] === 'number' ? (o[k] as number) : 0);
  if (typeof o.year !== 'number' || typeof o.month !== 'number' || typeof o.day !== 'number') return undefined;
  return utcInstant(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), Math.floor(n('microsecond') / 1000));
}

/**
 * A zone offset as minutes east of UTC: `UTC` or `Z` (any case; also no text at all) is 0,
 * `±HH:MM` / `±HHMM` up to ±14:00. Undefined for anything else: a bad offset is never 0.
 */
export function parseOffsetMinutes(text: string | undefined): number | undefined {
  if (text === undefined) return 0;
  const t = text.trim().toUpperCase();
  if (t === 'UTC' || t === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) > 59 || minutes > MAX_OFFSET_MINUTES) return undefined;
  return (m[1] === '-' ? -1 : 1) * minutes;
}

/** `UTC+05:30` / `UTC-08:00` / `UTC+00:00`: an offset as messages name it. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole days from `then` to `asOf` (floored); negative when `then` is later than `asOf`. */
export function ageInDays(then: number, asOf: number): number {
  return Math.floor((asOf - then) / DAY_MS);
}

/** "Used within N days" is inclusive: asOf - t <= N × 24 h. Anything after asOf is within every window. */
export function withinWindow(then: number, asOf: number, windowDays: number): boolean {
  return asOf - then <= windowDays * DAY_MS;
}

/**
 * Human age: "5 days ago", "30 days 2 h ago"; a time later than the reference is "N after as-of"
 * (or after `reference`, e.g. "the evaluation clock"), never a negative age.
 */
export function describeAge(then: number, asOf: number, reference = 'as-of'): string {
  const diff = asOf - then;
  if (diff < 0) return `${formatDuration(-diff)} after ${reference}`;
  return `${formatDuration(diff)} ago`;
}

export function formatDuration(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  if (days === 0) {
    if (hours === 0) return `${Math.floor(ms / MINUTE_MS)} min`;
    return `${hours} h`;
  }
  const d = `${days} day${days === 1 ? '' : 's'}`;
  return hours ? `${d} ${hours} h` : d;
}

/** YYYY-MM-DD of an instant, in UTC. */
export function utcDay(ms: number): string {
  return toIso(ms).slice(0, 10);
}

/** Midnight UTC of the day an instant falls on. */
export function startOfUtcDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The largest distance from 1970 a Date can hold (±100,000,000 days), in ms. */
export const MAX_TIME_MS = 8.64e15;

/** True for epoch ms a Date can hold (`new Date(ms).toISOString()` throws beyond it). */
export const isValidTime = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS;

/**
 * Days `then` lies after `asOf`, counted as the same integer an evidence `ageDays` carries without its
 * minus sign (`-ageInDays`: a part of a day counts as one), so a message and its evidence agree.
 */
export function daysAfterAsOf(then: number, asOf: number): number {
  return -ageInDays(then, asOf);
}

/** "used 5 days ago" / "used 27 days after as-of": the age of a use in whole days, never negative. */
export function usedAgoText(then: number, asOf: number): string {
  if (then > asOf) {
    const d = daysAfterAsOf(then, asOf);
    return `used ${d} day${d === 1 ? '' : 's'} after as-of`;
  }
  const d = ageInDays(then, asOf);
  return `used ${d} day${d === 1 ? '' : 's'} ago`;
}

// A date-time written in a file name, as browsers and scripts save reports: `..._2024-04-14T17_15_36...`
// (colons turned into underscores), `2024-04-14T17:15:36Z`, `2024-04-14 17-15`, `2024-04-14UTC1715`.
// Seconds and a zone (`Z`, `UTC`, `+00_00`) are optional; without a zone the time is read as UTC,
// which is how AWS names its downloads. A date alone is not a date-time and is not taken.
const NAME_TIME_RE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:T|_| |UTC|utc)(\d{2})[:_.-]?(\d{2})(?:[:_.-]?(\d{2}))?(?:\.\d+)?(Z|z|UTC|utc|[+-]\d{2}[:_]?\d{2})?(?!\d)/g;

/** The last date-time written in a file name (its base name only), as epoch ms; undefined when none. */
export function dateTimeInFileName(name: string): number | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  let found: number | undefined;
  for (const m of base.matchAll(NAME_TIME_RE)) {
    const [, y, mo, d, h, mi, s, zone] = m;
    const z = zone === undefined || /^(z|utc)$/i.test(zone) ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const ms = parseUtc(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${z}`)?.ms;
    if (ms !== undefined) found = ms;
  }
  return found;
}
