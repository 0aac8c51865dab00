/**
 * Makes the Thai text fixtures under test/fixtures/thai-text/: `npx bun scripts/make-thai-text-fixtures.ts`
 * (needs Debian's chromium, poppler-utils and fonts-thai-tlwg).
 *
 * - `fonts.html` / `fonts.pdf`: one line of Thai business text in each TLWG font, printed by Chromium
 *   (one text run per Thai character cluster, legacy private-use mark glyphs, marks in visual order).
 * - `layout.html` / `layout.pdf`: letterhead, a rotated stamp, two columns and a table, printed by Chromium.
 * - `handmade.pdf` / `handmade.txt`: a text layer written by hand with pdf-lib (see handmade-pdf.ts) and
 *   the lines as typed, so the tests do not only see Chromium's way of writing PDFs.
 * - `spacing-scan.png` / `spacing-scan.txt`: Thai text with spaces between phrases, printed by Chromium
 *   and rasterized at 300 dpi, for the OCR spacing rule (real tesseract reads it in the tests).
 *
 * The expected text of the Chromium fixtures is the text of their HTML source; the texts were written for
 * these fixtures.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printToPdfCommand } from '../test/helpers/chromium.ts';
import { type HandmadeLine, handmadePdf, type Pen } from './thai-text-fixtures/handmade-pdf.ts';
import { readTrueType } from './thai-text-fixtures/truetype.ts';

const OUT = 'test/fixtures/thai-text';
const TLWG = '/usr/share/fonts/truetype/tlwg';

/** One line per font: seller names, mark-heavy words, a two-digit Buddhist-era date, amounts. */
const FONT_LINES: [string, string][] = [
  ['Garuda', 'บริษัท ฟ้าใสคลีนนิ่ง เซอร์วิส จำกัด ส่งเมล็ดพันธุ์ผัก 21 มี.ค. 69'],
  ['Kinnari', 'ห้างหุ้นส่วนจำกัด ป่าไม้ทองคำ ฝั่งธนบุรี ก๊อกน้ำ 12 ชิ้น 1,250.00 บาท'],
  ['Loma', 'ข้าวหอมมะลิ ๑๐๐ กิโลกรัม ราคาต่อหน่วย 35.50 บาท ภาษีมูลค่าเพิ่ม 7%'],
  ['Norasi', 'ใบกำกับภาษี/ใบเสร็จรับเงิน เลขที่ IV6903-0042 ลงวันที่ 3 เม.ย. 69'],
  ['Waree', 'นายสมศักดิ์ ปั้นเหน่งเพ็ชร์ ผู้มีอำนาจลงนาม ฝ่ายจัดซื้อ'],
  ['Umpush', 'ค่าบริการทำความสะอาดสำนักงาน ประจำเดือนกุมภาพันธ์ ๒๕๖๙'],
  ['Sawasdee', 'กรุณาโอนเงินเข้าบัญชีธนาคารกสิกรไทย สาขาถนนสีลม'],
  ['TlwgTypist', 'ผู้ซื้อ บริษัท สยามเทค จำกัด (สำนักงานใหญ่) โทร. 02-123-4567'],
  ['Laksaman', 'จำนวนเงินรวมทั้งสิ้น (หนึ่งพันสามร้อยสามสิบเจ็ดบาทห้าสิบสตางค์)'],
];

const esc = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

const fontsHtml = `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 15mm; } body { font-size: 13pt; line-height: 1.6; margin: 0; } p { margin: 0 0 6pt; }
</style></head><body>
${FONT_LINES.map(([font, line]) => `<p style="font-family: '${font}'">${esc(line)}</p>`).join('\n')}
</body></html>
`;

const layoutHtml = `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 15mm; }
body { font-family: 'Garuda'; font-size: 11pt; line-height: 1.5; margin: 0; }
header { display: flex; justify-content: space-between; border-bottom: 2px solid #135; padding-bottom: 6pt; }
h1 { font-family: 'Kinnari'; font-size: 18pt; margin: 0; }
.addr { text-align: right; font-size: 10pt; }
.stamp { position: absolute; top: 60mm; right: 20mm; transform: rotate(-12deg); border: 3px solid #a00;
  color: #a00; padding: 4pt 10pt; font-family: 'Loma'; font-size: 16pt; }
.cols { column-count: 2; column-gap: 12mm; margin: 14pt 0; font-family: 'Norasi'; }
.cols p { margin: 0 0 6pt; }
table { border-collapse: collapse; width: 100%; font-family: 'Waree'; font-size: 10pt; }
td, th { border: 1px solid #999; padding: 3pt 6pt; }
td.n { text-align: right; }
</style></head><body>
<header><h1>บริษัท ฟ้าใสคลีนนิ่ง เซอร์วิส จำกัด</h1>
<div class="addr">99/9 ถนนพหลโยธิน แขวงสามเสนใน<br>เขตพญาไท กรุงเทพฯ 10400<br>เลขประจำตัวผู้เสียภาษี 0105561234567</div></header>
<p>ใบเสนอราคา เลขที่ QT6903-0017 วันที่ 21 มี.ค. 69</p>
<div class="cols">
<p>บริษัทขอเสนอราคาค่าบริการทำความสะอาดอาคารสำนักงาน ตามรายการด้านล่างนี้ ราคานี้รวมค่าแรงและอุปกรณ์แล้ว</p>
<p>ระยะเวลาสัญญาหนึ่งปี เริ่มวันที่ 1 เม.ย. 69 ชำระเงินภายในสามสิบวันนับจากวันที่ได้รับใบแจ้งหนี้</p>
<p>หากมีข้อสงสัย กรุณาติดต่อคุณปั้นจั่น ฝ่ายขาย โทร. 081-234-5678</p>
<p>ขอขอบพระคุณที่ไว้วางใจใช้บริการของเรา</p>
</div>
<table>
<tr><th>ลำดับ</th><th>รายการ</th><th>จำนวน</th><th>ราคาต่อหน่วย</th><th>จำนวนเงิน</th></tr>
<tr><td>1</td><td>ทำความสะอาดพื้นและกระจก</td><td class="n">12</td><td class="n">4,500.00</td><td class="n">54,000.00</td></tr>
<tr><td>2</td><td>ก๊อกน้ำและสุขภัณฑ์ ล้างฆ่าเชื้อ</td><td class="n">12</td><td class="n">1,250.00</td><td class="n">15,000.00</td></tr>
<tr><td>3</td><td>เมล็ดพันธุ์หญ้าสนามหน้าอาคาร</td><td class="n">5</td><td class="n">320.00</td><td class="n">1,600.00</td></tr>
</table>
<p>รวมเป็นเงินทั้งสิ้น 70,600.00 บาท (เจ็ดหมื่นหกร้อยบาทถ้วน)</p>
<div class="stamp">ชำระเงินแล้ว PAID</div>
</body></html>
`;

/** Phrases, names and sentences with the spaces Thai writes between them. */
const SPACING_LINES = [
  'เรียน ผู้จัดการฝ่ายบัญชี บริษัท สยามเทค จำกัด',
  'ตามที่ท่านได้สั่งซื้อสินค้า ทางร้านได้จัดส่งเรียบร้อยแล้ว',
  'ยอดชำระ 4,280.00 บาท กรุณาชำระภายในวันที่ 21 มี.ค. 69',
  'หากมีข้อสงสัย โปรดติดต่อ คุณมานี ใจงาม โทร. 02-345-6789',
  'ขอแสดงความนับถือ ห้างหุ้นส่วนจำกัด รุ่งเรืองพาณิชย์',
];

const spacingHtml = `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page { size: 170mm 62mm; margin: 5mm; } body { font-family: 'Loma'; font-size: 14pt; line-height: 1.6; margin: 0; }
p { margin: 0; }
</style></head><body>
${SPACING_LINES.map((l) => `<p>${esc(l)}</p>`).join('\n')}
</body></html>
`;

/** The hand-written page: typed text and how each line is drawn (private-use glyphs, visual order). */
const HANDMADE: HandmadeLine[] = [
  {
    // one text object per glyph, no space characters: words apart by a third of an em
    typed: 'บริษัท ฟ้าใสคลีนนิ่ง เซอร์วิส จำกัด',
    draw: (p: Pen) =>
      p.glyphByGlyph('บริษัท ฟ\uF70Bาใสคลีนนิ่ง เซอร\uF70Eวิส จ\u0E4D\u0E32กัด', 50, 790, { wordGap: 0.33 }),
  },
  {
    // spaces written as characters; THANTHAKHAT drawn before SARA U; the end of the line drawn first
    typed: 'เมล็ดพันธุ์ผัก ก๊อกน้ำ ข้าวหอมมะลิ',
    draw: (p: Pen) => {
      const head = 'เมล็ดพันธ\uF70E\u0E38ผัก ก\uF70Cอกน\u0E4D\u0E49\u0E32 ';
      p.shown('ข\uF70Bาวหอมมะลิ', [1, 0, 0, 1, 50 + p.width(head), 760]);
      p.shown(head, [1, 0, 0, 1, 50, 760]);
    },
  },
  {
    // kerning inside a TJ array, a two-digit Buddhist-era date
    typed: 'ส่งของวันที่ 21 มี.ค. 69 ราคา 1,250.00 บาท',
    draw: (p: Pen) =>
      p.kerned('ส\uF70Aงของวันท\u0E35\u0E48 21 ม\u0E35.ค. 69 ราคา 1,250.00 บาท', 50, 730, {
        1: -20,
        5: 15,
        13: 30,
        20: -25,
        26: 10,
      }),
  },
  {
    // drawn twice, 0.4 pt apart: fake bold
    typed: 'ใบกำกับภาษี / TAX INVOICE',
    draw: (p: Pen) => {
      p.shown('ใบก\u0E4D\u0E32กับภาษ\u0E35 / TAX INVOICE', [1, 0, 0, 1, 50, 700]);
      p.shown('ใบก\u0E4D\u0E32กับภาษ\u0E35 / TAX INVOICE', [1, 0, 0, 1, 50.4, 700]);
    },
  },
  {
    // two table cells on one baseline
    typed: 'ผู้ซื้อ',
    draw: (p: Pen) => p.shown('ผ\u0E39\uF70Bซ\u0E37\uF70Bอ', [1, 0, 0, 1, 50, 670]),
  },
  {
    typed: 'บริษัท สยามเทค จำกัด',
    draw: (p: Pen) => p.shown('บริษัท สยามเทค จ\u0E4D\u0E32กัด', [1, 0, 0, 1, 300, 670]),
  },
  {
    // marks placed a little left of the pen, one text object per glyph (a shaping engine's offsets)
    typed: 'ปั้นน้ำเป็นตัว ฝั่งฟ้า',
    draw: (p: Pen) => p.glyphByGlyph('ปั้นน้ำเป็นตัว ฝั่งฟ้า', 50, 640, { markShift: 0.06 }),
  },
  {
    // rotated a quarter turn, reading downwards
    typed: 'ต้นฉบับ ORIGINAL',
    draw: (p: Pen) => p.shown('ต\u0E49นฉบับ ORIGINAL', [0, -1, 1, 0, 560, 620]),
  },
];

function run(cmd: string[]): void {
  const p = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe' });
  if (p.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed: ${p.stderr.toString()}`);
}

mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'thai-text-fixtures-'));
try {
  for (const [name, html] of [
    ['fonts', fontsHtml],
    ['layout', layoutHtml],
  ] as const) {
    writeFileSync(join(OUT, `${name}.html`), html);
    run(printToPdfCommand(join(process.cwd(), OUT, `${name}.html`), join(work, `${name}.pdf`)));
    writeFileSync(join(OUT, `${name}.pdf`), readFileSync(join(work, `${name}.pdf`)));
  }
  writeFileSync(join(work, 'spacing.html'), spacingHtml);
  run(printToPdfCommand(join(work, 'spacing.html'), join(work, 'spacing.pdf')));
  run([
    'pdftoppm',
    '-r',
    '300',
    '-gray',
    '-png',
    '-singlefile',
    join(work, 'spacing.pdf'),
    join(work, 'spacing'),
  ]);
  writeFileSync(join(OUT, 'spacing-scan.png'), readFileSync(join(work, 'spacing.png')));
  writeFileSync(join(OUT, 'spacing-scan.txt'), `${SPACING_LINES.join('\n')}\n`);
  const font = readTrueType(new Uint8Array(readFileSync(join(TLWG, 'Garuda.ttf'))));
  writeFileSync(join(OUT, 'handmade.pdf'), await handmadePdf(font, 'Garuda', HANDMADE));
  writeFileSync(join(OUT, 'handmade.txt'), `${HANDMADE.map((l) => l.typed).join('\n')}\n`);
  console.log(`wrote ${OUT}: fonts, layout, handmade, spacing-scan`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
