/**
 * Measures how to space OCR text (src/core/ocr/spacing.ts) on real tesseract output of real Thai text:
 * `npx bun scripts/calibrate-ocr-spacing.ts [--corpus DIR] [--sentences 96] [--workers 2]`.
 *
 * Sentences of the UD Thai PUD corpus (`$DOCSERVE_CORPUS` or ../shared/corpus; their spaces are known)
 * are printed by Chromium in eight TLWG fonts, rasterized at 200 and 300 dpi by pdftoppm, used clean
 * and as a scan (ImageMagick: a slight rotation, noise, blur), and read by docserve's own OCR workers. Each gap between two of tesseract's words on a line is labelled with the
 * source (aligned character by character: a space there or not) and measured in the line's typical
 * character width. Prints how many gaps each rule gets wrong, fitting its fraction where it has one:
 * tesseract's own spaces, the boxes alone, both, docserve's rule (tesseract's spaces, boxes where a word
 * is not in its text) and the old rule (no space between Thai characters). FALLBACK_GAP is the fraction
 * of "gap > f × character width".
 * Output pages go to bench/.out/spacing (not committed). Needs chromium, poppler-utils, imagemagick, fonts-thai-tlwg.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnOcrWorker } from '../src/core/ocr/engine.ts';
import { imageFrames } from '../src/core/ocr/images.ts';
import { OcrPool } from '../src/core/ocr/pool.ts';
import { encodePgm } from '../src/core/ocr/raster.ts';
import { charWidth, FALLBACK_GAP, markSpaces, normalizeWords } from '../src/core/ocr/spacing.ts';
import type { OcrBlock } from '../src/core/ocr/types.ts';
import { printToPdfCommand } from '../test/helpers/chromium.ts';
import { scanLikeCommand } from './scan-like.ts';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: process.env.DOCSERVE_CORPUS ?? '../shared/corpus' },
    sentences: { type: 'string', default: '96' },
    workers: { type: 'string', default: '2' },
  },
});
const OUT = 'bench/.out/spacing';
const FONTS = ['Garuda', 'Kinnari', 'Loma', 'Norasi', 'Waree', 'Umpush', 'Sawasdee', 'TlwgTypist'];
const DPIS = [200, 300];
const VARIANTS = ['clean', 'scan'] as const;
const THAI = /[\u0E01-\u0E5B]/;

/** Sentences with at least one space, from the start of the PUD file (the benchmark reads later ones). */
function sentences(count: number): string[] {
  return readFileSync(join(args.corpus, 'parallel/ud_thai_pud.th_en.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => (l.split('\t')[1] ?? '').trim())
    .filter((s) => s.includes(' ') && s.length >= 40 && s.length <= 200)
    .slice(0, count);
}

function run(cmd: string[]): void {
  const p = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe' });
  if (p.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed: ${p.stderr.toString()}`);
}

const esc = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

/** A slightly rotated, noisy, blurred copy of a page image (seeded by `seed`). */
function roughen(png: string, seed: number): string {
  const r = (k: number) => (((Math.sin(seed * 12.9898 + k * 78.233) * 43758.5453) % 1) + 1) % 1;
  const out = png.replace(/\.png$/, '.scan.png');
  let k = 0;
  run(scanLikeCommand(png, out, () => r(++k)));
  return out;
}

/** Prints the sentences in a font and rasterizes the pages: PNG paths per dpi. */
function render(font: string, text: string[]): Record<number, string[]> {
  const base = join(OUT, font);
  writeFileSync(
    `${base}.html`,
    `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>@page{size:A4;margin:18mm}
body{font-family:'${font}';font-size:13pt;line-height:1.7}p{margin:0 0 8pt}</style></head><body>
${text.map((s) => `<p>${esc(s)}</p>`).join('\n')}</body></html>`,
  );
  run(printToPdfCommand(join(process.cwd(), `${base}.html`), `${base}.pdf`));
  const out: Record<number, string[]> = {};
  for (const dpi of DPIS) {
    run(['pdftoppm', '-r', String(dpi), '-gray', '-png', `${base}.pdf`, `${base}-${dpi}`]);
    out[dpi] = readdirSync(OUT)
      .filter((f) => f.startsWith(`${font}-${dpi}-`) && f.endsWith('.png') && !f.includes('.scan.'))
      .sort()
      .map((f) => join(OUT, f));
  }
  return out;
}

/**
 * For each character of `ocr`, the index of the source character it matches (-1 when it matches none):
 * a Levenshtein alignment.
 */
function align(ocr: string[], src: string[]): Int32Array {
  const n = ocr.length;
  const m = src.length;
  const back = new Uint8Array((n + 1) * (m + 1));
  let prev = new Int32Array(m + 1).map((_, j) => j);
  for (let j = 1; j <= m; j++) back[j] = 2;
  for (let i = 1; i <= n; i++) {
    const cur = new Int32Array(m + 1);
    cur[0] = i;
    back[i * (m + 1)] = 1;
    for (let j = 1; j <= m; j++) {
      const sub = (prev[j - 1] as number) + (ocr[i - 1] === src[j - 1] ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      let best = sub;
      let how = 0;
      if (del < best) [best, how] = [del, 1];
      if (ins < best) [best, how] = [ins, 2];
      cur[j] = best;
      back[i * (m + 1) + j] = how;
    }
    prev = cur;
  }
  const map = new Int32Array(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const how = back[i * (m + 1) + j];
    if (i > 0 && j > 0 && how === 0) {
      if (ocr[i - 1] === src[j - 1]) map[i - 1] = j - 1;
      i--;
      j--;
    } else if (i > 0 && (how === 1 || j === 0)) i--;
    else j--;
  }
  return map;
}

interface Junction {
  /** Gap over the line's typical character width. */
  ratio: number;
  /** The source has a space here. */
  space: boolean;
  /** Both sides are Thai characters. */
  thai: boolean;
  /** Tesseract's own text has a space here (null: the word is not in its text). */
  tess: boolean | null;
  variant: (typeof VARIANTS)[number];
  dpi: number;
}

/** Labels every gap between two words on a line with the source's spacing. */
function junctions(
  blocks: OcrBlock[],
  source: string,
  dpi: number,
  variant: Junction['variant'],
): Junction[] {
  const src: string[] = [];
  const spaceBefore: boolean[] = [];
  let pendingSpace = false;
  for (const ch of Array.from(source.normalize('NFC'))) {
    if (/\s/.test(ch)) {
      pendingSpace = true;
      continue;
    }
    src.push(ch);
    spaceBefore.push(pendingSpace);
    pendingSpace = false;
  }
  const ocr: string[] = [];
  const cuts: { at: number; ratio: number; thai: boolean; tess: boolean | null }[] = [];
  for (const line of blocks.flatMap((b) => b.lines)) {
    const words = normalizeWords(markSpaces(line.text, line.words));
    const width = charWidth(words);
    words.forEach((w, k) => {
      const prev = words[k - 1];
      if (prev && width > 0)
        cuts.push({
          at: ocr.length,
          ratio: (w.bbox[0] - prev.bbox[2]) / width,
          thai: THAI.test(prev.text.at(-1) ?? '') && THAI.test(w.text[0] ?? ''),
          tess: w.spaced,
        });
      ocr.push(...Array.from(w.text.replace(/\s+/g, '')));
    });
  }
  const map = align(ocr, src);
  const out: Junction[] = [];
  for (const c of cuts) {
    const a = map[c.at - 1] ?? -1;
    const b = map[c.at] ?? -1;
    if (a < 0 || b !== a + 1) continue;
    out.push({ ratio: c.ratio, space: spaceBefore[b] as boolean, thai: c.thai, tess: c.tess, dpi, variant });
  }
  return out;
}

/** A rule: is there a space at this gap? Fitted over `low` (when tesseract spaced it) and `high` (when not). */
type Rule = (j: Junction, low: number, high: number) => boolean;
const RULES: Record<string, { rule: Rule; fits: 'none' | 'one' | 'two' }> = {
  "tesseract's text": { rule: (j) => j.tess === true, fits: 'none' },
  'every word gap': { rule: () => true, fits: 'none' },
  'old rule: every word gap except between Thai characters': { rule: (j) => !j.thai, fits: 'none' },
  'gap > f × character width': { rule: (j, f) => j.ratio > f, fits: 'one' },
  [`docserve: tesseract's text, gap > ${FALLBACK_GAP} where a word is not in it`]: {
    rule: (j) => j.tess ?? j.ratio > FALLBACK_GAP,
    fits: 'none',
  },
  "tesseract's space and gap > f": { rule: (j, f) => j.tess === true && j.ratio > f, fits: 'one' },
  'gap > f1 where tesseract spaced, > f2 elsewhere': {
    rule: (j, f1, f2) => j.ratio > (j.tess ? f1 : f2),
    fits: 'two',
  },
};
const wrong = (js: Junction[], rule: Rule, a: number, b: number) =>
  js.filter((j) => rule(j, a, b) !== j.space);
const grid = Array.from({ length: 61 }, (_, i) => i * 0.05 - 0.5);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const text = sentences(Number(args.sentences));
const pool = new OcrPool({
  size: Number(args.workers),
  pageTimeoutMs: 300_000,
  recycleAfterPages: 200,
  recycleAboveBytes: 512 * 1024 ** 2,
  spawn: spawnOcrWorker,
});
const all: Junction[] = [];
try {
  for (const [f, font] of FONTS.entries()) {
    const part = text.filter((_, i) => i % FONTS.length === f);
    const pages = render(font, part);
    const source = part.join('\n');
    for (const dpi of DPIS)
      for (const variant of VARIANTS) {
        const blocks: OcrBlock[] = [];
        for (const [i, png] of (pages[dpi] ?? []).entries()) {
          const file = variant === 'scan' ? roughen(png, f * 100 + dpi + i) : png;
          const gray = await imageFrames(readFileSync(file), 'image/png', 1e9).frame(0);
          const reply = await pool.run({
            image: encodePgm(gray),
            lang: 'tha+eng',
            detectOrientation: false,
            dpi,
          });
          blocks.push(...reply.blocks);
        }
        const found = junctions(blocks, source, dpi, variant);
        all.push(...found);
        console.log(
          `${font.padEnd(10)} ${dpi} dpi ${variant}: ${found.length} gaps, ${found.filter((j) => j.space).length} of them spaces`,
        );
      }
  }
} finally {
  await pool.close();
}

writeFileSync(join(OUT, 'junctions.json'), JSON.stringify(all));
const spaces = all.filter((j) => j.space).length;
const unmatched = all.filter((j) => j.tess === null).length;
console.log(
  `\n${all.length} gaps between tesseract words, ${spaces} are spaces in the source, ${unmatched} not in its text\n`,
);
for (const [name, { rule, fits }] of Object.entries(RULES)) {
  let best = { a: 0, b: 0, n: Number.POSITIVE_INFINITY };
  for (const a of fits === 'none' ? [0] : grid)
    for (const b of fits === 'two' ? grid : [0]) {
      const n = wrong(all, rule, a, b).length;
      if (n < best.n) best = { a, b, n };
    }
  const bad = wrong(all, rule, best.a, best.b);
  const byDpi = [
    ...DPIS.map((d) => `${d} dpi ${bad.filter((j) => j.dpi === d).length}`),
    ...VARIANTS.map((v) => `${v} ${bad.filter((j) => j.variant === v).length}`),
  ].join(', ');
  const params =
    fits === 'none'
      ? ''
      : fits === 'one'
        ? ` f=${best.a.toFixed(2)}`
        : ` f1=${best.a.toFixed(2)} f2=${best.b.toFixed(2)}`;
  console.log(
    `${name}${params}: ${best.n} wrong (${((100 * best.n) / all.length).toFixed(2)}%; ${byDpi}; ` +
      `${bad.filter((j) => j.space).length} spaces missed, ${bad.filter((j) => !j.space).length} made up)`,
  );
}
