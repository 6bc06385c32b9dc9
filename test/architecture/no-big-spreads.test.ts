// No call receives an array spread as its arguments (issue 11, item 4): `findings.push(...list)`,
// `Math.max(...values)` and their kind pass every element as one argument, and V8 throws
// "Maximum call stack size exceeded" past some tens of thousands (a 25,000-user report has
// 125,000 findings). Use pushAll / maxOf / minOf from src/core/arrays.ts, a loop or concat.
// Checked on the source text of everything that ships (src/), tests excepted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxOf, minOf, pushAll } from '../../src/core/arrays';

const ROOT = resolve(__dirname, '../..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** A spread among the arguments of a call whose argument count is the array's length. */
const SPREAD_CALL = /\b(push|unshift|splice|max|min|fromCharCode|fromCodePoint|apply)\((?:[^(){}]*?,\s*)?\.\.\./g;

describe('no array spread into call arguments in src/', () => {
  it('none found', () => {
    const hits: string[] = [];
    for (const file of walk(join(ROOT, 'src'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return;
        if (SPREAD_CALL.test(line)) hits.push(`${relative(ROOT, file).split(sep).join('/')}:${i + 1}: ${line.trim()}`);
        SPREAD_CALL.lastIndex = 0;
      });
    }
    expect(hits).toEqual([]);
  });

  it('the pattern catches what it is for', () => {
    for (const bad of ['out.push(...rows)', 'Math.max(h.length, ...rows.map((r) => r.length))', 'a.unshift(...pre)', 'String.fromCharCode(...bytes)']) {
      expect(bad.match(SPREAD_CALL), bad).not.toBeNull();
    }
    for (const good of ['const x = [...a, ...b];', 'f({ ...o })', 'this.problems.push({ input: this.input, ...p })', 'pushAll(out, rows)']) expect(good.match(SPREAD_CALL), good).toBeNull();
  });

  it('the helpers handle 500,000 elements', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    expect(pushAll([-1], many).length).toBe(500_001);
    expect([maxOf(many), minOf(many), maxOf([], 0), minOf([], 7)]).toEqual([499_999, 0, 0, 7]);
  });
});
