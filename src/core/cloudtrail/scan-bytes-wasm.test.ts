// The WebAssembly scanner (wasm/scan-bytes.ts) against its TypeScript twin (scan-bytes.ts): the same
// objects with every field, the same outcome, on hand-picked edge cases, on every cut of a record and
// on random bytes drawn from JSON's alphabet (so the grammar's every branch is met, valid or not).
// The random trails of test/cloudtrail/fast-path.test.ts compare the two as well.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { generate, parseArgs, serialize } from '../../../scripts/gen-trail';
import { PROPERTY_RUNS } from '../../../test/property/runs';
import { vouchedTime } from './json-bytes';
import { parseCloudTrail, parseCloudTrailBytes } from './read';
import { scanObjectBytes, type ByteSlice } from './scan-bytes';
import { scanObjectBytesFast, WASM_MAX_BYTES, wasmScanner } from './scan-bytes-wasm';

const encode = (t: string): Uint8Array => new TextEncoder().encode(t);

let vouched = 0;

/**
 * Both scanners' slices without fastMs (the TypeScript one never sets it); the WebAssembly one's
 * fastMs checked on the spot: NaN, or exactly the time vouchedTime gives for that slice.
 */
function both(b: Uint8Array): { ts: unknown; wasm: unknown } {
  const wasm = wasmScanner();
  if (!wasm) throw new Error('WebAssembly scanner not available in Node');
  const ts: Omit<ByteSlice, 'fastMs'>[] = [];
  const a = scanObjectBytes(b, ({ fastMs, ...s }) => {
    expect(fastMs).toBeNaN();
    ts.push(s);
  });
  const ws: Omit<ByteSlice, 'fastMs'>[] = [];
  const w = wasm(b, (slice) => {
    const { fastMs, ...s } = slice;
    if (!Number.isNaN(fastMs)) {
      vouched++;
      expect(fastMs).toBe(vouchedTime(b, slice));
    }
    ws.push(s);
  });
  return { ts: [a, a === undefined ? [] : ts], wasm: [w, w === undefined ? [] : ws] };
}

const RECORD =
  '{"eventTime":"2024-01-02T03:04:05Z","eventName":"ListUsers","eventID":"a\\"b\\\\c\\u0041","userIdentity":{"type":"Root","arn":"x"},"recipientAccountId":"111122223333","n":[1,-2.5e3,true,null],"s":""}';

describe('the WebAssembly scanner equals scanObjectBytes', () => {
  it.each([
    ['empty', ''],
    ['white space only', ' \n\t'],
    ['a Records envelope', `{"Records":[${RECORD},${RECORD.replace('Root', 'IAMUser')}]}`],
    ['an Events envelope', `{"Events" : [ ${RECORD} ]}`],
    ['JSON lines', `${RECORD}\n${RECORD}\n`],
    ['a top-level array', `[${RECORD}, ${RECORD}]`],
    ['non-ASCII in a string', '{"eventName":"Café"}'],
    ['non-ASCII after a backslash', '{"eventName":"a\\\u00e9"}'],
    ['non-ASCII outside strings', '{"a":1}\u00e9'],
    ['deep nesting', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`],
    ['deep nesting, unbalanced', `{"a":${'[{"b":'.repeat(3000)}1}`],
    ['a string left open', '{"eventTime":"2024'],
    ['a stray close', '}]{"a":1}}'],
    ['repeated keys', '{"eventTime":"1","eventTime":2,"eventName":"x","EventName":"y","userIdentity":{},"userIdentity":null,"awslogs":1}'],
    ['every escape', '{"k":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00aF","bad":"\\x","u":"\\u12"}'],
    ['numbers', '{"a":-0,"b":0.5e+10,"c":01,"d":1.,"e":-,"f":2E}'],
    ['literals', '{"a":true,"b":false,"c":null,"d":tru,"e":nul}'],
    ['a control character in a string', '{"a":"x\u0001y"}'],
    [
      'keys in other letter cases and near misses (eight bytes compared at a time)',
      // One object per key (JSON lines), so each key's flags are seen alone.
      ['eventTime', 'EventTime', 'eventTimE', 'eventName', 'EVENTNAME', 'eventNamf', 'eventID', 'eventId', 'EventID', 'eventIE', 'userIdentity', 'userIdentitY', 'UserIdentity', 'userIdentitz', 'recipientAccountId', 'recipientAccountID', 'RecipientAccountId', 'recipientAccountIe', 'Records', 'records', 'Recordz', 'awslogs', 'Awslogs', 'Events', 'events', 'EVENTS', 'QueryResultRows', 'queryResultRows', 'CloudTrailEvent', 'CloudTrailEvenT', 'logEvents', 'LogEvents', 'detail-type', 'detail_type', 'Detail-type', 'eventTime1', 'eventTim', 'e']
        .map((k) => `{"${k}":"v"}`)
        .join('\n'),
    ],
    ['scalars where records belong (the envelope array, nested arrays, the top level), not elsewhere', '{"Records":[1,"x",null,[{"a":1},-2.5e3,true,false],{"b":2}],"other":[7,"z"],"n":5}\n[3,"y",[4]]\n42 "s" tru -x 1e'],
    ['Root across the sixteen-byte step', `{"a":"${'x'.repeat(13)}Root","b":"${'y'.repeat(15)}R"}`],
  ])('%s', (_name, text) => {
    const r = both(encode(text));
    expect(r.wasm).toEqual(r.ts);
  });

  it('every cut of a Records envelope', () => {
    const text = `{"Records":[${RECORD},${RECORD.replace('Root', 'IAMUser')}]}`;
    for (let cut = 0; cut <= text.length; cut++) {
      const r = both(encode(text.slice(0, cut)));
      expect([cut, r.wasm]).toEqual([cut, r.ts]);
    }
  });

  it('random bytes from JSON alphabet', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', ' ', '\n', 'R', 'Root', 'oot', 'u', '0041', '1', '-', '.', 'e', 'true', 'null', 'fals', 'x', '\u0001', '\u00e9', '"Records"', '"Events"', '"eventTime"', '"eventName"', '"eventID"', '"userIdentity"', '"recipientAccountId"', '"EVENTTIME"', '"awslogs"', '"eventId"', '"UserIdentity"', '"recipientAccountID"', '"LogEvents"', '"detail-type"', '"QueryResultRows"', '"events"', '"2024-01-02T03:04:05Z"', '"111122223333"');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const r = both(encode(parts.join('')));
        expect(r.wasm).toEqual(r.ts);
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it('random well-formed records in an envelope', () => {
    const before = vouched;
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 6 }), (values) => {
        const records = values.map((v, k) => JSON.stringify({ eventTime: '2024-01-02T03:04:05Z', eventName: `E${k}`, v, userIdentity: { type: k % 2 ? 'Root' : 'IAMUser' } }));
        // jsonValue may hold non-ASCII: then both give up (undefined).
        const r = both(encode(`{"Records":[${records.join(',')}]}`));
        expect(r.wasm).toEqual(r.ts);
      }),
      { numRuns: PROPERTY_RUNS },
    );
    // Without recipientAccountId none is vouched for: see the next test.
    expect(vouched).toBe(before);
  });

  it('event times: the WebAssembly scanner vouches only where vouchedTime gives the same time', () => {
    const before = vouched;
    const ODD_TIMES = ['2024-02-29T12:00:00Z', '2023-02-29T12:00:00Z', '2100-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-04-30T00:00:00Z', '2024-13-01T00:00:00Z', '2024-00-10T00:00:00Z', '2024-01-00T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '0099-12-31T23:59:59Z', '0100-01-01T00:00:00Z', '2024-01-01T00:00:00.5Z', '2024-01-01 00:00:00Z', '2024-01-01T00:00:00z', ' 2024-01-01T00:00:00Z', '2024-1-01T00:00:00Z', '2024-01-01T00:00:00Z '];
    const ODD_TEXTS = ['', ' x', 'x ', 'null', 'nul', 'a~b', 'a\u007fb', 'a\\tb', '11112222333a', '1111222233334', '11112222333'];
    const recordOf = (t: string, name: string, id: string | undefined, account: string): string =>
      `{"eventTime":"${t}","eventName":"${name}",${id !== undefined ? `"eventID":"${id}",` : ''}"userIdentity":{"type":"IAMUser"},"recipientAccountId":"${account}"}`;
    // Every month's days 29 to 31 in a common, a leap and two century years, every odd time, name,
    // id and account with the other fields plain: each decided alone.
    const monthEnds = ['2023', '2024', '1900', '2000'].flatMap((y) => Array.from({ length: 36 }, (_, k) => `${y}-${String(1 + Math.floor(k / 3)).padStart(2, '0')}-${29 + (k % 3)}T00:00:00Z`));
    for (const t of [...monthEnds, ...ODD_TIMES]) {
      const r = both(encode(recordOf(t, 'ListUsers', 'id-1', '111122223333')));
      expect([t, r.wasm]).toEqual([t, r.ts]);
    }
    for (const x of ODD_TEXTS) {
      for (const rec of [recordOf('2024-01-01T00:00:00Z', x, 'id-1', '111122223333'), recordOf('2024-01-01T00:00:00Z', 'ListUsers', x, '111122223333'), recordOf('2024-01-01T00:00:00Z', 'ListUsers', undefined, x)]) {
        const r = both(encode(rec));
        expect([rec, r.wasm]).toEqual([rec, r.ts]);
      }
    }
    // Random times over the whole range the full read takes (year 100 to 9999), mixed with the odd ones.
    const time = fc.oneof(
      { weight: 4, arbitrary: fc.date({ min: new Date(Date.UTC(100, 0, 1)), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')) },
      { weight: 1, arbitrary: fc.constantFrom(...ODD_TIMES) },
    );
    const text = (usual: string) => fc.oneof({ weight: 4, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_TEXTS) });
    fc.assert(
      fc.property(time, text('ListUsers'), fc.option(text('id-1')), text('111122223333'), (t, name, id, account) => {
        const r = both(encode(`{"Records":[${recordOf(t, name, id ?? undefined, account)}]}`));
        expect(r.wasm).toEqual(r.ts);
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
    expect(vouched).toBeGreaterThan(before);
  });

  it('records vouched for and batched: the event keys and times the full parse gives (random times and ids)', () => {
    const rec = fc.record({
      t: fc.date({ min: new Date(Date.UTC(2013, 0, 1)), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
      id: fc.option(fc.stringMatching(/^[!#-[\]-~]{1,40}$/)),
      name: fc.constantFrom('ListUsers', 'GetObject', 'x'),
      root: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 600 }), (records) => {
        const text = `{"Records":[${records
          .map(({ t, id, name, root }) => `{"eventTime":"${t}","eventName":"${name}",${id === null ? '' : `"eventID":"${id}",`}"userIdentity":{"type":"${root ? 'Root' : 'IAMUser'}"},"recipientAccountId":"111122223333"}`)
          .join(',')}]}`;
        const keysOf = (r: ReturnType<typeof parseCloudTrail> | undefined) => {
          const cov = r?.coverage.get('111122223333');
          return cov ? { times: [...cov.times.view()], keys: [...cov.keys.data.subarray(0, cov.keys.length * 2)], count: cov.count } : undefined;
        };
        expect(keysOf(parseCloudTrailBytes(encode(text), 't.json', 's3-json'))).toEqual(keysOf(parseCloudTrail(text, 't.json', 's3-json', { naiveTimeOffsetMinutes: 0, exact: true })));
      }),
      { numRuns: Math.max(20, PROPERTY_RUNS / 4) },
    );
  });

  it('where WebAssembly is missing, the TypeScript scanner reads a trail exactly as the WebAssembly one does', async () => {
    const text = serialize(generate(parseArgs(['--records', '3000', '--root-pct', '5', '--dup-pct', '10', '--seed', '11'])), 's3');
    const summary = (r: ReturnType<typeof parseCloudTrailBytes>) =>
      r && {
        records: r.records,
        skipped: r.skipped,
        rootEvents: r.rootEvents,
        problems: r.problems,
        coverage: [...r.coverage].map(([a, cov]) => [a, cov.count, cov.start, cov.end, [...cov.times.view()], [...cov.keys.data.subarray(0, cov.keys.length * 2)]]),
      };
    const withWasm = summary(parseCloudTrailBytes(encode(text), 't.json', 's3-json'));
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('./scan-bytes-wasm');
      expect(fresh.wasmScanner()).toBeUndefined();
      const { parseCloudTrailBytes: withoutWasm } = await import('./read');
      expect(summary(withoutWasm(encode(text), 't.json', 's3-json'))).toEqual(withWasm);
      expect(withWasm?.rootEvents.length).toBeGreaterThan(0);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('a scan asked for from inside a scan (one input buffer) is done by the TypeScript scanner, right', () => {
    const outer = encode(`[${RECORD},${RECORD}]`);
    const inner = encode(`{"Records":[${RECORD}]}`);
    const got: number[] = [];
    scanObjectBytesFast(outer, (s) => {
      got.push(s.end - s.start);
      scanObjectBytesFast(inner, (t) => got.push(t.depth));
    });
    expect(got).toEqual([RECORD.length, 2, RECORD.length, 2]);
  });

  it('files over the size limit are left to the TypeScript scanner', () => {
    expect(WASM_MAX_BYTES).toBe(64 * 1024 * 1024);
  });

  it('the committed module is compiled from wasm/scan-bytes.ts', () => {
    // Fails after an edit of the AssemblyScript source without `node scripts/build-wasm.mjs`.
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
