import { describe, expect, it } from 'vitest';
import { FileCollector } from '../../src/core/cloudtrail/collect';
import { parseCloudTrail } from '../../src/core/cloudtrail/read';
import { scanObjects, type ObjectSlice } from '../../src/core/cloudtrail/scan';
import { generate, parseArgs, serialize } from '../../scripts/gen-trail';

const slices = (text: string): Array<[string, number, string | undefined, string | undefined]> => {
  const out: Array<[string, number, string | undefined, string | undefined]> = [];
  scanObjects(text, (s: ObjectSlice) => out.push([text.slice(s.start, s.end), s.depth, s.eventTime, s.recipientAccountId]));
  return out;
};

describe('scanObjects', () => {
  it('records inside a Records envelope, with their top-level time and account', () => {
    const text = '{"Records":[{"eventTime":"2024-01-01T00:00:00Z","userIdentity":{"eventTime":"nested"},"recipientAccountId":"111122223333"},{"a":{"b":{}}}]}';
    expect(slices(text)).toEqual([
      ['{"eventTime":"2024-01-01T00:00:00Z","userIdentity":{"eventTime":"nested"},"recipientAccountId":"111122223333"}', 2, '2024-01-01T00:00:00Z', '111122223333'],
      ['{"a":{"b":{}}}', 2, undefined, undefined],
    ]);
  });

  it('braces and quotes inside strings do not count, escaped quotes and backslashes do not end strings', () => {
    const text = '[{"p":"{\\"x\\":\\"}\\"}","q":"a\\\\","eventTime":"T1"},{"eventTime":"T2"}]';
    expect(slices(text).map(([, d, t]) => [d, t])).toEqual([
      [1, 'T1'],
      [1, 'T2'],
    ]);
  });

  it('a key whose value is not a string leaves no value behind; a value string is not taken as a key', () => {
    const text = '{"eventTime": null, "eventName": "eventTime", "recipientAccountId" : "111122223333"}';
    expect(slices(text)).toEqual([[text, 1, undefined, '111122223333']]);
  });

  it('lookup-events items are reported one by one, with their envelope', () => {
    const out: Array<[number, string | undefined]> = [];
    scanObjects('{"Events":[{"EventId":"1","CloudTrailEvent":"{\\"a\\":{}}"},{"EventId":"2"}],"NextToken":"x"}', (s) => out.push([s.depth, s.envelope]));
    expect(out).toEqual([
      [2, 'Events'],
      [2, 'Events'],
    ]);
  });

  it('JSON lines, concatenated values, pretty printing', () => {
    const out = scanObjects('{"eventTime":"a"}\n{"eventTime":"b"}\n', () => undefined);
    expect([out.objects, out.topLevel, out.lineSeparated, out.topLevelArray]).toEqual([2, 2, true, false]);
    const cat = scanObjects('{"eventTime":"a"}{"eventTime":"b"}', () => undefined);
    expect([cat.objects, cat.lineSeparated]).toEqual([2, false]);
    const pretty = '{\n  "Records" : [\n    {\n      "eventTime" : "x"\n    }\n  ]\n}';
    expect(slices(pretty).map(([, d, t]) => [d, t])).toEqual([[2, 'x']]);
  });

  it('truncation: inside a record, inside a string, between records', () => {
    expect(scanObjects('{"Records":[{"a":1},{"b":', () => undefined)).toMatchObject({ objects: 1, truncatedAt: 20 });
    expect(scanObjects('{"Records":[{"a":1},{"b":"unterminated', () => undefined)).toMatchObject({ objects: 1, truncatedAt: 20 });
    expect(scanObjects('{"Records":[{"a":1},', () => undefined).truncatedAt).toBe(20);
    expect(scanObjects('{"a":1}', () => undefined).truncatedAt).toBeUndefined();
  });
});

/** Reference: parse everything with JSON.parse and read every record the slow way. */
function reference(text: string) {
  const c = new FileCollector('bench');
  const v = JSON.parse(text) as { Records: Record<string, unknown>[] };
  for (const r of v.Records) c.addRecord(r);
  c.summarize(); // as parseCloudTrail does: the coverage lists are trimmed to size
  return c;
}

describe('the fast path reads the same as a full parse', () => {
  it.each(['s3', 'pretty'] as const)('synthetic trail (%s): same coverage, root events and AssumeRoot calls', (shape) => {
    const opts = parseArgs(['--records', '3000', '--root-pct', '5', '--accounts', '3', '--days', '3', '--seed', '7']);
    const text = serialize(generate(opts), shape);
    const fast = parseCloudTrail(text, 'bench', 's3-json', { naiveTimeOffsetMinutes: 0 });
    const ref = reference(text);
    expect(fast.records).toBe(3000);
    expect(fast.rootEvents.length).toBeGreaterThan(100);
    expect(fast.assumeRootCalls.length).toBeGreaterThan(2);
    expect(fast.rootEvents.some((e) => e.assumedRoot)).toBe(true);
    expect(fast.rootEvents).toEqual(ref.rootEvents);
    expect(fast.assumeRootCalls).toEqual(ref.assumeRootCalls);
    expect([...fast.coverage].sort()).toEqual([...ref.coverage].sort());
  });

  it('JSON lines of the same trail give the same root events', () => {
    const records = generate(parseArgs(['--records', '1000', '--root-pct', '5', '--seed', '3']));
    const a = parseCloudTrail(serialize(records, 's3'), 'x', 's3-json', { naiveTimeOffsetMinutes: 0 });
    const b = parseCloudTrail(serialize(records, 'lines'), 'x', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    expect(b.format).toBe('json-lines');
    expect(b.rootEvents).toEqual(a.rootEvents);
    expect([...b.coverage]).toEqual([...a.coverage]);
  });
});
