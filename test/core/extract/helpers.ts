import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocTruth } from '../../../scripts/extract-fixtures/data.ts';
import type { OcrWord, PageResult } from '../../../src/core/ocr/types.ts';
import { normalizeThai } from '../../../src/core/text/thai.ts';

export const FIXTURES = join(import.meta.dir, '../../fixtures/extract');

/** The committed labelled fixtures (made by scripts/gen-extract-fixtures.ts). */
export function fixtures(): { id: string; truth: DocTruth; digital: PageResult[]; scan: PageResult[] }[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const id = f.replace('.truth.json', '');
      const read = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
      return { id, truth: read(f), digital: read(`${id}.pages.json`), scan: read(`${id}.scan.pages.json`) };
    });
}

/**
 * A text-layer page from rows of `[x, text]` cells: words get boxes from a fixed character width, rows
 * are 60 units apart, so tests lay out tables and label/value pairs explicitly.
 */
export function layoutPage(rows: [number, string][][], width = 2480): PageResult {
  const charW = 18;
  const lines = rows.flatMap((row, r) =>
    row.map(([x, text]) => {
      let cx = x;
      const words: OcrWord[] = text.split(' ').map((w) => {
        const word: OcrWord = {
          text: w,
          bbox: [cx, 100 + r * 60, cx + w.length * charW, 140 + r * 60],
          confidence: 1,
        };
        cx += (w.length + 1) * charW;
        return word;
      });
      return {
        text,
        bbox: [x, 100 + r * 60, cx, 140 + r * 60] as [number, number, number, number],
        confidence: 1,
        words,
      };
    }),
  );
  const rawText = rows.map((r) => r.map(([, t]) => t).join('  ')).join('\n');
  return {
    page: 1,
    source: 'text-layer',
    width,
    height: 3508,
    text: normalizeThai(rawText),
    rawText,
    confidence: null,
    blocks: lines.map((l) => ({ text: l.text, bbox: l.bbox, confidence: 1, lines: [l] })),
  };
}

/** A page that is only text (no boxes), like a .txt upload. */
export function textPage(text: string): PageResult {
  return {
    page: 1,
    source: 'text',
    width: 0,
    height: 0,
    text: normalizeThai(text),
    rawText: text,
    confidence: null,
    blocks: [],
  };
}

/** A Thai tax invoice as a plain-text upload (no OCR needed). */
export const TEXT_INVOICE = [
  'บริษัท สยามทดสอบ จำกัด',
  'เลขประจำตัวผู้เสียภาษี 0105537000015   สำนักงานใหญ่',
  'ใบกำกับภาษี',
  'เลขที่   INV-2569-0042',
  'วันที่   ๑๕ มกราคม ๒๕๖๙',
  'ลูกค้า   บริษัท ลูกค้าดี จำกัด',
  'ลำดับ   รายการ   จำนวน   ราคาต่อหน่วย   จำนวนเงิน',
  '1   ค่าบริการ   2   500.00   1,000.00',
  'รวมเงิน   1,000.00',
  'ภาษีมูลค่าเพิ่ม 7%   70.00',
  'จำนวนเงินรวมทั้งสิ้น   1,070.00',
  '(หนึ่งพันเจ็ดสิบบาทถ้วน)',
].join('\n');

/**
 * A page as OCR returns it: the same boxes as {@link layoutPage}, source `ocr`, word confidences below 1
 * (`confidence`, or the one `unsure` gives a word: the words tesseract was unsure of).
 */
export function ocrPage(
  rows: [number, string][][],
  confidence = 0.9,
  unsure: Record<string, number> = {},
): PageResult {
  const page = layoutPage(rows);
  return {
    ...page,
    source: 'ocr',
    blocks: page.blocks.map((b) => ({
      ...b,
      confidence,
      lines: b.lines.map((l) => ({
        ...l,
        confidence,
        words: l.words.map((w) => ({ ...w, confidence: unsure[w.text] ?? confidence })),
      })),
    })),
  };
}
