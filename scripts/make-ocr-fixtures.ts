/**
 * Makes the small OCR fixtures under test/fixtures/ocr/ and their ground truth (truth.json).
 * Run with `npx bun scripts/make-ocr-fixtures.ts`; needs Debian's chromium, poppler-utils, imagemagick,
 * qpdf and fonts-thai-tlwg. Thai + English HTML is printed to PDF by headless Chromium (a real text
 * layer), rasterized at 300 dpi by pdftoppm, roughened with ImageMagick (noise, blur, skew, rotation)
 * and wrapped back into image-only PDFs with pdf-lib; qpdf encrypts one and joins the mixed PDF.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { printToPdfCommand } from '../test/helpers/chromium.ts';

const OUT = 'test/fixtures/ocr';
const work = mkdtempSync(join(tmpdir(), 'ocr-fixtures-'));

/** The texts, one string per page, lines separated by newlines. Written for these fixtures. */
const TEXTS = {
  invoice: [
    'ใบแจ้งหนี้เลขที่ INV-2024-0153 ลงวันที่ 15 มีนาคม 2567',
    'บริษัท สยามเทคโนโลยี จำกัด ขอแจ้งยอดชำระค่าบริการ',
    'Total amount due: 12,450.00 THB (VAT included)',
    'กรุณาชำระภายในสามสิบวันนับจากวันที่ได้รับเอกสารนี้',
  ].join('\n'),
  lease: [
    'สัญญาเช่าอาคารพาณิชย์',
    'ผู้ให้เช่าตกลงให้เช่าพื้นที่ชั้นสองเป็นเวลาสามปี',
    'Monthly rent: 25,000 baht, deposit two months',
  ].join('\n'),
  certificate: [
    'หนังสือรับรองการทำงาน',
    'ขอรับรองว่านางสาวสมใจ ใจดี เป็นพนักงานของบริษัท',
    'Employment certificate issued on 1 April 2024',
  ].join('\n'),
  receipt: [
    'ใบเสร็จรับเงิน เลขที่ RC-7781',
    'ได้รับเงินจากคุณวิชัย มั่นคง จำนวนสองพันบาท',
    'Received with thanks, Bangkok office',
  ].join('\n'),
  minutes: ['รายงานการประชุมคณะกรรมการ ครั้งที่ 4/2567', 'Meeting minutes, board of directors'].join('\n'),
  resolution: ['มติที่ประชุมอนุมัติงบประมาณประจำปี', 'The budget was approved unanimously'].join('\n'),
};

function run(cmd: string[]): void {
  const p = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe' });
  if (p.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed: ${p.stderr.toString()}`);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

/** Prints the text to a small one-page PDF with a real text layer. */
function htmlToPdf(name: string, text: string, font = 'Garuda'): string {
  const html = join(work, `${name}.html`);
  const pdf = join(work, `${name}.pdf`);
  writeFileSync(
    html,
    `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page { size: 130mm 45mm; margin: 4mm; }
body { font-family: '${font}', sans-serif; font-size: 13pt; line-height: 1.5; margin: 0; }
</style></head><body>${text.split('\n').map(escapeHtml).join('<br>')}</body></html>`,
  );
  run(printToPdfCommand(html, pdf));
  return pdf;
}

/** Rasterizes page 1 at 300 dpi in gray. */
function rasterize(pdf: string, name: string): string {
  const base = join(work, `${name}-raster`);
  run(['pdftoppm', '-r', '300', '-gray', '-png', '-singlefile', pdf, base]);
  return `${base}.png`;
}

/** A plausible scan: slight skew, light noise and blur, trimmed to the text with a margin. */
function roughen(png: string, out: string, extra: string[] = []): void {
  run([
    'convert',
    png,
    '-background',
    'white',
    '-rotate',
    '0.7',
    '-attenuate',
    '0.12',
    '+noise',
    'Gaussian',
    '-blur',
    '0x0.6',
    ...extra,
    '-colorspace',
    'Gray',
    '-depth',
    '8',
    '-strip',
    out,
  ]);
}

/** An image-only PDF: each PNG is one page, placed at 300 dpi. */
async function imagesToPdf(pngs: string[], out: string): Promise<void> {
  const doc = await PDFDocument.create();
  for (const path of pngs) {
    const img = await doc.embedPng(readFileSync(path));
    const page = doc.addPage([(img.width * 72) / 300, (img.height * 72) / 300]);
    page.drawImage(img, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  writeFileSync(out, await doc.save());
}

mkdirSync(OUT, { recursive: true });
const at = (name: string) => join(OUT, name);

roughen(rasterize(htmlToPdf('invoice', TEXTS.invoice), 'invoice'), at('thai-scan.png'));
roughen(rasterize(htmlToPdf('lease', TEXTS.lease), 'lease'), at('rotated-scan.png'), ['-rotate', '90']);

const certificate = htmlToPdf('certificate', TEXTS.certificate);
writeFileSync(at('text-layer.pdf'), readFileSync(certificate));

const receiptScan = join(work, 'receipt-scan.png');
roughen(rasterize(htmlToPdf('receipt', TEXTS.receipt), 'receipt'), receiptScan);
await imagesToPdf([receiptScan], at('scanned.pdf'));
run(['qpdf', '--empty', '--pages', at('text-layer.pdf'), '1', at('scanned.pdf'), '1', '--', at('mixed.pdf')]);

const minutes = rasterize(htmlToPdf('minutes', TEXTS.minutes, 'Norasi'), 'minutes');
const resolution = rasterize(htmlToPdf('resolution', TEXTS.resolution, 'Norasi'), 'resolution');
run(['convert', minutes, resolution, '-threshold', '55%', '-compress', 'Group4', at('multipage.tiff')]);

run(['qpdf', '--encrypt', 'user-pw', 'owner-pw', '256', '--', at('text-layer.pdf'), at('encrypted.pdf')]);
const whole = readFileSync(at('text-layer.pdf'));
writeFileSync(at('truncated.pdf'), whole.subarray(0, Math.floor(whole.length / 2)));
const garbage = Buffer.alloc(4000);
for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
writeFileSync(
  at('corrupt.pdf'),
  Buffer.concat([Buffer.from('%PDF-1.7\n'), garbage, Buffer.from('\n%%EOF\n')]),
);

const truth: Record<string, string[]> = {
  'thai-scan.png': [TEXTS.invoice],
  'rotated-scan.png': [TEXTS.lease],
  'text-layer.pdf': [TEXTS.certificate],
  'scanned.pdf': [TEXTS.receipt],
  'mixed.pdf': [TEXTS.certificate, TEXTS.receipt],
  'multipage.tiff': [TEXTS.minutes, TEXTS.resolution],
};
writeFileSync(at('truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
console.log(`Wrote fixtures to ${OUT}`);
