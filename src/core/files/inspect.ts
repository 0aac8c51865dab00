import { open, readFile, stat } from 'node:fs/promises';
import { imageSize } from 'image-size';
import yauzl from 'yauzl';
import { AppError } from '../../errors.ts';
import { imageFrames } from '../ocr/images.ts';
import type { FileKind } from './mime.ts';

/** What a quick look at a file found (before any expensive processing). */
export interface Inspection {
  pageCount?: number;
  width?: number;
  height?: number;
}

/** Checks a file is processable before it is stored; throws `invalid_file` naming the problem. */
export type FileInspector = (path: string, mime: string, kind: FileKind) => Promise<Inspection>;

async function readRange(path: string, start: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, Math.max(0, start));
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Largest `/Width`x`/Height` of uncompressed image dictionaries in a PDF, scanned in chunks. */
async function largestPdfImage(path: string, size: number): Promise<number> {
  const fh = await open(path, 'r');
  const chunk = Buffer.alloc(Math.min(size, 1024 * 1024));
  let carry = '';
  let largest = 0;
  try {
    for (let pos = 0; ; ) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (!bytesRead) break;
      pos += bytesRead;
      const text = carry + chunk.toString('latin1', 0, bytesRead);
      for (const m of text.matchAll(
        /<<((?:(?!>>)[\s\S]){0,2000}?\/Subtype\s*\/Image(?:(?!>>)[\s\S]){0,2000}?)>>/g,
      )) {
        const w = Number(m[1]?.match(/\/Width\s+(\d+)/)?.[1] ?? 0);
        const h = Number(m[1]?.match(/\/Height\s+(\d+)/)?.[1] ?? 0);
        largest = Math.max(largest, w * h);
      }
      carry = text.slice(-4096);
    }
  } finally {
    await fh.close();
  }
  return largest;
}

/** Office files inflating beyond this are refused as decompression bombs. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** Sums the uncompressed sizes in a zip's central directory without inflating anything. */
function zipInflatedSize(path: string): Promise<{ entries: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('unreadable zip'));
      let entries = 0;
      let bytes = 0;
      zip.on('entry', (e: yauzl.Entry) => {
        entries++;
        bytes += e.uncompressedSize;
        zip.readEntry();
      });
      zip.on('end', () => resolve({ entries, bytes }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * Cheap structural checks that need no decoder: PDF header, end-of-file marker (truncation) and
 * encryption dictionary; image dimensions from the header against a pixel budget (image bombs).
 */
export function basicInspector(maxPixels: number): FileInspector {
  return async (path, mime, kind) => {
    const { size } = await stat(path);
    if (size === 0)
      throw new AppError('invalid_file', 'The file is empty (0 bytes)', { details: { reason: 'empty' } });
    if (kind === 'pdf') {
      const head = await readRange(path, 0, 1024);
      if (!head.toString('latin1').includes('%PDF-'))
        throw new AppError('invalid_file', 'The PDF is corrupt: no PDF header', {
          details: { reason: 'corrupt_pdf' },
        });
      const tail = (await readRange(path, size - 2048, 2048)).toString('latin1');
      if (!tail.includes('%%EOF'))
        throw new AppError('invalid_file', 'The PDF is truncated: no end-of-file marker', {
          details: { reason: 'truncated_pdf' },
        });
      if (!tail.includes('startxref'))
        throw new AppError('invalid_file', 'The PDF is corrupt: no cross-reference table', {
          details: { reason: 'corrupt_pdf' },
        });
      if (/\/Encrypt\s/.test(tail) || /\/Encrypt\s*\d+\s+\d+\s+R/.test(tail))
        throw new AppError(
          'invalid_file',
          'The PDF is encrypted (password protected); remove the password and upload it again',
          {
            details: { reason: 'encrypted_pdf' },
          },
        );
      const pixels = await largestPdfImage(path, size);
      if (pixels > maxPixels)
        throw new AppError(
          'invalid_file',
          `The PDF contains an image of ${pixels.toLocaleString('en')} pixels, above the ${maxPixels.toLocaleString('en')} pixel limit`,
          { details: { reason: 'image_too_large' } },
        );
      return {};
    }
    if (kind === 'image') {
      let dims: { width?: number; height?: number; images?: { width: number; height: number }[] };
      try {
        dims = imageSize(await readRange(path, 0, Math.min(size, 4 * 1024 * 1024)));
      } catch {
        throw new AppError('invalid_file', `The ${mime} image is corrupt: its header cannot be read`, {
          details: { reason: 'corrupt_image' },
        });
      }
      const frames = dims.images?.length
        ? dims.images
        : [{ width: dims.width ?? 0, height: dims.height ?? 0 }];
      for (const f of frames) {
        if (!f.width || !f.height)
          throw new AppError('invalid_file', 'The image has no dimensions', {
            details: { reason: 'corrupt_image' },
          });
        if (f.width * f.height > maxPixels)
          throw new AppError(
            'invalid_file',
            `The image is ${f.width}x${f.height} pixels, above the ${maxPixels.toLocaleString('en')} pixel limit`,
            { details: { reason: 'image_too_large' } },
          );
      }
      return { width: frames[0]?.width, height: frames[0]?.height, pageCount: frames.length };
    }
    if (kind === 'docx' || kind === 'xlsx') {
      const label = kind.toUpperCase();
      const zip = await zipInflatedSize(path).catch(() => {
        throw new AppError('invalid_file', `The ${label} file is corrupt: its zip structure cannot be read`, {
          details: { reason: 'corrupt_archive' },
        });
      });
      if (zip.bytes > MAX_INFLATED_BYTES)
        throw new AppError(
          'invalid_file',
          `The ${label} file inflates to ${Math.round(zip.bytes / 1048576)} MB (limit ${MAX_INFLATED_BYTES / 1048576} MB): refused as a decompression bomb`,
          { details: { reason: 'decompression_bomb' } },
        );
    }
    return {};
  };
}

/**
 * The ingest inspector, run before an upload is acknowledged: {@link basicInspector}'s byte-level checks
 * (empty, truncated, encrypted, no cross-reference pointer, image and zip bombs) and, for TIFFs, every
 * page's header (page count, pixel budget for every page). Nothing here loads a decoder: a PDF is parsed
 * by its processing job, which counts its pages and fails it with the reason when it cannot be read.
 */
export function documentInspector(maxPixels: number): FileInspector {
  const basic = basicInspector(maxPixels);
  return async (path, mime, kind) => {
    const found = await basic(path, mime, kind);
    if (mime !== 'image/tiff') return found;
    return { ...found, pageCount: imageFrames(await readFile(path), mime, maxPixels).count };
  };
}
