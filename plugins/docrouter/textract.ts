import type { BBox, OcrLine, OcrWord, PageView } from '../../src/plugin-api.ts';
import { uuidFrom } from './ids.ts';

/** Geometry as Textract gives it: ratios of the page size. */
interface Geometry {
  BoundingBox: { Width: number; Height: number; Left: number; Top: number };
  Polygon: { X: number; Y: number }[];
}

/** One block of a Textract-style flat block list. */
export interface TextractBlock {
  BlockType: 'PAGE' | 'LINE' | 'WORD';
  Confidence?: number;
  Text?: string;
  TextType?: 'PRINTED';
  Geometry: Geometry;
  Id: string;
  Relationships?: { Type: 'CHILD'; Ids: string[] }[];
  Page: number;
}

const r6 = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 1e6) / 1e6;

function geometry(left: number, top: number, width: number, height: number): Geometry {
  const [l, t, w, h] = [r6(left), r6(top), r6(width), r6(height)];
  return {
    BoundingBox: { Width: w, Height: h, Left: l, Top: t },
    Polygon: [
      { X: l, Y: t },
      { X: r6(l + w), Y: t },
      { X: r6(l + w), Y: r6(t + h) },
      { X: l, Y: r6(t + h) },
    ],
  };
}

function boxGeometry(b: BBox, width: number, height: number): Geometry {
  return geometry(b[0] / width, b[1] / height, (b[2] - b[0]) / width, (b[3] - b[1]) / height);
}

const percent = (c: number | null | undefined) => Math.round((c ?? 1) * 100 * 1000) / 1000;

/** Words of a line the engine did not split: whitespace tokens with boxes in proportion to their length. */
function splitWords(line: OcrLine): OcrWord[] {
  const tokens = [...line.text.matchAll(/\S+/g)];
  const [x0, y0, x1, y1] = line.bbox;
  const per = (x1 - x0) / Math.max(1, line.text.length);
  return tokens.map((m) => ({
    text: m[0],
    confidence: line.confidence,
    bbox: [x0 + per * (m.index ?? 0), y0, x0 + per * ((m.index ?? 0) + m[0].length), y1] as BBox,
  }));
}

/**
 * A document's pages as Textract's flat PAGE/LINE/WORD list (normalized geometry, CHILD relationships,
 * confidence in percent). Ids are stable UUIDs derived from the document, page and position. Pages
 * read from plain text have no layout: their lines are stacked evenly down the page.
 */
export function textractBlocks(documentId: string, pages: PageView[]): TextractBlock[] {
  const blocks: TextractBlock[] = [];
  for (const page of pages) {
    const n = page.pageNo;
    const id = (what: string) => uuidFrom(`${documentId}:${n}:${what}`);
    const width = page.width || 0;
    const height = page.height || 0;
    const laidOut = width > 0 && height > 0 && page.blocks.length > 0;
    const lines: { text: string; confidence: number | null; geometry: Geometry; words: OcrWord[] }[] = laidOut
      ? page.blocks
          .flatMap((b) => b.lines)
          .filter((l) => l.text.trim())
          .map((l) => ({
            text: l.text,
            confidence: l.confidence,
            geometry: boxGeometry(l.bbox, width, height),
            words: l.words.length ? l.words : splitWords(l),
          }))
      : page.text
          .split('\n')
          .filter((l) => l.trim())
          .map((text, i, all) => ({
            text,
            confidence: page.confidence,
            geometry: geometry(0, i / all.length, 1, 1 / all.length),
            words: [],
          }));
    const lineBlocks: TextractBlock[] = [];
    const wordBlocks: TextractBlock[] = [];
    lines.forEach((line, li) => {
      const wordIds: string[] = [];
      const words = laidOut
        ? line.words.map((w) => ({
            text: w.text,
            confidence: w.confidence,
            geometry: boxGeometry(w.bbox, width, height),
          }))
        : [...line.text.matchAll(/\S+/g)].map((m) => {
            const bb = line.geometry.BoundingBox;
            const per = 1 / Math.max(1, line.text.length);
            return {
              text: m[0],
              confidence: line.confidence,
              geometry: geometry((m.index ?? 0) * per, bb.Top, m[0].length * per, bb.Height),
            };
          });
      words.forEach((w, wi) => {
        const wid = id(`w${li}.${wi}`);
        wordIds.push(wid);
        wordBlocks.push({
          BlockType: 'WORD',
          Confidence: percent(w.confidence),
          Text: w.text,
          TextType: 'PRINTED',
          Geometry: w.geometry,
          Id: wid,
          Page: n,
        });
      });
      lineBlocks.push({
        BlockType: 'LINE',
        Confidence: percent(line.confidence),
        Text: line.text,
        Geometry: line.geometry,
        Id: id(`l${li}`),
        Relationships: [{ Type: 'CHILD', Ids: wordIds }],
        Page: n,
      });
    });
    blocks.push(
      {
        BlockType: 'PAGE',
        Geometry: geometry(0, 0, 1, 1),
        Id: id('page'),
        Relationships: [{ Type: 'CHILD', Ids: lineBlocks.map((b) => b.Id) }],
        Page: n,
      },
      ...lineBlocks,
      ...wordBlocks,
    );
  }
  return blocks;
}
