import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../errors.ts';

/** Broad family of a file, used for filters (`type=pdf|docx|xlsx|image`) and processing. */
export type FileKind = 'pdf' | 'image' | 'docx' | 'xlsx' | 'text' | 'email' | 'other';

export interface SniffResult {
  mime: string;
  kind: FileKind;
  /** Canonical extension for the detected type, without the dot. */
  ext: string;
}

const TEXT_BY_EXT: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  eml: 'message/rfc822',
};

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** MIME types docserve accepts for upload, by kind. */
export const SUPPORTED: Record<string, FileKind> = {
  'application/pdf': 'pdf',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/tiff': 'image',
  'image/webp': 'image',
  'image/bmp': 'image',
  'image/gif': 'image',
  [DOCX]: 'docx',
  [XLSX]: 'xlsx',
  'text/plain': 'text',
  'text/markdown': 'text',
  'text/csv': 'text',
  'text/tab-separated-values': 'text',
  'application/json': 'text',
  'message/rfc822': 'email',
};

/** Kind of a MIME type ('other' when unsupported). */
export function kindOf(mime: string): FileKind {
  return SUPPORTED[mime] ?? 'other';
}

/** The family an extension claims, used to refuse names that contradict the content. */
export function claimedKind(filename: string): FileKind | undefined {
  const ext = extname(filename).slice(1).toLowerCase();
  if (ext === 'pdf') return 'pdf';
  if (['png', 'jpg', 'jpeg', 'tif', 'tiff', 'webp', 'bmp', 'gif'].includes(ext)) return 'image';
  if (ext === 'docx') return 'docx';
  if (ext === 'xlsx') return 'xlsx';
  if (ext in TEXT_BY_EXT) return TEXT_BY_EXT[ext] === 'message/rfc822' ? 'email' : 'text';
  return undefined;
}

function looksLikeText(buf: Uint8Array): boolean {
  if (buf.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.length >= 4096 ? trimPartialUtf8(buf) : buf);
    return true;
  } catch {
    return false;
  }
}

/** Drops a UTF-8 sequence cut at the end of a sample. */
function trimPartialUtf8(buf: Uint8Array): Uint8Array {
  let end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i] as number;
    if ((b & 0xc0) === 0x80) continue;
    if ((b & 0xe0) === 0xc0 && i < 2) end -= i;
    else if ((b & 0xf0) === 0xe0 && i < 3) end -= i;
    else if ((b & 0xf8) === 0xf0 && i < 4) end -= i;
    break;
  }
  return buf.subarray(0, end);
}

function looksLikeEmail(text: string): boolean {
  const head = text.slice(0, 4096);
  return (
    /^(Received|From|Return-Path|Message-ID|MIME-Version|Delivered-To|Date|Subject|To):/im.test(head) &&
    /\r?\n\r?\n/.test(text) &&
    /^From:/im.test(head)
  );
}

/** Detects the real type of a file from its first bytes, falling back to the name for text formats. */
export async function sniffFile(path: string, filename = ''): Promise<SniffResult> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return sniffBytes(buf.subarray(0, bytesRead), filename);
  } finally {
    await fh.close();
  }
}

/** {@link sniffFile} over bytes already in memory (the first 64 KB are enough). */
export async function sniffBytes(head: Uint8Array, filename = ''): Promise<SniffResult> {
  const ft = await fileTypeFromBuffer(head).catch(() => undefined);
  if (ft) return { mime: ft.mime, kind: kindOf(ft.mime), ext: ft.ext };
  if (head.length && looksLikeText(head)) {
    const ext = extname(filename).slice(1).toLowerCase();
    const text = new TextDecoder().decode(head);
    if (ext === 'eml' || looksLikeEmail(text)) return { mime: 'message/rfc822', kind: 'email', ext: 'eml' };
    const mime = TEXT_BY_EXT[ext] ?? 'text/plain';
    return { mime, kind: kindOf(mime), ext: ext in TEXT_BY_EXT ? ext : 'txt' };
  }
  return { mime: 'application/octet-stream', kind: 'other', ext: 'bin' };
}

/** Bidirectional formatting characters that can disguise an extension (`invoice\u202Efdp.exe`). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/**
 * Checks a client-supplied file name and returns it in stored form (NFC, trimmed). Names with a path
 * (`/`, `\`, `..`), control characters (NUL included), bidirectional override characters or more than
 * 255 UTF-8 bytes are refused with `bad_request`; Thai, Arabic, Hebrew and every other script are kept
 * as they are. An empty name becomes `fallback`.
 */
export function validateFilename(raw: string | undefined | null, fallback = 'upload'): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (!name) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw new AppError('bad_request', 'The file name contains control characters', {
      details: { reason: 'filename_control_chars' },
    });
  if (/[\\/]/.test(name) || name === '..' || name === '.')
    throw new AppError('bad_request', 'The file name must not contain a path (/, \\ or ..)', {
      details: { reason: 'filename_path' },
    });
  if (BIDI_CONTROLS.test(name))
    throw new AppError('bad_request', 'The file name contains bidirectional override characters', {
      details: { reason: 'filename_bidi' },
    });
  if (new TextEncoder().encode(name).length > 255)
    throw new AppError('bad_request', 'The file name is longer than 255 bytes', {
      details: { reason: 'filename_too_long' },
    });
  return name;
}
