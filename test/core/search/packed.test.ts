import { describe, expect, test } from 'bun:test';
import { isPackedMark, packedIncludes, packText, rangeIncludes } from '../../../src/core/search/packed.ts';

/** The definition: some occurrence of `pattern` in `text` is not followed by a Thai mark. */
function reference(text: Uint8Array, pattern: Uint8Array): boolean {
  for (let at = 0; at + pattern.length <= text.length; at++) {
    let same = true;
    for (let k = 0; k < pattern.length && same; k++) same = text[at + k] === pattern[k];
    if (same && !isPackedMark(text[at + pattern.length])) return true;
  }
  return false;
}

/** Mulberry32: the same texts on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('packedIncludes', () => {
  test('finds a Thai word but not one ending inside a character cluster, in short and long texts', () => {
    const filler = packText('ก'.repeat(200));
    for (const prefix of [new Uint8Array(0), filler]) {
      const with_ = (s: string) => Buffer.concat([prefix, packText(s)]);
      expect(packedIncludes(with_('ค่าเช่าที่ดิน'), packText('เช่า'))).toBe(true);
      expect(packedIncludes(with_('ดิ้นรน'), packText('ดิ'))).toBe(false);
      expect(packedIncludes(with_('ดิ้นรน ดิน'), packText('ดิ'))).toBe(true);
      expect(packedIncludes(with_('สัญญา'), packText('สัญญาเช่า'))).toBe(false);
    }
  });

  test('agrees with the definition on random texts of every length (short ones take the loop)', () => {
    const r = rng(19);
    // Letters, marks (0xb1, 0xb4-0xba, 0xc7-0xce), a space and a period: few symbols, many near-misses.
    const alphabet = [0x81, 0x82, 0x94, 0xa3, 0xb1, 0xb2, 0xb4, 0xb8, 0xc8, 0xc9, 0xce, 0x20, 0x2e];
    const pick = () => alphabet[Math.floor(r() * alphabet.length)] as number;
    let found = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = Uint8Array.from({ length: Math.floor(r() * 160) }, pick);
      const from = Math.floor(r() * (text.length + 1));
      const pattern =
        r() < 0.7
          ? text.slice(from, from + 1 + Math.floor(r() * 4))
          : Uint8Array.from({ length: 1 + Math.floor(r() * 3) }, pick);
      const expected = reference(text, pattern);
      if (packedIncludes(text, pattern) !== expected) throw new Error(`differs on ${text} / ${pattern}`);
      if (packedIncludes(Buffer.from(text), pattern) !== expected) throw new Error(`differs on ${text}`);
      // The same text between two others (a name among a snapshot's names): what follows it is not its own.
      const around = Uint8Array.from([...text.slice(0, 3).reverse(), ...text, 0xb4, ...text.slice(0, 5)]);
      const at = Math.min(3, text.length);
      if (rangeIncludes(around, at, at + text.length, pattern) !== expected)
        throw new Error(`range differs on ${text} / ${pattern}`);
      if (expected) found++;
    }
    expect(found).toBeGreaterThan(5_000);
    expect(found).toBeLessThan(19_000);
  });
});
