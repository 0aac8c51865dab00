/**
 * Shared helpers of the search benchmarks: the Thai corpus location (`--corpus DIR` or
 * `DOCSERVE_CORPUS`, default `../shared/corpus`), a seeded random generator, and the gold word and
 * phrase samples that occur in the statute paragraphs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rng } from '../scripts/extract-fixtures/data.ts';

/** The seeded generator of the labelled extraction set (Mulberry32). */
export { rng };

/** Value of `--name value` on the command line. */
export function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The corpus directory; exits with a message when it is missing. */
export function corpusDir(): string {
  const dir = resolve(flag('corpus') ?? process.env.DOCSERVE_CORPUS ?? '../shared/corpus');
  if (!existsSync(join(dir, 'thai_law', 'paragraphs.txt'))) {
    console.error(`Thai corpus not found in ${dir} (give --corpus DIR or DOCSERVE_CORPUS)`);
    process.exit(2);
  }
  return dir;
}

export function paragraphs(dir: string): string[] {
  return readFileSync(join(dir, 'thai_law', 'paragraphs.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);
}

/** Gold-segmented sentences: one array of tokens per line. */
export function goldSentences(dir: string, file: string): string[][] {
  return readFileSync(join(dir, 'segmentation', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'));
}

export const GOLD_FILES = [
  'wisesight-1000.gold.txt',
  'wisesight-160.gold.txt',
  'ud_thai_pud.gold.txt',
  'ud_thai_tud_test.gold.txt',
  'ud_thai_tud_dev.gold.txt',
  'ud_thai_tud_train.gold.txt',
];

/** Picks `n` items without replacement (deterministic for a seed). */
export function sample<T>(items: T[], n: number, seed: number): T[] {
  const r = rng(seed);
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, n);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
