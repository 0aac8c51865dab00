import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { scanLike } from '../../helpers/scan-like.ts';
import { tempDir } from '../../helpers/server.ts';

setDefaultTimeout(120_000);

/** Label and value pairs printed far apart on one line: a skewed page splits them unless straightened. */
const ROWS = [
  ['Invoice number', 'TX202602476'],
  ['Tax identification', '0105500987355'],
  ['Amount due', '240,259.60 THB'],
  ['Payment reference', 'PO-2026-0118'],
] as const;

const dir = tempDir('ocr-skew-');
afterAll(() => dir.cleanup());

/** Renders ROWS at 200 dpi with ImageMagick and turns the page `degrees` clockwise. */
function skewedPage(degrees: number): string {
  const out = join(dir.path, `skew${degrees}.png`);
  const text = ROWS.flatMap(([label, value], i) => [
    '-annotate',
    `+80+${120 + i * 140}`,
    label,
    '-annotate',
    `+1500+${120 + i * 140}`,
    value,
  ]);
  return scanLike(
    ['-size', '2200x700', 'xc:white', '-font', 'DejaVu-Sans', '-pointsize', '34', '-fill', 'black', ...text],
    out,
    { turn: degrees, repage: true, depth: null },
  );
}

describe.each(ocrEngines())('skewed pages, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test.each([3, -3])(
    'a page turned %d° is straightened: each label reads on one line with its value',
    async (degrees) => {
      const [page] = (await engine.recognize({ path: skewedPage(degrees), mime: 'image/png' })) as [
        PageResult,
      ];
      // The reported rotation is the page's skew undone: opposite in sign to the turn given.
      expect(Math.sign(page.rotation ?? 0)).toBe(-Math.sign(degrees));
      expect(Math.abs((page.rotation ?? 0) + degrees)).toBeLessThan(1);
      const lines = page.text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
      for (const [label, value] of ROWS) expect(lines).toContain(`${label} ${value}`);
    },
  );
});
