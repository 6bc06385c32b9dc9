// AuditSession behaviours, each as a table or a short script of requests: what the page's worker
// and the CLI rely on (before, these were only tested end to end in a browser).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audit } from './audit';
import { exportFileName } from './evidence/registry';
import { toFindingsCsv } from './evidence/csv';
import { workpaperData } from './evidence/workpaper';
import { AuditSession, type SessionAnswer, type SessionFile, type SessionOutcome, type SessionProgress, type SessionRequest } from './session';
import type { AuditOptions, AuditResult, ExceptionEntry } from './types';

const NOW = Date.parse('2026-11-21T00:00:00Z');
const FIX = 'test/fixtures';
const OPTIONS: AuditOptions = { now: NOW, windows: [30, 90], exceptions: [] };

/** In-memory files made from fixtures, counting reads; `gate` holds a read until it is opened. */
interface TestFile extends SessionFile {
  reads: number;
}
let nextId = 1;
function file(path: string, gate?: Promise<void>): TestFile {
  const bytes = new Uint8Array(readFileSync(`${FIX}/${path}`));
  const f: TestFile = {
    id: nextId++,
    name: path,
    size: bytes.byteLength,
    lastModified: Date.parse('2026-11-01T00:00:00Z'),
    reads: 0,
    read: async () => {
      f.reads++;
      await gate;
      return bytes;
    },
  };
  return f;
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const A = 'reports/modern-111122223333.csv';
const B = 'reports/medium-only-444455556666.csv';
const C = 'reports/high-only-666677778888.csv';
const LEGACY_CSV = 'cloudtrail/console-events-legacy.csv';

function outcomeOf(answer: SessionAnswer): SessionOutcome {
  if (answer.type !== 'result') throw new Error(`expected a result, got ${answer.type}`);
  return answer.outcome;
}

async function run(session: AuditSession, request: SessionRequest, options: AuditOptions = OPTIONS): Promise<SessionOutcome> {
  return outcomeOf(await session.submit(request, options));
}

/** A fresh one-shot audit of `paths` with the same options: what the session must agree with. */
const fresh = (paths: string[], options: AuditOptions = OPTIONS): Promise<AuditResult> => audit(paths.map((p) => file(p)), options);

describe('AuditSession: files', () => {
  it('add then add: the result covers both batches, as one audit of all files would', async () => {
    const s = new AuditSession();
    const first = await run(s, { type: 'add', req: 1, files: [file(A)] });
    expect(first.result?.accounts.map((a) => a.accountId)).toEqual(['111122223333']);
    const second = await run(s, { type: 'add', req: 2, files: [file(B), file(C)] });
    expect(second.files.map((f) => f.name)).toEqual([A, B, C]);
    expect(second.result).toEqual(await fresh([A, B, C]));
  });

  it('remove then re-evaluate: equals a fresh audit of the remaining files', async () => {
    const s = new AuditSession();
    const files = [file(A), file(B), file(C)];
    await run(s, { type: 'add', req: 1, files });
    const out = await run(s, { type: 'remove', req: 2, ids: [files[1]!.id] });
    expect(out.files.map((f) => f.name)).toEqual([A, C]);
    expect(out.files.map((f) => f.input.name)).toEqual([A, C]);
    expect(out.result).toEqual(await fresh([A, C]));
  });

  it('clear: no files, no result', async () => {
    const s = new AuditSession();
    await run(s, { type: 'add', req: 1, files: [file(A)] });
    const out = await run(s, { type: 'clear', req: 2 });
    expect([out.result, out.files, out.timing.ingestMs]).toEqual([null, [], 0]);
  });
});

describe('AuditSession: newest request wins', () => {
  it('two requests queued behind a read: only the last one gets a result, with everything applied', async () => {
    const s = new AuditSession();
    const g = gate();
    const answers = [
      s.submit({ type: 'add', req: 1, files: [file(A, g.promise)] }, OPTIONS),
      s.submit({ type: 'add', req: 2, files: [file(B)] }, OPTIONS),
      s.submit({ type: 'options', req: 3 }, { ...OPTIONS, windows: [1, 30] }),
    ];
    g.open();
    const [a1, a2, a3] = await Promise.all(answers);
    expect([a1!.type, a2!.type, a3!.type]).toEqual(['superseded', 'superseded', 'result']);
    const out = outcomeOf(a3!);
    expect(out.req).toBe(3);
    expect(out.result).toEqual(await fresh([A, B], { ...OPTIONS, windows: [1, 30] }));
  });
});

describe('AuditSession: cancel', () => {
  it('stops between files: files not read are dropped and named in the next result; queued adds too', async () => {
    const s = new AuditSession();
    const g = gate();
    const a = file(A, g.promise);
    const first = s.submit({ type: 'add', req: 1, files: [a, file(B), file(C)] }, OPTIONS);
    const queuedAdd = s.submit({ type: 'add', req: 2, files: [file('reports/no-root-121212121212.csv')] }, OPTIONS);
    await Promise.resolve();
    s.cancel();
    g.open();
    expect((await first).type).toBe('superseded');
    // The newest request still answers (as an options change), naming every file left unread.
    const out = outcomeOf(await queuedAdd);
    expect(out.req).toBe(2);
    expect(out.files.map((f) => f.name)).toEqual([A]);
    expect([...out.cancelled].sort()).toEqual(['reports/no-root-121212121212.csv', B, C].sort());
    // The result is that of the files read, and says the batch was cut short.
    const cut = { input: '(batch)', severity: 'warning', message: 'Cancelled after 1 of 3 files.' };
    expect(out.result!.problems).toContainEqual(cut);
    expect({ ...out.result, problems: out.result!.problems.filter((p) => p.input !== '(batch)') }).toEqual(await fresh([A]));
    // Named once: the next result names none.
    expect((await run(s, { type: 'options', req: 3 })).cancelled).toEqual([]);
  });

  it('is a no-op when nothing runs', async () => {
    const s = new AuditSession();
    s.cancel();
    const out = await run(s, { type: 'add', req: 1, files: [file(A)] });
    expect([out.files.length, out.cancelled]).toEqual([1, []]);
  });
});

describe('AuditSession: options', () => {
  const EXCEPTION: ExceptionEntry = { ruleId: 'ROOT-MFA-ENABLED', accountId: '111122223333', owner: 'o', justification: 'j', expires: '2099-01-01' };
  it.each<{ name: string; options: AuditOptions }>([
    { name: 'windows', options: { ...OPTIONS, windows: [1, 7, 400] } },
    { name: 'pinned as-of', options: { ...OPTIONS, asOf: Date.parse('2024-01-01T00:00:00Z') } },
    { name: 'exceptions', options: { ...OPTIONS, exceptions: [EXCEPTION] } },
    { name: 'clock', options: { ...OPTIONS, now: NOW + 86_400_000 } },
  ])('$name: re-evaluates without reading any file again', async ({ options }) => {
    const s = new AuditSession();
    const files = [file(A), file(B)];
    await run(s, { type: 'add', req: 1, files });
    const out = await run(s, { type: 'options', req: 2 }, options);
    expect(files.map((f) => f.reads)).toEqual([1, 1]);
    expect(out.result).toEqual(await fresh([A, B], options));
  });

  it('a time-offset change re-reads every file, and zone-less console times move', async () => {
    const s = new AuditSession();
    const files = [file(LEGACY_CSV), file(A)];
    const utc = await run(s, { type: 'add', req: 1, files });
    const plus = await run(s, { type: 'options', req: 2 }, { ...OPTIONS, naiveTimeOffsetMinutes: 330 });
    expect(files.map((f) => f.reads)).toEqual([2, 2]);
    const times = (o: SessionOutcome) => o.result!.details.rootEvents.map((e) => Date.parse(e.time));
    expect(times(plus)).toEqual(times(utc).map((t) => t - 330 * 60_000));
    expect(plus.result).toEqual(await fresh([LEGACY_CSV, A], { ...OPTIONS, naiveTimeOffsetMinutes: 330 }));
    // The same offset again reads nothing.
    await run(s, { type: 'options', req: 3 }, { ...OPTIONS, naiveTimeOffsetMinutes: 330 });
    expect(files.map((f) => f.reads)).toEqual([2, 2]);
  });
});

describe('AuditSession: progress and timing', () => {
  it('reports each file before it is read, then the totals, with the root events found so far', async () => {
    const seen: [number, SessionProgress][] = [];
    let clock = 0;
    const s = new AuditSession({ progress: (req, p) => seen.push([req, p]), timer: () => (clock += 5) });
    const TRAIL = 'cloudtrail/record-array.json'; // one root event
    const files = [file(TRAIL), file(B)];
    const out = await run(s, { type: 'add', req: 7, files });
    const total = files[0]!.size + files[1]!.size;
    expect(seen).toEqual([
      [7, { files: 0, totalFiles: 2, bytes: 0, totalBytes: total, rootEvents: 0, current: TRAIL }],
      [7, { files: 1, totalFiles: 2, bytes: files[0]!.size, totalBytes: total, rootEvents: 1, current: B }],
      [7, { files: 2, totalFiles: 2, bytes: total, totalBytes: total, rootEvents: 1 }],
    ]);
    expect(out.timing).toEqual({ ingestMs: 5, evaluateMs: 5 });
    // An options change keeps the last read's time.
    expect((await run(s, { type: 'options', req: 8 })).timing.ingestMs).toBe(5);
  });
});

describe('AuditSession: exports and workpaper', () => {
  it('are built from the result shown, and refused for any other', async () => {
    const s = new AuditSession();
    await run(s, { type: 'add', req: 1, files: [file(A)] });
    const shown = await run(s, { type: 'options', req: 2 }, { ...OPTIONS, windows: [7] });
    const csv = await s.export('csv', 2);
    expect(csv).toEqual({ text: toFindingsCsv(shown.result!), fileName: exportFileName(shown.result!, 'findings.csv'), mime: 'text/csv;charset=utf-8' });
    expect((await s.export('csv', 2, { download: true })).text).toBe(`\uFEFF${csv.text}`);
    expect(await s.workpaper(2)).toEqual(await workpaperData(shown.result!));
    // The workpaper's manifest is the one in the evidence JSON the page downloads.
    expect((await s.workpaper(2)).manifestSha256).toBe(JSON.parse((await s.export('json', 2)).text).manifestSha256);
    await expect(s.export('csv', 1)).rejects.toThrow(/being updated/);
    await expect(s.workpaper(1)).rejects.toThrow(/being updated/);
    await expect(s.export('pdf', 2)).rejects.toThrow(/unknown export format "pdf"/);
  });
});
