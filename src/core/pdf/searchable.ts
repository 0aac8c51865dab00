import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  type PDFContext,
  PDFDocument,
  PDFHexString,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
  degrees,
} from 'pdf-lib';
import { AppError } from '../../errors.ts';
import { lineSkew, median, type Point, rotatePoint } from '../ocr/geometry.ts';
import { imageFrames } from '../ocr/images.ts';
import type { QuarterTurn } from '../ocr/raster.ts';
import type { BBox, FileRef, OcrLine, PageResult } from '../ocr/types.ts';
import { embedPngAsIs } from './png-image.ts';
import { PDF_DPI } from './source.ts';

/**
 * Tesseract's GlyphLessFont (Apache-2.0, from tesseract-ocr's pdf.ttf): one empty glyph half an em
 * wide. Every character maps to it (CID = UTF-16 code unit, ToUnicode identity), so the invisible text
 * layer needs no real Thai font and copies and searches as exactly the recognized text.
 */
const GLYPHLESS_TTF =
  'AAEAAAAKAIAAAwAgT1MvMlbeyJQAAAEoAAAAYGNtYXAACgA0AAABkAAAAB5nbHlmFSJBJAAAAbgAAAAYaGVhZAt48WUAAACsAAAANmhoZWEMAgQCAAAA5AAAACRobXR4BAAAAAAAAYgAAAAIbG9jYQAMAAAAAAGwAAAABm1heHAABAAFAAABCAAAACBuYW1l8usW2gAAAdAAAABLcG9zdAABAAEAAAIcAAAAIAABAAAAAQAAsJRxEF8PPPUEBwgAAAAAAM+a/G4AAAAA1MOn8gAAAAAEAAgAAAAAEAACAAAAAAAAAAEAAAgA//8AAAQAAAAAAAQAAAEAAAAAAAAAAAAAAAAAAAACAAEAAAACAAQAAQAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAwAAAZAABQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUAAQABAAAAAAAAAAAAAAAAAAAAAAAAAAAAR09PRwBAAAAAAAAB//8AAAABAAGAAAAAAAAAAAAAAAAAAAABAAAAAAAABAAAAAAAAAIAAQAAAAAAFAADAAAAAAAUAAYACgAAAAAAAAAAAAAAAAAMAAAAAQAAAAAEAAgAAAMAADEhESEEAPwACAAAAAADACoAAAADAAAABQAWAAAAAQAAAAAABQALABYAAwABBAkABQAWAAAAVgBlAHIAcwBpAG8AbgAgADEALgAwVmVyc2lvbiAxLjAAAAEAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAA=';
/** Glyph advance of the glyphless font at size 1. */
const ADVANCE = 0.5;

function glyphlessFont(ctx: PDFContext): PDFRef {
  const ttf = Uint8Array.from(atob(GLYPHLESS_TTF), (c) => c.charCodeAt(0));
  const fontFile = ctx.register(ctx.flateStream(ttf, { Length1: ttf.length }));
  const descriptor = ctx.register(
    ctx.obj({
      Type: 'FontDescriptor',
      FontName: 'GlyphLessFont',
      Flags: 5,
      FontBBox: [0, 0, 500, 1000],
      ItalicAngle: 0,
      Ascent: 1000,
      Descent: 0,
      CapHeight: 1000,
      StemV: 80,
      FontFile2: fontFile,
    }),
  );
  const gids = new Uint8Array(65536 * 2);
  for (let i = 1; i < gids.length; i += 2) gids[i] = 1;
  const cidFont = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: 'GlyphLessFont',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      DW: 500,
      CIDToGIDMap: ctx.register(ctx.flateStream(gids)),
    }),
  );
  const ranges = Array.from({ length: 256 }, (_, hi) => {
    const h = hi.toString(16).padStart(2, '0').toUpperCase();
    return `<${h}00> <${h}FF> <${h}00>`;
  });
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...[0, 100, 200].map((from) => {
      const chunk = ranges.slice(from, from + 100);
      return `${chunk.length} beginbfrange\n${chunk.join('\n')}\nendbfrange`;
    }),
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  return ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'GlyphLessFont',
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: ctx.register(ctx.flateStream(new TextEncoder().encode(cmap))),
    }),
  );
}

const utf16Hex = (text: string) =>
  Array.from({ length: text.length }, (_, i) => text.charCodeAt(i).toString(16).padStart(4, '0')).join('');

/** The quarter turn a page result was recognized at (its rotation without the small deskew). */
export function quarterTurn(page: PageResult): QuarterTurn {
  return ((((Math.round((page.rotation ?? 0) / 90) * 90) % 360) + 360) % 360) as QuarterTurn;
}

/** A stretch of a line shown as one text object, with its horizontal extent in page-result space. */
interface Run {
  text: string;
  x0: number;
  x1: number;
}

/**
 * A line as the runs its stored text is made of: each space-separated token of `line.text` placed over
 * the part of the word boxes its characters cover (tesseract's words split Thai words into pieces, even
 * single characters; the stored text says where the real spaces are). When the words do not spell the
 * line (other normalization), each word is its own run.
 */
function lineRuns(line: OcrLine): Run[] {
  const words = line.words.filter((w) => w.text.trim() && w.bbox[2] > w.bbox[0]);
  const chars = (s: string) => s.replace(/\s+/g, '');
  const tokens = line.text.split(/\s+/).filter(Boolean);
  const total = words.reduce((n, w) => n + chars(w.text).length, 0);
  if (total !== tokens.reduce((n, t) => n + t.length, 0))
    return words.map((w) => ({ text: w.text, x0: w.bbox[0], x1: w.bbox[2] }));
  /** x of the boundary before character `i` of the line (characters spread evenly over their word). */
  const xAt = (i: number, end: boolean): number => {
    let seen = 0;
    for (const w of words) {
      const n = chars(w.text).length;
      if (i < seen + n || (end && i === seen + n))
        return w.bbox[0] + ((w.bbox[2] - w.bbox[0]) * (i - seen)) / Math.max(1, n);
      seen += n;
    }
    return (words.at(-1) as OcrLine['words'][number]).bbox[2];
  };
  let at = 0;
  return tokens.map((text) => {
    const run = { text, x0: xAt(at, false), x1: xAt(at + text.length, true) };
    at += text.length;
    return run;
  });
}

/**
 * Writes the recognized text as invisible text placed the way tesseract's and OCRmyPDF's renderers place
 * it, so that viewers, `pdftotext` and pdf.js read it back in order: line by line in reading order, one
 * baseline and one font size per line (the words' median bottom and the line's height above it), each
 * word of the stored text its own text object stretched (Tz) over its box (Thai clusters are never
 * split), and a real space between words stretched over the gap. On a page scanned slightly askew the
 * lines are laid level about the page's centre (their slope taken out), so that the cells of one table
 * row, which tesseract may read as separate lines, share a baseline and read back as one row. `toUser`
 * maps page-result space to user space.
 */
function addTextLayer(page: PDFPage, font: PDFRef, result: PageResult, toUser: (p: Point) => Point): void {
  const name = page.node.newFontDictionary('GlyphLessFont', font);
  const ops: PDFOperator[] = [];
  const slope = Math.tan(
    lineSkew(
      result.blocks.flatMap((b) => b.lines.map((l) => l.words)),
      result.width,
    ),
  );
  const level = (w: { bbox: BBox }, y: number) =>
    y - slope * ((w.bbox[0] + w.bbox[2]) / 2 - result.width / 2);
  for (const block of result.blocks)
    for (const line of block.lines) {
      if (!line.words.length) continue;
      const base = median(line.words.map((w) => level(w, w.bbox[3])));
      const top = Math.min(...line.words.map((w) => level(w, w.bbox[1])));
      if (base <= top) continue;
      const runs = lineRuns(line).filter((r) => r.x1 > r.x0);
      runs.forEach((run, i) => {
        const o = toUser([run.x0, base]);
        const r = toUser([run.x1, base]);
        const t = toUser([run.x0, top]);
        const length = Math.hypot(r[0] - o[0], r[1] - o[1]);
        const size = Math.hypot(t[0] - o[0], t[1] - o[1]);
        if (!length || !size) return;
        const [ux, uy] = [(r[0] - o[0]) / length, (r[1] - o[1]) / length];
        const [vx, vy] = [(t[0] - o[0]) / size, (t[1] - o[1]) / size];
        ops.push(
          beginText(),
          setTextRenderingMode(TextRenderingMode.Invisible),
          setFontAndSize(name, size),
          setTextMatrix(ux, uy, vx, vy, o[0], o[1]),
          setCharacterSqueeze((100 * length) / (size * ADVANCE * run.text.length)),
          showText(PDFHexString.of(utf16Hex(run.text))),
        );
        const next = runs[i + 1];
        if (next) {
          const n = toUser([next.x0, base]);
          const gap = (n[0] - r[0]) * ux + (n[1] - r[1]) * uy;
          ops.push(
            setCharacterSqueeze((100 * Math.max(gap, size * 0.1)) / (size * ADVANCE)),
            showText(PDFHexString.of(utf16Hex(' '))),
          );
        }
        ops.push(endText());
      });
    }
  page.pushOperators(...ops);
}

/** User-space point of a point given in pdf.js display units (`scale` per point) of a page. */
function displayToUser(page: PDFPage, scale: number): (p: Point) => Point {
  const { x: x0, y: y0, width, height } = page.getCropBox();
  const x1 = x0 + width;
  const y1 = y0 + height;
  const r = (((page.getRotation().angle % 360) + 360) % 360) as QuarterTurn;
  return ([X, Y]) => {
    const [u, v] = [X / scale, Y / scale];
    if (r === 90) return [x0 + v, y0 + u];
    if (r === 180) return [x1 - u, y0 + v];
    if (r === 270) return [x1 - v, y1 - u];
    return [x0 + u, y1 - v];
  };
}

/** Maps upright page-result coordinates back to the page as it was before the quarter turn. */
function unturn(result: PageResult, turn: QuarterTurn): (p: Point) => Point {
  const back = ((360 - turn) % 360) as QuarterTurn;
  return (p) => rotatePoint(p, back, result.width, result.height);
}

/**
 * True when the result's size is the page's size turned by the result's quarter turn. Results whose
 * turn was not kept (e.g. read back from storage without it) fail this on turned pages, and those
 * pages get no text layer rather than a misplaced one.
 */
function matches(result: PageResult, turn: QuarterTurn, width: number, height: number): boolean {
  const [w, h] = turn % 180 ? [height, width] : [width, height];
  const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(3, b * 0.01);
  return close(result.width, w) && close(result.height, h);
}

const usable = (p: PageResult | undefined): p is PageResult =>
  !!p && p.source === 'ocr' && !p.error && p.blocks.length > 0 && p.width > 0 && p.height > 0;

async function fromPdf(bytes: Uint8Array, pages: PageResult[]): Promise<PDFDocument> {
  let original: PDFDocument;
  try {
    original = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    const encrypted = /encrypt/i.test((err as Error).message);
    throw new AppError(
      'invalid_file',
      encrypted
        ? 'The PDF is encrypted (password protected)'
        : `The PDF is corrupt: ${(err as Error).message}`,
      { details: { reason: encrypted ? 'encrypted_pdf' : 'corrupt_pdf' }, cause: err },
    );
  }
  const out = await PDFDocument.create({ updateMetadata: false });
  const numbers = pages.length ? pages.map((p) => p.page) : original.getPageIndices().map((i) => i + 1);
  const copied = await out.copyPages(
    original,
    numbers.map((n) => n - 1),
  );
  let font: PDFRef | undefined;
  copied.forEach((page, i) => {
    out.addPage(page);
    const result = pages[i];
    if (!usable(result)) return;
    const turn = quarterTurn(result);
    const scale = PDF_DPI / 72;
    const box = page.getCropBox();
    const sideways = page.getRotation().angle % 180 !== 0;
    const [w, h] = sideways
      ? [box.height * scale, box.width * scale]
      : [box.width * scale, box.height * scale];
    if (!matches(result, turn, w, h)) return;
    font ??= glyphlessFont(out.context);
    const toDisplay = unturn(result, turn);
    const toUser = displayToUser(page, scale);
    addTextLayer(page, font, result, (p) => toUser(toDisplay(p)));
    if (turn) page.setRotation(degrees((page.getRotation().angle + turn) % 360));
  });
  return out;
}

async function fromImage(file: FileRef, bytes: Uint8Array, pages: PageResult[]): Promise<PDFDocument> {
  const out = await PDFDocument.create();
  let font: PDFRef | undefined;
  const frames = imageFrames(bytes, file.mime, Number.MAX_SAFE_INTEGER);
  const k = 72 / PDF_DPI;
  for (const result of pages) {
    let image: { ref: PDFRef; width: number; height: number } | undefined;
    if (frames.count === 1 && file.mime === 'image/png') image = embedPngAsIs(out.context, bytes);
    else if (file.mime === 'image/jpeg') image = await out.embedJpg(bytes);
    if (!image) {
      const gray = await frames.frame(result.page - 1);
      const stream = out.context.stream(deflateSync(gray.data), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: gray.width,
        Height: gray.height,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
      });
      image = { ref: out.context.register(stream), width: gray.width, height: gray.height };
    }
    const turn = quarterTurn(result);
    const [w, h] = turn % 180 ? [image.height, image.width] : [image.width, image.height];
    const page = out.addPage([w * k, h * k]);
    const toUser = ([x, y]: Point): Point => [x * k, (h - y) * k];
    // The image's unit square: corners of the original image, turned upright, in user space.
    const at = (x: number, y: number) => toUser(rotatePoint([x, y], turn, image.width, image.height));
    const o = at(0, image.height);
    const a = at(image.width, image.height);
    const c = at(0, 0);
    const xobject = page.node.newXObject('Scan', image.ref);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(a[0] - o[0], a[1] - o[1], c[0] - o[0], c[1] - o[1], o[0], o[1]),
      drawObject(xobject),
      popGraphicsState(),
    );
    if (usable(result) && matches(result, turn, image.width, image.height)) {
      font ??= glyphlessFont(out.context);
      addTextLayer(page, font, result, toUser);
    }
  }
  return out;
}

/**
 * A searchable PDF from a stored file and its page results: PDF pages are copied as they are (pages
 * that were OCRed get an invisible text layer and are turned upright), images become pages with the
 * original image and an invisible text layer. Only the pages in `pages` are included, in that order.
 */
export async function buildSearchablePdf(file: FileRef, pages: PageResult[]): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(file.path));
  const doc =
    file.mime === 'application/pdf' ? await fromPdf(bytes, pages) : await fromImage(file, bytes, pages);
  doc.setProducer('docserve');
  return doc.save({ useObjectStreams: true });
}
