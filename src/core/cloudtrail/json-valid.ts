// Whether JSON.parse would accept a slice of text that starts with `{`, without building anything.
// The text reader's fast path (json.ts coverFast) counts a record from its raw text; this check keeps
// it from counting a record the full read would skip as invalid JSON. (The byte reader runs the same
// grammar inline, in scan-bytes.ts.) Iterative, with an explicit stack: no recursion as deep as the input.

const QUOTE = 34;
const BACKSLASH = 92;
const IN_OBJECT = 1;
const IN_ARRAY = 2;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isJsonSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Index just past the string whose opening quote is at `i`, or -1 when it is not a valid JSON string before `end`. */
function stringEnd(t: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end) {
    const c = t.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < 32) return -1;
    if (c === BACKSLASH) {
      const x = t.charCodeAt(j + 1);
      if (x === 117) {
        if (j + 5 >= end || !(isHex(t.charCodeAt(j + 2)) && isHex(t.charCodeAt(j + 3)) && isHex(t.charCodeAt(j + 4)) && isHex(t.charCodeAt(j + 5)))) return -1;
        j += 6;
        continue;
      }
      if (x !== QUOTE && x !== BACKSLASH && x !== 47 && x !== 98 && x !== 102 && x !== 110 && x !== 114 && x !== 116) return -1;
      j += 2;
      continue;
    }
    j++;
  }
  return -1;
}

/** Index just past a JSON number at `i`, or -1. */
function numberEnd(t: string, i: number, end: number): number {
  let j = i;
  const at = (k: number): number => (k < end ? t.charCodeAt(k) : -1);
  if (at(j) === 45) j++;
  if (at(j) === 48) j++;
  else if (isDigit(at(j))) while (isDigit(at(j))) j++;
  else return -1;
  if (at(j) === 46) {
    j++;
    if (!isDigit(at(j))) return -1;
    while (isDigit(at(j))) j++;
  }
  if (at(j) === 101 || at(j) === 69) {
    j++;
    if (at(j) === 43 || at(j) === 45) j++;
    if (!isDigit(at(j))) return -1;
    while (isDigit(at(j))) j++;
  }
  return j;
}

/** True when `t.slice(start, end)` is exactly one JSON object (what JSON.parse accepts). */
export function isJsonObjectText(t: string, start: number, end: number): boolean {
  if (t.charCodeAt(start) !== 123) return false;
  const stack: number[] = [IN_OBJECT];
  // 'k': a key or `}`; 'K': a key; ':'; 'v': a value or `]`; 'V': a value; ',': a comma or the close.
  let expect = 'k';
  let i = start + 1;
  while (i < end) {
    const c = t.charCodeAt(i);
    if (isJsonSpace(c)) {
      i++;
      continue;
    }
    if (stack.length === 0) return false;
    const top = stack[stack.length - 1];
    if (c === QUOTE) {
      const e = stringEnd(t, i, end);
      if (e < 0) return false;
      if (expect === 'k' || expect === 'K') expect = ':';
      else if (expect === 'v' || expect === 'V') expect = ',';
      else return false;
      i = e;
      continue;
    }
    if (c === 125 || c === 93) {
      const closes = c === 125 ? IN_OBJECT : IN_ARRAY;
      if (top !== closes || !(expect === ',' || (closes === IN_OBJECT ? expect === 'k' : expect === 'v'))) return false;
      stack.pop();
      expect = ',';
      i++;
      continue;
    }
    if (c === 44) {
      if (expect !== ',') return false;
      expect = top === IN_OBJECT ? 'K' : 'V';
      i++;
      continue;
    }
    if (c === 58) {
      if (expect !== ':') return false;
      expect = 'V';
      i++;
      continue;
    }
    if (expect !== 'v' && expect !== 'V') return false;
    if (c === 123 || c === 91) {
      stack.push(c === 123 ? IN_OBJECT : IN_ARRAY);
      expect = c === 123 ? 'k' : 'v';
      i++;
      continue;
    }
    let next = -1;
    if (c === 45 || isDigit(c)) next = numberEnd(t, i, end);
    else if (t.startsWith('true', i)) next = i + 4;
    else if (t.startsWith('false', i)) next = i + 5;
    else if (t.startsWith('null', i)) next = i + 4;
    if (next < 0 || next > end) return false;
    expect = ',';
    i = next;
  }
  return stack.length === 0;
}
