import { readFile } from 'node:fs/promises';
import { imageSize } from 'image-size';
import * as UTIF from 'utif2';
import { AppError } from '../errors.ts';
import { checkPixels } from './ocr/images.ts';
import type { FileRef } from './ocr/types.ts';
import { openPdfFile } from './pdf/pdfjs.ts';

type Canvas = import('@napi-rs/canvas').Canvas;

/** A page drawn for people to look at. */
export interface RenderedPage {
  png: Uint8Array;
  width: number;
  height: number;
}

const noPage = (page: number) => new AppError('not_found', `Page ${page} not found`);

/**
 * Draws one page as a PNG at most `maxWidth` pixels wide: PDF pages through pdf.js, images (every TIFF
 * frame) scaled down. The page keeps the aspect of the page's box coordinates, so word boxes scale onto it.
 */
export async function renderPageImage(
  file: FileRef,
  page: number,
  maxWidth: number,
  maxPixels: number,
): Promise<RenderedPage> {
  if (file.mime === 'application/pdf') return pdfPage(file.path, page, maxWidth, maxPixels);
  if (file.mime.startsWith('image/')) return imagePage(file, page, maxWidth, maxPixels);
  throw new AppError('not_found', 'This document has no page images (it is not a PDF or an image)');
}

async function pdfPage(path: string, n: number, maxWidth: number, maxPixels: number): Promise<RenderedPage> {
  const { canvas, doc, close } = await openPdfFile(path, { maxImagePixels: maxPixels });
  try {
    if (n > doc.numPages) throw noPage(n);
    const page = await doc.getPage(n);
    try {
      const natural = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: Math.min(maxWidth / natural.width, 4) });
      const out = canvas.createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const ctx = out.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, out.width, out.height);
      await page.render({ canvas: null, canvasContext: ctx as never, viewport }).promise;
      return await encode(out);
    } finally {
      page.cleanup();
    }
  } finally {
    await close();
  }
}

async function imagePage(
  file: FileRef,
  n: number,
  maxWidth: number,
  maxPixels: number,
): Promise<RenderedPage> {
  const napi = await import('@napi-rs/canvas');
  const bytes = await readFile(file.path);
  let source: Canvas | Awaited<ReturnType<typeof napi.loadImage>>;
  if (file.mime === 'image/tiff') {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const frames = UTIF.decode(buffer).filter((ifd) => ifd.t256 && ifd.t257);
    const ifd = frames[n - 1];
    if (!ifd) throw noPage(n);
    checkPixels(Number(ifd.t256), Number(ifd.t257), maxPixels);
    UTIF.decodeImage(buffer, ifd);
    const full = napi.createCanvas(ifd.width, ifd.height);
    const rgba = new Uint8ClampedArray(UTIF.toRGBA8(ifd));
    full.getContext('2d').putImageData(new napi.ImageData(rgba, ifd.width, ifd.height), 0, 0);
    source = full;
  } else {
    if (n !== 1) throw noPage(n);
    const dims = imageSize(bytes);
    checkPixels(dims.width ?? 0, dims.height ?? 0, maxPixels);
    source = await napi.loadImage(bytes);
  }
  const scale = Math.min(1, maxWidth / source.width);
  const out = napi.createCanvas(
    Math.max(1, Math.round(source.width * scale)),
    Math.max(1, Math.round(source.height * scale)),
  );
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0, out.width, out.height);
  return encode(out);
}

async function encode(canvas: Canvas): Promise<RenderedPage> {
  return { png: await canvas.encode('png'), width: canvas.width, height: canvas.height };
}
