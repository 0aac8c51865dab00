import type { PDFPageProxy, TextItem } from 'pdfjs-dist/types/src/display/api';
import { AppError } from '../../errors.ts';
import { fromBits, type GrayImage, toGray } from '../ocr/raster.ts';
import type { DocumentSource, PageImage } from '../ocr/source.ts';
import type { PageResult } from '../ocr/types.ts';
import { type OpenPdf, openPdfFile, type PdfJs } from './pdfjs.ts';
import { textLines } from './text-lines.ts';

/** PDF pages are measured, rendered and OCRed at 300 dpi. */
export const PDF_DPI = 300;
const SCALE = PDF_DPI / 72;
/** An embedded page image is OCRed as it is when its own resolution lies in this range. */
const EMBEDDED_DPI = { min: 150, max: 600 };

type Matrix = [number, number, number, number, number, number];

/** Opens a PDF's pages: text layers from pdf.js, images from the page's single image or a 300 dpi render. */
export async function openPdfSource(path: string, maxPixels: number): Promise<DocumentSource> {
  const { pdfjs, canvas, doc, close } = await openPdfFile(path, { maxImagePixels: maxPixels });
  const withPage = async <T>(n: number, fn: (page: PDFPageProxy) => Promise<T>): Promise<T> => {
    const page = await doc.getPage(n);
    try {
      return await fn(page);
    } finally {
      page.cleanup();
    }
  };
  return {
    pageCount: doc.numPages,
    text: (n) => withPage(n, (page) => textLayer(pdfjs, page, n)),
    image: (n) =>
      withPage(n, async (page) => {
        try {
          return (await embeddedImage(pdfjs, page, maxPixels)) ?? (await render(canvas, page, maxPixels));
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw new AppError('invalid_file', `Page ${n} cannot be rendered: ${(err as Error).message}`, {
            details: { reason: 'corrupt_pdf' },
            cause: err,
          });
        }
      }),
    close,
  };
}

/**
 * The page's text layer as a page result (boxes in 300 dpi units), or null when it has no text. Lines
 * and words come from the runs' geometry ({@link textLines}); `rawText` is pdf.js's text as it came.
 */
async function textLayer(pdfjs: PdfJs, page: PDFPageProxy, n: number): Promise<PageResult | null> {
  const content = await page.getTextContent();
  const items = content.items.filter((i): i is TextItem => 'str' in i);
  if (!items.some((i) => i.str.trim())) return null;
  const viewport = page.getViewport({ scale: SCALE });
  const lines = textLines(
    items.map((item) => ({
      str: item.str,
      m: pdfjs.Util.transform(viewport.transform, item.transform) as Matrix,
      width: item.width * SCALE,
    })),
  );
  const rawText = items
    .map((i) => i.str + (i.hasEOL ? '\n' : ''))
    .join('')
    .trim();
  const text = lines.map((l) => l.text).join('\n');
  return {
    page: n,
    source: 'text-layer',
    width: Math.round(viewport.width),
    height: Math.round(viewport.height),
    text,
    rawText,
    confidence: null,
    blocks: lines.length
      ? [
          {
            text,
            bbox: [
              Math.min(...lines.map((l) => l.bbox[0])),
              Math.min(...lines.map((l) => l.bbox[1])),
              Math.max(...lines.map((l) => l.bbox[2])),
              Math.max(...lines.map((l) => l.bbox[3])),
            ],
            confidence: 1,
            lines,
          },
        ]
      : [],
  };
}

/** Operators that paint something other than a plain image XObject. */
function paintsOtherThings(OPS: PdfJs['OPS'], fn: number): boolean {
  return [
    OPS.constructPath,
    OPS.fill,
    OPS.eoFill,
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
    OPS.shadingFill,
    OPS.showText,
    OPS.showSpacedText,
    OPS.nextLineShowText,
    OPS.nextLineSetSpacingShowText,
    OPS.paintInlineImageXObject,
    OPS.paintInlineImageXObjectGroup,
    OPS.paintImageMaskXObject,
    OPS.paintImageMaskXObjectGroup,
    OPS.paintImageXObjectRepeat,
    OPS.paintImageMaskXObjectRepeat,
    OPS.paintSolidColorImageMask,
    OPS.beginAnnotation,
  ].includes(fn);
}

interface DecodedImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/**
 * When the page is exactly one upright image at a usable resolution, that image (no rendering) and
 * the map from its pixels to the page's 300 dpi space; otherwise null.
 */
async function embeddedImage(pdfjs: PdfJs, page: PDFPageProxy, maxPixels: number): Promise<PageImage | null> {
  const { OPS, Util } = pdfjs;
  const viewport = page.getViewport({ scale: SCALE });
  const ops = await page.getOperatorList();
  let ctm = viewport.transform as Matrix;
  const stack: Matrix[] = [];
  let found: { id: string; m: Matrix } | undefined;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i] as number;
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = Util.transform(ctm, args) as Matrix;
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args[0])) ctm = Util.transform(ctm, args[0]) as Matrix;
    } else if (fn === OPS.paintImageXObject) {
      if (found) return null;
      found = { id: String(args[0]), m: ctm };
    } else if (paintsOtherThings(OPS, fn)) return null;
  }
  if (!found) return null;
  const m = found.m;
  const upright = Math.abs(m[1]) < 1e-3 && Math.abs(m[2]) < 1e-3 && m[0] > 0 && m[3] < 0;
  if (!upright) return null;
  const objs = found.id.startsWith('g_') ? page.commonObjs : page.objs;
  const img = (await new Promise((resolve) => objs.get(found.id, resolve))) as DecodedImage | null;
  if (!img?.data || !img.width || !img.height || img.width * img.height > maxPixels) return null;
  const dpi = (PDF_DPI * img.width) / m[0];
  if (dpi < EMBEDDED_DPI.min || dpi > EMBEDDED_DPI.max) return null;
  let gray: GrayImage;
  if (img.kind === pdfjs.ImageKind.GRAYSCALE_1BPP)
    gray = fromBits(img.data as Uint8Array, img.width, img.height, true);
  else if (img.kind === pdfjs.ImageKind.RGB_24BPP) gray = toGray(img.data, img.width, img.height, 3);
  else if (img.kind === pdfjs.ImageKind.RGBA_32BPP) gray = toGray(img.data, img.width, img.height, 4);
  else return null;
  const sx = m[0] / img.width;
  const sy = -m[3] / img.height;
  const top = m[5] + m[3];
  return {
    gray,
    width: Math.round(viewport.width),
    height: Math.round(viewport.height),
    toPage: { sx, sy, tx: m[4], ty: top },
    dpi,
  };
}

/** Renders the page at 300 dpi (less when that would pass the pixel budget). */
async function render(canvas: OpenPdf['canvas'], page: PDFPageProxy, maxPixels: number): Promise<PageImage> {
  const full = page.getViewport({ scale: SCALE });
  const scale = SCALE * Math.min(1, Math.sqrt(maxPixels / (full.width * full.height)));
  const viewport = page.getViewport({ scale });
  const w = Math.ceil(viewport.width);
  const h = Math.ceil(viewport.height);
  const ctx = canvas.createCanvas(w, h).getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  await page.render({ canvas: null, canvasContext: ctx as never, viewport }).promise;
  const gray = toGray(ctx.getImageData(0, 0, w, h).data, w, h);
  const back = SCALE / scale;
  return {
    gray,
    width: Math.round(full.width),
    height: Math.round(full.height),
    toPage: scale === SCALE ? undefined : { sx: back, sy: back, tx: 0, ty: 0 },
    dpi: 72 * scale,
  };
}
