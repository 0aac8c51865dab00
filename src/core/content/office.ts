import { readFile } from 'node:fs/promises';
import { AppError } from '../../errors.ts';
import type { ContentReader } from './reader.ts';
import type { PageResult } from '../ocr/types.ts';
import { textPage } from './text-page.ts';
import { assertSafeZip, OFFICE_ZIP_LIMITS, type ZipLimits } from './zip-guard.ts';

function unreadable(kind: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('invalid_file', `The ${kind} file cannot be read: ${(err as Error).message}`, {
    details: { reason: `corrupt_${kind.toLowerCase()}` },
  });
}

/** DOCX: the document's text (paragraphs and tables, via mammoth) as one page. */
export function docxReader(limits: ZipLimits = OFFICE_ZIP_LIMITS): ContentReader {
  return async (file) => {
    const bytes = await readFile(file.path);
    assertSafeZip(bytes, limits);
    try {
      const { default: mammoth } = await import('mammoth');
      const { value } = await mammoth.extractRawText({ buffer: bytes });
      return [textPage(1, value.replace(/\n{3,}/g, '\n\n').trim())];
    } catch (err) {
      throw unreadable('DOCX', err);
    }
  };
}

/**
 * Uncompressed size limit for XLSX: the workbook is parsed in memory (ExcelJS's streaming reader
 * fails on archives whose workbook part comes after the sheets and shared strings).
 */
export const XLSX_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxUncompressedBytes: 64 * 1024 * 1024 };

/** XLSX: one page per worksheet (sheet name, then one line per row, cells separated by tabs). */
export function xlsxReader(limits: ZipLimits = XLSX_ZIP_LIMITS): ContentReader {
  return async (file, opts) => {
    const bytes = await readFile(file.path);
    assertSafeZip(bytes, limits);
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch (err) {
      throw unreadable('XLSX', err);
    }
    const pages: PageResult[] = [];
    for (const sheet of workbook.worksheets) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
      const lines = sheet.name ? [sheet.name] : [];
      sheet.eachRow((row) => {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        const line = values.map(cellText).join('\t').trimEnd();
        if (line) lines.push(line);
      });
      const page = textPage(pages.length + 1, lines.join('\n'));
      pages.push(page);
      opts.onPage?.(page, pages.length, workbook.worksheets.length);
    }
    return pages.length ? pages : [textPage(1, '')];
  };
}

/** Display text of an ExcelJS cell value (rich text, formulas, hyperlinks, dates, errors). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return String(v).replace(/\s+/g, ' ');
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText))
    return o.richText.map((r) => cellText((r as { text?: unknown }).text)).join('');
  if ('result' in o) return cellText(o.result);
  if ('text' in o) return cellText(o.text);
  if ('error' in o) return cellText(o.error);
  return '';
}
