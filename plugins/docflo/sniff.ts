import { open, readFile } from 'node:fs/promises';
import { normalizeThai, type PageResult } from '../../src/plugin-api.ts';

/** The MIME type of a PDF or image from its first bytes; undefined for anything else. */
export async function sniffScan(path: string): Promise<string | undefined> {
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(16);
    await fh.read(head, 0, 16, 0);
    // 'latin1' decodes as windows-1252 (0x89 is ‰), so only the ASCII bytes are compared as text.
    const ascii = new TextDecoder('latin1').decode(head);
    if (ascii.startsWith('%PDF-')) return 'application/pdf';
    if (head[0] === 0x89 && ascii.slice(1, 4) === 'PNG') return 'image/png';
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
    if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return 'image/tiff';
    if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp';
    if (ascii.startsWith('GIF8')) return 'image/gif';
    if (ascii.startsWith('BM')) return 'image/bmp';
    return undefined;
  } finally {
    await fh.close();
  }
}

/** One text page from a UTF-8 text file (its text in the stored form); undefined when the file is not text. */
export async function textPage(path: string): Promise<PageResult | undefined> {
  const bytes = await readFile(path);
  if (bytes.includes(0)) return undefined;
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const text = normalizeThai(raw);
  return { page: 1, source: 'text', width: 0, height: 0, text, rawText: raw, confidence: null, blocks: [] };
}
