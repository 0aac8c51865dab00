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

test('the database URL: SQLite in the data directory by default, a flag over the environment, postgres kept', () => {
  const cwd = process.cwd();
  expect(loadConfig({ data: '/srv/ds' }, {}).database).toBe('sqlite:/srv/ds/docserve.db');
  expect(loadConfig({ database: 'sqlite:rel/x.db' }, {}).database).toBe(`sqlite:${cwd}/rel/x.db`);
  expect(loadConfig({}, { DOCSERVE_DATABASE_URL: 'sqlite:///abs/y.db' }).database).toBe('sqlite:/abs/y.db');
  expect(loadConfig({}, { DOCSERVE_DATABASE_URL: 'postgresql://u:p@db.local:5433/docs' }).database).toBe(
    'postgres://u:p@db.local:5433/docs',
  );
  expect(
    loadConfig({ database: 'sqlite:/flag.db' }, { DOCSERVE_DATABASE_URL: 'postgres://u@h/d' }).database,
  ).toBe('sqlite:/flag.db');
  expect(() => loadConfig({ database: 'mysql://u@h/d' }, {})).toThrow(/sqlite:<file> or postgres:\/\//);
  expect(() => loadConfig({ database: 'sqlite:' }, {})).toThrow(/No file/);
});
