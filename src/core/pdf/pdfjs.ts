/**
 * pdf.js set up to run inside the single binary: parsing in-process (the worker module is loaded into
 * this thread), canvases from @napi-rs/canvas, standard fonts and wasm decoders served from files
 * embedded in the binary, and the file read by ranges so a large PDF is never held whole in memory.
 */
import { open } from 'node:fs/promises';
import jbig2Wasm from 'pdfjs-dist/wasm/jbig2.wasm' with { type: 'file' };
import openjpegWasm from 'pdfjs-dist/wasm/openjpeg.wasm' with { type: 'file' };
import qcmsWasm from 'pdfjs-dist/wasm/qcms_bg.wasm' with { type: 'file' };
import foxitDingbats from 'pdfjs-dist/standard_fonts/FoxitDingbats.pfb' with { type: 'file' };
import foxitFixed from 'pdfjs-dist/standard_fonts/FoxitFixed.pfb' with { type: 'file' };
import foxitFixedBold from 'pdfjs-dist/standard_fonts/FoxitFixedBold.pfb' with { type: 'file' };
import foxitFixedBoldItalic from 'pdfjs-dist/standard_fonts/FoxitFixedBoldItalic.pfb' with { type: 'file' };
import foxitFixedItalic from 'pdfjs-dist/standard_fonts/FoxitFixedItalic.pfb' with { type: 'file' };
import foxitSerif from 'pdfjs-dist/standard_fonts/FoxitSerif.pfb' with { type: 'file' };
import foxitSerifBold from 'pdfjs-dist/standard_fonts/FoxitSerifBold.pfb' with { type: 'file' };
import foxitSerifBoldItalic from 'pdfjs-dist/standard_fonts/FoxitSerifBoldItalic.pfb' with { type: 'file' };
import foxitSerifItalic from 'pdfjs-dist/standard_fonts/FoxitSerifItalic.pfb' with { type: 'file' };
import foxitSymbol from 'pdfjs-dist/standard_fonts/FoxitSymbol.pfb' with { type: 'file' };
import liberationBold from 'pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf' with { type: 'file' };
import liberationBoldItalic from 'pdfjs-dist/standard_fonts/LiberationSans-BoldItalic.ttf' with {
  type: 'file',
};
import liberationItalic from 'pdfjs-dist/standard_fonts/LiberationSans-Italic.ttf' with { type: 'file' };
import liberationRegular from 'pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf' with { type: 'file' };
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import { AppError } from '../../errors.ts';

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type NapiCanvas = typeof import('@napi-rs/canvas');
export type { PDFDocumentProxy };

const EMBEDDED: Record<string, string> = {
  'jbig2.wasm': jbig2Wasm,
  'openjpeg.wasm': openjpegWasm,
  'qcms_bg.wasm': qcmsWasm,
  'FoxitDingbats.pfb': foxitDingbats,
  'FoxitFixed.pfb': foxitFixed,
  'FoxitFixedBold.pfb': foxitFixedBold,
  'FoxitFixedBoldItalic.pfb': foxitFixedBoldItalic,
  'FoxitFixedItalic.pfb': foxitFixedItalic,
  'FoxitSerif.pfb': foxitSerif,
  'FoxitSerifBold.pfb': foxitSerifBold,
  'FoxitSerifBoldItalic.pfb': foxitSerifBoldItalic,
  'FoxitSerifItalic.pfb': foxitSerifItalic,
  'FoxitSymbol.pfb': foxitSymbol,
  'LiberationSans-Bold.ttf': liberationBold,
  'LiberationSans-BoldItalic.ttf': liberationBoldItalic,
  'LiberationSans-Italic.ttf': liberationItalic,
  'LiberationSans-Regular.ttf': liberationRegular,
};

/** Serves pdf.js's standard fonts and wasm decoders from the embedded files. */
class EmbeddedDataFactory {
  async fetch({ filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const path = EMBEDDED[filename];
    if (!path) throw new Error(`No embedded pdf.js data named ${filename}`);
    return Bun.file(path).bytes();
  }
}

type CanvasAndContext = {
  canvas: import('@napi-rs/canvas').Canvas | null;
  context: import('@napi-rs/canvas').SKRSContext2D | null;
};

/** pdf.js's canvas factory contract, over @napi-rs/canvas. */
function canvasFactory(napi: NapiCanvas) {
  return class CanvasFactory {
    create(width: number, height: number): CanvasAndContext {
      const canvas = napi.createCanvas(width, height);
      return { canvas, context: canvas.getContext('2d') };
    }
    reset(cc: CanvasAndContext, width: number, height: number): void {
      if (!cc.canvas) return;
      cc.canvas.width = width;
      cc.canvas.height = height;
    }
    destroy(cc: CanvasAndContext): void {
      if (cc.canvas) {
        cc.canvas.width = 0;
        cc.canvas.height = 0;
      }
      cc.canvas = null;
      cc.context = null;
    }
  };
}

/**
 * Loads pdf.js and @napi-rs/canvas on first use (cached by the module loader, so importing this module
 * stays cheap) and installs the globals pdf.js expects.
 */
export async function loadPdfJs(): Promise<{ pdfjs: PdfJs; canvas: NapiCanvas }> {
  const canvas = await import('@napi-rs/canvas');
  const g = globalThis as Record<string, unknown>;
  g.DOMMatrix ??= canvas.DOMMatrix;
  g.ImageData ??= canvas.ImageData;
  g.Path2D ??= canvas.Path2D;
  if (!g.pdfjsWorker) g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  // pdf.js tries to require @napi-rs/canvas itself, which fails inside the binary and is logged as
  // a warning; the globals above already provide what it wanted, so that one warning is dropped.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('Cannot load "@napi-rs/canvas"')) warn(...args);
  };
  try {
    return { pdfjs: await import('pdfjs-dist/legacy/build/pdf.mjs'), canvas };
  } finally {
    console.warn = warn;
  }
}

/** An open PDF and how to release it. */
export interface OpenPdf {
  pdfjs: PdfJs;
  canvas: NapiCanvas;
  doc: PDFDocumentProxy;
  close(): Promise<void>;
}

const invalid = (message: string, reason: string, cause?: unknown) =>
  new AppError('invalid_file', message, { details: { reason }, cause });

/**
 * Opens a PDF file for reading by ranges. Encrypted (password) and unreadable PDFs throw
 * `invalid_file` naming the problem. `maxImagePixels` makes pdf.js skip larger images.
 */
export async function openPdfFile(path: string, opts: { maxImagePixels?: number } = {}): Promise<OpenPdf> {
  const { pdfjs, canvas } = await loadPdfJs();
  const fh = await open(path, 'r');
  const { size } = await fh.stat();
  let closed = false;
  class FileRangeTransport extends pdfjs.PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      const chunk = new Uint8Array(end - begin);
      fh.read(chunk, 0, chunk.length, begin).then(
        ({ bytesRead }) => !closed && this.onDataRange(begin, chunk.subarray(0, bytesRead)),
        () => !closed && this.onDataRange(begin, new Uint8Array(0)),
      );
    }
  }
  const transport = new FileRangeTransport(size, null);
  const task = pdfjs.getDocument({
    range: transport,
    length: size,
    disableAutoFetch: true,
    disableStream: true,
    CanvasFactory: canvasFactory(canvas),
    BinaryDataFactory: EmbeddedDataFactory,
    standardFontDataUrl: 'embedded/',
    wasmUrl: 'embedded/',
    useWorkerFetch: false,
    useSystemFonts: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    maxImageSize: opts.maxImagePixels ?? -1,
    verbosity: 0,
  } as Parameters<PdfJs['getDocument']>[0]);
  const close = async () => {
    if (closed) return;
    closed = true;
    await task.destroy().catch(() => {});
    await fh.close().catch(() => {});
  };
  try {
    const doc = await task.promise;
    if (doc.numPages < 1) throw invalid('The PDF has no pages', 'corrupt_pdf');
    return { pdfjs, canvas, doc, close };
  } catch (err) {
    await close();
    if (err instanceof AppError) throw err;
    const name = (err as Error)?.name;
    if (name === 'PasswordException')
      throw invalid(
        'The PDF is encrypted (password protected); remove the password and upload it again',
        'encrypted_pdf',
        err,
      );
    throw invalid(
      `The PDF is corrupt: ${(err as Error)?.message ?? 'it cannot be parsed'}`,
      'corrupt_pdf',
      err,
    );
  }
}
