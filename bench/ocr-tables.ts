/**
 * Does docserve's OCR keep everything native tesseract keeps? Thai table-heavy scans (bench/thai-scans.ts:
 * two independent sets, 200 and 300 dpi, slight rotation, noise) read by `docserve ocr` and by native
 * `tesseract -l tha+eng` (the system's traineddata, and the 4.0.0_best_int data docserve embeds), page
 * by page: order-free character error (lost or invented text, reading order ignored), plain CER (reading
 * order counts), CPU seconds. Contenders alternate for `--rounds` rounds.
 *
 *   npx bun bench/ocr-tables.ts [--pages 8] [--sets tables,documents] [--dpi 200,300] [--rounds 1]
 *                               [--workers N] [--corpus DIR] [--out bench/.out/thai-scans]
 *
 * Goal (issue 16): docserve's order-free error ≤ native's on every set, no page worse by more than one
 * point. Needs chromium, poppler-utils, imagemagick, tesseract-ocr(-tha), fonts-thai-tlwg.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coreCount } from '../src/config.ts';
import { cer, orderFreeError } from '../test/helpers/cer.ts';
import { alternate, docserveTexts, embeddedTessdata, load, nativeTexts, stats } from './contenders.ts';
import { type ScanSet, thaiScans } from './thai-scans.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '8' },
    sets: { type: 'string', default: 'tables,documents' },
    dpi: { type: 'string', default: '200,300' },
    rounds: { type: 'string', default: '1' },
    workers: { type: 'string' },
    corpus: { type: 'string' },
    out: { type: 'string', default: 'bench/.out/thai-scans' },
    env: { type: 'string', multiple: true, default: [] },
  },
});
const ROOT = resolve(import.meta.dir, '..');
const corpus = resolve(args.corpus ?? process.env.DOCSERVE_CORPUS ?? join(ROOT, '../shared/corpus'));
const out = resolve(args.out);
const workers = Number(args.workers ?? coreCount());
/** Extra environment for docserve (`--env DOCSERVE_OCR_ENGINE=embedded`). */
const docserveEnv = Object.fromEntries(args.env.map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

const scans = await thaiScans({
  out,
  corpus,
  pages: Number(args.pages),
  sets: args.sets.split(',') as ScanSet[],
  dpis: args.dpi.split(',').map(Number),
  log,
});
const images = scans.map((s) => s.png);
const tessdata = embeddedTessdata(join(out, 'work'));
const runs = await alternate(
  {
    docserve: () => docserveTexts(images, workers, join(out, 'work/docserve'), docserveEnv),
    'native (system data)': () => nativeTexts(images, workers, join(out, 'work/native')),
    'native (same data)': () => nativeTexts(images, workers, join(out, 'work/native-same'), tessdata),
  },
  Number(args.rounds),
  log,
);
const names = Object.keys(runs);
const texts = Object.fromEntries(names.map((n) => [n, runs[n]?.[0]?.texts as string[]]));
const pct = (x: number) => (x * 100).toFixed(1).padStart(5);

console.log(
  `\nOrder-free character error per page (%), ${workers} worker(s); docserve env: ${JSON.stringify(docserveEnv)}`,
);
console.log(
  `${'page'.padEnd(18)}${names.map((n) => n.padStart(22)).join('')}   docserve - native (same data)`,
);
for (const [i, s] of scans.entries()) {
  const errs = names.map((n) => orderFreeError(texts[n]?.[i] as string, s.truth));
  const diff = (errs[0] as number) - (errs[2] as number);
  console.log(
    `${s.id.padEnd(18)}${errs.map((e) => pct(e).padStart(22)).join('')}   ${diff > 0.01 ? '+' : ' '}${pct(diff)}`,
  );
}
for (const set of [...new Set(scans.map((s) => s.set))]) {
  const idx = scans.flatMap((s, i) => (s.set === set ? [i] : []));
  console.log(`\nset "${set}" (${idx.length} pages):`);
  for (const n of names) {
    const t = texts[n] as string[];
    const mean = (f: (a: string, b: string) => number) =>
      idx.reduce((sum, i) => sum + f(t[i] as string, scans[i]?.truth as string), 0) / idx.length;
    const worse = idx.filter(
      (i) =>
        orderFreeError(texts[names[0] as string]?.[i] as string, scans[i]?.truth as string) -
          orderFreeError(t[i] as string, scans[i]?.truth as string) >
        0.01,
    ).length;
    console.log(
      `  ${n.padEnd(22)} order-free ${pct(mean(orderFreeError))}%   CER ${pct(mean(cer))}%${
        n === names[0] ? '' : `   pages where docserve is worse by > 1 point: ${worse}`
      }`,
    );
  }
}
console.log(
  `\nCPU and wall over all ${images.length} pages (min / median of ${args.rounds} round(s)), load ${load()}`,
);
for (const n of names) {
  const cpu = stats((runs[n] ?? []).map((r) => r.cpu));
  const wall = stats((runs[n] ?? []).map((r) => r.wall));
  console.log(
    `  ${n.padEnd(22)} CPU ${cpu.min.toFixed(1)} / ${cpu.median.toFixed(1)} s   wall ${wall.min.toFixed(1)} / ${wall.median.toFixed(1)} s   pages per CPU-second ${(images.length / cpu.median).toFixed(3)}`,
  );
}
