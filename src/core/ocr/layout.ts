import type { BBox, OcrBlock, OcrLine, OcrWord } from './types.ts';

/** The parts of tesseract.js's `blocks` output that docserve keeps. */
interface TessBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface TessWord {
  text: string;
  confidence: number;
  bbox: TessBox;
}
interface TessLine {
  text: string;
  confidence: number;
  bbox: TessBox;
  words: TessWord[];
}
export interface TessBlock {
  text: string;
  confidence: number;
  bbox: TessBox;
  paragraphs: { lines: TessLine[] }[];
}

const box = (b: TessBox): BBox => [b.x0, b.y0, b.x1, b.y1];
const conf = (c: number) => Math.round(Math.max(0, Math.min(100, c))) / 100;

/**
 * Tesseract's block -> paragraph -> line -> word tree as docserve blocks (paragraphs flattened into
 * their block), confidences scaled to 0..1 and line breaks trimmed. Blocks without words are dropped.
 */
export function toOcrBlocks(blocks: TessBlock[] | null | undefined): OcrBlock[] {
  const out: OcrBlock[] = [];
  for (const b of blocks ?? []) {
    const lines: OcrLine[] = [];
    for (const p of b.paragraphs ?? [])
      for (const l of p.lines ?? []) {
        const words: OcrWord[] = (l.words ?? [])
          .filter((w) => w.text.trim())
          .map((w) => ({ text: w.text, bbox: box(w.bbox), confidence: conf(w.confidence) }));
        if (words.length)
          lines.push({ text: l.text.trim(), bbox: box(l.bbox), confidence: conf(l.confidence), words });
      }
    if (lines.length)
      out.push({
        text: lines.map((l) => l.text).join('\n'),
        bbox: box(b.bbox),
        confidence: conf(b.confidence),
        lines,
      });
  }
  return out;
}
