/**
 * Numbers in Thai digits on scans: how many does `docserve ocr` read exactly, against native
 * `tesseract -l tha+eng`? Pages of lines Thai letters and forms print with Thai digits (a date
 * `๑๗/๐๖/๒๕๖๙`, a reference `ที่ ทส ๐๒๑/๒๕๖๙`, a date with the month in words, an amount
 * `๔๕,๔๕๔.๖๘`, a phone number, a house number and หมู่), random numbers, in every Thai font of
 * fonts-thai-tlwg but the fixed-width ones, at 11 pt / 300 dpi, 12 pt / 200 dpi and 14 pt / 300 dpi,
 * blurred, with noise and a JPEG round trip. Printed: the share of numbers of two digits or more read
 * exactly (one-digit numbers apart: docserve does not read them again), per resolution and per font,
 * and the numbers docserve read right before that native read wrong and the other way round.
 *
 *   npx bun bench/thai-digits.ts [--pages-per-font 3] [--rounds 1] [--seed 11] [--out bench/.out/thai-digits]
 *
 * Needs imagemagick (pango coder), fonts-thai-tlwg, tesseract-ocr-tha.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coreCount } from '../src/config.ts';
import { convert, FIXED_WIDTH_FONTS, TLWG_FONTS } from '../test/helpers/pango.ts';
import { alternate, docserveTexts, load, nativeTexts } from './contenders.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '1' },
    seed: { type: 'string', default: '11' },
    out: { type: 'string', default: 'bench/.out/thai-digits' },
  },
});
const out = resolve(args.out);
mkdirSync(out, { recursive: true });

const FONTS = TLWG_FONTS.filter((font) => !FIXED_WIDTH_FONTS.includes(font));
const SCANS = [
  { dpi: 300, points: 11 },
  { dpi: 200, points: 12 },
  { dpi: 300, points: 14 },
] as const;
const MONTHS = 'มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม'.split(
  ' ',
);

let seed = Number(args.seed);
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const int = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
const thai = (s: string) => s.replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)] as string);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** One line as a Thai letter or form prints it, its number in Thai digits. */
function line(): string {
  switch (int(0, 5)) {
    case 0:
      return `วันที่ ${thai(`${pad(int(1, 28))}/${pad(int(1, 12))}/${int(2560, 2570)}`)}`;
    case 1:
      return `ที่ ทส ${thai(`${pad(int(1, 999), 3)}/${int(2565, 2570)}`)}`;
    case 2:
      return `${thai(String(int(1, 28)))} ${MONTHS[int(0, 11)]} ${thai(String(int(2560, 2570)))}`;
    case 3:
      return `จำนวนเงิน ${thai(`${int(1, 99)},${pad(int(0, 999), 3)}.${pad(int(0, 99))}`)} บาท`;
    case 4:
      return `โทร. ${thai(`0-${int(2000, 2999)}-${pad(int(0, 9999), 4)}`)}`;
    default:
      return `เลขที่ ${thai(`${int(1, 999)}/${int(1, 99)}`)} หมู่ ${thai(String(int(1, 15)))}`;
  }
}

interface Page {
  png: string;
  font: string;
  dpi: number;
  lines: string[];
}

const pages: Page[] = [];
for (const font of FONTS)
  for (const { dpi, points } of SCANS) {
    const lines = Array.from({ length: 10 }, line);
    const png = join(out, `${font.replace(/ /g, '_')}-${dpi}-${points}.png`);
    if (!existsSync(png)) {
      const jpg = png.replace(/\.png$/, '.jpg');
      convert(
        ['-background', 'white', '-density', String(dpi), '-font', font, '-pointsize', String(points)].concat(
          [
            `pango:${lines.join('\n\n')}`,
            '-bordercolor',
            'white',
            '-border',
            '50',
            '-attenuate',
            '0.4',
            '+noise',
            'Gaussian',
            '-blur',
            `0x${dpi === 300 ? 0.6 : 0.4}`,
            '-quality',
            '50',
            jpg,
          ],
        ),
      );
      convert([jpg, '-colorspace', 'Gray', '-units', 'PixelsPerInch', '-density', String(dpi), png]);
    }
    pages.push({ png, font, dpi, lines });
  }
writeFileSync(join(out, 'truth.json'), JSON.stringify(pages, null, 1));

const images = pages.map((p) => p.png);
const workers = coreCount();
console.log(`${pages.length} pages (load ${load()})`);
const runs = await alternate(
  {
    docserve: () => docserveTexts(images, workers, join(out, 'docserve')),
    'native tesseract': () => nativeTexts(images, workers, join(out, 'native')),
  },
  Number(args.rounds),
  (s) => console.error(s),
);

const words = (text: string) => text.normalize('NFC').split(/\s+/).filter(Boolean);
const numbersOf = (p: Page) => p.lines.flatMap((l) => words(l).filter((w) => /[๐-๙]/.test(w)));

/** Per page, which of its numbers a reading holds as a word of its own. */
function found(texts: string[]): boolean[][] {
  return pages.map((p, i) => {
    const got = new Set(words(texts[i] ?? ''));
    return numbersOf(p).map((n) => got.has(n));
  });
}

const last = (name: string) => (runs[name]?.at(-1) as { texts: string[] } | undefined)?.texts ?? [];
const results = { docserve: found(last('docserve')), native: found(last('native tesseract')) };
const share = (who: 'docserve' | 'native', keep: (p: Page, n: string) => boolean) => {
  let hit = 0;
  let all = 0;
  for (const [i, p] of pages.entries())
    for (const [j, n] of numbersOf(p).entries()) {
      if (!keep(p, n)) continue;
      all++;
      if (results[who][i]?.[j]) hit++;
    }
  return { hit, all, text: `${hit}/${all} (${all ? ((hit / all) * 100).toFixed(1) : '-'}%)` };
};
const long = (n: string) => [...n.replace(/[^๐-๙]/g, '')].length >= 2;
console.log('\nnumbers read exactly: docserve | native tesseract | ratio');
for (const dpi of [300, 200]) {
  const d = share('docserve', (p, n) => p.dpi === dpi && long(n));
  const t = share('native', (p, n) => p.dpi === dpi && long(n));
  console.log(
    `  ${dpi} dpi, 2+ digits: ${d.text} | ${t.text} | ${t.hit ? (d.hit / t.hit).toFixed(2) : '-'}x`,
  );
}
const d1 = share('docserve', (_, n) => !long(n));
const t1 = share('native', (_, n) => !long(n));
console.log(`  one digit: ${d1.text} | ${t1.text}`);
console.log('per font (2+ digits): docserve | native');
for (const font of FONTS)
  console.log(
    `  ${font.padEnd(10)} ${share('docserve', (p, n) => p.font === font && long(n)).text} | ${share('native', (p, n) => p.font === font && long(n)).text}`,
  );
let onlyDocserve = 0;
let onlyNative = 0;
for (const [i, hits] of results.docserve.entries())
  for (const [j, hit] of hits.entries()) {
    if (hit && !results.native[i]?.[j]) onlyDocserve++;
    if (!hit && results.native[i]?.[j]) onlyNative++;
  }
console.log(`numbers only docserve read: ${onlyDocserve}; only native read: ${onlyNative} (load ${load()})`);
