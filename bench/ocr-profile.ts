/**
 * Where the time of one page goes, stage by stage, for each engine: through the CLI as a user runs it
 * (a fresh process: wall, CPU and peak RSS, plus the stages the page reports in `--format json`) and
 * through the engine in this process (module load, decoding or PDF rendering, the pool, text assembly,
 * searchable PDF writing). Each case runs `--rounds` times, engines alternating; min and median shown.
 *
 *   npx bun bench/ocr-profile.ts [--binary dist/docserve] [--rounds 3] [--engines native,embedded]
 *                                [--page bench/.out/thai-scans/tables-01-300.png]
 *
 * Cases: the small Thai + English scan of the test fixtures, a one-page scanned PDF, and one 300 dpi
 * A4 table scan (`--page`, default the first page bench/ocr-tables.ts generates, when present).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Timed, load, stats, timed } from './contenders.ts';

const { values: args } = parseArgs({
  options: {
    binary: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'native,embedded' },
    page: { type: 'string', default: 'bench/.out/thai-scans/tables-01-300.png' },
  },
});
const ROOT = resolve(import.meta.dir, '..');
const rounds = Number(args.rounds);
const engines = args.engines.split(',');
const cli = args.binary ? [resolve(args.binary)] : [process.execPath, join(ROOT, 'src/main.ts')];
const work = mkdtempSync(join(tmpdir(), 'bench-profile-'));
const cases = [
  ['small image 1546x553', join(ROOT, 'test/fixtures/ocr/thai-scan.png')],
  ['one-page scanned PDF', join(ROOT, 'test/fixtures/ocr/scanned.pdf')],
  ...(existsSync(args.page) ? [['A4 table scan 300 dpi', resolve(args.page)]] : []),
] as [string, string][];

const fmt = (xs: number[], digits = 2) => {
  const s = stats(xs);
  return `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)}`;
};

/** One CLI run: its process figures and the first page's stage timings. */
async function cliRun(file: string, engine: string, extra: string[] = []) {
  const out = join(work, `out-${engine}.json`);
  const t: Timed = await timed([
    ...cli,
    'ocr',
    file,
    '--engine',
    engine,
    '--workers',
    '1',
    '--out',
    out,
    ...extra,
  ]);
  const stages = extra.includes('json')
    ? ((await Bun.file(out).json()).pages[0].timings as Record<string, number>)
    : {};
  return { ...t, stages };
}

try {
  console.log(`docserve: ${cli.join(' ')}   rounds: ${rounds}   load ${load()}`);
  const start: Record<string, Timed[]> = { version: [] };
  for (let r = 0; r < rounds; r++) start.version?.push(await timed([...cli, '--version']));
  console.log(
    `\nprocess start (docserve --version): wall ${fmt(start.version?.map((t) => t.wall) ?? [])} s, CPU ${fmt(start.version?.map((t) => t.cpu) ?? [])} s, RSS ${Math.round(Math.max(...(start.version?.map((t) => t.rssBytes) ?? [0])) / 1048576)} MB`,
  );

  for (const [label, file] of cases) {
    console.log(`\n${label}: ${file}`);
    const runs: Record<string, Awaited<ReturnType<typeof cliRun>>[]> = Object.fromEntries(
      engines.map((e) => [e, []]),
    );
    const pdfRuns: Record<string, Timed[]> = Object.fromEntries(engines.map((e) => [e, []]));
    for (let r = 0; r < rounds; r++)
      for (const e of engines) {
        runs[e]?.push(await cliRun(file, e, ['--format', 'json']));
        pdfRuns[e]?.push(await cliRun(file, e, ['--format', 'pdf']));
      }
    for (const e of engines) {
      const rs = runs[e] ?? [];
      const stageNames = [...new Set(rs.flatMap((r) => Object.keys(r.stages)))];
      console.log(
        `  ${e.padEnd(9)} docserve ocr --format json: wall ${fmt(rs.map((r) => r.wall))} s  CPU ${fmt(rs.map((r) => r.cpu))} s  peak RSS ${Math.round(Math.max(...rs.map((r) => r.rssBytes)) / 1048576)} MB (largest process)`,
      );
      console.log(
        `  ${''.padEnd(9)} --format pdf:               wall ${fmt((pdfRuns[e] ?? []).map((r) => r.wall))} s  CPU ${fmt((pdfRuns[e] ?? []).map((r) => r.cpu))} s`,
      );
      console.log(
        `  ${''.padEnd(9)} page stages, ms (min / median): ${stageNames
          .map(
            (k) =>
              `${k} ${fmt(
                rs.map((r) => r.stages[k] ?? 0),
                0,
              )}`,
          )
          .join(', ')}`,
      );
    }
  }
  console.log(`\nload ${load()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
