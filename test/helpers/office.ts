/** Small DOCX and XLSX files built in memory for tests (no binary fixtures). */
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal valid DOCX with one paragraph per string (and an optional table row of cells). */
export function tinyDocx(paragraphs: string[], tableRow: string[] = []): Uint8Array {
  const p = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(t)}</w:t></w:r></w:p>`;
  const table = tableRow.length
    ? `<w:tbl><w:tr>${tableRow.map((c) => `<w:tc>${p(c)}</w:tc>`).join('')}</w:tr></w:tbl>`
    : '';
  const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map(p).join('')}${table}</w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(body),
  });
}

/** A valid XLSX with the given sheets (name -> rows of cell values). */
export async function tinyXlsx(sheets: Record<string, unknown[][]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A ZIP whose single entry inflates to `bytes` zeros (a small file that expands hugely). */
export function zipBomb(bytes: number, entryName = 'word/document.xml'): Uint8Array {
  return zipSync({ [entryName]: new Uint8Array(bytes) }, { level: 9 });
}
