// The worker adapter in Node: a stand-in `self` receives the page's messages and collects the
// replies. What is checked is the adapter's part (validation, message shapes, file names, queries);
// the session's behaviours have their own tests (src/core/session.test.ts).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvalOptions, WorkerReply, WorkerRequest } from './protocol';

const replies: WorkerReply[] = [];
const scope: { postMessage: (m: WorkerReply) => void; onmessage?: (e: { data: WorkerRequest }) => void } = { postMessage: (m) => replies.push(m) };
const send = (m: WorkerRequest) => scope.onmessage?.({ data: m });

/** Waits for the first reply of `type` (for `req`) that arrives after `from`. */
async function reply<T extends WorkerReply['type']>(type: T, req: number, from = 0): Promise<Extract<WorkerReply, { type: T }>> {
  for (let i = 0; i < 500; i++) {
    const m = replies.slice(from).find((r) => r.type === type && (!('req' in r) || r.req === req));
    if (m) return m as Extract<WorkerReply, { type: T }>;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${type} for ${req}: got ${replies.map((r) => r.type).join(', ')}`);
}

const OPTIONS: EvalOptions = { now: Date.parse('2026-11-21T00:00:00Z'), windows: [30, 90], exceptions: [], naiveTimeOffset: 'UTC' };
const REPORT = 'test/fixtures/reports/modern-111122223333.csv';
const file = (path: string) => new File([readFileSync(path)], path.split('/').at(-1) as string, { lastModified: Date.parse('2026-11-01T00:00:00Z') });

beforeAll(async () => {
  (globalThis as { self?: unknown }).self = scope;
  await import('./audit.worker');
});

describe('audit worker', () => {
  it('says ready with the rules and the page export formats (metadata only)', async () => {
    const ready = await reply('ready', 0);
    expect(ready.rules.length).toBeGreaterThan(10);
    expect(ready.rules.every((r) => !('evaluate' in r))).toBe(true);
    expect(ready.exportFormats.map((f) => f.id)).toEqual(['json', 'csv', 'md', 'oscal', 'ocsf', 'asff', 'junit']);
    expect(() => structuredClone(ready)).not.toThrow();
  });

  it('add -> progress and a result; export, workpaper and exceptions are answered from it', async () => {
    send({ type: 'add', req: 1, files: [{ id: 1, name: 'modern.csv', file: file(REPORT) }], options: OPTIONS });
    const result = await reply('result', 1);
    expect(result.files.map((f) => [f.id, f.name, f.input.kind])).toEqual([[1, 'modern.csv', 'credential-report']]);
    expect((await reply('progress', 1)).current).toBe('modern.csv');

    send({ type: 'export', req: 1, format: 'csv', of: 1 });
    const csv = await reply('export-result', 1);
    expect(csv.fileName).toMatch(/^credaudit_111122223333_asof-.*\.findings\.csv$/);
    expect(csv.mime).toBe('text/csv;charset=utf-8');
    // Bytes, not blob.text(): UTF-8 decoding drops the byte-order mark being checked.
    const bytes = new Uint8Array(await csv.blob.arrayBuffer());
    expect([...bytes.slice(0, 10)]).toEqual([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('ruleId,')]);

    send({ type: 'workpaper', req: 2, of: 1 });
    const paper = await reply('workpaper-result', 2);
    expect(paper.workpaper.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(paper.workpaper.manifestCommand).toContain('.evidence.json');

    send({ type: 'export', req: 3, format: 'json', of: 99 });
    expect((await reply('query-error', 3)).message).toMatch(/being updated/);

    send({ type: 'parse-exceptions', req: 4, name: 'ex.yaml', text: 'exceptions:\n  - ruleId: ROOT-MFA-ENABLED\n    accountId: "111122223333"\n    owner: o\n    justification: j\n    expires: 2099-01-01\n  - ruleId: X\n' });
    const ex = await reply('exceptions-result', 4);
    expect(ex.entries.map((e) => e.ruleId)).toEqual(['ROOT-MFA-ENABLED']);
    expect(ex.problems.map((p) => [p.input, p.record])).toEqual([['ex.yaml', 2]]);
  });

  it('the page gets the result without its findings, with views; findings come in pages and one by one', async () => {
    const result = await reply('result', 1);
    expect(result.result && 'findings' in result.result).toBe(false);
    expect(result.result?.findingCount).toBeGreaterThan(10);
    expect(result.views?.rollup.rows.map((r) => r.accountId)).toEqual(['111122223333']);
    expect(result.views?.frameworks.some((v) => v.key === 'CIS AWS Foundations|7.0')).toBe(true);
    const query = { scope: 'all', severity: '', rule: '', account: '', edition: '', search: 'IAM.4', grouped: false, expanded: [], sort: 'status', dir: 1 } as const;
    send({ type: 'findings', req: 10, of: 1, query, from: 0, count: 50 });
    const page = (await reply('findings-result', 10)).page;
    expect(page.lines.length).toBe(page.lineCount);
    expect(page.lines.every((l) => l.kind === 'finding' && ['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-ACCESS-KEY-EXISTS', 'CT-ROOT-ACCESS-KEY-CREATED', 'CT-ROOT-LONG-TERM-KEY-USED'].includes(l.ruleId))).toBe(true);
    const first = page.lines[0]!;
    if (first.kind !== 'finding') throw new Error('a finding line');
    send({ type: 'finding', req: 11, of: 1, index: first.index });
    expect((await reply('finding-result', 11)).finding.ruleId).toBe(first.ruleId);
    send({ type: 'finding', req: 12, of: 1, index: 1e9 });
    expect((await reply('query-error', 12)).message).toMatch(/no finding/);
  });

  it('an add handed over in parts: the staged files come first, then the add\'s own, in one result', async () => {
    const from = replies.length;
    send({ type: 'stage', req: 30, files: [{ id: 30, name: 'first.csv', file: file(REPORT) }] });
    send({ type: 'stage', req: 30, files: [{ id: 31, name: 'second.json', file: file('test/fixtures/cloudtrail/record-array.json') }] });
    send({ type: 'add', req: 30, files: [{ id: 32, name: 'third.csv', file: file('test/fixtures/reports/medium-only-444455556666.csv') }], options: OPTIONS });
    const result = await reply('result', 30, from);
    expect(result.files.slice(-3).map((f) => [f.id, f.name, f.input.kind])).toEqual([
      [30, 'first.csv', 'credential-report'],
      [31, 'second.json', 'cloudtrail'],
      [32, 'third.csv', 'credential-report'],
    ]);
    expect(result.reads).toEqual({ byReaders: 0, here: 3, readers: 0 });
  });

  it('bad options from the page are an error for that request, never a silent default', async () => {
    const from = replies.length;
    send({ type: 'options', req: 2, options: { ...OPTIONS, naiveTimeOffset: 'CET' } });
    expect((await reply('error', 2, from)).message).toMatch(/^Time offset: "CET" is not UTC/);
    send({ type: 'options', req: 3, options: { ...OPTIONS, windows: [0] } });
    expect((await reply('error', 3, from)).message).toMatch(/^Windows: Not a whole number of days/);
    send({ type: 'options', req: 4, options: { ...OPTIONS, windows: [7], naiveTimeOffset: '+05:30' } });
    expect((await reply('result', 4, from)).result?.windows).toEqual([7]);
  });
});
