import { open, stat } from 'node:fs/promises';
import { imageSize } from 'image-size';
import { AppError } from '../../errors.ts';
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
      if (/\/Encrypt\s/.test(tail) || /\/Encrypt\s*\d+\s+\d+\s+R/.test(tail))
        throw new AppError(
          'invalid_file',
          'The PDF is encrypted (password protected); remove the password and upload it again',
          {
            details: { reason: 'encrypted_pdf' },
          },
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
    return {};
  };
}
