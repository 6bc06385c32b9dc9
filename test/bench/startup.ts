// Start-up time of the CLI: the built binary (dist-cli/credaudit.mjs, plain node) against the source
// run through tsx (TypeScript compiled at every start), both printing --help, best of several runs,
// in the same bench run. Without the build, the row says so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'dist-cli/credaudit.mjs');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/** Wall time of the best of `runs` runs, in ms; undefined when the command fails. */
function bestRun(runs: number, file: string, args: string[]): number | undefined {
  let min = Infinity;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(file, args, { cwd: ROOT, env, stdio: 'ignore', timeout: 60_000 });
    const ms = performance.now() - t0;
    if (r.status !== 0) return undefined;
    min = Math.min(min, ms);
  }
  return min;
}

/** One bench row: [what, ours, baseline, ratio]. */
export function startupRow(): [string, string, string, string] {
  const what = 'CLI start-up (--help)';
  const viaTsx = bestRun(3, TSX, ['src/cli/main.ts', '--help']);
  if (!existsSync(BIN)) return [what, 'no built binary', viaTsx !== undefined ? `tsx ${viaTsx.toFixed(0)} ms` : 'tsx failed', 'run npm run build to measure dist-cli/credaudit.mjs'];
  const built = bestRun(5, process.execPath, [BIN, '--help']);
  if (built === undefined || viaTsx === undefined) return [what, built === undefined ? 'binary failed' : `${built.toFixed(0)} ms`, viaTsx === undefined ? 'tsx failed' : `tsx ${viaTsx.toFixed(0)} ms`, '—'];
  return [what, `built binary ${built.toFixed(0)} ms`, `tsx ${viaTsx.toFixed(0)} ms`, `${(built / viaTsx).toFixed(2)}× the tsx start-up`];
}
