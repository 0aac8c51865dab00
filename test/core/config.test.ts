import { expect, test } from 'bun:test';
import { loadConfig } from '../../src/config.ts';
import { loadPdfJs } from '../../src/core/pdf/pdfjs.ts';

test('the default OCR worker count stays a positive integer after pdf.js has loaded', async () => {
  await loadPdfJs();
  const workers = loadConfig({}, {}).ocr.workers;
  expect(Number.isInteger(workers)).toBe(true);
  expect(workers).toBeGreaterThan(0);
  expect(loadConfig({ ocrWorkers: 3 }, {}).ocr.workers).toBe(3);
});
