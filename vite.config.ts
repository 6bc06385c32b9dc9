// Two builds from one config; `npm run build` (= `vite build`) makes both:
//   vite build                -> dist/: index.html + assets/, relative paths (base './') so it works
//                                on any static host and under any sub-path; when it has finished it
//                                runs the second build:
//   vite build --mode single  -> dist/credaudit.html: everything inlined (vite-plugin-singlefile),
//                                the worker included (?worker&inline, a blob: URL), opens from file://.
// Both carry a Content-Security-Policy meta tag that forbids every connection (scripts/vite-plugins.mjs).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { buildInfo, cspPlugin, licensesPlugin, singleFileAfterPlugin } from './scripts/vite-plugins.mjs';

/** Runtime dependencies whose licences the About view lists in dev (the build lists what it bundles). */
const LICENSE_SEEDS = ['svelte', 'chart.js', 'papaparse', 'date-fns', 'yaml', '@noble/hashes'];

/**
 * The favicon: public/favicon.svg, served by the multi-file build; the single file cannot load a
 * file next to it (it may be opened from anywhere), so there it becomes a data: URI.
 */
function faviconPlugin(single: boolean): Plugin {
  return {
    name: 'credaudit-favicon',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!single) return html;
        const svg = readFileSync(new URL('./public/favicon.svg', import.meta.url), 'utf8').trim();
        return html.replace(/href="\.?\/favicon\.svg"/, `href="data:image/svg+xml,${encodeURIComponent(svg)}"`);
      },
    },
  };
}

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
      faviconPlugin(single),
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
