// UTC-only time helpers. The clock is always a parameter; nothing here reads it.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

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
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Reject dates that roll over (e.g. 2024-02-31).
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    ms -= sign * offMin * 60_000;
  }
  return { ms, zoneless: zone === undefined && h !== undefined, dateOnly: h === undefined };
}

/** Parses an offset such as `+05:30`, `-0800` or `UTC` to minutes east of UTC. */
export function parseOffsetMinutes(text: string | undefined): number | undefined {
  if (!text || text === 'UTC' || text === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
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

/** Human age: "5 days", "30 days 2 h", "in the future". */
export function describeAge(then: number, asOf: number): string {
  const diff = asOf - then;
  if (diff < 0) return `${formatDuration(-diff)} after as-of`;
  return `${formatDuration(diff)} ago`;
}

export function formatDuration(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  if (days === 0) {
    if (hours === 0) return `${Math.floor(ms / 60_000)} min`;
    return `${hours} h`;
  }
  const d = `${days} day${days === 1 ? '' : 's'}`;
  return hours ? `${d} ${hours} h` : d;
}

/** YYYY-MM-DD of an instant, in UTC. */
export function utcDay(ms: number): string {
  return toIso(ms).slice(0, 10);
}
