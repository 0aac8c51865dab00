import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePageList } from '../../src/cli/ocr.ts';
import { cer, FIXTURES, truth } from '../helpers/cer.ts';
import { tempDir } from '../helpers/server.ts';

// Real OCR on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

const dir = tempDir('ocr-cli-');
afterAll(() => dir.cleanup());

/** Runs `docserve ocr` from source, as a user would, with stdout and stderr piped (not a TTY). */
function ocr(...args: string[]) {
  const p = Bun.spawnSync([process.execPath, resolve('src/main.ts'), 'ocr', ...args], {
    cwd: FIXTURES,
    env: { ...process.env, DOCSERVE_OCR_WORKERS: '2' },
  });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

describe('docserve ocr', () => {
  test('prints the text of a scan to stdout, nothing on stderr when it is not a terminal', () => {
    const r = ocr('thai-scan.png');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(cer(r.stdout, truth('thai-scan.png')[0] as string)).toBeLessThan(0.05);
  });

  test('json, tsv and hocr of a text-layer PDF', () => {
    const json = JSON.parse(ocr('text-layer.pdf', '--format', 'json').stdout);
    expect(json.file).toBe('text-layer.pdf');
    expect(json.pages[0]).toMatchObject({ page: 1, source: 'text-layer', confidence: null });
    expect(json.pages[0].blocks[0].lines[0].words[0].bbox).toHaveLength(4);
    expect(json.timings.totalMs).toBeGreaterThanOrEqual(0);

    const tsv = ocr('text-layer.pdf', '--format', 'tsv').stdout.trim().split('\n');
    expect(tsv[0]).toBe(
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
    );
    const words = tsv.filter((row) => row.startsWith('5\t')).map((row) => row.split('\t')[11]);
    expect(words).toContain('Employment');

    const hocr = ocr('text-layer.pdf', '--format', 'hocr').stdout;
    expect(hocr).toContain('class="ocr_page"');
    expect(hocr).toMatch(
      /<span class="ocrx_word" [^>]*title="bbox \d+ \d+ \d+ \d+; x_wconf \d+">Employment<\/span>/,
    );
  });

  test('--format pdf writes a searchable PDF whose text reads back without OCR', () => {
    const out = join(dir.path, 'scanned.searchable.pdf');
    expect(ocr('scanned.pdf', '--format', 'pdf', '--out', out).code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const back = ocr(out, '--mode', 'skip', '--format', 'json');
    const page = JSON.parse(back.stdout).pages[0];
    expect(page.source).toBe('text-layer');
    expect(cer(page.text, truth('scanned.pdf')[0] as string)).toBeLessThan(0.05);
  });

  test('several files into a directory, one output each; --pages selects pages', () => {
    const out = join(dir.path, 'texts');
    expect(ocr('text-layer.pdf', 'mixed.pdf', '--mode', 'skip', '--pages', '1', '--out', out).code).toBe(0);
    expect(readFileSync(join(out, 'text-layer.txt'), 'utf8')).toContain('Employment certificate');
    expect(readFileSync(join(out, 'mixed.txt'), 'utf8')).not.toContain('\f');
  });

  test('exit codes: 2 for bad input or usage, 3 when only part could be read', () => {
    const corrupt = ocr('corrupt.pdf');
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain('corrupt.pdf: The PDF is corrupt');
    expect(ocr('encrypted.pdf').stderr).toContain('encrypted');
    expect(ocr('missing.png').code).toBe(2);
    expect(ocr('text-layer.pdf', '--format', 'xml').code).toBe(2);
    expect(ocr('text-layer.pdf', '--pages', '0').code).toBe(2);
    expect(ocr('text-layer.pdf', '--pages', '5').code).toBe(2);
    expect(ocr('text-layer.pdf', '--lang', 'fra').code).toBe(2);
    const partial = ocr('text-layer.pdf', 'encrypted.pdf');
    expect(partial.code).toBe(3);
    expect(partial.stdout).toContain('Employment certificate');
    expect(existsSync(join(FIXTURES, 'text-layer.txt'))).toBe(false);
  });

  test('several files are read side by side and printed in the order given; --engine picks the engine', () => {
    const r = ocr('thai-table.jpg', 'scanned.pdf', 'thai-scan.png', '--engine', 'embedded');
    expect(r.code).toBe(0);
    const parts = r.stdout.split(/^==> (.+) <==$/m).slice(1);
    expect(parts.filter((_, i) => i % 2 === 0)).toEqual(['thai-table.jpg', 'scanned.pdf', 'thai-scan.png']);
    expect(cer(parts[3] as string, truth('scanned.pdf')[0] as string)).toBeLessThan(0.05);
    expect(cer(parts[5] as string, truth('thai-scan.png')[0] as string)).toBeLessThan(0.05);
    const bad = ocr('thai-scan.png', '--engine', 'gpu');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--engine');
  });

  test('page lists', () => {
    expect(parsePageList('1-3,7')).toEqual([1, 2, 3, 7]);
    expect(() => parsePageList('3-1')).toThrow('--pages');
    expect(() => parsePageList('a')).toThrow('--pages');
  });
});
