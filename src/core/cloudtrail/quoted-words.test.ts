// quoted-words.ts: the WebAssembly word finder equals the TypeScript reference, a bit clear always
// means the word is not quoted in any letter case, and detection given the bits chooses the same
// reader as detection without them on every fixture, real-world sample and generated head.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputText } from '../input/reader';
import { detectInput } from '../input/readers';
import { ANY_WORD, NOT_ASCII_BIT, QUOTED_WORDS, quotedWordsOf, wordBit } from './quoted-words';
import { quotedWordsFast, wasmScanner } from './scan-bytes-wasm';
import { PROPERTY_RUNS } from '../../../test/property/runs';

const encode = (t: string): Uint8Array => new TextEncoder().encode(t);

/** The reader detection picks with the bits (as the byte reader asks) and without (as the text reader asks). */
function bothWays(text: string): { withBits: string | undefined; without: string | undefined; bits: number } {
  const bits = quotedWordsFast(encode(text));
  return {
    withBits: detectInput(new InputText(text, 'head', bits & ANY_WORD))?.reader.id,
    without: detectInput(new InputText(text, 'head'))?.reader.id,
    bits,
  };
}

/** Every file under `dir`, its bytes inflated when gzip. */
function filesUnder(dir: string): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (statSync(p).size <= 64 * 1048576) {
        const raw = new Uint8Array(readFileSync(p));
        let bytes = raw;
        if (raw[0] === 0x1f && raw[1] === 0x8b) {
          try {
            bytes = new Uint8Array(gunzipSync(raw));
          } catch {
            // A broken gzip fixture: its raw bytes are compared as they are.
          }
        }
        out.push({ name: p, bytes });
      }
    }
  };
  walk(dir);
  return out;
}

describe('quotedWords', () => {
  it('runs as WebAssembly here (so the comparisons below compare two implementations)', () => {
    expect(wasmScanner()).toBeDefined();
  });

  it('sets a word\'s bit for the word quoted in any letter case, and only then', () => {
    for (const w of QUOTED_WORDS) {
      for (const spelled of [w, w.toUpperCase(), w.toLowerCase(), w.replace(/^./, (c) => c.toUpperCase())]) {
        const bits = quotedWordsOf(encode(`{"x":1,"${spelled}": []}`));
        expect(bits & wordBit(w)).not.toBe(0);
        expect(quotedWordsFast(encode(`{"x":1,"${spelled}": []}`))).toBe(bits);
      }
      // Unquoted, or cut by the end within the eight bytes compared: not there.
      expect(quotedWordsOf(encode(`{"x": "a ${w}"}`)) & wordBit(w)).toBe(0);
      const cut = `{"${w.slice(0, 5)}`;
      expect(quotedWordsOf(encode(cut)) & wordBit(w)).toBe(0);
      expect(quotedWordsFast(encode(cut)) & wordBit(w)).toBe(0);
    }
    expect(quotedWordsOf(encode('{"Records":[{"eventTime":"x"}]}'))).toBe(0);
    // A word's prefix is not the word: CloudTrail's own event source, a longer key.
    const near = encode('{"eventSource":"cloudtrail.amazonaws.com","eventsCount":1,"logEventsX":2,"detail-typed":3}');
    expect([quotedWordsOf(near), quotedWordsFast(near)]).toEqual([0, 0]);
    expect(quotedWordsOf(new Uint8Array([0x7b, 0x22, 0xc3, 0xa9, 0x22]))).toBe(NOT_ASCII_BIT);
    expect(quotedWordsFast(new Uint8Array([0x7b, 0x22, 0xc3, 0xa9, 0x22]))).toBe(NOT_ASCII_BIT);
  });

  it('the WebAssembly pass equals the reference on random bytes of quotes, the words and their neighbours', () => {
    const pieces = ['"', '"', ' ', ':', '[', '{', '\\', 'a', 'Z', '\u0002', '\u00e9', '\u007f', '_', '-', ...QUOTED_WORDS, ...QUOTED_WORDS.map((w) => w.toUpperCase()), ...QUOTED_WORDS.map((w) => w.slice(0, 5)), ...QUOTED_WORDS.map((w) => w.slice(0, -1)), 'cloudtrail.amazonaws.com'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 120 }), fc.nat(40), (parts, pad) => {
        const bytes = encode(' '.repeat(pad % 17) + parts.join(''));
        expect(quotedWordsFast(bytes)).toBe(quotedWordsOf(bytes));
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it('a bit clear means no detection regex of that word can match: the same reader with and without the bits', () => {
    const fragments = [
      '{"Records":[',
      '{"eventVersion":"1.08","eventSource":"s3.amazonaws.com",',
      '"eventTime":"2024-01-01T00:00:00Z","eventName":"GetObject",',
      '"userIdentity":{"type":"Root"},',
      '"detail-type":"AWS API Call via CloudTrail",',
      '"DETAIL-TYPE" : "AWS Console Sign In via CloudTrail",',
      '"awslogs":{"data":"H4sI"},',
      '"logEvents":[',
      '"messageType":"DATA_MESSAGE",',
      '"events":[',
      '"message":"{\\"eventVersion\\":\\"1.08\\"}",',
      '"Events":[]',
      '"NextToken":"x",',
      '"CloudTrailEvent":"{}",',
      '"QueryResultRows":[',
      '"digestStartTime":"x","logFiles":[],',
      '"credaudit_row":"event",',
      '{"Events" : [ ] }',
      ']}',
      '}',
      ' ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 14 }), (parts) => {
        const text = parts.join('');
        const r = bothWays(text);
        expect(r.withBits).toBe(r.without);
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it('the same reader with and without the bits on every fixture', () => {
    const files = filesUnder(fileURLToPath(new URL('../../../test/fixtures/', import.meta.url)));
    expect(files.length).toBeGreaterThan(20);
    let cloudTrail = 0;
    for (const f of files) {
      const text = new TextDecoder().decode(f.bytes);
      const r = bothWays(text);
      expect(r.withBits, f.name).toBe(r.without);
      expect(quotedWordsFast(f.bytes), f.name).toBe(quotedWordsOf(f.bytes));
      if (r.without?.startsWith('cloudtrail')) cloudTrail++;
    }
    expect(cloudTrail).toBeGreaterThan(10);
  });

  const REAL = fileURLToPath(new URL('../../../../shared/real-world/', import.meta.url));
  const realPresent = existsSync(REAL);
  if (!realPresent) console.warn(`[credaudit] ${REAL} is absent: the real-world detection comparisons are skipped.`);
  it.skipIf(!realPresent)('the same reader with and without the bits on every real-world sample', () => {
    for (const f of filesUnder(REAL)) {
      const text = new TextDecoder().decode(f.bytes);
      const r = bothWays(text);
      expect(r.withBits, f.name).toBe(r.without);
    }
  });
});
