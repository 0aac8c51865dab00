import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPdfSource } from '../../src/core/pdf/source.ts';
import type { DialectDefinition } from '../../src/plugin-api.ts';
import { realOcr, startTestServer, type TestServer } from '../helpers/server.ts';

export { until } from '../helpers/until.ts';
export { webhookReceiver } from '../helpers/webhook-receiver.ts';

/**
 * Shared pieces of the end-to-end tests: each dialect file starts ONE server with the real tesseract.js
 * pool and uploads the Thai invoice scan once, then walks its vendor's flow over raw HTTP.
 */

export const E2E = 'test/fixtures/e2e';

/** A 200 dpi scan of a rendered Thai tax invoice (one page). */
export const SCAN = new Uint8Array(readFileSync(`${E2E}/invoice-th.scan.png`));

/** Ground truth of the invoice the scan was made from. */
export interface InvoiceTruth {
  documentType: string;
  documentNumber: string;
  issueDate: string;
  dueDate: string;
  seller: { name: string; taxId: string; phone: string; email: string; address: string };
  buyer: { name: string; taxId: string; phone: string; email: string; address: string };
  currency: string;
  lineItems: { description: string; quantity: number; unitPrice: number; amount: number }[];
  subtotal: number;
  vatRate: number;
  vat: number;
  total: number;
}
export const TRUTH = JSON.parse(readFileSync(`${E2E}/invoice-th.truth.json`, 'utf8')) as InvoiceTruth;

/** A Thai word printed on the invoice (in both company names), for full-text search. */
export const THAI_WORD = 'วิศวกรรม';

/** `240259.6` -> `240,259.60`, as printed on the invoice. */
export const baht = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A test server with the given dialects over the real OCR engine (two workers, like the 2-core CI box). */
export function startRealOcrServer(plugins: DialectDefinition<never>[]): Promise<TestServer> {
  return startTestServer({ plugins, overrides: realOcr(2) });
}

/** The text layer of every page of a PDF, read with the server's own PDF reader (pdf.js). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'docserve-e2e-pdf-'));
  try {
    const path = join(dir, 'file.pdf');
    writeFileSync(path, pdf);
    const src = await openPdfSource(path, 50_000_000);
    try {
      const pages: string[] = [];
      for (let n = 1; n <= src.pageCount; n++) pages.push((await src.text(n))?.text ?? '');
      return pages.join('\n');
    } finally {
      await src.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The invoice's real text: the text layer of the born-digital PDF the scan was printed from. */
export const invoiceText = () => pdfText(new Uint8Array(readFileSync(`${E2E}/invoice-th.pdf`)));
