/**
 * Makes test/fixtures/ocr/thai-table.jpg: a Thai quotation table printed by headless Chromium,
 * rasterized at 300 dpi by pdftoppm, turned by 0.7°, given noise by ImageMagick and saved as a gray JPEG
 * that declares its 300 dpi (JFIF). Its ground truth (one line per printed row) is merged into
 * test/fixtures/ocr/truth.json. Tesseract guesses a page's resolution when the file declares none, and
 * on this page the guess drops the table; reading the declared resolution keeps it.
 *
 *   npx bun scripts/make-table-fixture.ts
 *
 * Needs Debian's chromium, poppler-utils, imagemagick and fonts-thai-tlwg.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printToPdfCommand } from '../test/helpers/chromium.ts';

const OUT = 'test/fixtures/ocr';
const work = mkdtempSync(join(tmpdir(), 'table-fixture-'));

/** Rows written for this fixture: number, item, quantity, unit, unit price, amount. */
const ROWS = [
  ['1', 'กระดาษถ่ายเอกสาร A4', '20', 'รีม', '125.00', '2,500.00'],
  ['2', 'หมึกพิมพ์เลเซอร์สีดำ', '4', 'ตลับ', '1,850.00', '7,400.00'],
  ['3', 'แฟ้มเอกสารสันกว้าง', '36', 'เล่ม', '89.00', '3,204.00'],
  ['4', 'ปากกาลูกลื่นสีน้ำเงิน', '10', 'กล่อง', '165.00', '1,650.00'],
  ['5', 'ก๊อกน้ำสแตนเลส', '6', 'ชุด', '420.00', '2,520.00'],
  ['6', 'ข้าวหอมมะลิบรรจุถุง', '12', 'ถุง', '215.00', '2,580.00'],
];
const HEAD = ['ลำดับ', 'รายการ', 'จำนวน', 'หน่วย', 'ราคาต่อหน่วย', 'จำนวนเงิน'];
const TOTALS = [
  ['รวมเงิน', '19,854.00'],
  ['ภาษีมูลค่าเพิ่ม 7%', '1,389.78'],
  ['รวมทั้งสิ้น', '21,243.78'],
];
const TITLE = ['บริษัท เจริญพาณิชย์ซัพพลาย จำกัด', 'ใบเสนอราคา เลขที่ QT-2568-0042'];

function run(cmd: string[]): void {
  const p = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe' });
  if (p.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed: ${p.stderr.toString()}`);
}

const esc = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
const cells = (row: string[], tag: string) =>
  row.map((c, i) => `<${tag}${i >= 4 ? ' class="r"' : ''}>${esc(c)}</${tag}>`).join('');

try {
  const html = join(work, 'table.html');
  const pdf = join(work, 'table.pdf');
  writeFileSync(
    html,
    `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page { size: 210mm 130mm; margin: 10mm; }
body { font-family: 'Tlwg Typist', sans-serif; font-size: 15px; margin: 0; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.2em; text-align: center; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid #333; padding: 5px 8px; text-align: left; } th { background: #d8d8d8; }
.r { text-align: right; } .totals { width: 45%; margin-left: auto; }
</style></head><body><h1>${esc(TITLE[0] as string)}</h1><h2>${esc(TITLE[1] as string)}</h2>
<table><thead><tr>${cells(HEAD, 'th')}</tr></thead><tbody>
${ROWS.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('\n')}</tbody></table>
<table class="totals">${TOTALS.map(([k, v]) => `<tr><td>${esc(k as string)}</td><td class="r">${esc(v as string)}</td></tr>`).join('')}</table>
</body></html>`,
  );
  run(printToPdfCommand(html, pdf));
  run(['pdftoppm', '-r', '300', '-gray', '-png', '-singlefile', pdf, join(work, 'table')]);
  run([
    'convert',
    join(work, 'table.png'),
    '-background',
    'white',
    '-rotate',
    '0.7',
    '-attenuate',
    '0.3',
    '+noise',
    'Gaussian',
    '-colorspace',
    'Gray',
    '-strip',
    '-units',
    'PixelsPerInch',
    '-density',
    '300',
    '-quality',
    '75',
    join(OUT, 'thai-table.jpg'),
  ]);
  const truthFile = join(OUT, 'truth.json');
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, string[]>;
  truth['thai-table.jpg'] = [
    [...TITLE, HEAD.join(' '), ...ROWS.map((r) => r.join(' ')), ...TOTALS.map((t) => t.join(' '))].join('\n'),
  ];
  writeFileSync(truthFile, `${JSON.stringify(truth, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
