/**
 * Document numbers laid out the ways Thai forms print them (issue 17, second round): hand-written
 * rows on an A4 page (`layoutPage`: `[x, text]` cells, rows 60 units apart).
 */
import { describe, expect, test } from 'bun:test';
import { parseDocumentNumber } from '../../../src/core/extract/identifiers.ts';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage } from './helpers.ts';

const data = (rows: [number, string][][]) => extractGeneric([layoutPage(rows)]).data;

describe('the document number', () => {
  test('beside a bilingual label on two lines, its value centred between them', () => {
    const page = layoutPage([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1700, 'ใบสั่งซื้อ']],
      [[1300, 'เลขที่ใบสั่งซื้อ']],
      [[1300, 'PO Number']],
    ]);
    // The value's line sits half a row lower than the Thai label: the reader groups it with neither.
    const value = { text: 'DK-PO-69-0107', bbox: [1640, 250, 1874, 290] as [number, number, number, number] };
    page.blocks.push({
      text: value.text,
      bbox: value.bbox,
      confidence: 1,
      lines: [{ ...value, confidence: 1, words: [{ ...value, confidence: 1 }] }],
    });
    expect(extractGeneric([page]).data.documentNumber).toBe('DK-PO-69-0107');
  });

  test('a number wrapped over two or three lines of a narrow cell is joined', () => {
    const two = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1900, 'ใบเสนอราคา']],
      [
        [1200, 'เลขที่'],
        [1800, 'QT25691'],
      ],
      [
        [150, 'เรียน บริษัท ลำปางเซรามิก จำกัด'],
        [1800, '1-0230'],
      ],
    ]);
    expect(two.documentNumber).toBe('QT256911-0230');
    const three = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1900, 'ใบกำกับภาษี']],
      [
        [1200, 'เลขที่'],
        [1800, 'IV2569'],
      ],
      [[1800, '11-']],
      [[1800, '0087']],
    ]);
    expect(three.documentNumber).toBe('IV256911-0087');
  });

  test('the rest of a wrapped number is the word right under it, whatever the line holds beside it', () => {
    const po = data([
      [[150, 'Siam Technology Co., Ltd.']],
      [[1700, 'PURCHASE ORDER']],
      [
        [200, 'Document No.'],
        [700, 'Date'],
        [1200, 'Quotation No.'],
      ],
      [[200, 'PUR-2025- 01/08/2025 Q6810-8362']],
      [[200, '9005']],
    ]);
    expect(po.documentNumber).toBe('PUR-2025-9005');
  });

  test("a reference label wrapped over lines of its header cell is not the document's own label", () => {
    const english = data([
      [[150, 'Lanna Trading Co., Ltd.']],
      [[1700, 'DEBIT NOTE']],
      [
        [200, 'No.'],
        [700, 'Date'],
        [1200, 'Original'],
      ],
      [[1200, 'Invoice']],
      [[1200, 'No.']],
      [
        [200, 'DR202604651'],
        [700, '22/08/2026'],
        [1200, 'INV6911-2632'],
      ],
    ]);
    expect(english.documentNumber).toBe('DR202604651');
    const thai = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1900, 'ใบเพิ่มหนี้']],
      [
        [200, 'เลขที่เอกสาร'],
        [700, 'วันที่'],
        [1200, 'ตามใบกำกับ'],
      ],
      [[1200, 'ภาษีเลขที่']],
      [
        [200, 'DN202603958'],
        [700, '15/01/2569'],
        [1200, 'INV6903-1301'],
      ],
    ]);
    expect(thai.documentNumber).toBe('DN202603958');
  });

  test('a phone line under a number label whose value OCR garbled is not the number', () => {
    const invoice = data([
      [[150, 'หจก. เจริญอินเตอร์']],
      [[1700, 'ใบกำกับภาษี']],
      [
        [150, 'เลขที่ผู้เสียภาษี 0-1055-51812-81-1'],
        [1300, 'เลขที่เอกสาร 7]>(202503276'],
      ],
      [
        [150, 'E-mail: contact@jaroen.co.th'],
        [1300, 'Tel. 02-992-5916'],
      ],
    ]);
    expect(invoice.documentNumber).toBeNull();
    expect(parseDocumentNumber('Tel. 02-992-5916')).toBeNull();
    expect(parseDocumentNumber('โทร.053-209-442')).toBeNull();
  });

  test("a letter's number keeps the space after a Thai abbreviation written with a dot", () => {
    expect(parseDocumentNumber('กจ. 118/2569')).toBe('กจ. 118/2569');
    expect(parseDocumentNumber('ชม.0012/2569')).toBe('ชม.0012/2569');
  });
});
