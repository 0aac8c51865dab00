import { describe, expect, test } from 'bun:test';
import { documentInspector } from '../../../src/core/files/inspect.ts';
import { AppError } from '../../../src/errors.ts';
import { FIXTURES } from '../../helpers/cer.ts';

const inspect = documentInspector(50_000_000);
const pdf = (name: string) => inspect(`${FIXTURES}/${name}`, 'application/pdf', 'pdf');
const refusal = async (name: string) => {
  const err = await pdf(name).catch((e) => e);
  expect(err).toBeInstanceOf(AppError);
  expect(err.code).toBe('invalid_file');
  return [err.details.reason, err.message];
};

describe('document inspector (ingest)', () => {
  test('a well-formed PDF passes without being parsed (its job counts the pages)', async () => {
    expect(await pdf('mixed.pdf')).toEqual({});
    expect(await pdf('text-layer.pdf')).toEqual({});
  });

  test('names what is wrong with a bad PDF', async () => {
    expect(await refusal('encrypted.pdf')).toEqual([
      'encrypted_pdf',
      expect.stringContaining('encrypted (password protected)'),
    ]);
    expect((await refusal('truncated.pdf'))[0]).toBe('truncated_pdf');
    // Header and end-of-file marker are there, but no cross-reference pointer.
    expect(await refusal('corrupt.pdf')).toEqual(['corrupt_pdf', expect.stringContaining('corrupt')]);
  });

  test('images keep the byte-level checks (dimensions, pixel budget)', async () => {
    expect(await inspect(`${FIXTURES}/thai-scan.png`, 'image/png', 'image')).toMatchObject({
      width: 1546,
      height: 553,
      pageCount: 1,
    });
    expect(await inspect(`${FIXTURES}/multipage.tiff`, 'image/tiff', 'image')).toMatchObject({
      pageCount: 2,
    });
  });
});
