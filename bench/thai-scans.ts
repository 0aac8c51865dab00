/**
 * Thai table-heavy scans for the OCR benchmarks, generated (never committed): business tables printed by
 * headless Chromium in TLWG fonts, rasterized by pdftoppm at 200 and 300 dpi, then turned by a slight
 * angle and given noise and blur by ImageMagick. Two sets, kept apart as DESIGN.md asks:
 *
 * - `tables` (tuned on): item tables (numbered rows, description from the corpus's segmented words,
 *   quantity, unit, unit price, amount), shaded or dark header rows, zebra rows, full / horizontal /
 *   no borders, a schedule table and a corpus remark.
 * - `documents` (reported only): the extraction benchmark's Thai invoices, receipts and quotations
 *   (scripts/extract-fixtures templates), with a statute paragraph as the remark.
 *
 * The ground truth of a page is the text that was printed: the strings put into the HTML for `tables`,
 * `pdftotext` of the born-digital PDF for `documents`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DocKind, int, pick, type Rand, randomDoc, rng } from '../scripts/extract-fixtures/data.ts';
import { renderHtml, type TemplateName } from '../scripts/extract-fixtures/templates.ts';
import { escapeText as esc } from '../src/core/search/snippet.ts';
import { printToPdfCommand } from '../test/helpers/chromium.ts';

export type ScanSet = 'tables' | 'documents';

export interface Scan {
  id: string;
  set: ScanSet;
  dpi: number;
  /** The degraded scan (grayscale PNG). */
  png: string;
  /** The born-digital PDF it was printed from. */
  pdf: string;
  /** The printed text, lines in reading order (table rows left to right). */
  truth: string;
}

const money = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function sh(cmd: string[]): Promise<string> {
  const p = Bun.spawn(cmd, { stdout: 'pipe', stderr: 'pipe' });
  const [out, err, code] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
    p.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd[0]} exited ${code}: ${err.slice(-400)}`);
  return out;
}

/** Words and sentences of the shared corpus used to fill the pages. */
export interface Corpus {
  /** Gold-segmented Thai sentences as runs of Thai words (split where a token is not Thai). */
  runs: string[][];
  /** Thai sentences (UD PUD). */
  sentences: string[];
  /** Statute paragraphs. */
  paragraphs: string[];
}

export function loadCorpus(dir: string): Corpus {
  const runs: string[][] = [];
  for (const line of readFileSync(join(dir, 'segmentation/ud_thai_tud_train.gold.txt'), 'utf8').split('\n')) {
    let run: string[] = [];
    for (const w of [...line.split('|'), ' ']) {
      if (/^[\u0E01-\u0E4E]{1,15}$/.test(w) && !/^[\u0E31-\u0E3A\u0E47-\u0E4E]/.test(w)) run.push(w);
      else {
        if (run.length >= 4) runs.push(run);
        run = [];
      }
    }
  }
  const sentences = readFileSync(join(dir, 'parallel/ud_thai_pud.th_en.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[1]?.trim() ?? '')
    .filter((s) => s.length > 20 && s.length < 160);
  const paragraphs = readFileSync(join(dir, 'thai_law/paragraphs.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 60 && l.length < 400);
  return { runs, sentences, paragraphs };
}

const FONTS = [
  'Garuda',
  'Loma',
  'Kinnari',
  'Norasi',
  'Waree',
  'Umpush',
  'Sawasdee',
  'Tlwg Typist',
  'Laksaman',
];
const UNITS = ['ชิ้น', 'กล่อง', 'ชุด', 'เครื่อง', 'แพ็ค', 'ลิตร', 'กิโลกรัม', 'เมตร', 'ม้วน', 'ถุง', 'รายการ'];
const COMPANY = ['บริษัท', 'ห้างหุ้นส่วนจำกัด', 'บริษัท', 'ร้าน'];

/** One `tables` page: its HTML and the printed text, row by row. */
function tablePage(r: Rand, c: Corpus): { html: string; truth: string[] } {
  const truth: string[] = [];
  /** `n` consecutive words of a corpus sentence. */
  const phrase = (n: number) => {
    const run = pick(r, c.runs);
    const at = int(r, 0, Math.max(0, run.length - n));
    return run.slice(at, at + n).join('');
  };
  const company = `${pick(r, COMPANY)} ${phrase(2)} ${pick(r, ['จำกัด', 'จำกัด (มหาชน)', ''])}`.trim();
  const title = pick(r, ['ใบเสนอราคา', 'ใบแจ้งหนี้', 'ใบส่งของ', 'รายการสินค้า', 'ใบสั่งซื้อ']);
  const address = `${int(r, 1, 999)}/${int(r, 1, 99)} ถนน${phrase(1)} แขวง${phrase(1)} เขต${phrase(1)} กรุงเทพมหานคร ${int(r, 10100, 10900)}`;
  truth.push(company, address, title);
  const head = ['ลำดับ', 'รายการ', 'จำนวน', 'หน่วย', 'ราคาต่อหน่วย', 'จำนวนเงิน'];
  truth.push(head.join(' '));
  const rows: string[][] = [];
  let subtotal = 0;
  for (let i = 1, n = int(r, 6, 14); i <= n; i++) {
    const qty = pick(r, [1, 2, 3, 5, 10, 12, 20, 24, 50, 100]);
    const price = Math.round(pick(r, [35, 120, 250, 890, 1200, 3500, 12500]) * (0.5 + r()) * 100) / 100;
    subtotal += qty * price;
    rows.push([
      String(i),
      phrase(int(r, 2, 4)),
      String(qty),
      pick(r, UNITS),
      money(price),
      money(qty * price),
    ]);
  }
  for (const row of rows) truth.push(row.join(' '));
  const vat = Math.round(subtotal * 7) / 100;
  const totals: [string, string][] = [
    ['รวมเงิน', money(subtotal)],
    ['ภาษีมูลค่าเพิ่ม 7%', money(vat)],
    ['รวมทั้งสิ้น', money(subtotal + vat)],
  ];
  for (const t of totals) truth.push(t.join(' '));
  const border = pick(r, ['full', 'rows', 'none'] as const);
  const header = pick(r, ['light', 'dark', 'plain'] as const);
  const zebra = r() < 0.4;
  const schedule = Array.from({ length: int(r, 2, 4) }, (_, i) => [
    `งวดที่ ${i + 1}`,
    `${int(r, 1, 28)}/${int(r, 1, 12)}/${int(r, 2567, 2569)}`,
    phrase(int(r, 2, 3)),
    money(Math.round((subtotal + vat) * 25) / 100),
  ]);
  truth.push('งวด วันที่ รายละเอียด จำนวนเงิน');
  for (const s of schedule) truth.push(s.join(' '));
  const remark = pick(r, c.sentences);
  truth.push(`หมายเหตุ: ${remark}`);
  const font = pick(r, FONTS);
  const size = pick(r, [13, 14, 15, 16]);
  const cell = (t: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${esc(t)}</td>`;
  const html = `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 14mm; }
body { font-family: '${font}', 'Garuda', sans-serif; font-size: ${size}px; color: #111; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.3em; text-align: center; margin: 10px 0; }
table { border-collapse: collapse; width: 100%; margin: 10px 0; }
td, th { padding: 5px 8px; text-align: left; }
${border === 'full' ? 'td, th { border: 1px solid #333; }' : ''}
${border === 'rows' ? 'tr { border-bottom: 1px solid #666; }' : ''}
${header === 'light' ? 'th { background: #d8d8d8; }' : ''}
${header === 'dark' ? 'th { background: #333; color: #fff; }' : ''}
${zebra ? 'tbody tr:nth-child(even) { background: #eee; }' : ''}
.r { text-align: right; } .totals { width: 45%; margin-left: auto; } .note { margin-top: 14px; }
</style></head><body>
<h1>${esc(company)}</h1><div>${esc(address)}</div><h2>${esc(title)}</h2>
<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((row) => `<tr>${row.map((t, i) => cell(t, i >= 4 ? 'r' : '')).join('')}</tr>`).join('\n')}
</tbody></table>
<table class="totals">${totals.map(([k, v]) => `<tr>${cell(k)}${cell(v, 'r')}</tr>`).join('')}</table>
<table><thead><tr><th>งวด</th><th>วันที่</th><th>รายละเอียด</th><th>จำนวนเงิน</th></tr></thead><tbody>
${schedule.map((s) => `<tr>${s.map((t, i) => cell(t, i === 3 ? 'r' : '')).join('')}</tr>`).join('\n')}
</tbody></table>
<div class="note">หมายเหตุ: ${esc(remark)}</div>
</body></html>`;
  return { html, truth };
}

const KINDS: DocKind[] = ['tax_invoice', 'invoice', 'receipt', 'quotation', 'credit_note'];
const LAYOUTS: TemplateName[] = ['classic', 'modern', 'stacked', 'compact'];

/** A degraded scan of page 1 of `pdf`: `dpi`, a slight turn, Gaussian noise and a little blur. */
async function scan(pdf: string, png: string, dpi: number, r: Rand): Promise<void> {
  const raw = `${png}.raw`;
  await sh(['pdftoppm', '-r', String(dpi), '-gray', '-png', '-singlefile', '-f', '1', '-l', '1', pdf, raw]);
  const angle = ((r() < 0.5 ? -1 : 1) * (0.2 + r() * 1.3)).toFixed(2);
  await sh([
    'convert',
    `${raw}.png`,
    '-background',
    'white',
    '-rotate',
    angle,
    '-attenuate',
    (0.2 + r() * 0.4).toFixed(2),
    '+noise',
    'Gaussian',
    '-blur',
    `0x${(0.2 + r() * 0.4).toFixed(2)}`,
    '-colorspace',
    'Gray',
    '-depth',
    '8',
    png,
  ]);
  await sh(['rm', '-f', `${raw}.png`]);
}

export interface SetOptions {
  out: string;
  corpus: string;
  /** Pages per set (each rendered at every dpi). */
  pages: number;
  sets: ScanSet[];
  dpis: number[];
  seed?: number;
  log?: (s: string) => void;
}

/** Generates (or reuses, when already in `out`) the scans; returns them in a fixed order. */
export async function thaiScans(o: SetOptions): Promise<Scan[]> {
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const corpus = loadCorpus(o.corpus);
  const seed = o.seed ?? 1;
  const scans: Scan[] = [];
  for (const set of o.sets)
    for (let i = 0; i < o.pages; i++) {
      const id = `${set}-${String(i + 1).padStart(2, '0')}`;
      const r = rng(seed * 104729 + i * 31 + (set === 'tables' ? 0 : 7));
      const pdf = join(out, `${id}.pdf`);
      const truthFile = join(out, `${id}.truth.txt`);
      if (!existsSync(pdf) || !existsSync(truthFile)) {
        let html: string;
        let truth: string[] | undefined;
        if (set === 'tables') ({ html, truth } = tablePage(r, corpus));
        else {
          const kind = KINDS[i % KINDS.length] as DocKind;
          const layout = LAYOUTS[i % LAYOUTS.length] as TemplateName;
          html = renderHtml(r, randomDoc(r, id, 'th', kind, layout), layout, pick(r, corpus.paragraphs));
        }
        writeFileSync(join(out, `${id}.html`), html);
        await sh(printToPdfCommand(`file://${join(out, `${id}.html`)}`, pdf));
        const text = truth?.join('\n') ?? (await sh(['pdftotext', '-f', '1', '-l', '1', pdf, '-']));
        writeFileSync(truthFile, text);
      }
      for (const dpi of o.dpis) {
        const png = join(out, `${id}-${dpi}.png`);
        if (!existsSync(png)) await scan(pdf, png, dpi, rng(seed * 7 + i * 13 + dpi));
        scans.push({ id: `${id}@${dpi}`, set, dpi, png, pdf, truth: readFileSync(truthFile, 'utf8') });
      }
      o.log?.(`${id} ready`);
    }
  return scans;
}
