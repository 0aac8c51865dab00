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

test('the blob store: the data directory by default, s3://bucket/prefix from the flag or DOCSERVE_BLOBS with DOCSERVE_S3_*', () => {
  expect(loadConfig({}, {}).blobs).toEqual({ driver: 'local' });
  const env = {
    DOCSERVE_BLOBS: 's3://env-bucket',
    DOCSERVE_S3_ENDPOINT: 'http://minio.local:9000',
    DOCSERVE_S3_REGION: 'ap-southeast-1',
    DOCSERVE_S3_ACCESS_KEY_ID: 'AK',
    DOCSERVE_S3_SECRET_ACCESS_KEY: 'SK',
  };
  expect(loadConfig({}, env).blobs).toEqual({
    driver: 's3',
    bucket: 'env-bucket',
    prefix: '',
    endpoint: 'http://minio.local:9000',
    region: 'ap-southeast-1',
    accessKeyId: 'AK',
    secretAccessKey: 'SK',
    virtualHostedStyle: false,
  });
  expect(loadConfig({ blobs: 's3://flag-bucket/docserve/prod/' }, env).blobs).toMatchObject({
    bucket: 'flag-bucket',
    prefix: 'docserve/prod',
  });
  expect(loadConfig({}, { ...env, DOCSERVE_S3_PATH_STYLE: 'false' }).blobs).toMatchObject({
    virtualHostedStyle: true,
  });
  expect(() => loadConfig({ blobs: '/var/blobs' }, {})).toThrow(/local" or s3:\/\/bucket\/prefix/);
  expect(() => loadConfig({ blobs: 's3://' }, {})).toThrow(/s3:\/\/bucket/);
});
