// Two builds from one config; `npm run build` (= `vite build`) makes both:
//   vite build                -> dist/: index.html + assets/, relative paths (base './') so it works
//                                on any static host and under any sub-path; when it has finished it
//                                runs the second build:
//   vite build --mode single  -> dist/credaudit.html: everything inlined (vite-plugin-singlefile),
//                                the worker included (?worker&inline, a blob: URL), opens from file://.
// Both carry a Content-Security-Policy meta tag that forbids every connection (scripts/vite-plugins.mjs).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { buildInfo, cspPlugin, licensesPlugin, singleFileAfterPlugin } from './scripts/vite-plugins.mjs';

/** Runtime dependencies whose licences the About view lists in dev (the build lists what it bundles). */
const LICENSE_SEEDS = ['svelte', 'chart.js', 'papaparse', 'date-fns', 'yaml', '@noble/hashes'];

export default defineConfig(({ mode }) => {
  const root = process.cwd();
  const single = mode === 'single';
  const info = buildInfo(root);
  const licenses = licensesPlugin(root, LICENSE_SEEDS);
  return {
    base: './',
    define: {
      __CREDAUDIT_VERSION__: JSON.stringify(info.version),
      __CREDAUDIT_BUILD__: JSON.stringify(info.build),
    },
    plugins: [
      svelte(),
      licenses.plugin,
      cspPlugin(single ? 'single' : 'multi'),
      ...(single ? [viteSingleFile({ removeViteModuleLoader: true, outputFileName: 'credaudit.html' })] : [singleFileAfterPlugin(root)]),
    ],
    // A classic (iife) worker: a module worker from a blob: URL fails to start in a file:// page
    // (opaque origin), which the single file must support.
    worker: { format: 'iife', plugins: () => [licenses.workerPlugin()] },
    build: {
      target: 'es2022',
      // The single file is written next to the multi-file build (which ran first and emptied dist/).
      emptyOutDir: !single,
      ...(single ? { copyPublicDir: false } : {}),
    },
  };
});
