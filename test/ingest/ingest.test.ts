// ingest(): files one after another into a Dataset, with progress after each file, cancel between
// files, and the time offset for zone-less console CSV times (a bad offset is a problem, never UTC).
import { describe, expect, it } from 'vitest';
import { emptyDataset, ingest, ingestOne } from '../../src/core/ingest';
import type { AuditInput } from '../../src/core/types';
import { fixtureInput, GOOD, memInput } from './helpers';

/** Inputs that count their reads. */
function counted(...files: AuditInput[]): { files: AuditInput[]; reads: string[] } {
  const reads: string[] = [];
  return { reads, files: files.map((f) => ({ ...f, read: () => (reads.push(f.name), f.read()) })) };
}

const LEGACY_CSV = 'Event ID,Event time,User name,Event name\ne1,"2020-05-13, 04:52:01 PM",root,ConsoleLogin\ne2,2020-05-13T18:00:00Z,root,GetUser\n';
const MODERN_CSV = 'User name,Event time,Event source,Event name,Recipient Account Id\nroot,2024-05-07 07:30:00,signin.amazonaws.com,ConsoleLogin,111122223333\nroot,2024-05-07T08:00:00Z,iam.amazonaws.com,GetUser,111122223333\n';

describe('ingest', () => {
  it('progress after each file: files done, total, bytes so far', async () => {
    const { files } = counted(fixtureInput(GOOD), memInput('b.txt', 'hello'), memInput('c.txt', 'x'));
    const calls: [number, number, number][] = [];
    const ds = await ingest(files, { onProgress: (done, total, bytes) => calls.push([done, total, bytes]) });
    const sizes = files.map((f) => f.size);
    expect(calls).toEqual([
      [1, 3, sizes[0]],
      [2, 3, sizes[0]! + sizes[1]!],
      [3, 3, sizes[0]! + sizes[1]! + sizes[2]!],
    ]);
    expect(ds.inputs.map((i) => i.name)).toEqual([GOOD, 'b.txt', 'c.txt']);
  });

  it('cancel is checked between files: the rest is not read, and the batch says so', async () => {
    const { files, reads } = counted(fixtureInput(GOOD), memInput('b.txt', 'hello'), memInput('c.txt', 'x'));
    let done = 0;
    const ds = await ingest(files, { onProgress: (n) => (done = n), cancelled: () => done >= 1 });
    expect(ds.inputs.map((i) => i.name)).toEqual([GOOD]);
    expect(ds.reports).toHaveLength(1);
    expect(ds.problems.at(-1)).toEqual({ input: '(batch)', severity: 'warning', message: 'Cancelled after 1 of 3 files.' });
    // The second file was prefetched while the first was read (never parsed); the third never.
    expect(reads).toEqual([GOOD, 'b.txt']);
  });

  it('every file is read once, whatever the prefetch', async () => {
    const { files, reads } = counted(memInput('a.txt', 'a'), memInput('b.txt', 'b'), memInput('c.txt', 'c'));
    await ingest(files);
    expect(reads).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });
});

describe('the time offset for console CSV times without a zone', () => {
  const read = async (name: string, csv: string, naiveTimeOffset?: string) => {
    const ds = emptyDataset();
    await ingestOne(memInput(name, csv), ds, naiveTimeOffset === undefined ? {} : { naiveTimeOffset });
    const file = ds.cloudtrailFiles[0];
    return { times: file?.rootEvents.map((e) => new Date(e.time).toISOString()), skipped: ds.inputs[0]?.skipped, problems: ds.problems.map((p) => p.message) };
  };

  it.each<[string | undefined, string[]]>([
    [undefined, ['2020-05-13T16:52:01.000Z', '2020-05-13T18:00:00.000Z']],
    ['UTC', ['2020-05-13T16:52:01.000Z', '2020-05-13T18:00:00.000Z']],
    ['+02:00', ['2020-05-13T14:52:01.000Z', '2020-05-13T18:00:00.000Z']],
    ['-0700', ['2020-05-13T23:52:01.000Z', '2020-05-13T18:00:00.000Z']],
  ])('older CSV at %j', async (offset, times) => {
    expect((await read('legacy.csv', LEGACY_CSV, offset)).times).toEqual(times);
  });

  it.each(['CET', '+5', '+25:00', ''])('a bad offset (%j): zone-less times are skipped with a problem, never read as UTC; zoned times still read', async (offset) => {
    const legacy = await read('legacy.csv', LEGACY_CSV, offset);
    expect(legacy.times).toEqual(['2020-05-13T18:00:00.000Z']);
    expect(legacy.skipped).toBe(1);
    expect(legacy.problems).toContain('line 2 skipped: its event time has no time zone and the time offset given is not valid (UTC or ±HH:MM).');
    expect(legacy.problems.some((m) => m.includes('were read as nothing (the time offset given is not valid)'))).toBe(true);
    const modern = await read('console.csv', MODERN_CSV, offset);
    expect(modern.times).toEqual(['2024-05-07T08:00:00.000Z']);
    expect(modern.problems).toContain('line 2 skipped: its event time has no time zone and the time offset given is not valid (UTC or ±HH:MM).');
    expect(modern.problems.some((m) => /event times have no time zone; they were read as/.test(m))).toBe(false);
  });

  it('formats with zoned times do not need the offset: a bad one changes nothing', async () => {
    const trail = JSON.stringify({ Records: [{ eventTime: '2024-05-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'GetUser', recipientAccountId: '111122223333', userIdentity: { type: 'Root', accountId: '111122223333' } }] });
    expect(await read('t.json', trail, 'bogus')).toEqual(await read('t.json', trail));
  });
});
