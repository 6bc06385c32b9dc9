// `npm run build`: the multi-file site in dist/ (index.html + assets/); vite.config.ts then runs the
// single-file build, dist/credaudit.html; then the bundled CLI, dist-cli/credaudit.mjs
// (scripts/build-cli.mjs). Prints what was written.
import { stat } from 'node:fs/promises';
import { build } from 'vite';

await build({ logLevel: 'warn' });

for (const f of ['dist/index.html', 'dist/credaudit.html']) {
  const s = await stat(f);
  console.log(`${f}  ${(s.size / 1024).toFixed(1)} kB`);
}

await import('./build-cli.mjs');
