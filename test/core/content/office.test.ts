import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docxReader, xlsxReader } from '../../../src/core/content/office.ts';
import { assertSafeZip } from '../../../src/core/content/zip-guard.ts';
import { AppError } from '../../../src/errors.ts';
import { tinyDocx, tinyXlsx, zipBomb } from '../../helpers/office.ts';
import { tempDir } from '../../helpers/server.ts';

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

let n = 0;
function file(bytes: Uint8Array, ext: string) {
  const path = join(dir.path, `f${n++}.${ext}`);
  writeFileSync(path, bytes);
  return { path, mime: 'application/octet-stream' };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('DOCX', () => {
  test('paragraphs and table cells become one normalized page', async () => {
    const docx = tinyDocx(['สัญญาเช่า ฉบับที่ ๑๒', 'น\u0E49\u0E4D\u0E32ประปา'], ['ผู้เช่า', 'ACME Co.']);
    const [page, ...rest] = await docxReader()(file(docx, 'docx'), {});
    expect(rest).toEqual([]);
    expect(page?.source).toBe('text');
    expect(page?.text).toContain('สัญญาเช่า ฉบับที่ ๑๒');
    expect(page?.text).toContain('น้ำประปา');
    expect(page?.text).toContain('ผู้เช่า');
    expect(page?.text).toContain('ACME Co.');
  });

  test('a zip bomb or a broken file is refused as invalid_file', async () => {
    const bomb = await refusal(
      docxReader({ maxEntries: 100, maxUncompressedBytes: 1_000_000 })(file(zipBomb(5_000_000), 'docx'), {}),
    );
    expect(bomb.code).toBe('invalid_file');
    expect(bomb.details).toEqual({ reason: 'zip_bomb' });
    const broken = await refusal(docxReader()(file(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), 'docx'), {}));
    expect(broken.code).toBe('invalid_file');
  });
});

describe('XLSX', () => {
  test('one page per sheet with the sheet name, cells joined by tabs, numbers and formulas as text', async () => {
    const xlsx = await tinyXlsx({
      ใบแจ้งหนี้: [
        ['รายการ', 'จำนวนเงิน'],
        ['ค่าเช่า', 12000],
        ['รวม', { formula: 'B2*2', result: 24000 }],
      ],
      Notes: [[{ richText: [{ text: 'rich ' }, { text: 'ข้อความ' }] }, true]],
    });
    const pages = await xlsxReader()(file(xlsx, 'xlsx'), {});
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(pages[0]?.text.split('\n')).toEqual(['ใบแจ้งหนี้', 'รายการ\tจำนวนเงิน', 'ค่าเช่า\t12000', 'รวม\t24000']);
    expect(pages[1]?.text).toBe('Notes\nrich ข้อความ\ttrue');
  });

  test('a zip bomb is refused before parsing', async () => {
    const err = await refusal(
      xlsxReader({ maxEntries: 100, maxUncompressedBytes: 1_000_000 })(
        file(zipBomb(5_000_000, 'xl/worksheets/sheet1.xml'), 'xlsx'),
        {},
      ),
    );
    expect(err.details).toEqual({ reason: 'zip_bomb' });
  });
});

describe('assertSafeZip', () => {
  test('accepts real office files and refuses too many entries', async () => {
    expect(() => assertSafeZip(tinyDocx(['ok']))).not.toThrow();
    expect(() => assertSafeZip(tinyDocx(['ok']), { maxEntries: 2, maxUncompressedBytes: 1e9 })).toThrow(
      /parts/,
    );
  });

  test('catches an entry that inflates beyond the size its header declares', () => {
    const zip = zipBomb(2_000_000, 'a.xml');
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    view.setUint32(22, 100, true);
    for (let i = 0; i + 4 <= zip.length; i++)
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 100, true);
    expect(() => assertSafeZip(zip)).toThrow(/expands beyond/);
  });
});
