/** Small real files built in memory for API tests (no fixtures needed). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Number of originals in a data directory's content-addressed blob store (`blobs/ab/cd/<sha256>`). */
export function blobCount(dataDir: string): number {
  const root = join(dataDir, 'blobs');
  let n = 0;
  for (const a of readdirSync(root))
    for (const b of readdirSync(join(root, a))) n += readdirSync(join(root, a, b)).length;
  return n;
}

/** A minimal valid one-page PDF whose content stream contains `text` (FAKE-OCR markers work). */
export function tinyPdf(text = 'hello', extraTrailer = ''): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const streamBytes = Buffer.byteLength(stream, 'utf8');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${streamBytes} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(bytes(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = bytes(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extraTrailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** A 1x1 PNG. */
export function tinyPng(): Uint8Array {
  return Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );
}

/** PNG header claiming `width`x`height` pixels (an image bomb: refused before decoding). */
export function bombPng(width = 30000, height = 30000): Uint8Array {
  const png = tinyPng().slice();
  const view = new DataView(png.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return png;
}

/**
 * A damaged PDF whose cross-reference sections loop through their trailers' `/Prev`: `self` has one
 * section pointing at itself; `two` has an update section (it rewrites the page's content) and the
 * original section pointing at each other. `text` is what the newest revision shows (poppler and qpdf,
 * which reconstruct the table, read the same).
 */
export function xrefLoopPdf(kind: 'self' | 'two'): { bytes: Uint8Array; text: string } {
  if (kind === 'self') {
    const plain = Buffer.from(tinyPdf('self loop text'));
    const xref = plain.indexOf('xref\n0');
    return { bytes: tinyPdf('self loop text', `/Prev ${xref} `), text: 'self loop text' };
  }
  const original = Buffer.from(tinyPdf('original revision'));
  const xrefA = original.indexOf('xref\n0');
  const body = original.subarray(0, xrefA).toString('latin1');
  const sectionA = original.subarray(xrefA, original.indexOf('trailer', xrefA)).toString('latin1');
  const trailerA = (prev: number) =>
    `trailer\n<< /Size 6 /Root 1 0 R /Prev ${String(prev).padStart(10, '0')} >>\nstartxref\n${xrefA}\n%%EOF\n`;
  const stream = 'BT /F1 12 Tf 72 700 Td (updated second section) Tj ET';
  const object4 = `4 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n`;
  const offset4 = xrefA + sectionA.length + trailerA(0).length;
  const xrefB = offset4 + object4.length;
  const sectionB = `xref\n0 1\n0000000000 65535 f \n4 1\n${String(offset4).padStart(10, '0')} 00000 n \n`;
  const trailerB = `trailer\n<< /Size 6 /Root 1 0 R /Prev ${xrefA} >>\nstartxref\n${xrefB}\n%%EOF\n`;
  const text = body + sectionA + trailerA(xrefB) + object4 + sectionB + trailerB;
  return { bytes: new Uint8Array(Buffer.from(text, 'latin1')), text: 'updated second section' };
}
