// The `credaudit` binary: src/cli/main.ts bundled with its dependencies (papaparse, yaml, @noble/hashes,
// the engine) into one ES module for Node 20+, dist-cli/credaudit.mjs, with a `#!/usr/bin/env node`
// line. package.json's `bin` names it, so `npm link`, `npm install -g .` and `npx credaudit` run it
// without tsx (no TypeScript compiled at start-up). Built with Vite's SSR build (Vite is already the
// page's bundler; no other bundler is added). `npm run build` calls this after the page builds.
//
//   node scripts/build-cli.mjs [OUT_DIR]     (default dist-cli)
import { chmod, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { buildInfo } from './vite-plugins.mjs';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, process.argv[2] ?? 'dist-cli');
const FILE = 'credaudit.mjs';
const info = buildInfo(root);
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  define: {
    __CREDAUDIT_VERSION__: JSON.stringify(info.version),
    __CREDAUDIT_BUILD__: JSON.stringify(info.build),
  },
  // Bundle every npm dependency: the binary must run from any folder, with no node_modules beside it.
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: join(root, 'src/cli/main.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    rollupOptions: {
      external: nodeBuiltins,
      output: { format: 'es', entryFileNames: FILE, banner: '#!/usr/bin/env node', codeSplitting: false },
    },
  },
});

const bin = join(outDir, FILE);
await chmod(bin, 0o755);
const s = await stat(bin);
console.log(`${bin.slice(root.length + 1)}  ${(s.size / 1024).toFixed(1)} kB`);
