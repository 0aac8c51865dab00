import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { Tokenizer } from '../../../src/core/search/tokenize.ts';
import { normalizeForSearch } from '../../../src/core/text/thai.ts';
import { tempDir } from '../../helpers/server.ts';
import { doc, memoryIndex } from './helpers.ts';

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

const terms = (text: string) => new Tokenizer().tokens(normalizeForSearch(text)).map((t) => t.term);

describe('Thai words', () => {
  test('a word inside a long run without spaces is found, an absent one is not', async () => {
    await m.put(
      doc('lease', 'ผู้เช่าตกลงชำระค่าเช่าล่วงหน้าเป็นรายเดือนภายในวันที่ห้าของทุกเดือน'),
      doc('other', 'ใบกำกับภาษี'),
    );
    expect(await m.ids('ล่วงหน้า')).toEqual(['lease']);
    expect(await m.ids('รายเดือน')).toEqual(['lease']);
    expect(await m.ids('ดอกเบี้ย')).toEqual([]);
  });

  test('a query for part of a compound finds the compound (ไทย finds ประเทศไทย)', async () => {
    expect(terms('ประเทศไทยเป็นเมืองร้อน')).toContain('ประเทศไทย');
    await m.put(doc('th', 'ประเทศไทยเป็นเมืองร้อน'), doc('other', 'ประเทศญี่ปุ่นหนาว'));
    expect(await m.ids('ไทย')).toEqual(['th']);
    await m.put(doc('bill', 'ใบแจ้งหนี้ประจำเดือนมกราคม'));
    expect(await m.ids('แจ้งหนี้')).toEqual(['bill']);
  });

  test('documents analyzed together (a rebuild batch) each keep the bigrams an earlier one also had', async () => {
    const text = 'บริษัทอินทัชโฮลดิ้งส์จำกัดแจ้งผลประกอบการ';
    const query = 'อินทัชโฮลดิ้ง';
    expect(terms(query).every((t) => terms(text).includes(t))).toBe(false);
    const texts = [text, `ประกาศ${text}`, 'บริษัทอื่นจำกัด', `${text}ประจำปี`];
    for (const [i, t] of texts.entries()) m.store.set(`d${i}`, doc(`d${i}`, t));
    await m.index.start(m.source, { wait: true });
    expect((await m.ids(query, { limit: 10 })).sort()).toEqual(['d0', 'd1', 'd3']);
  });

  test('a transliterated name segmented into different syllables in context still matches', async () => {
    const text = 'บริษัทอินทัชโฮลดิ้งส์จำกัดแจ้งผลประกอบการ';
    const query = 'อินทัชโฮลดิ้ง';
    expect(terms(query).every((t) => terms(text).includes(t))).toBe(false);
    await m.put(doc('intouch', text), doc('other', 'บริษัทอื่นจำกัด'));
    expect(await m.ids(query)).toEqual(['intouch']);
  });

  test('a match never ends inside a grapheme cluster (ดิ does not match ดิ้น)', async () => {
    await m.put(doc('a', 'การดิ้นรนของชาวนา'));
    expect(await m.ids('ดิ้น')).toEqual(['a']);
    expect(await m.ids('ดิ')).toEqual([]);
    expect(await m.ids('ชาว')).toEqual(['a']);
  });
});

describe('normalization', () => {
  test('Thai digits and ASCII digits find each other', async () => {
    await m.put(doc('thai-digits', 'ลงวันที่ ๑๒ มกราคม ๒๕๖๗'), doc('ascii-digits', 'ฉบับปี 2567 เล่ม 3'));
    expect((await m.ids('2567')).sort()).toEqual(['ascii-digits', 'thai-digits']);
    expect((await m.ids('๒๕๖๗')).sort()).toEqual(['ascii-digits', 'thai-digits']);
    expect(await m.ids('12')).toEqual(['thai-digits']);
  });

  test('OCR spaces between Thai characters are ignored in text and query', async () => {
    await m.put(doc('ocr', 'สัญ ญา เช่า ที่ ดิน ฉ บับ นี้'));
    expect(await m.ids('สัญญาเช่าที่ดิน')).toEqual(['ocr']);
    expect(await m.ids('ฉบับนี้')).toEqual(['ocr']);
    expect(await m.ids('สัญญา เช่า')).toEqual(['ocr']);
  });

  test('SARA AM matches in both encodings', async () => {
    const decomposed = 'น\u0E49\u0E4D\u0E32ประปาและการท\u0E4D\u0E32งาน';
    await m.put(doc('decomposed', decomposed), doc('composed', 'ค่าน้ำมันเชื้อเพลิง'));
    expect(await m.ids('น้ำประปา')).toEqual(['decomposed']);
    expect(await m.ids('ทำงาน')).toEqual(['decomposed']);
    expect(await m.ids('น\u0E49\u0E4D\u0E32มัน')).toEqual(['composed']);
  });

  test('Latin text is case-insensitive', async () => {
    await m.put(doc('en', 'Lease Agreement between ACME Co., Ltd. and the Tenant'));
    expect(await m.ids('acme')).toEqual(['en']);
    expect(await m.ids('LEASE agreement')).toEqual(['en']);
  });
});

describe('mixed Thai and English', () => {
  test('every part of a mixed query must match', async () => {
    await m.put(
      doc('quote', 'ใบเสนอราคา Quotation สำหรับ Acme Co., Ltd. ราคารวม 12,000 บาท'),
      doc('invoice', 'ใบแจ้งหนี้ Invoice สำหรับ Acme'),
    );
    expect(await m.ids('acme ใบเสนอราคา')).toEqual(['quote']);
    expect(await m.ids('Acme')).toHaveLength(2);
    expect(await m.ids('quotation ใบแจ้งหนี้')).toEqual([]);
  });

  test('Thai glued to digits or Latin letters is split where the script changes', async () => {
    await m.put(doc('law', 'ตามมาตรา12วรรคสองและแบบภ.ง.ด.50ของกรมสรรพากรCompany'));
    expect(await m.ids('มาตรา')).toEqual(['law']);
    expect(await m.ids('12')).toEqual(['law']);
    expect(await m.ids('company')).toEqual(['law']);
    expect(await m.ids('ภ.ง.ด.50')).toEqual(['law']);
  });
});

describe('OCR misreads of Thai words', () => {
  test('a word OCR misread in a document is found by the correct query, ranked below exact matches', async () => {
    await m.put(
      doc('misread', 'ใบเสนอราดา เลขที่ QT-0042 สำหรับงานติดตั้งระบบไฟฟ้า'),
      doc('exact', 'ใบเสนอราคา เลขที่ QT-0043 สำหรับงานทาสีอาคาร'),
      doc('other', 'สัญญาจ้างงานก่อสร้างอาคารสำนักงาน'),
    );
    expect(await m.ids('ใบเสนอราคา')).toEqual(['exact', 'misread']);
    const [exact, misread] = (await m.index.search({ projectId: 'p1', q: 'ใบเสนอราคา' })).hits;
    expect((misread?.score ?? 1) < (exact?.score ?? 0)).toBe(true);
    expect(misread?.snippet).toContain('<mark>ใบเสนอราดา</mark>');
  });

  test('misreads are found the same when the bigrams are common (kept as bitmaps) and most candidates share some', async () => {
    const common = Array.from({ length: 90 }, (_, i) => doc(`c${i}`, 'ใบเสร็จรับเงิน ราคารวม'));
    await m.put(
      ...common,
      doc('misread', 'ใบเสนอราดา เลขที่ QT-0042'),
      doc('misread2', 'ไบเสนอราคา เลขที่ QT-0044'),
      doc('exact', 'ใบเสนอราคา เลขที่ QT-0043'),
    );
    expect(await m.ids('ใบเสนอราคา')).toEqual(['exact', 'misread2', 'misread']);
  });

  test('dropped, added and swapped tone marks and look-alike consonants are tolerated', async () => {
    await m.put(
      doc('dropped', 'ชำระคาเช่าสำนักงานประจำเดือน'),
      doc('dropped2', 'ผู้เช่าต้องชำระเงินมัดจำลวงหน้าสองเดือน'),
      doc('lookalike', 'ตามสัญญาเช่าฉบับนี้ให้ถือว่าเป็นการบอกเลิกสัญญาโดยชอบ'),
      doc('tone', 'ลงนามโดยผู่จัดการฝ่ายบัญชี'),
      doc('added', 'กำหนดส่งม่อบงานงวดที่สอง'),
    );
    expect(await m.ids('ค่าเช่า')).toEqual(['dropped']);
    expect(await m.ids('ล่วงหน้า')).toEqual(['dropped2']);
    expect(await m.ids('ผู้จัดการ')).toEqual(['tone']);
    expect(await m.ids('ส่งมอบงาน')).toEqual(['added']);
    expect(await m.ids('บอกเลิกสัญญาโดยชอบ')).toEqual(['lookalike']);
    expect(await m.ids('บอกเลิกสัญญาโดยขอบ')).toEqual(['lookalike']);
  });

  test('unrelated words, short words and quoted phrases are not matched tolerantly', async () => {
    await m.put(
      doc('lease', 'สัญญาเช่าอาคารพาณิชย์'),
      doc('price', 'ราคาสินค้ารวมภาษีมูลค่าเพิ่ม'),
      doc('person', 'คนงานก่อสร้าง'),
      doc('quote', 'ใบเสนอราดา'),
    );
    expect(await m.ids('ใบกำกับภาษี')).toEqual([]);
    expect(await m.ids('ใบเสร็จรับเงิน')).toEqual([]);
    expect(await m.ids('ตน')).toEqual([]);
    expect(await m.ids('"ใบเสนอราคา"')).toEqual([]);
    expect(await m.ids('ใบเสนอราคา')).toEqual(['quote']);
    expect(await m.ids('ใบเสนอราคา สินค้า')).toEqual([]);
  });

  test('a query with enough exact matches does not add misreads', async () => {
    const exact = Array.from({ length: 10 }, (_, i) => doc(`exact${i}`, `ใบเสนอราคาเลขที่ ${i + 1}`));
    await m.put(...exact, doc('misread', 'ใบเสนอราดาเลขที่ 11'));
    const result = await m.index.search({ projectId: 'p1', q: 'ใบเสนอราคา', limit: 20 });
    expect(result.total).toBe(10);
    expect(result.hits.map((h) => h.documentId)).not.toContain('misread');
  });
});

describe('Latin prefix and fuzzy matching', () => {
  test('prefixes and small typos match, ranked below exact matches', async () => {
    await m.put(doc('exact', 'invoice'), doc('longer', 'invoices overdue'));
    expect(await m.ids('invoice')).toEqual(['exact', 'longer']);
    expect((await m.ids('invoic')).sort()).toEqual(['exact', 'longer']);
    expect(await m.ids('invoce')).toContain('exact');
    expect(await m.ids('xyzzy')).toEqual([]);
  });

  test('numbers match exactly, not as prefixes', async () => {
    await m.put(doc('a', 'เลขที่ 12'), doc('b', 'เลขที่ 120'));
    expect(await m.ids('12')).toEqual(['a']);
  });
});

describe('phrases and ranking', () => {
  test('a quoted phrase must occur contiguously; unquoted words rank contiguous matches first', async () => {
    await m.put(
      doc('apart', 'ค่าเช่ารายเดือนชำระล่วงหน้าทุกเดือนค่าเช่าค่าเช่า'),
      doc('together', 'ค่าเช่าล่วงหน้าสามเดือน'),
    );
    expect(await m.ids('"ค่าเช่า ล่วงหน้า"')).toEqual(['together']);
    expect(await m.ids('"late fee"')).toEqual([]);
    expect(await m.ids('ค่าเช่าล่วงหน้า')).toEqual(['together', 'apart']);
  });

  test('a quoted phrase of common words is matched only where they are contiguous', async () => {
    const apart = 'ค่าน้ำ ค่าไฟ และเงินเช่า ค่าส่วนกลาง ผู้เช่า ค่าปรับ การเช่า ค่าใช้จ่าย ';
    const docs = Array.from({ length: 30 }, (_, i) => doc(`apart${i}`, apart.repeat(5)));
    await m.put(...docs, doc('near1', `${apart}ค่าเช่าเดือนละ`), doc('near2', `ค่า เช่า ${apart}`));
    expect(terms('ค่าเช่าเดือนละ').slice(0, 2)).toEqual(['ค่า', 'เช่า']);
    expect((await m.ids('"ค่า เช่า"', { limit: 50 })).sort()).toEqual(['near1', 'near2']);
    expect((await m.ids('"ค่าเช่า"', { limit: 50 })).sort()).toEqual(['near1', 'near2']);
  });

  test('a match in the name ranks above a match in the content', async () => {
    await m.put(
      doc('content', 'รายงานประจำปีของบริษัท', { name: 'scan-001.pdf' }),
      doc('name', 'เอกสารแนบ', { name: 'รายงานประจำปี.pdf' }),
    );
    expect(await m.ids('รายงาน')).toEqual(['name', 'content']);
    const hit = (await m.index.search({ projectId: 'p1', q: 'รายงาน' })).hits[0];
    expect(hit?.fields).toEqual(['name']);
  });

  test('total counts every match and pages are disjoint and complete', async () => {
    for (let i = 0; i < 25; i++) await m.put(doc(`d${String(i).padStart(2, '0')}`, `หนังสือรับรองฉบับที่ ${i}`));
    await m.put(doc('none', 'ไม่เกี่ยวข้อง'));
    const pages = await Promise.all(
      [0, 10, 20].map((offset) => m.index.search({ projectId: 'p1', q: 'หนังสือรับรอง', offset, limit: 10 })),
    );
    expect(pages.map((p) => p.total)).toEqual([25, 25, 25]);
    expect(pages.map((p) => p.hits.length)).toEqual([10, 10, 5]);
    const all = pages.flatMap((p) => p.hits.map((h) => h.documentId));
    expect(new Set(all).size).toBe(25);
    expect((await m.index.search({ projectId: 'p1', q: 'หนังสือรับรอง', offset: 30 })).hits).toEqual([]);
  });
});

describe('filters and scope', () => {
  test('kinds, tags (all required), folder, doc type and creation range', async () => {
    await m.put(
      doc('a', 'สัญญา', {
        kind: 'pdf',
        tags: ['ลูกค้า', 'q1'],
        folderId: 'f1',
        docType: 'contract',
        createdAt: 1000,
      }),
      doc('b', 'สัญญา', {
        kind: 'docx',
        tags: ['ลูกค้า'],
        folderId: 'f2',
        docType: 'contract',
        createdAt: 2000,
      }),
      doc('c', 'สัญญา', { kind: 'xlsx', tags: [], folderId: null, docType: null, createdAt: 3000 }),
    );
    const ids = async (extra: object) => (await m.ids('สัญญา', extra)).sort();
    expect(await ids({})).toEqual(['a', 'b', 'c']);
    expect(await ids({ kinds: ['pdf', 'xlsx'] })).toEqual(['a', 'c']);
    expect(await ids({ tags: ['ลูกค้า'] })).toEqual(['a', 'b']);
    expect(await ids({ tags: ['ลูกค้า', 'q1'] })).toEqual(['a']);
    expect(await ids({ tags: ['unknown'] })).toEqual([]);
    expect(await ids({ folderId: 'f2' })).toEqual(['b']);
    expect(await ids({ docTypes: ['contract'] })).toEqual(['a', 'b']);
    expect(await ids({ createdFrom: 2000 })).toEqual(['b', 'c']);
    expect(await ids({ createdBefore: 2000 })).toEqual(['a']);
  });

  test('documents of other projects never appear', async () => {
    await m.put(doc('mine', 'งบการเงิน'), doc('theirs', 'งบการเงิน', { projectId: 'p2' }));
    expect(await m.ids('งบการเงิน')).toEqual(['mine']);
    expect(await m.ids('งบการเงิน', { projectId: 'p2' })).toEqual(['theirs']);
    expect(await m.ids('งบการเงิน', { projectId: 'unknown' })).toEqual([]);
  });

  test('removing a document removes its hits; upserting replaces them', async () => {
    await m.put(doc('a', 'ใบสั่งซื้อ'), doc('b', 'ใบสั่งซื้อ'));
    await m.drop('a');
    expect(await m.ids('ใบสั่งซื้อ')).toEqual(['b']);
    await m.put(doc('b', 'ใบรับสินค้า'));
    expect(await m.ids('ใบสั่งซื้อ')).toEqual([]);
    expect(await m.ids('ใบรับสินค้า')).toEqual(['b']);
    expect(m.index.status().documents).toBe(1);
  });

  test('repeated queries see every change (remembered substring checks never go stale)', async () => {
    await m.put(doc('a', 'ค่าเช่าล่วงหน้าสามเดือน'));
    expect(await m.ids('"ค่าเช่าล่วงหน้า"')).toEqual(['a']);
    await m.put(doc('a', 'ค่าเช่ารายเดือน'));
    expect(await m.ids('"ค่าเช่าล่วงหน้า"')).toEqual([]);
    await m.put(doc('b', 'ชำระค่าเช่าล่วงหน้า'));
    expect(await m.ids('"ค่าเช่าล่วงหน้า"')).toEqual(['b']);
    expect(await m.ids('ค่าเช่าล่วงหน้า')).toEqual(['b']);
  });

  test('a query of only punctuation or spaces matches nothing', async () => {
    await m.put(doc('a', 'ข้อความ'));
    expect(await m.index.search({ projectId: 'p1', q: ' ... ' })).toEqual({
      total: 0,
      hits: [],
      partial: false,
    });
  });
});
