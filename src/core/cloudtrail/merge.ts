// Merges the CloudTrail files of a batch into per-account data for the rules: coverage (event times,
// holes, days with events), distinct event counts, root events and AssumeRoot calls, de-duplicated
// across files (multi-region and organization trails deliver copies; one event can arrive in two
// envelopes; two console downloads of Event history overlap).
import type { Problem } from '../types';
import { countDistinct, gapsBetween, sortedTimes, totalLength, type KeyList, type TimeList } from './coverage';
import type { CloudTrailAccountData, CloudTrailFileResult, RootEvent } from './model';

interface AccountBuild {
  data: CloudTrailAccountData;
  days: Set<string>;
  times: TimeList[];
  keys: KeyList[];
  /** For each key list, the file it came from (index into the batch). */
  keyFiles: number[];
  /** Events without an eventID: counted, never de-duplicated. */
  unkeyed: number;
  /** Root events that share eventID, time and name with another but differ from it: not copies. */
  notCopies: number;
  /** eventID + time + name -> the copy kept. */
  seen: Map<string, RootEvent>;
  /** eventIDs met, to notice one id reused for different events. */
  ids: Set<string>;
  seenCalls: Set<string>;
  limitedOnly: boolean;
  any: boolean;
}

/** Fields two copies of one event cannot disagree on; a disagreement means two events that share an id (hand-made samples). */
const COPY_FIELDS = ['signInResult', 'outcome', 'mfaUsed', 'errorCode', 'errorMessage', 'sourceIp', 'accessKeyId', 'userAgent', 'region', 'targetUserName'] as const;

const conflicts = (a: RootEvent, b: RootEvent): boolean => COPY_FIELDS.some((k) => a[k] !== undefined && b[k] !== undefined && a[k] !== b[k]);

/** Fills fields a kept copy lacks from a later copy (an EventBridge copy can be thinner than the S3 one). */
function fillFrom(kept: RootEvent, copy: RootEvent): void {
  const k = kept as unknown as Record<string, unknown>;
  for (const [key, v] of Object.entries(copy)) if (k[key] === undefined && v !== undefined) k[key] = v;
}

const inputName = (f: CloudTrailFileResult, index: number): string => f.input ?? `CloudTrail input ${index + 1}`;

/** "a.csv and b.csv", "a, b and c", or "7 CloudTrail inputs (a, b, c and 4 more)". */
function namesText(names: readonly string[]): string {
  if (names.length === 1) return names[0] as string;
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] as string}`;
  return `${names.length} CloudTrail inputs (${names.slice(0, 3).join(', ')} and ${names.length - 3} more)`;
}

/**
 * Merges per-file results into per-account data. Every event of any identity that carries an eventID
 * is counted once (eventID + time + name, the key each file kept), so counts do not grow when the same
 * logs are loaded twice; root events and AssumeRoot calls are de-duplicated the same way (hand-written
 * samples that reuse one id for different events are kept apart, and reported). Coverage is the
 * sorted event times (copies do not change it) and the stretches longer than 24 h between them.
 * Problems (copies merged, naming the files; reused eventIDs) go to `problems` when given.
 */
export function buildCloudTrailAccounts(files: CloudTrailFileResult[], problems?: Problem[]): Map<string | null, CloudTrailAccountData> {
  const builds = new Map<string | null, AccountBuild>();
  const get = (id: string | null): AccountBuild => {
    let b = builds.get(id);
    if (!b) {
      b = {
        data: { accountId: id, daysWithEvents: [], eventTimes: new Float64Array(0), gaps: [], totalEvents: 0, rootEvents: [], assumeRootCalls: [], formats: [], onlyConsoleCsv: false, inputs: [] },
        days: new Set(),
        times: [],
        keys: [],
        keyFiles: [],
        unkeyed: 0,
        notCopies: 0,
        seen: new Map(),
        ids: new Set(),
        seenCalls: new Set(),
        limitedOnly: true,
        any: false,
      };
      builds.set(id, b);
    }
    return b;
  };
  // A set beside each account's input list: `includes` over thousands of inputs made the merge quadratic.
  const inputsOf = new Map<AccountBuild, Set<string>>();
  const touch = (b: AccountBuild, f: CloudTrailFileResult, index: number): void => {
    const input = inputName(f, index);
    let names = inputsOf.get(b);
    if (names === undefined) {
      names = new Set();
      inputsOf.set(b, names);
    }
    if (!names.has(input)) {
      names.add(input);
      b.data.inputs.push(input);
    }
    if (!b.data.formats.includes(f.format)) b.data.formats.push(f.format);
    if (!f.limitedFormat) b.limitedOnly = false;
    b.any = true;
  };
  let rootCopies = 0;
  let reused = 0;
  const reusedExamples = new Set<string>();
  files.forEach((f, index) => {
    for (const [id, cov] of f.coverage) {
      const b = get(id);
      touch(b, f, index);
      const d = b.data;
      if (d.coverageStart === undefined || cov.start < d.coverageStart) d.coverageStart = cov.start;
      if (d.coverageEnd === undefined || cov.end > d.coverageEnd) d.coverageEnd = cov.end;
      for (const day of cov.days) b.days.add(day);
      b.times.push(cov.times);
      b.keys.push(cov.keys);
      b.keyFiles.push(index);
      b.unkeyed += cov.count - cov.keys.length;
    }
    for (const read of f.rootEvents) {
      const b = get(read.accountId);
      touch(b, f, index);
      let e = read;
      if (e.eventId !== undefined) {
        const key = `${e.eventId}\u0000${e.time}\u0000${e.eventName}`;
        const kept = b.seen.get(key);
        if (kept && !conflicts(kept, e)) {
          fillFrom(kept, e);
          rootCopies++;
          continue;
        }
        if (kept) b.notCopies++;
        if (b.ids.has(e.eventId)) {
          reused++;
          if (reusedExamples.size < 3) reusedExamples.add(e.eventId);
        } else b.ids.add(e.eventId);
        // A copy, so that filling it from later copies leaves the file's own result as it was read
        // (merging again after a file is removed must not keep what that file added).
        e = { ...read };
        if (!kept) b.seen.set(key, e);
      }
      b.data.rootEvents.push(e);
    }
    for (const call of f.assumeRootCalls) {
      const b = get(call.accountId);
      touch(b, f, index);
      if (call.eventId !== undefined) {
        const key = `${call.eventId}\u0000${call.time}`;
        if (b.seenCalls.has(key)) continue;
        b.seenCalls.add(key);
      }
      b.data.assumeRootCalls.push(call);
    }
  });

  const out = new Map<string | null, CloudTrailAccountData>();
  let copies = 0;
  const filesWithCopies = new Set<number>();
  for (const [id, b] of builds) {
    const d = b.data;
    // One buffer serves the key copy countDistinct sorts, then the sorted times (an account has at
    // least as many times as keys): at the merge's peak, 8 bytes per event fewer.
    const shared = new ArrayBuffer(Math.max(totalLength(b.times), totalLength(b.keys)) * 8);
    const distinct = countDistinct(b.keys, shared);
    // Root events that only look like copies (same key, different content) are events of their own.
    const accountCopies = Math.max(0, distinct.copies - b.notCopies);
    d.totalEvents = distinct.distinct + b.unkeyed + (distinct.copies - accountCopies);
    if (accountCopies > 0) {
      d.duplicatesRemoved = accountCopies;
      copies += accountCopies;
      for (const k of distinct.sourcesWithCopies) filesWithCopies.add(b.keyFiles[k] as number);
    }
    d.eventTimes = sortedTimes(b.times, shared);
    d.gaps = gapsBetween(d.eventTimes);
    d.daysWithEvents = [...b.days].sort();
    d.rootEvents.sort((a, z) => a.time - z.time);
    d.assumeRootCalls.sort((a, z) => a.time - z.time);
    d.onlyConsoleCsv = b.any && b.limitedOnly;
    out.set(id, d);
  }
  if (problems) {
    if (copies > 0) {
      const names = [...filesWithCopies].sort((x, y) => x - y).map((i) => inputName(files[i] as CloudTrailFileResult, i));
      const where = filesWithCopies.size === 1 ? 'inside' : 'across';
      problems.push({
        input: names.length === 1 ? (names[0] as string) : '(CloudTrail)',
        severity: 'info',
        message:
          (copies === 1
            ? `1 event was loaded twice ${where} ${namesText(names)} (same eventID, time and name) and is counted once${rootCopies > 0 ? '; it is a root event' : ''}. `
            : `${copies} duplicate copies of events ${where} ${namesText(names)} (same eventID, time and name) are counted once each${rootCopies > 0 ? `; ${rootCopies} of them are copies of root events` : ''}. `) +
          'Multi-region and organization trails deliver copies, one event can arrive in two envelopes, and Event history downloads overlap.',
      });
    }
    if (reused > 0) {
      problems.push({
        input: '(CloudTrail)',
        severity: 'warning',
        message: `${reused} root event${reused === 1 ? ' shares its' : 's share their'} eventID with a different event (e.g. ${[...reusedExamples].map((x) => JSON.stringify(x)).join(', ')}); AWS gives each event its own id, so these look hand-made. They were kept as separate events.`,
      });
    }
  }
  return out;
}
