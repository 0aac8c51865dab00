import { open } from 'node:fs/promises';
import type { FileRef, PageResult } from '../ocr/types.ts';
import { textPage } from './text-page.ts';

/** Text beyond this is not extracted (a 24 MB log file must not cost gigabytes of memory). */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;

/** Plain text, Markdown, CSV, JSON: one page with the file's text (the first 8 MB). */
export async function readPlainText(file: Pick<FileRef, 'path'>): Promise<PageResult[]> {
  const fh = await open(file.path, 'r');
  let raw: string;
  let truncated: boolean;
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(size, MAX_TEXT_BYTES));
    await fh.read(buf, 0, buf.length, 0);
    raw = new TextDecoder('utf-8').decode(buf);
    truncated = size > MAX_TEXT_BYTES;
  } finally {
    await fh.close();
  }
  const page = textPage(1, raw);
  if (truncated) page.error = `Only the first ${MAX_TEXT_BYTES / 1048576} MB of text were extracted`;
  return [page];
}
