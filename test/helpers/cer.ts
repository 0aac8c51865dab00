import { readFileSync } from 'node:fs';
import { normalizeThai } from '../../src/core/text/thai.ts';

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[y.length] as number;
}

/** Thai text compared without whitespace (OCR and text layers space Thai words differently). */
const comparable = (s: string) => normalizeThai(s).replace(/\s+/g, '');

/** Character error rate of `actual` against `expected`: edit distance / expected length, whitespace ignored. */
export function cer(actual: string, expected: string): number {
  const e = comparable(expected);
  return editDistance(comparable(actual), e) / Math.max(1, Array.from(e).length);
}

/** CER over many pages: total edit distance over total ground-truth characters, whitespace ignored. */
export function corpusCer(outputs: string[], truths: string[]): number {
  let edits = 0;
  let chars = 0;
  outputs.forEach((o, i) => {
    const e = comparable(truths[i] as string);
    edits += editDistance(comparable(o), e);
    chars += Array.from(e).length;
  });
  return edits / Math.max(1, chars);
}

export const FIXTURES = 'test/fixtures/ocr';

/** Ground truth of the OCR fixtures: one string per page. */
export function truth(name: string): string[] {
  const all = JSON.parse(readFileSync(`${FIXTURES}/truth.json`, 'utf8')) as Record<string, string[]>;
  const pages = all[name];
  if (!pages) throw new Error(`No ground truth for ${name}`);
  return pages;
}

/** Characters of the comparable form (whitespace removed) with their counts. */
function charCounts(s: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of comparable(s)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/**
 * Order-free character error: the fewest insertions, deletions and substitutions that turn the
 * characters of `actual` into those of `expected` when their order does not matter (max of missing and
 * extra characters), over the length of `expected`; whitespace ignored. Reading order does not count, lost
 * or invented text does.
 */
export function orderFreeError(actual: string, expected: string): number {
  const a = charCounts(actual);
  const e = charCounts(expected);
  let missing = 0;
  let extra = 0;
  let total = 0;
  for (const [c, n] of e) {
    total += n;
    missing += Math.max(0, n - (a.get(c) ?? 0));
  }
  for (const [c, n] of a) extra += Math.max(0, n - (e.get(c) ?? 0));
  return Math.max(missing, extra) / Math.max(1, total);
}

/**
 * OCR text as reading order is judged: without spaces, Thai marks above and below the letters and SARA
 * AM read as SARA AA. Tesseract reads Garuda's stacked marks poorly wherever they are (`น้ำ` as `น้า`,
 * `ตั้ง` as `ตัง`, in a line of its own too): that is recognition, not the reading order a test asserts.
 */
export const orderKey = (text: string): string =>
  text
    .normalize('NFC')
    .replace(/\s+/g, '')
    .replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, '')
    .replace(/\u0E33/g, '\u0E32');
