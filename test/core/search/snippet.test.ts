import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { highlighter, SnippetBuilder, thaiBoundary } from '../../../src/core/search/snippet.ts';
import { tempDir } from '../../helpers/server.ts';
import { doc, memoryIndex } from './helpers.ts';

const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });
/** Every <mark> boundary in the snippet text falls on a grapheme cluster boundary of the plain text. */
function marksOnClusterBoundaries(html: string): boolean {
  const plain = html.replace(/<\/?mark>/g, '');
  const boundaries = new Set([...graphemes.segment(plain)].map((s) => s.index));
  boundaries.add(plain.length);
  let offset = 0;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      if (!boundaries.has(offset)) return false;
    } else offset += part.length;
  }
  return true;
}

describe('SnippetBuilder', () => {
  const b = new SnippetBuilder();

  test('marks every occurrence and escapes HTML around and inside marks', () => {
    const s = b.build('<b>ใบแจ้งหนี้</b> & "ใบแจ้งหนี้"', highlighter([{ text: 'แจ้งหนี้', wholeWord: false }]));
    expect(s.html).toBe('&lt;b&gt;ใบ<mark>แจ้งหนี้</mark>&lt;/b&gt; &amp; &quot;ใบ<mark>แจ้งหนี้</mark>&quot;');
    expect(s.found).toEqual(['แจ้งหนี้']);
  });

  test('a mark never splits a consonant from its vowel or tone mark', () => {
    const text = 'น้ำท่วมจนต้องดิ้นรนกำลังลดลง';
    for (const target of ['น', 'ท', 'กำ', 'ดิ', 'ลั'])
      expect(
        marksOnClusterBoundaries(b.build(text, highlighter([{ text: target, wholeWord: false }])).html),
      ).toBe(true);
    expect(b.build(text, highlighter([{ text: 'ดิ', wholeWord: false }])).found).toEqual([]);
    expect(b.build(text, highlighter([{ text: 'ดิ้น', wholeWord: false }])).html).toContain('<mark>ดิ้น</mark>');
  });

  test('Latin terms match whole words only, case-insensitively, original case kept', () => {
    const s = b.build('Invoice invoices INVOICE', highlighter([{ text: 'invoice', wholeWord: true }]));
    expect(s.html).toBe('<mark>Invoice</mark> invoices <mark>INVOICE</mark>');
  });

  test('a long text is cut around the densest matches on word boundaries, with ellipses', () => {
    const filler = 'ข้อความทั่วไปที่ไม่เกี่ยวข้อง'.repeat(20);
    const text = `${filler}ค่าปรับผิดสัญญาและค่าปรับล่าช้า${filler}`;
    const s = b.build(text, highlighter([{ text: 'ค่าปรับ', wholeWord: false }]), 80);
    expect(s.html.startsWith('…')).toBe(true);
    expect(s.html.endsWith('…')).toBe(true);
    expect(s.html.match(/<mark>/g)).toHaveLength(2);
    const plain = s.html.replace(/<\/?mark>/g, '').replace(/…/g, '');
    expect(plain.length).toBeLessThan(140);
    expect(text.includes(plain)).toBe(true);
    const clusters = [...graphemes.segment(text)].map((g) => g.index);
    expect(clusters).toContain(text.indexOf(plain));
  });

  test('Thai digits in the text are highlighted for an ASCII query', () => {
    expect(b.build('ปี ๒๕๖๗', highlighter([{ text: '2567', wholeWord: true }])).html).toBe(
      'ปี <mark>๒๕๖๗</mark>',
    );
  });
});

describe('search hits', () => {
  let dir: ReturnType<typeof tempDir>;
  let m: ReturnType<typeof memoryIndex>;
  beforeEach(() => {
    dir = tempDir();
    m = memoryIndex(dir.path);
  });
  afterEach(async () => {
    await m.index.close();
    dir.cleanup();
  });

  test('words of a query found apart are highlighted one by one', async () => {
    await m.put(doc('a', 'ค่าเช่าชำระทุกเดือนล่วงหน้า'));
    const [hit] = (await m.index.search({ projectId: 'p1', q: 'ค่าเช่าล่วงหน้า' })).hits;
    expect(hit?.snippet).toBe('<mark>ค่าเช่า</mark>ชำระทุกเดือน<mark>ล่วงหน้า</mark>');
  });

  test('carry a highlighted snippet, the matched terms and fields', async () => {
    await m.put(doc('a', 'สัญญาเช่าอาคารพาณิชย์ ระหว่าง ACME จำกัด กับผู้เช่า', { name: 'lease.pdf' }));
    const [hit] = (await m.index.search({ projectId: 'p1', q: 'acme ผู้เช่า' })).hits;
    expect(hit?.snippet).toBe('สัญญาเช่าอาคารพาณิชย์ ระหว่าง <mark>ACME</mark> จำกัด กับ<mark>ผู้เช่า</mark>');
    expect(hit?.terms.sort()).toEqual(['acme', 'ผู้เช่า'].sort());
    expect(hit?.fields).toEqual(['content']);
  });

  test('highlight the document name when only the name matched', async () => {
    await m.put(doc('a', 'เนื้อหาอื่น', { name: 'ใบเสร็จรับเงิน <2567>.pdf' }));
    const [hit] = (await m.index.search({ projectId: 'p1', q: 'ใบเสร็จ' })).hits;
    expect(hit?.snippet).toBe('<mark>ใบเสร็จ</mark>รับเงิน &lt;2567&gt;.pdf');
    expect(hit?.fields).toEqual(['name']);
  });
});

describe('thaiBoundary', () => {
  test('says "boundary" only where ICU puts a grapheme cluster boundary (every pair of Thai-block characters)', () => {
    let boundaries = 0;
    for (const lead of ['', 'ก', 'ั', ' ', 'ำ'])
      for (let a = 0x0e00; a <= 0x0e7f; a++)
        for (let b = 0x0e00; b <= 0x0e7f; b++) {
          const text = `${lead}${String.fromCharCode(a, b)}x`;
          const pos = lead.length + 1;
          if (!thaiBoundary(text, pos)) continue;
          boundaries++;
          if (graphemes.segment(text).containing(pos)?.index !== pos)
            throw new Error(`U+${a.toString(16)} U+${b.toString(16)} after "${lead}"`);
        }
    // Consonants, vowels in line, digits and signs: most pairs are decided without ICU.
    expect(boundaries).toBeGreaterThan(5 * 60 * 60);
  });
});
