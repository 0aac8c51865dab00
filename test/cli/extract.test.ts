import { afterAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { tinyPdf } from '../helpers/files.ts';
import { tempDir } from '../helpers/server.ts';
import { TEXT_INVOICE } from '../core/extract/helpers.ts';

const dir = tempDir('docserve-cli-extract-');
afterAll(() => dir.cleanup());
const MAIN = join(import.meta.dir, '../../src/main.ts');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn([process.execPath, MAIN, ...args], { cwd: dir.path, stdout: 'pipe', stderr: 'pipe' });
  const [out, err] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text()]);
  return { code: await p.exited, out, err };
}

const invoice = join(dir.path, 'ใบกำกับภาษี.txt');
writeFileSync(invoice, TEXT_INVOICE);

describe('docserve extract', () => {
  test('prints the generic fields as JSON and stores nothing', async () => {
    const r = await cli('extract', invoice);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({
      file: 'ใบกำกับภาษี.txt',
      kind: 'tax_invoice',
      data: { documentNumber: 'INV-2569-0042', issueDate: '2026-01-15', total: 1070 },
    });
    expect(out.fields.total).toMatchObject({ value: 1070, page: 1, source: 'rules' });
    const left = [...new Bun.Glob('**/docserve.db').scanSync(dir.path)];
    expect(left).toEqual([]);
  });

  test('fills a schema and prints CSV', async () => {
    const schema = join(dir.path, 'schema.json');
    writeFileSync(
      schema,
      JSON.stringify({
        type: 'object',
        properties: { invoiceNumber: { type: 'string' }, totalAmount: { type: 'number' } },
      }),
    );
    const r = await cli('extract', invoice, '--schema', schema, '--format', 'csv');
    expect(r.code).toBe(0);
    expect(parseCsv(r.out, { bom: true, columns: true })).toEqual([
      { invoiceNumber: 'INV-2569-0042', totalAmount: '1070' },
    ]);
  });

  test('clear errors: missing file, bad schema, bad format; a PDF gives fields or one clear line', async () => {
    expect(await cli('extract', 'nope.pdf')).toMatchObject({
      code: 1,
      err: 'docserve: No such file: nope.pdf\n',
    });
    const bad = join(dir.path, 'bad.json');
    writeFileSync(bad, '[1,2');
    expect((await cli('extract', invoice, '--schema', bad)).err).toContain('is not a JSON object');
    expect((await cli('extract', invoice, '--format', 'xml')).err).toContain('Unknown format "xml"');
    const pdf = join(dir.path, 'scan.pdf');
    writeFileSync(pdf, tinyPdf('hello'));
    const r = await cli('extract', pdf);
    if (r.code === 0) expect(JSON.parse(r.out).file).toBe('scan.pdf');
    else expect(r.err).toMatch(/^docserve: [^\n]+\n$/);
  });
});
