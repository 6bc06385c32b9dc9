// Build-time plugins for hosting credaudit offline (used by vite.config.ts; plain ESM so Vite's config loader needs no TypeScript):
//  - buildInfo(): version from package.json and the git commit (or 'unknown'), for Vite `define`;
//  - cspPlugin(): the Content-Security-Policy meta tag. Multi-file build: script-src 'self'.
//    Single file: script-src with the SHA-256 of each inline script, computed at writeBundle, after
//    vite-plugin-singlefile has inlined the code (a hash taken at generateBundle would be of an empty tag);
//  - licensesPlugin(): the licences of every npm package whose code ends up in the bundle (page and
//    worker), read from node_modules at build time and served as `virtual:credaudit-licenses`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** @param {string} root @returns {{ version: string, build: string }} */
export function buildInfo(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  let build = 'unknown';
  try {
    build = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || 'unknown';
  } catch {
    // no git, or not a repository (e.g. a source tarball): keep 'unknown'
  }
  return { version: pkg.version, build };
}

// ---------------------------------------------------------------- Content-Security-Policy

/** Directives shared by both builds. Nothing may connect anywhere; no JavaScript eval; no plugins, frames or forms. */
/** @type {[string, string][]} */
const BASE_DIRECTIVES = [
  ['default-src', "'none'"],
  ['connect-src', "'none'"],
  ['worker-src', "blob: 'self'"],
  // Svelte writes inline style attributes and chart.js sets canvas styles: styles may be inline, scripts never.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "data: blob: 'self'"],
  ['font-src', "'none'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['manifest-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** @param {string} scriptSrc */
export function cspString(scriptSrc) {
  const d = [...BASE_DIRECTIVES];
  // 'wasm-unsafe-eval' lets the engine compile its own WebAssembly scanner (inlined bytes, see
  // src/core/cloudtrail/scan-bytes-wasm.ts); it allows no JavaScript eval.
  d.splice(1, 0, ['script-src', `${scriptSrc} 'wasm-unsafe-eval'`]);
  return d.map(([k, v]) => `${k} ${v}`).join('; ');
}

export const CSP_MULTI = cspString("'self'");
const PENDING = '__CREDAUDIT_CSP_PENDING__';
const META_RE = /<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*\/?>/;

/** `'sha256-…'` of a script's text exactly as the HTML parser will see it. */
/** @param {string} code */
export function scriptHash(code) {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

/** Inline and external scripts of an HTML document, in order. */
/** @param {string} html @returns {{ attrs: string, code: string }[]} */
export function scriptsOf(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ attrs: m[1] ?? '', code: m[2] ?? '' }));
}

/** The single file's policy: one hash per inline script, and no external script at all. */
/** @param {string} html */
export function singleFileCsp(html) {
  const scripts = scriptsOf(html);
  const external = scripts.filter((s) => /\bsrc\s*=/.test(s.attrs));
  if (external.length > 0) throw new Error(`single-file build still loads external scripts: ${external.map((s) => s.attrs.trim()).join(', ')}`);
  if (scripts.length === 0) throw new Error('single-file build has no inline script');
  for (const s of scripts) {
    // The HTML parser turns CR LF / CR into LF and NUL into U+FFFD before hashing; such code would not match.
    if (/[\r\0]/.test(s.code)) throw new Error('an inline script contains a raw CR or NUL; its CSP hash would not match');
  }
  return cspString([...new Set(scripts.map((s) => scriptHash(s.code)))].join(' '));
}

/** @param {'multi' | 'single'} kind @returns {import('vite').Plugin} */
export function cspPlugin(kind) {
  /** @type {import('vite').ResolvedConfig} */
  let config;
  return {
    name: 'credaudit:csp',
    configResolved(c) {
      config = c;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!META_RE.test(html)) throw new Error('index.html lacks the Content-Security-Policy meta tag placeholder');
        // The dev server needs connections (HMR) and inline scripts: no policy there.
        if (ctx.server) return html.replace(META_RE, '');
        const policy = kind === 'multi' ? CSP_MULTI : PENDING;
        return html.replace(META_RE, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
      },
    },
    writeBundle: {
      order: 'post',
      async handler(_opts, bundle) {
        if (kind !== 'single') return;
        const outDir = resolve(config.root, config.build.outDir);
        for (const name of Object.keys(bundle).filter((n) => n.endsWith('.html'))) {
          const file = join(outDir, name);
          const html = await readFile(file, 'utf8');
          if (!html.includes(PENDING)) throw new Error(`${name}: CSP placeholder not found`);
          await writeFile(file, html.replace(PENDING, singleFileCsp(html)));
        }
      },
    },
  };
}

// ---------------------------------------------------------------- licences

/** @typedef {{ name: string, version: string, license: string, author?: string, homepage?: string, text?: string }} LicenseInfo */

const VIRTUAL = 'virtual:credaudit-licenses';
const RESOLVED = `\0${VIRTUAL}`;
const PLACEHOLDER = '__CREDAUDIT_LICENSES_JSON__';

/** Package directory of a module id inside node_modules (the innermost node_modules wins). */
/** @param {string} id */
function packageDirOf(id) {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  const i = clean.lastIndexOf('/node_modules/');
  if (i < 0) return undefined;
  const rest = clean.slice(i + '/node_modules/'.length).split('/');
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  return name ? `${clean.slice(0, i)}/node_modules/${name}` : undefined;
}

/** @param {unknown} a @returns {string | undefined} */
function authorText(a) {
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object' && 'name' in a && typeof a.name === 'string') return a.name;
  return undefined;
}

/** @param {string} dir @returns {LicenseInfo} */
export function readLicense(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  /** @type {LicenseInfo} */
  const info = {
    name: String(pkg.name),
    version: String(pkg.version),
    license: typeof pkg.license === 'string' ? pkg.license : 'UNKNOWN',
  };
  const author = authorText(pkg.author);
  if (author) info.author = author;
  if (typeof pkg.homepage === 'string') info.homepage = pkg.homepage;
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  if (file) info.text = readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n').trim();
  return info;
}

/**
 * `plugin` goes in `plugins`, `workerPlugin` in `worker.plugins`: both record which packages end up
 * in their output; the page's chunk then gets the list (worker packages included, since the worker
 * is bundled before the page's chunks are generated). In dev, the virtual module lists `seeds`.
 */
/**
 * @param {string} root @param {string[]} seeds
 * @returns {{ plugin: import('vite').Plugin, workerPlugin: () => import('vite').Plugin }}
 */
export function licensesPlugin(root, seeds) {
  /** @type {Set<string>} */
  const dirs = new Set();
  /** @param {Record<string, any>} bundle */
  const collect = (bundle) => {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !chunk.modules) continue;
      for (const [id, m] of Object.entries(/** @type {Record<string, { renderedLength: number }>} */ (chunk.modules))) {
        const dir = m.renderedLength > 0 ? packageDirOf(id) : undefined;
        if (dir && existsSync(join(dir, 'package.json'))) dirs.add(dir);
      }
    }
  };
  /** @param {Iterable<string>} fromDirs */
  const list = (fromDirs) => [...fromDirs].map(readLicense).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let isBuild = false;
  /** @type {import('vite').Plugin} */
  const plugin = {
    name: 'credaudit:licenses',
    configResolved(c) {
      isBuild = c.command === 'build';
    },
    resolveId(id) {
      return id === VIRTUAL ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      if (!isBuild) return `export const licenses = ${JSON.stringify(list(seeds.map((s) => join(root, 'node_modules', s))))};`;
      return `export const licenses = JSON.parse(${JSON.stringify(PLACEHOLDER)});`;
    },
    generateBundle: {
      order: 'pre',
      handler(_opts, bundle) {
        collect(bundle);
        const json = JSON.stringify(list(dirs));
        const re = new RegExp(`(["'\`])${PLACEHOLDER}\\1`, 'g');
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk' && chunk.code.includes(PLACEHOLDER)) chunk.code = chunk.code.replace(re, () => JSON.stringify(json));
        }
      },
    },
  };
  const workerPlugin = () => ({
    name: 'credaudit:licenses-worker',
    generateBundle(_opts, bundle) {
      collect(bundle);
    },
  });
  return { plugin, workerPlugin };
}

// ---------------------------------------------------------------- the second build

/**
 * After the multi-file build has written dist/, runs the single-file build (same config, mode
 * 'single'), so a plain `vite build` produces both outputs, exactly like `npm run build`.
 * @param {string} root
 * @returns {import('vite').Plugin}
 */
export function singleFileAfterPlugin(root) {
  return {
    name: 'credaudit:single-file-after',
    apply: 'build',
    async closeBundle(error) {
      if (error) return;
      const { build } = await import('vite');
      await build({ root, mode: 'single', logLevel: 'warn' });
    },
  };
}
