/**
 * Builds the single executable `dist/docserve`: the web console bundled into dist/console, then the CLI
 * entry plus every worker entry and the console files embedded, with minification. Run with
 * `npm run build`.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundleConsole } from '../src/console/bundle.ts';

/** Extra entry points embedded in the binary (workers are opened by their relative path). */
export const WORKER_ENTRIES: string[] = [
  'src/core/ocr/worker.ts',
  'src/core/processing/worker.ts',
  'src/core/search/worker.ts',
  'src/db/sqlite/checkpoint-worker.ts',
];

/** Where the console is written before it is embedded (the server finds it by its `console/` path). */
const CONSOLE_DIR = 'dist/console';

const started = performance.now();
rmSync(CONSOLE_DIR, { recursive: true, force: true });
mkdirSync(CONSOLE_DIR, { recursive: true });
for (const [name, file] of (await bundleConsole()).files) {
  writeFileSync(`${CONSOLE_DIR}/${name}`, file.bytes);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`console/${name}: ${kb(file.bytes.length)}, ${kb(gzipSync(file.bytes).length)} gzipped`);
}
const proc = Bun.spawnSync(
  [
    process.execPath,
    'build',
    '--compile',
    '--minify',
    '--sourcemap=none',
    // Compiled bytecode instead of source to parse: every start (the CLI, each native OCR worker
    // process) costs about a third of the CPU it did.
    '--bytecode',
    '--format=esm',
    'src/main.ts',
    ...WORKER_ENTRIES,
    `--asset=${CONSOLE_DIR}`,
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
