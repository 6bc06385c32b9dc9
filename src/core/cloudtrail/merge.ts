// Merges the CloudTrail files of a batch into per-account data for the rules: coverage (earliest,
// latest, days with events, event counts), root events and AssumeRoot calls, de-duplicated across
// files (multi-region and organization trails deliver copies; one event can arrive in two envelopes).
import { utcDay } from '../time';
import type { Problem } from '../types';
import type { CloudTrailAccountData, CloudTrailFileResult, RootEvent } from './model';

interface AccountBuild {
  data: CloudTrailAccountData;
  days: Set<string>;
  /** eventID + time + name -> the copy kept. */
  seen: Map<string, RootEvent>;
  /** eventIDs met, to notice one id reused for different events. */
  ids: Set<string>;
  seenCalls: Set<string>;
  limitedOnly: boolean;
  any: boolean;
}

/** Fills fields a kept copy lacks from a later copy (an EventBridge copy can be thinner than the S3 one). */
function fillFrom(kept: RootEvent, copy: RootEvent): void {
  const k = kept as unknown as Record<string, unknown>;
  for (const [key, v] of Object.entries(copy)) if (k[key] === undefined && v !== undefined) k[key] = v;
}

/**
 * Merges per-file results into per-account data. Root events and AssumeRoot calls are de-duplicated
 * by eventID (together with time and event name, so that hand-written samples that reuse one id for
 * different events are not collapsed; those are reported). Coverage counts every record loaded:
 * non-root copies are not de-duplicated (that would mean keeping every event id of millions of
 * records), so `totalEvents` can exceed the number of distinct events when trails overlap.
 * Problems (duplicates removed, reused eventIDs) go to `problems` when given.
 */
export function buildCloudTrailAccounts(files: CloudTrailFileResult[], problems?: Problem[]): Map<string | null, CloudTrailAccountData> {
  const builds = new Map<string | null, AccountBuild>();
  const get = (id: string | null): AccountBuild => {
    let b = builds.get(id);
    if (!b) {
      b = {
        data: { accountId: id, daysWithEvents: [], totalEvents: 0, rootEvents: [], assumeRootCalls: [], formats: [], onlyConsoleCsv: false, inputs: [] },
        days: new Set(),
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
  const touch = (b: AccountBuild, f: CloudTrailFileResult, index: number): void => {
    const input = f.input ?? `CloudTrail input ${index + 1}`;
    if (!b.data.inputs.includes(input)) b.data.inputs.push(input);
    if (!b.data.formats.includes(f.format)) b.data.formats.push(f.format);
    if (!f.limitedFormat) b.limitedOnly = false;
    b.any = true;
  };
  let duplicates = 0;
  let reused = 0;
  const reusedExamples = new Set<string>();
  const dupInputs = new Set<string>();
  files.forEach((f, index) => {
    for (const [id, cov] of f.coverage) {
      const b = get(id);
      touch(b, f, index);
      const d = b.data;
      d.totalEvents += cov.count;
      if (d.coverageStart === undefined || cov.start < d.coverageStart) d.coverageStart = cov.start;
      if (d.coverageEnd === undefined || cov.end > d.coverageEnd) d.coverageEnd = cov.end;
      for (const day of cov.days) b.days.add(day);
    }
    for (const read of f.rootEvents) {
      const b = get(read.accountId);
      touch(b, f, index);
      let e = read;
      if (e.eventId !== undefined) {
        const key = `${e.eventId}\u0000${e.time}\u0000${e.eventName}`;
        const kept = b.seen.get(key);
        if (kept) {
          fillFrom(kept, e);
          duplicates++;
          dupInputs.add(e.input).add(kept.input);
          b.data.duplicatesRemoved = (b.data.duplicatesRemoved ?? 0) + 1;
          b.data.totalEvents = Math.max(0, b.data.totalEvents - 1);
          continue;
        }
        if (b.ids.has(e.eventId)) {
          reused++;
          if (reusedExamples.size < 3) reusedExamples.add(e.eventId);
        } else b.ids.add(e.eventId);
        // A copy, so that filling it from later copies leaves the file's own result as it was read
        // (merging again after a file is removed must not keep what that file added).
        e = { ...read };
        b.seen.set(key, e);
      }
      b.data.rootEvents.push(e);
    }
    for (const call of f.assumeRootCalls) {
      const b = get(call.accountId);
      touch(b, f, index);
      if (call.eventId !== undefined) {
        const key = `${call.eventId}\u0000${call.time}`;
        if (b.seenCalls.has(key)) {
          duplicates++;
          dupInputs.add(call.input);
          b.data.duplicatesRemoved = (b.data.duplicatesRemoved ?? 0) + 1;
          b.data.totalEvents = Math.max(0, b.data.totalEvents - 1);
          continue;
        }
        b.seenCalls.add(key);
      }
      b.data.assumeRootCalls.push(call);
    }
  });
  const out = new Map<string | null, CloudTrailAccountData>();
  for (const [id, b] of builds) {
    const d = b.data;
    // Root events widen coverage (an event is evidence that its moment was loaded).
    for (const e of d.rootEvents) {
      if (d.coverageStart === undefined || e.time < d.coverageStart) d.coverageStart = e.time;
      if (d.coverageEnd === undefined || e.time > d.coverageEnd) d.coverageEnd = e.time;
      b.days.add(utcDay(e.time));
    }
    d.daysWithEvents = [...b.days].sort();
    d.rootEvents.sort((a, z) => a.time - z.time);
    d.assumeRootCalls.sort((a, z) => a.time - z.time);
    d.onlyConsoleCsv = b.any && b.limitedOnly;
    out.set(id, d);
  }
  if (problems) {
    if (duplicates > 0) {
      const where = dupInputs.size === 1 ? [...dupInputs][0] as string : `${dupInputs.size} CloudTrail inputs`;
      problems.push({
        input: where,
        severity: 'info',
        message: `${duplicates} duplicate root event${duplicates === 1 ? '' : 's'} removed (same eventID, time and name loaded more than once: multi-region or organization trails deliver copies, and one event can arrive in two envelopes).`,
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
