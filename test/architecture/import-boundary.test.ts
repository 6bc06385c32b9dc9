// The architecture's arrows, checked on the source text (DESIGN.md "one engine, adapters around it,
// one direction"): the page shows what the worker sends and imports only types from the engine plus
// a few pure label and parsing helpers; rules and input readers do not know each other; the engine
// knows nothing of the page, the worker, the CLI, Svelte or Node. Imports are read with a regex, so
// this test needs no build. Test files (*.test.ts) are exempt: they may build fixtures with anything.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/**
 * What the page may value-import from src/core (everything else only with `import type`), with why.
 * `names: '*'` admits the whole module; otherwise only the listed bindings.
 */
const PAGE_MAY_IMPORT: Record<string, { names: readonly string[] | '*'; why: string }> = {
  'src/core/types.ts': {
    names: ['SEVERITIES', 'STATUSES'],
    why: 'the fixed order of severities and statuses that filters, counts and verdict strips list (constants, no code)',
  },
  'src/core/options.ts': {
    names: '*',
    why: 'parses what the user types (windows, time offset) so the page answers as they type; the worker checks again; the 30/90 default lives only there',
  },
  'src/core/text.ts': {
    names: ['visibleText'],
    why: 'shows bidi overrides and zero-width characters from the inputs as \\uXXXX, as every export does (one helper for all)',
  },
  'src/core/labels.ts': {
    names: '*',
    why: 'pure label maps (as-of source wording) that the page and the exports must word alike',
  },
  'src/core/version.ts': {
    names: ['TOOL'],
    why: 'name, version and build shown in About (constants filled at build time)',
  },
  'src/core/remediation.ts': {
    names: ['fillRemediation', 'remediationFacts'],
    why: "fills a finding's own account id, user name and root key id into its rule's remediation commands (pure string work on data the page already holds)",
  },
  'src/core/exceptions.ts': {
    names: ['expiryMs'],
    why: 'when an exception the user is typing expires (end of its UTC day): the same instant the engine uses, no parsing of files',
  },
  'src/core/sql/generate.ts': {
    names: ['DEFAULT_SQL_DAYS', 'generateSql', 'splitList'],
    why: 'the Organization scale panel builds the Athena / CloudTrail Lake / DuckDB SQL as the user types (pure string work; no file is read)',
  },
};

/**
 * Parts of the engine the page must never pull in, not even through an allowed module: the rule
 * catalogue, the export renderers and hashing, the file readers and parsers, the session and audit.
 */
const PAGE_NEVER_REACHES = [
  'src/core/rules/',
  'src/core/evidence/',
  'src/core/input/',
  'src/core/evidence-files/',
  'src/core/cloudtrail/',
  'src/core/credential-report/',
  'src/core/session.ts',
  'src/core/audit.ts',
  'src/core/ingest.ts',
];

export interface ImportStatement {
  specifier: string;
  /** `import type …` / `export type … from`: erased when compiled. */
  typeOnly: boolean;
  /** Value bindings taken (`default`, `*` for a namespace or `export *`), empty for a bare `import 'x'`. */
  names: string[];
  /** `import 'x'` or `import('x')`: the module runs, whatever it exports. */
  wholeModule: boolean;
}

const IDENT = String.raw`[\w$]+`;
// `X`, `{ … }`, `* as X`, `X, { … }`, `X, * as Y` (import) and `{ … }`, `*`, `* as X` (export … from).
const CLAUSE = String.raw`(?:${IDENT}\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+${IDENT})?|${IDENT})`;
const FROM_RE = new RegExp(String.raw`^[ \t]*(import|export)\s+(type\s+)?(${CLAUSE})\s*from\s*['"]([^'"]+)['"]`, 'gm');
const BARE_RE = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_RE = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The value bindings of an import/export clause; inline `type X` specifiers are left out. */
function valueNames(clause: string): string[] {
  const names: string[] = [];
  const braces = /\{([^}]*)\}/.exec(clause);
  const outside = clause.replace(/\{[^}]*\}/, '').trim();
  for (const part of outside.split(',').map((s) => s.trim()).filter(Boolean)) {
    names.push(part.startsWith('*') ? '*' : 'default');
  }
  for (const spec of (braces?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (/^type\s/.test(spec)) continue;
    names.push(spec.split(/\s+as\s+/)[0]!.trim());
  }
  return names;
}

/** Every static, bare and dynamic import (and re-export) in a .ts or .svelte file's text. */
export function parseImports(text: string): ImportStatement[] {
  const out: ImportStatement[] = [];
  for (const m of text.matchAll(FROM_RE)) {
    const typeOnly = m[2] !== undefined;
    const names = typeOnly ? [] : valueNames(m[3]!);
    // `import { type A } from 'x'` keeps `import {} from 'x'` under verbatimModuleSyntax: the module still runs.
    out.push({ specifier: m[4]!, typeOnly: typeOnly, names, wholeModule: !typeOnly && names.length === 0 });
  }
  for (const m of text.matchAll(BARE_RE)) out.push({ specifier: m[1]!, typeOnly: false, names: [], wholeModule: true });
  for (const m of text.matchAll(DYNAMIC_RE)) out.push({ specifier: m[1]!, typeOnly: false, names: ['*'], wholeModule: true });
  return out;
}

const SOURCE_EXT = ['.ts', '.svelte'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return SOURCE_EXT.some((e) => name.endsWith(e)) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const rel = (abs: string) => relative(ROOT, abs).split(sep).join('/');

/** The repository path a relative specifier names (as Vite/TS resolve it), or undefined for packages. */
function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(candidate).isFile()) return rel(candidate);
    } catch {
      // try the next form
    }
  }
  return `${rel(base)} (unresolved)`;
}

interface Edge {
  from: string;
  to: string | undefined;
  imp: ImportStatement;
}

function edgesOf(files: string[]): Edge[] {
  return files.flatMap((abs) => parseImports(readFileSync(abs, 'utf8')).map((imp) => ({ from: rel(abs), to: resolveSpecifier(abs, imp.specifier), imp })));
}

const SRC = (...p: string[]) => join(ROOT, 'src', ...p);
const uiEdges = edgesOf(walk(SRC('ui')));
const coreEdges = edgesOf(walk(SRC('core')));
const describeEdge = (e: Edge) => `${e.from} -> ${e.imp.specifier}${e.imp.names.length ? ` {${e.imp.names.join(', ')}}` : ''}`;

/** Why a value import from the page into core is not allowed, or null when it is. */
function pageImportViolation(e: Edge): string | null {
  if (e.imp.typeOnly || !e.to?.startsWith('src/core/')) return null;
  const allowed = PAGE_MAY_IMPORT[e.to];
  if (!allowed) return `${describeEdge(e)}: the page may import only types from ${e.to} (ask the worker instead)`;
  if (allowed.names === '*') return null;
  if (e.imp.wholeModule) return `${describeEdge(e)}: imports the whole module; use \`import type\` or name an allowed binding`;
  const extra = e.imp.names.filter((n) => !allowed.names.includes(n));
  return extra.length ? `${describeEdge(e)}: ${extra.join(', ')} not allowed (allowed: ${allowed.names.join(', ')})` : null;
}

/** Core modules reached from `start` through value imports (types are erased, so they pull nothing in). */
function valueClosure(start: string): Set<string> {
  const byFile = new Map<string, Edge[]>();
  for (const e of coreEdges) byFile.set(e.from, [...(byFile.get(e.from) ?? []), e]);
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const e of byFile.get(queue.shift()!) ?? []) {
      if (e.imp.typeOnly || !e.to || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

const NODE_BUILTINS = new Set(builtinModules);

describe('import boundaries', () => {
  it('parses every import form the sources use', () => {
    const text = [
      "import { a, type B, c as d } from '../core/x';",
      "import type { E } from '../core/types';",
      "  import Def, { f } from './y.svelte';",
      "import * as ns from 'node:fs';",
      "import { type G } from '../core/only-types';",
      "import './app.css';",
      "export { h } from './z';",
      "export * from './w';",
      "export type { I } from './v';",
      "import {\n  j,\n  type K,\n} from '../core/multi';",
      "const lazy = () => import('./later');",
      "// import { commented } from './nowhere';",
    ].join('\n');
    const got = parseImports(text).map((i) => [i.specifier, i.typeOnly, i.names.join(','), i.wholeModule]);
    expect(got).toEqual([
      ['../core/x', false, 'a,c', false],
      ['../core/types', true, '', false],
      ['./y.svelte', false, 'default,f', false],
      ['node:fs', false, '*', false],
      ['../core/only-types', false, '', true],
      ['./z', false, 'h', false],
      ['./w', false, '*', false],
      ['./v', true, '', false],
      ['../core/multi', false, 'j', false],
      ['./app.css', false, '', true],
      ['./later', false, '*', true],
    ]);
  });

  it('finds the sources it checks', () => {
    expect(uiEdges.length).toBeGreaterThan(50);
    expect(coreEdges.length).toBeGreaterThan(50);
    expect(uiEdges.some((e) => e.to === 'src/core/types.ts')).toBe(true);
    for (const path of Object.keys(PAGE_MAY_IMPORT)) expect(statSync(join(ROOT, path)).isFile(), path).toBe(true);
  });

  it('the page (src/ui) value-imports only the allow-listed core helpers', () => {
    const violations = uiEdges.map(pageImportViolation).filter((v): v is string => v !== null);
    expect(violations).toEqual([]);
  });

  it('the allowed helpers do not pull rules, renderers, readers or the session into the page', () => {
    const pulled = Object.keys(PAGE_MAY_IMPORT).flatMap((start) =>
      [...valueClosure(start)].filter((m) => PAGE_NEVER_REACHES.some((p) => m.startsWith(p))).map((m) => `${start} -> … -> ${m}`),
    );
    expect(pulled).toEqual([]);
  });

  it('rules never import input readers, and input readers never import rules (types included)', () => {
    const crossing = coreEdges.filter(
      (e) => (e.from.startsWith('src/core/rules/') && e.to?.startsWith('src/core/input/')) || (e.from.startsWith('src/core/input/') && e.to?.startsWith('src/core/rules/')),
    );
    expect(crossing.map(describeEdge)).toEqual([]);
  });

  it('the engine (src/core) imports nothing of the page, worker, CLI, Svelte or Node', () => {
    const bad = coreEdges.filter((e) => {
      const s = e.imp.specifier;
      if (e.to) return /^src\/(ui|worker|cli)\//.test(e.to);
      return s === 'svelte' || s.startsWith('svelte/') || s.startsWith('node:') || NODE_BUILTINS.has(s.split('/')[0]!);
    });
    expect(bad.map(describeEdge)).toEqual([]);
  });
});
