// The byte scanner's string jump (four bytes a step, then one) at every place a text can end: each
// cut of a record gives the boundaries the text scanner gives, and the flags of the whole record
// hold whatever its strings' lengths are against the four-byte step.
import { describe, expect, it } from 'vitest';
import { scanObjects } from './scan';
import { scanObjectBytes, type ByteSlice } from './scan-bytes';

const encode = (t: string): Uint8Array => new TextEncoder().encode(t);

const RECORD =
  '{"eventTime":"2024-01-02T03:04:05Z","eventName":"ListUsers","eventID":"a\\"b\\\\c\\u0041","userIdentity":{"type":"Root","arn":"x"},"recipientAccountId":"111122223333","n":[1,-2.5e3,true,null],"s":""}';

describe('scanObjectBytes: the string jump', () => {
  it('every cut of a Records envelope gives the objects and truncation the text scanner gives', () => {
    const text = `{"Records":[${RECORD},${RECORD.replace('Root', 'IAMUser')}]}`;
    for (let cut = 0; cut <= text.length; cut++) {
      const t = text.slice(0, cut);
      const fromText: unknown[] = [];
      const a = scanObjects(t, (s) => fromText.push([s.start, s.end, s.depth, s.envelope]));
      const fromBytes: unknown[] = [];
      const b = scanObjectBytes(encode(t), (s) => fromBytes.push([s.start, s.end, s.depth, s.envelope]));
      expect([cut, fromBytes, b]).toEqual([cut, fromText, a]);
    }
  });

  it('strings of every length up to 12, with a stop byte at every place: the same fields and flags', () => {
    for (let n = 0; n <= 12; n++) {
      for (const stop of ['', 'R', 'Root', '\\n', '\\u0052']) {
        for (let at = 0; at <= n; at++) {
          const body = 'x'.repeat(at) + stop + 'y'.repeat(n - at);
          const text = `{"eventName":"${body}","eventTime":"2024-01-02T03:04:05Z","p":"${body}"}`;
          const got: Partial<ByteSlice>[] = [];
          scanObjectBytes(encode(text), (s) => got.push({ start: s.start, end: s.end, nameFrom: s.nameFrom, nameTo: s.nameTo, timeFrom: s.timeFrom, valid: s.valid, mayBeRoot: s.mayBeRoot }));
          expect(got).toEqual([
            { start: 0, end: text.length, nameFrom: 14, nameTo: 14 + body.length, timeFrom: text.indexOf('2024'), valid: true, mayBeRoot: stop === 'Root' || stop === '\\u0052' },
          ]);
        }
      }
    }
  });
});
