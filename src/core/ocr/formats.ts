import type { BBox, PageResult } from './types.ts';

/** Plain text: each page's text, pages separated by a form feed (like tesseract). */
export function pagesToText(pages: PageResult[]): string {
  return `${pages.map((p) => p.text).join('\n\f')}\n`;
}

const TSV_HEADER =
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const tsvBox = (b: BBox) => `${b[0]}\t${b[1]}\t${b[2] - b[0]}\t${b[3] - b[1]}`;
const tsvText = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

/** Tesseract-style TSV (levels page 1, block 2, paragraph 3, line 4, word 5); conf is 0-100, -1 above words. */
export function pagesToTsv(pages: PageResult[]): string {
  const rows = [TSV_HEADER];
  for (const p of pages) {
    rows.push(`1\t${p.page}\t0\t0\t0\t0\t${tsvBox([0, 0, p.width, p.height])}\t-1\t`);
    p.blocks.forEach((b, bi) => {
      rows.push(`2\t${p.page}\t${bi + 1}\t0\t0\t0\t${tsvBox(b.bbox)}\t-1\t`);
      rows.push(`3\t${p.page}\t${bi + 1}\t1\t0\t0\t${tsvBox(b.bbox)}\t-1\t`);
      b.lines.forEach((l, li) => {
        rows.push(`4\t${p.page}\t${bi + 1}\t1\t${li + 1}\t0\t${tsvBox(l.bbox)}\t-1\t`);
        l.words.forEach((w, wi) => {
          const conf = Math.round(w.confidence * 100);
          rows.push(
            `5\t${p.page}\t${bi + 1}\t1\t${li + 1}\t${wi + 1}\t${tsvBox(w.bbox)}\t${conf}\t${tsvText(w.text)}`,
          );
        });
      });
    });
  }
  return `${rows.join('\n')}\n`;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const bbox = (b: BBox) => `bbox ${b[0]} ${b[1]} ${b[2]} ${b[3]}`;

/** hOCR 1.2 (ocr_page / ocr_carea / ocr_par / ocr_line / ocrx_word with bbox and x_wconf). */
export function pagesToHocr(pages: PageResult[], title = 'docserve OCR'): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="th" lang="th">',
    '<head>',
    `<title>${esc(title)}</title>`,
    '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
    '<meta name="ocr-system" content="docserve (tesseract.js)"/>',
    '<meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word"/>',
    '</head>',
    '<body>',
  ];
  for (const p of pages) {
    const n = p.page;
    out.push(
      `<div class="ocr_page" id="page_${n}" title="${bbox([0, 0, p.width, p.height])}; ppageno ${n - 1}">`,
    );
    p.blocks.forEach((b, bi) => {
      const id = `${n}_${bi + 1}`;
      out.push(`<div class="ocr_carea" id="block_${id}" title="${bbox(b.bbox)}">`);
      out.push(`<p class="ocr_par" id="par_${id}" title="${bbox(b.bbox)}">`);
      b.lines.forEach((l, li) => {
        const words = l.words
          .map(
            (w, wi) =>
              `<span class="ocrx_word" id="word_${id}_${li + 1}_${wi + 1}" title="${bbox(w.bbox)}; x_wconf ${Math.round(w.confidence * 100)}">${esc(w.text)}</span>`,
          )
          .join(' ');
        out.push(`<span class="ocr_line" id="line_${id}_${li + 1}" title="${bbox(l.bbox)}">${words}</span>`);
      });
      out.push('</p>', '</div>');
    });
    out.push('</div>');
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}
