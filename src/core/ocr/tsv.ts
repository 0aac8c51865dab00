import { union } from './geometry.ts';
import type { OcrBlock, OcrLine, OcrWord } from './types.ts';

/** Tesseract TSV levels (page 1, block 2, paragraph 3, line 4, word 5). */
const WORD = 5;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const conf = (c: number) => Math.round(Math.max(0, Math.min(100, c))) / 100;

/**
 * Tesseract's TSV output (`GetTSVText`, `tesseract ... tsv`: the same from tesseract.js and from native
 * tesseract) as docserve blocks: paragraphs flattened into their block, words without text dropped, a
 * line's text its words joined by a space, confidences scaled to 0..1 (a line's and a block's the mean
 * of their words'), boxes the union of their words'. Blocks and lines without words are dropped.
 */
export function tsvToBlocks(tsv: string): OcrBlock[] {
  const blocks: OcrBlock[] = [];
  let block: OcrBlock | undefined;
  let line: OcrLine | undefined;
  let lineKey = '';
  let blockKey = '';
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || Number(cells[0]) !== WORD) continue;
    const text = (cells.slice(11).join(' ') ?? '').trim();
    if (!text) continue;
    const [left, top, width, height, confidence] = cells.slice(6, 11).map(Number) as number[];
    const word: OcrWord = {
      text,
      bbox: [
        left as number,
        top as number,
        (left as number) + (width as number),
        (top as number) + (height as number),
      ],
      confidence: conf(confidence as number),
    };
    const bKey = `${cells[1]}.${cells[2]}`;
    const lKey = `${bKey}.${cells[3]}.${cells[4]}`;
    if (bKey !== blockKey || !block) {
      block = { text: '', bbox: word.bbox, confidence: 0, lines: [] };
      blocks.push(block);
      blockKey = bKey;
    }
    if (lKey !== lineKey || !line) {
      line = { text: '', bbox: word.bbox, confidence: 0, words: [] };
      block.lines.push(line);
      lineKey = lKey;
    }
    line.words.push(word);
  }
  for (const b of blocks) {
    for (const l of b.lines) {
      l.text = l.words.map((w) => w.text).join(' ');
      l.bbox = union(l.words.map((w) => w.bbox));
      l.confidence = Math.round(mean(l.words.map((w) => w.confidence)) * 100) / 100;
    }
    b.text = b.lines.map((l) => l.text).join('\n');
    b.bbox = union(b.lines.map((l) => l.bbox));
    b.confidence = Math.round(mean(b.lines.flatMap((l) => l.words.map((w) => w.confidence))) * 100) / 100;
  }
  return blocks;
}
