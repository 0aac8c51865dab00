/**
 * Builds the single executable `dist/docserve`: the CLI entry plus every worker entry embedded, with
 * minification. Run with `npm run build`.
 */
import { mkdirSync, statSync } from 'node:fs';

/** Extra entry points embedded in the binary (workers are opened by their relative path). */
export const WORKER_ENTRIES: string[] = ['src/core/ocr/worker.ts', 'src/core/search/worker.ts'];

mkdirSync('dist', { recursive: true });
const started = performance.now();
const proc = Bun.spawnSync(
  [
    process.execPath,
    'build',
    '--compile',
    '--minify',
    '--sourcemap=none',
    'src/main.ts',
    ...WORKER_ENTRIES,
    '--outfile',
    'dist/docserve',
  ],
  { stdout: 'inherit', stderr: 'inherit' },
);
if (proc.exitCode !== 0) process.exit(proc.exitCode ?? 1);
const size = statSync('dist/docserve').size;
console.log(
  `dist/docserve: ${(size / 1048576).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
