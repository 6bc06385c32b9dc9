// Hostile struct text (issue 11, items 2 and 18): linear time, no recursion as deep as the input,
// a depth cap that is said, and keys such as __proto__ kept as plain keys.
import { describe, expect, it } from 'vitest';
import { audit } from '../audit';
import { AuditSession, type SessionFile } from '../session';
import type { AuditInput, AuditResult } from '../types';
import { MAX_STRUCT_DEPTH, parseObjectColumn, parseStructText, readStructText } from './struct-text';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const MB = 1024 * 1024;

// Linear time is shown by these tests finishing inside the test timeout (a quadratic reader takes
// minutes on these inputs); the speed itself is measured by `npm run bench`, never asserted here.
const timed = <T>(fn: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
};

const mem = (name: string, text: string): AuditInput => {
  const bytes = new TextEncoder().encode(text);
  return { name, size: bytes.byteLength, read: async () => bytes };
};

const ATHENA_HEADER = '"useridentity","eventtime","eventsource","eventname","awsregion","eventid","eventtype","recipientaccountid"';
const athenaRow = (identity: string, time: string, name: string, id: string) =>
  `"${identity.replace(/"/g, '""')}","${time}","signin.amazonaws.com","${name}","us-east-1","${id}","AwsConsoleSignIn","111122223333"`;
const ROOT_IDENTITY = '{type=Root, principalid=111122223333, arn=arn:aws:iam::111122223333:root, accountid=111122223333, invokedby=null}';

describe('struct text: hostile shapes', () => {
  it('nesting 5,000 levels deep is refused as too deep, without a stack overflow', () => {
    const deep = `${'{a='.repeat(5000)}x${'}'.repeat(5000)}`;
    expect(readStructText(deep)).toEqual({ ok: false, why: 'too-deep' });
    expect(parseStructText(deep)).toBeUndefined();
    let told = 0;
    expect(parseObjectColumn(deep, () => told++)).toBeUndefined();
    expect(told).toBe(1);
  });

  it(`nesting up to ${MAX_STRUCT_DEPTH} levels is read`, () => {
    const ok = `${'{a='.repeat(MAX_STRUCT_DEPTH)}x${'}'.repeat(MAX_STRUCT_DEPTH)}`;
    let v: unknown = parseStructText(ok);
    for (let i = 0; i < MAX_STRUCT_DEPTH; i++) v = (v as Record<string, unknown>).a;
    expect(v).toBe('x');
    expect(readStructText(`{${ok}}`)).toEqual({ ok: false, why: 'too-deep' });
  });

  it('2 MB of small groups that are not structs ({x}, {x}, …) reads in linear time', () => {
    // The former reader searched for "=" to the end of the text for every group: quadratic.
    const small = `{a=[${'{x}, '.repeat(1000)}z]}`;
    const big = `{a=[${'{x}, '.repeat(500_000)}z]}`;
    expect(big.length).toBeGreaterThan(2 * MB - 100_000);
    timed(() => parseStructText(small));
    const r = timed(() => parseStructText(big));
    expect((r.value?.a as unknown[]).length).toBe(500_001);
    expect((r.value?.a as unknown[])[0]).toBe('{x}');
  });

  it('an unclosed struct 99 levels deep followed by 3 MB of values: not a struct, in linear time', () => {
    // The former reader re-scanned the tail once per level (each failed level fell back to text): ~2 s.
    const s = `{x=${'{a='.repeat(99)}${'v, '.repeat(1_000_000)}}`;
    const r = timed(() => readStructText(s));
    expect(r.value).toEqual({ ok: false, why: 'not-struct' });
  });

  it('a 10 MB struct with 400,000 nested members reads in linear time', () => {
    const s = `{a=[${'{b=1, c=[x, y], d={e=f}}, '.repeat(400_000)}z]}`;
    const r = timed(() => parseStructText(s));
    const items = r.value?.a as unknown[];
    expect(items.length).toBe(400_001);
    expect(items[399_999]).toEqual({ b: '1', c: ['x', 'y'], d: { e: 'f' } });
  });
});

describe('struct text: keys are data (item 18)', () => {
  it('__proto__ is an own key of an object without a prototype; nothing is polluted', () => {
    const v = parseStructText('{__proto__={polluted=yes}, constructor=x, type=Root}');
    expect(v).toBeDefined();
    const o = v as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(Object.keys(o)).toEqual(['__proto__', 'constructor', 'type']);
    expect(Object.getPrototypeOf(o.__proto__)).toBeNull();
    expect((o.__proto__ as Record<string, unknown>).polluted).toBe('yes');
    expect('polluted' in o).toBe(false);
    expect(o.type).toBe('Root');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an Athena row with a __proto__ key in useridentity is still read as root', async () => {
    const csv = [ATHENA_HEADER, athenaRow('{__proto__={type=IAMUser}, type=Root, accountid=111122223333}', '2024-05-08T06:00:00Z', 'ConsoleLogin', 'e1')].join('\n');
    const r = await audit([mem('proto.csv', csv)], { now: NOW, asOf: NOW });
    expect(r.details.rootEvents.map((e) => [e.eventName, e.accountId])).toEqual([['ConsoleLogin', '111122223333']]);
  });
});

describe('struct text through audit(): a row too deep is skipped and said, the others are read', () => {
  const deepIdentity = `{type=Root, x=${'{a='.repeat(5000)}v${'}'.repeat(5000)}}`;

  const inputsOf = (r: AuditResult, name: string) => r.inputs.filter((i) => i.name === name).map((i) => [i.kind, i.records, i.skipped]);

  it('Athena CSV', async () => {
    const csv = [ATHENA_HEADER, athenaRow(ROOT_IDENTITY, '2024-05-08T06:00:00Z', 'ConsoleLogin', 'e1'), athenaRow(deepIdentity, '2024-05-08T07:00:00Z', 'ConsoleLogin', 'e2'), athenaRow(ROOT_IDENTITY, '2024-05-08T08:00:00Z', 'GetUser', 'e3')].join('\n');
    const r = await audit([mem('athena.csv', csv)], { now: NOW, asOf: NOW });
    expect(inputsOf(r, 'athena.csv')).toEqual([['cloudtrail', 2, 1]]);
    expect(r.problems.filter((p) => p.input === 'athena.csv' && p.line === 3).map((p) => p.message)).toEqual([`line 3 skipped: column useridentity nests deeper than ${MAX_STRUCT_DEPTH} levels.`]);
    expect(r.details.rootEvents.map((e) => e.eventId)).toEqual(['e1', 'e3']);
  });

  it('CloudTrail Lake query results', async () => {
    const row = (identity: string, time: string, id: string) => [{ eventid: id }, { eventtime: time }, { eventname: 'ConsoleLogin' }, { eventsource: 'signin.amazonaws.com' }, { useridentity: identity }, { recipientaccountid: '111122223333' }];
    const doc = { QueryStatus: 'FINISHED', QueryResultRows: [row(ROOT_IDENTITY, '2024-05-04 08:00:00.000', 'l1'), row(deepIdentity, '2024-05-04 09:00:00.000', 'l2')] };
    const r = await audit([mem('lake.json', JSON.stringify(doc))], { now: NOW, asOf: NOW });
    expect(inputsOf(r, 'lake.json')).toEqual([['cloudtrail', 1, 1]]);
    expect(r.problems.filter((p) => p.input === 'lake.json' && p.record === 2).map((p) => p.message)).toEqual([`record 2 skipped: column useridentity nests deeper than ${MAX_STRUCT_DEPTH} levels.`]);
    expect(r.details.rootEvents.map((e) => e.eventId)).toEqual(['l1']);
  });

  it('a 4 MB Athena file of hostile struct text is read in seconds, and cancel stops the batch after it', async () => {
    const hostile = `{type=Root, x=[${'{x}, '.repeat(20_000)}z], ${'{a='.repeat(90)}}`;
    const rows = [ATHENA_HEADER];
    for (let i = 0; i < 50; i++) rows.push(athenaRow(hostile, '2024-05-08T06:00:00Z', 'ConsoleLogin', `h${i}`));
    const text = rows.join('\n');
    expect(text.length).toBeGreaterThan(4 * MB);
    const files: SessionFile[] = ['a.csv', 'b.csv', 'c.csv'].map((name, i) => ({ ...mem(name, text), id: i + 1 }));
    const session = new AuditSession({
      progress: (_req, p) => {
        if (p.files === 1) session.cancel();
      },
    });
    const answer = await session.submit({ type: 'add', req: 1, files }, { now: NOW, asOf: NOW });
    if (answer.type !== 'result') throw new Error('expected a result');
    expect(answer.outcome.files.map((f) => [f.name, f.input.kind, f.input.records, f.input.skipped])).toEqual([['a.csv', 'cloudtrail', 50, 0]]);
    expect(answer.outcome.cancelled).toEqual(['b.csv', 'c.csv']);
  });
});
