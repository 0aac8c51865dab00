/**
 * Joins the text runs of a PDF page (pdf.js text items) into lines and words by their geometry, the
 * way the page reads: runs on one baseline become one line in reading order, whatever order the
 * content stream drew them in; a space goes between two runs only where the PDF has a space character
 * or the gap between their glyphs is as wide as a space. Producers such as Chromium split Thai text
 * into one run per character cluster, so a space per run (or none at all) would misread every line.
 */
import { normalizeThai } from '../text/thai.ts';
import { union } from '../ocr/geometry.ts';
import type { BBox, OcrLine, OcrWord } from '../ocr/types.ts';

/** A run of text as placed on the page: `m` maps text space to page pixels (pdf.js item transform). */
export interface PlacedRun {
  str: string;
  /** `[a, b, c, d, e, f]`: `(a, b)` runs along the baseline, `(c, d)` up the glyphs, `(e, f)` the origin. */
  m: [number, number, number, number, number, number];
  /** Advance of the run along its baseline, in page pixels. */
  width: number;
}

/** Two runs share a line when their baselines are closer than this (in ems). */
const BASELINE_TOLERANCE = 0.4;
/** Runs further apart than this along a baseline (in ems) are separate lines: table cells, columns. */
const MAX_LINE_GAP = 1.5;
/** ...unless their sizes differ by more than {@link SIZE_RATIO}: then only this far (a heading beside a block). */
const MAX_GAP_ACROSS_SIZES = 0.6;
const SIZE_RATIO = 1.3;
/** Identical runs drawn this close (in ems) are one run drawn twice (fake bold, shadows). */
const DUPLICATE_DISTANCE = 0.15;
/**
 * A gap between glyphs wider than this (in ems) is a space. Measured on Chromium PDFs of corpus text in
 * nine TLWG fonts: gaps inside words (kerning, Thai marks shifted left) reach 0.21 em, spaces are
 * 0.32-0.50 em wide.
 */
export const SPACE_GAP = 0.25;

const COMBINING = /^[\u0E31\u0E33-\u0E3A\u0E47-\u0E4E\uF705-\uF717]/;
const isMark = (ch: string) => COMBINING.test(ch);
/** Control characters some fonts map glyphs to (never text). */
const CONTROL = /(?![\t\n\r])\p{Cc}/gu;
const isSpace = (ch: string) => /\s/.test(ch);

interface Run {
  str: string;
  index: number;
  /** Unit vector along the baseline. */
  dir: [number, number];
  /** Start and end along the baseline, position across it (baseline), font size: all in pixels. */
  u0: number;
  u1: number;
  v: number;
  size: number;
}

interface Line {
  runs: Run[];
  dir: [number, number];
  v: number;
  size: number;
  u0: number;
  u1: number;
  first: number;
}

function toRun(r: PlacedRun, index: number): Run | null {
  const [a, b, c, d, e, f] = r.m;
  const len = Math.hypot(a, b);
  const size = Math.hypot(c, d);
  if (!len || !size || !r.str) return null;
  const dir: [number, number] = [a / len, b / len];
  const u0 = e * dir[0] + f * dir[1];
  return { str: r.str, index, dir, u0, u1: u0 + Math.max(0, r.width), v: f * dir[0] - e * dir[1], size };
}

const sameDirection = (p: [number, number], q: [number, number]) => p[0] * q[0] + p[1] * q[1] > 0.995;

function fits(line: Line, run: Run): boolean {
  const em = Math.max(line.size, run.size);
  const blank = !run.str.trim();
  const gap =
    (Math.max(line.size, run.size) / Math.min(line.size, run.size) > SIZE_RATIO && !blank
      ? MAX_GAP_ACROSS_SIZES
      : MAX_LINE_GAP) * em;
  return (
    sameDirection(line.dir, run.dir) &&
    Math.abs(line.v - run.v) <= BASELINE_TOLERANCE * em &&
    run.u0 <= line.u1 + gap &&
    run.u1 >= line.u0 - gap
  );
}

function isDuplicate(line: Line, run: Run): boolean {
  const near = DUPLICATE_DISTANCE * run.size;
  return line.runs.some(
    (r) =>
      r.str === run.str &&
      Math.abs(r.u0 - run.u0) < near &&
      Math.abs(r.v - run.v) < near &&
      r.str.trim() !== '',
  );
}

function addTo(line: Line, run: Run): void {
  if (isDuplicate(line, run)) return;
  line.runs.push(run);
  if (!run.str.trim()) return;
  line.u0 = Math.min(line.u0, run.u0);
  line.u1 = Math.max(line.u1, run.u1);
  line.size = Math.max(line.size, run.size);
}

/** Groups runs into lines: each run joins the most recent line it continues, else starts one. */
function groupLines(runs: Run[]): Line[] {
  const lines: Line[] = [];
  for (const run of runs) {
    let home: Line | undefined;
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 64) && !home; i--)
      if (fits(lines[i] as Line, run)) home = lines[i];
    if (home) addTo(home, run);
    else if (run.str.trim())
      lines.push({
        runs: [run],
        dir: run.dir,
        v: run.v,
        size: run.size,
        u0: run.u0,
        u1: run.u1,
        first: run.index,
      });
  }
  return mergeNeighbours(lines);
}

/** Lines of one baseline that only touch once later runs arrived are merged (runs drawn out of order). */
function mergeNeighbours(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const into = out.find((o) => line.runs.some((r) => r.str.trim() && fits(o, r)));
    if (!into) {
      out.push(line);
      continue;
    }
    for (const r of line.runs) addTo(into, r);
    into.first = Math.min(into.first, line.first);
  }
  return out.sort((a, b) => a.first - b.first);
}

interface Glyph {
  ch: string;
  u0: number;
  u1: number;
  size: number;
}

/**
 * The run's characters with their extent along the baseline: the advance shared by the characters
 * that take space, combining marks at the position of the character they sit on.
 */
function glyphsOf(run: Run): Glyph[] {
  const chars = Array.from(run.str.replace(CONTROL, ''));
  const spacing = chars.filter((ch) => !isMark(ch)).length || 1;
  const step = (run.u1 - run.u0) / spacing;
  const out: Glyph[] = [];
  let pos = run.u0;
  for (const ch of chars) {
    if (isMark(ch)) out.push({ ch, u0: pos, u1: pos, size: run.size });
    else {
      out.push({ ch, u0: pos, u1: pos + step, size: run.size });
      pos += step;
    }
  }
  return out;
}

/**
 * Reading order inside a line: by position along the baseline, a run that starts with a combining
 * mark just before the character after it (a mark is drawn at, or a little before, the end of the
 * character it sits on), content-stream order on ties.
 */
function readingOrder(runs: Run[]): Run[] {
  const key = (r: Run) => r.u0 - (isMark(r.str) ? 0.02 * r.size : 0);
  return [...runs].sort((a, b) => key(a) - key(b) || a.index - b.index);
}

/** The words of a line: its glyphs split at written spaces and at gaps wider than {@link SPACE_GAP}. */
function wordsOf(line: Line): Glyph[][] {
  const words: Glyph[][] = [];
  let word: Glyph[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const run of readingOrder(line.runs))
    for (const g of glyphsOf(run)) {
      if (isSpace(g.ch)) {
        if (word.length) words.push(word);
        word = [];
        end = Math.max(end, g.u1);
        continue;
      }
      if (word.length && !isMark(g.ch) && g.u0 - end > SPACE_GAP * Math.max(g.size, line.size * 0.5)) {
        words.push(word);
        word = [];
      }
      word.push(g);
      end = Math.max(end, g.u1);
    }
  if (word.length) words.push(word);
  return words;
}

/** The page-space box of a stretch `[u0, u1]` of a line (rotated lines get their bounding box). */
function boxOf(line: Line, u0: number, u1: number, size: number): BBox {
  const [dx, dy] = line.dir;
  const corners = [
    [u0, line.v - size],
    [u1, line.v - size],
    [u0, line.v],
    [u1, line.v],
  ].map(([u, v]) => [(u as number) * dx - (v as number) * dy, (u as number) * dy + (v as number) * dx]);
  const xs = corners.map((c) => c[0] as number);
  const ys = corners.map((c) => c[1] as number);
  return [
    Math.round(Math.min(...xs)),
    Math.round(Math.min(...ys)),
    Math.round(Math.max(...xs)),
    Math.round(Math.max(...ys)),
  ];
}

/**
 * The lines of a page in the stored form (NFC, Thai marks in typed order, legacy glyphs mapped), in
 * the order the content stream starts them, each with its words and boxes. A space separates two
 * words where the page writes one or where their glyphs stand a space apart.
 */
export function textLines(placed: PlacedRun[]): OcrLine[] {
  const runs = placed.map(toRun).filter((r): r is Run => r !== null);
  const out: OcrLine[] = [];
  for (const line of groupLines(runs)) {
    const words: OcrWord[] = [];
    for (const glyphs of wordsOf(line)) {
      const text = normalizeThai(glyphs.map((g) => g.ch).join('')).trim();
      if (!text) continue;
      const size = Math.max(...glyphs.map((g) => g.size));
      const u0 = Math.min(...glyphs.map((g) => g.u0));
      const u1 = Math.max(...glyphs.map((g) => g.u1));
      words.push({ text, bbox: boxOf(line, u0, u1, size), confidence: 1 });
    }
    if (words.length)
      out.push({
        text: words.map((w) => w.text).join(' '),
        bbox: union(words.map((w) => w.bbox)),
        confidence: 1,
        words,
      });
  }
  return out;
}
