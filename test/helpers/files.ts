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
