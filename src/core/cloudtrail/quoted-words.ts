// Which of a few words a CloudTrail head may hold in quotes, found in one pass over its bytes, so
// that detection (detect.ts, the query-result reader) can skip a shape whose word is absent instead
// of running its regular expression over 64 KB: on a big S3 log file the readers before its own
// cost ten times more than reading the head (each regex scans the whole head to say "no").
//
// A bit set means "may be quoted" (a superset: the word and its closing quote are compared byte by
// byte `| 0x20`, which folds letter case and a few non-letters); a bit clear means the word is
// surely not in quotes, in any letter case. The WebAssembly module (wasm/scan-bytes.ts quotedWords) does the same pass sixteen bytes a
// step; this file is its reference and the fallback where WebAssembly is missing.

/** The words, in bit order: each shape before the S3 one needs one of them quoted (detect.ts). */
export const QUOTED_WORDS = ['credaudit_row', 'digestStartTime', 'QueryResultRows', 'CloudTrailEvent', 'detail-type', 'awslogs', 'logEvents', 'events'] as const;

export type QuotedWord = (typeof QUOTED_WORDS)[number];

/** Every word may be quoted: what is known of a text nobody looked at. */
export const ANY_WORD = (1 << QUOTED_WORDS.length) - 1;

/** Set with the words when a byte from 0x80 is among the bytes looked at. */
export const NOT_ASCII_BIT = 0x80000000;

/** The bit of a word. */
export const wordBit = (w: QuotedWord): number => 1 << QUOTED_WORDS.indexOf(w);

/** True unless the bits say the word is surely not quoted. */
export const mayQuote = (bits: number, w: QuotedWord): boolean => (bits & wordBit(w)) !== 0;

/** Each word and its closing quote, folded `| 0x20`. */
const PATTERNS = QUOTED_WORDS.map((w) => Array.from(`${w}"`, (ch) => ch.charCodeAt(0) | 0x20));

/** quotedWords of wasm/scan-bytes.ts over `b` (the fallback and the tests' reference). */
export function quotedWordsOf(b: Uint8Array): number {
  let bits = 0;
  const n = b.length;
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (c >= 0x80) bits |= NOT_ASCII_BIT;
    if (c !== 34) continue;
    for (let k = 0; k < PATTERNS.length; k++) {
      const p = PATTERNS[k] as number[];
      // A word cut by the end is not in the text (nor can a detector's pattern match it there).
      let same = i + 1 + p.length <= n;
      for (let j = 0; same && j < p.length; j++) same = ((b[i + 1 + j] as number) | 0x20) === p[j];
      if (same) {
        bits |= 1 << k;
        break;
      }
    }
  }
  return bits >>> 0;
}
