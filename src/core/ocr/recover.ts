/**
 * Text that tesseract's page layout (psm 3) leaves out or garbles, read again. Fully automatic page
 * segmentation drops lines it takes for graphics: a line typed over a dotted underline, text under a
 * stamp, a table row between rules; and it garbles some lines it keeps (a bold letterhead loses its
 * vowels). After the page is read, the ink of its binarized image that no confident line covers is
 * gathered into horizontal bands, and each band is read again on its own by the same engine as one
 * line or one block (psm 7 / 6), which finds the text there. A band's lines replace the words of
 * garbled lines inside it when they read with more confidence (word by word: a garbled table row read
 * again as two bands, split at a wide column gap, is replaced by both, not kept beside them; a garbled
 * line's confident words stay where no line read again lies over them, and a word read again far less
 * confidently than the letters under it is dropped), and are inserted in reading order otherwise (in
 * the block whose lines surround them, else as a block before the first block below them), each band
 * read left to right and the pieces of one row joined left to right, so a table row reads row by row.
 * Only bands that hold letter-sized ink are read, at most {@link MAX_BANDS} per page: a page read
 * cleanly costs one scan of its pixels.
 */
import { eraseBox, eraseRules, type InkImage, type InkMask, inkIn, unpackInk } from './ink.ts';
import { centreIn, median, union } from './geometry.ts';
import { spacingLength } from './spacing.ts';
import type { BBox, OcrBlock, OcrLine, OcrWord } from './types.ts';

/** A line whose words' mean confidence is below this is garbled: its band is read again. */
export const GARBLED_BELOW = 0.6;
/** Recovered words below this confidence are noise (specks, rules, a stamp's border) and dropped. */
export const MIN_WORD_CONFIDENCE = 0.5;
/** Bands read again per page at most (the ones holding the most ink). */
export const MAX_BANDS = 12;

/** Reads a rectangle of the page again: one line or one block; answers blocks with the engine's line texts. */
export type RegionReader = (box: BBox, singleLine: boolean) => OcrBlock[];

/** A stretch of the page with ink no confident line covers, and the ink it holds. */
export interface Band {
  box: BBox;
  ink: number;
  /**
   * Set for a row's glyphs too small to read alone (a table's row number, a quantity of one digit),
   * wherever they stand on it: the band runs from the first to the last, over the confident lines
   * between them, whose words read again are dropped.
   */
  glyphs?: true;
}

/** Rows of lone glyphs read again per page at most, after the {@link MAX_BANDS} bands. */
export const MAX_GLYPH_ROWS = 4;
/** A lone glyph holds at least this share of a line height squared of ink (a `1` does: specks do not). */
const GLYPH_INK = 0.04;

const height = (b: BBox) => b[3] - b[1];
const centerY = (b: BBox) => (b[1] + b[3]) / 2;
const overlapsX = (a: BBox, b: BBox) => Math.min(a[2], b[2]) > Math.max(a[0], b[0]);
const meanConfidence = (words: OcrWord[]) =>
  words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
const readable = (text: string) => /[\p{L}\p{N}]/u.test(text);

/** A line taller than this many typical lines holds something else too (a stamp, a second line). */
export const TALL_LINE = 1.45;
/** Thai letters read one per "word" (`ป ฏิ บั ต`) in a line of at least this many words: a garbled line. */
const SCATTERED_WORDS = 6;

const THAI_LETTER = /^[\u0E01-\u0E2E]/;

/** True when most of a line's words are single Thai letters with their marks, read apart. */
function scattered(line: OcrLine): boolean {
  const words = line.text.split(/\s+/).filter(Boolean);
  const single = words.filter((w) => THAI_LETTER.test(w) && spacingLength(w) === 1).length;
  return words.length >= SCATTERED_WORDS && single * 2 >= words.length;
}

/** Steepest slope a line of a page read as it is may have: beyond 2° the page is straightened first. */
const MAX_SLOPE = Math.tan((2 * Math.PI) / 180);

/**
 * How thick a line is across its run: the height of its box once the slope of its words (a scan turned
 * a little, at most {@link MAX_SLOPE}) is taken out, so a long line of a skewed page is as thick as a
 * short one and two lines read as one stay twice as thick.
 */
export function thickness(line: OcrLine): number {
  const words = line.words;
  if (words.length < 2) return height(line.bbox);
  const cx = words.map((w) => (w.bbox[0] + w.bbox[2]) / 2);
  const cy = words.map((w) => (w.bbox[1] + w.bbox[3]) / 2);
  const mx = cx.reduce((a, b) => a + b, 0) / cx.length;
  const my = cy.reduce((a, b) => a + b, 0) / cy.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < cx.length; i++) {
    sxy += ((cx[i] as number) - mx) * ((cy[i] as number) - my);
    sxx += ((cx[i] as number) - mx) ** 2;
  }
  const slope = sxx > 0 ? Math.max(-MAX_SLOPE, Math.min(MAX_SLOPE, sxy / sxx)) : 0;
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < words.length; i++) {
    const b = (words[i] as OcrWord).bbox;
    const drift = slope * ((cx[i] as number) - mx);
    top = Math.min(top, b[1] - drift);
    bottom = Math.max(bottom, b[3] - drift);
  }
  return bottom - top;
}

/**
 * True when a line reads with confidence (its words are kept as they are): its words' mean confidence
 * reaches {@link GARBLED_BELOW}, it has a letter or digit, it is not much thicker than the page's lines
 * (`lh`; 0: not known) and its letters are not read one by one.
 */
export const confident = (line: OcrLine, lh = 0) =>
  line.confidence >= GARBLED_BELOW &&
  readable(line.text) &&
  !(lh > 0 && thickness(line) > lh * TALL_LINE) &&
  !scattered(line);

/**
 * How much text `blocks` read with confidence: the letters and digits of their confident lines (see
 * {@link confident}), and those lines' confidence, a mean weighted by letters.
 */
export function confidentText(blocks: OcrBlock[]): { letters: number; confidence: number } {
  let letters = 0;
  let weighted = 0;
  for (const l of blocks.flatMap((b) => b.lines)) {
    if (!confident(l)) continue;
    const n = l.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
    letters += n;
    weighted += n * l.confidence;
  }
  return { letters, confidence: letters ? weighted / letters : 0 };
}

/** The typical height of a text line on the page, from its confident lines (0 when it has none). */
export function lineHeight(lines: OcrLine[]): number {
  return median(lines.filter((l) => confident(l)).map(thickness));
}

/**
 * Bands of `mask` (ink outside the confident lines, rules erased) that hold at least a letter's worth
 * of ink: rows with ink, gaps under a quarter line merged, at least half a line high; split where
 * their ink leaves a gap of six line heights (side-by-side regions), most ink first. The pieces of a row
 * too small for a band of their own but a glyph's worth of ink make one band of lone glyphs (see
 * {@link Band.glyphs}), after the others.
 */
export function findBands(mask: InkMask, lh: number): Band[] {
  const { width: W, height: H, data } = mask;
  const rows = new Int32Array(H);
  for (let y = 0; y < H; y++) {
    let n = 0;
    for (let x = y * W, end = x + W; x < end; x++) n += data[x] as number;
    rows[y] = n;
  }
  const minRow = Math.max(2, Math.round(lh * 0.08));
  const runs: [number, number][] = [];
  let start = -1;
  let last = -1;
  for (let y = 0; y <= H; y++) {
    const on = y < H && (rows[y] as number) >= minRow;
    if (on) {
      if (start < 0) start = y;
      else if (y - last > lh * 0.25) {
        runs.push([start, last + 1]);
        start = y;
      }
      last = y;
    }
  }
  if (start >= 0) runs.push([start, last + 1]);
  const bands: Band[] = [];
  const glyphRows: Band[] = [];
  for (const [y0, y1] of runs) {
    if (y1 - y0 < lh * 0.5) continue;
    const cols = new Int32Array(W);
    for (let y = y0; y < y1; y++) for (let x = 0; x < W; x++) cols[x] += data[y * W + x] as number;
    let x0 = -1;
    let xl = -1;
    let ink = 0;
    const glyphs: Band[] = [];
    const close = () => {
      if (x0 < 0) return;
      const box: BBox = [x0, y0, xl + 1, y1];
      if (xl + 1 - x0 >= lh * 0.5 && ink >= lh * lh * 0.2) bands.push({ box, ink });
      else if (ink >= lh * lh * GLYPH_INK) glyphs.push({ box, ink });
    };
    for (let x = 0; x < W; x++) {
      const n = cols[x] as number;
      if (!n) continue;
      if (x0 >= 0 && x - xl > lh * 6) {
        close();
        x0 = -1;
        ink = 0;
      }
      if (x0 < 0) x0 = x;
      xl = x;
      ink += n;
    }
    close();
    if (glyphs.length)
      glyphRows.push({
        box: union(glyphs.map((g) => g.box)),
        ink: glyphs.reduce((sum, g) => sum + g.ink, 0),
        glyphs: true,
      });
  }
  const byInk = (a: Band, b: Band) => b.ink - a.ink;
  return [...bands.sort(byInk), ...glyphRows.sort(byInk)];
}

/** The ink of the page that no confident line covers, rules and borders erased. */
export function uncoveredInk(ink: InkImage, covered: BBox[], lh: number): InkMask {
  const mask = unpackInk(ink);
  const padY = lh * 0.2;
  const padX = lh * 0.3;
  for (const b of covered) eraseBox(mask, [b[0] - padX, b[1] - padY, b[2] + padX, b[3] + padY]);
  eraseRules(mask, Math.max(4, Math.round(lh * 1.6)));
  return mask;
}

/**
 * True when `a` and `b` lie side by side on one row: they overlap vertically by at least half the
 * shorter one's height and not horizontally (on a skewed scan a row's right cell sits higher or lower
 * than its left one, so their centres alone do not order them).
 */
const sameRow = (a: BBox, b: BBox) =>
  !overlapsX(a, b) && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) >= Math.min(height(a), height(b)) * 0.5;

/** True when line `b` reads after line `a`: to its right on the same row, else lower. */
const readsAfter = (a: BBox, b: BBox) => (sameRow(a, b) ? b[0] > a[0] : centerY(b) > centerY(a));

/**
 * The lines read again with the pieces of one row (a table row read as two bands, split at a wide
 * column gap) joined into one line, left to right, so the row reads in order whatever the skew.
 */
function joinRows(lines: OcrLine[]): OcrLine[] {
  const rows: OcrLine[][] = [];
  for (const line of [...lines].sort((a, b) => a.bbox[0] - b.bbox[0])) {
    const row = rows.find((r) => r.every((l) => sameRow(l.bbox, line.bbox)));
    if (row) row.push(line);
    else rows.push([line]);
  }
  return rows.map((r) => {
    if (r.length === 1) return r[0] as OcrLine;
    const words = r.flatMap((l) => l.words);
    return {
      text: r.map((l) => l.text).join(' '),
      bbox: union(r.map((l) => l.bbox)),
      confidence: Math.round(meanConfidence(words) * 100) / 100,
      words,
    };
  });
}

/** Puts `line` where it reads: among the lines of the block around it, else as a block before the next one below. */
export function insertLine(blocks: OcrBlock[], line: OcrLine): void {
  const cy = centerY(line.bbox);
  const around = blocks.find(
    (b) => overlapsX(b.bbox, line.bbox) && b.bbox[1] <= cy && b.bbox[3] >= cy && b.lines.length > 1,
  );
  if (around) {
    const at = around.lines.findIndex((l) => readsAfter(line.bbox, l.bbox));
    around.lines.splice(at < 0 ? around.lines.length : at, 0, line);
    around.bbox = union([around.bbox, line.bbox]);
    around.text = around.lines.map((l) => l.text).join('\n');
    return;
  }
  const block: OcrBlock = { text: line.text, bbox: line.bbox, confidence: line.confidence, lines: [line] };
  const below = (b: OcrBlock) => b.bbox[1] > cy;
  let at = blocks.findIndex((b) => below(b) && overlapsX(b.bbox, line.bbox));
  if (at < 0) at = blocks.findIndex(below);
  blocks.splice(at < 0 ? blocks.length : at, 0, block);
}

/**
 * The blocks with the words `dropped` taken out of their lines: a line left with no words goes, and so
 * does a block left with no lines.
 */
function removeWords(blocks: OcrBlock[], dropped: Map<OcrLine, Set<OcrWord>>): OcrBlock[] {
  const out: OcrBlock[] = [];
  for (const b of blocks) {
    const lines: OcrLine[] = [];
    for (const l of b.lines) {
      const gone = dropped.get(l);
      const words = gone ? l.words.filter((w) => !gone.has(w)) : l.words;
      if (!gone) lines.push(l);
      else if (words.length) lines.push(withWords(l, words));
    }
    if (!lines.length) continue;
    out.push(
      lines.every((l, i) => l === b.lines[i]) && lines.length === b.lines.length
        ? b
        : { ...b, lines, bbox: union(lines.map((l) => l.bbox)), text: lines.map((l) => l.text).join('\n') },
    );
  }
  return out;
}

/** Thai marks above or below a letter: tesseract may report one as a "word" of its own. */
const MARKS_ONLY = /^[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+$/;

/**
 * The words of a band's reading worth keeping: confident, readable, not over a confident line's words;
 * a word of marks alone goes with the word before it.
 */
function keptWords(line: OcrLine, covered: BBox[]): OcrWord[] {
  const out: OcrWord[] = [];
  let previous = false;
  for (const w of line.words) {
    const overCovered = covered.some((c) => centreIn(w.bbox, c));
    const keep: boolean = MARKS_ONLY.test(w.text)
      ? previous
      : w.confidence >= MIN_WORD_CONFIDENCE && !overCovered;
    if (keep) out.push(w);
    previous = keep;
  }
  return out;
}

/**
 * A band's line cut down to `words`: its text the engine's text of the line without the words dropped
 * (a space where they were).
 */
function withWords(line: OcrLine, words: OcrWord[]): OcrLine {
  const keep = new Set(words);
  let text = '';
  let pos = 0;
  let dropped = false;
  for (const w of line.words) {
    const at = line.text.indexOf(w.text, pos);
    const before = at >= 0 ? line.text.slice(pos, at) : ' ';
    if (at >= 0) pos = at + w.text.length;
    if (!keep.has(w)) dropped = true;
    else {
      text += (text ? (dropped ? ' ' : before) : '') + w.text;
      dropped = false;
    }
  }
  return {
    text,
    bbox: union(words.map((w) => w.bbox)),
    confidence: Math.round(meanConfidence(words) * 100) / 100,
    words,
  };
}

/**
 * A word read again this much less confident than the letters it lies over (a garbled line's words)
 * is junk: the band's reading made letters of what the page's reading saw better.
 */
export const FAR_LESS_CONFIDENT = 0.25;

const overlaps = (a: BBox, b: BBox) => overlapsX(a, b) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);

/** True when `word`, read again, is {@link FAR_LESS_CONFIDENT} below the mean, by letters, of the `under` words it overlaps. */
function junkOver(word: OcrWord, under: OcrWord[]): boolean {
  let letters = 0;
  let weighted = 0;
  for (const w of under) {
    if (!overlaps(w.bbox, word.bbox)) continue;
    const n = spacingLength(w.text) || 1;
    letters += n;
    weighted += n * w.confidence;
  }
  return letters > 0 && word.confidence < weighted / letters - FAR_LESS_CONFIDENT;
}

/** Characters a vertical rule is read as. */
const RULE_GLYPHS = /^[|¦│[\]!]+$/;

/**
 * `line`, read in `region`, without what a table's rules read as: "words" taller than {@link TALL_LINE}
 * lines that run from the top of the region to its bottom (a letter made of a rule and a digit, or junk
 * like `wma` across a cell) or are only a rule's glyphs (`|`: a column rule that ends inside the region,
 * at the table's last row). No word of the text does: the region is wider than its ink. They would make
 * a table row read from one rule to the next look taller than a line of text.
 */
function withoutRules(line: OcrLine, lh: number, region: BBox): OcrLine {
  const rule = (w: OcrWord) =>
    height(w.bbox) > lh * TALL_LINE &&
    (RULE_GLYPHS.test(w.text) || (w.bbox[1] <= region[1] + 2 && w.bbox[3] >= region[3] - 2));
  const words = line.words.filter((w) => !rule(w));
  return words.length === line.words.length || !words.length ? line : withWords(line, words);
}

/**
 * The lines tesseract reads in a band, without its rules (see {@link withoutRules}): one line, or a block of
 * lines; then, for a block, each stretch of its rows at least 0.9 lines high that no confident line
 * covers, neither of this reading nor of the page's (`covered`), and that holds a letter's worth of
 * the ink no line covers (`mask`: blank paper read as a line comes out as junk), read on its own (tesseract reading a
 * block of table rows may return the first row alone).
 */
function readBand(box: BBox, read: RegionReader, lh: number, covered: BBox[], mask: InkMask): OcrLine[] {
  const readLines = (b: BBox) => {
    const single = b[3] - b[1] < lh * 1.6;
    return { single, lines: read(b, single).flatMap((bl) => bl.lines.map((l) => withoutRules(l, lh, b))) };
  };
  const { single, lines } = readLines(box);
  if (single) return lines;
  const rows = lines.filter((l) => confident(l, lh)).map((l) => [l.bbox[1], l.bbox[3]] as const);
  if (!rows.length) return lines;
  const gaps: BBox[] = [];
  let y = box[1];
  for (const [top, bottom] of [...rows].sort((a, b) => a[0] - b[0])) {
    if (top - y >= lh * 0.9) gaps.push([box[0], y, box[2], top]);
    y = Math.max(y, bottom);
  }
  if (box[3] - y >= lh * 0.9) gaps.push([box[0], y, box[2], box[3]]);
  const clear = (gap: BBox) =>
    inkIn(mask, gap) >= lh * lh * 0.2 &&
    !covered.some((c) => overlapsX(c, gap) && Math.min(c[3], gap[3]) - Math.max(c[1], gap[1]) > lh * 0.25);
  return [...lines, ...gaps.filter(clear).flatMap((gap) => readLines(gap).lines)];
}

/** What {@link recoverLines} did. */
export interface Recovery {
  blocks: OcrBlock[];
  /** Bands read again. */
  bands: number;
  /** Lines inserted (replacements included) and garbled lines replaced. */
  added: number;
  replaced: number;
}

/**
 * Reads again the bands of the page that hold ink but no confident line (see the module comment) and
 * returns the blocks with their lines added or garbled lines replaced. `blocks` come from tesseract's
 * reading of the page whose binarized image is `ink`.
 */
export function recoverLines(blocks: OcrBlock[], ink: InkImage, read: RegionReader): Recovery {
  const lines = blocks.flatMap((b) => b.lines);
  const lh = lineHeight(lines);
  const kept = lines.filter((l) => confident(l, lh));
  if (!kept.length || lh <= 0) return { blocks, bands: 0, added: 0, replaced: 0 };
  const covered = kept.map((l) => l.bbox);
  const mask = uncoveredInk(ink, covered, lh);
  const all = findBands(mask, lh);
  const bands = [
    ...all.filter((b) => !b.glyphs).slice(0, MAX_BANDS),
    ...all.filter((b) => b.glyphs).slice(0, MAX_GLYPH_ROWS),
  ];
  const garbled = lines.filter((l) => !confident(l, lh));
  const dropped = new Map<OcrLine, Set<OcrWord>>();
  const found: OcrLine[] = [];
  for (const band of bands) {
    const pad = Math.round(lh * 0.3);
    const [x0, y0, x1, y1] = band.box;
    const box: BBox = [
      Math.max(0, x0 - pad),
      Math.max(0, y0 - pad),
      Math.min(ink.width, x1 + pad),
      Math.min(ink.height, y1 + pad),
    ];
    const reread = readBand(box, read, lh, covered, mask)
      .filter((l) => confident(l, lh))
      .map((l) => withWords(l, keptWords(l, covered)))
      .filter(
        (l) =>
          l.words.length &&
          l.confidence >= GARBLED_BELOW &&
          height(l.bbox) >= lh * 0.5 &&
          ((l.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 2 || (band.glyphs && /^\d$/.test(l.text))),
      );
    const old = garbled.flatMap((l) =>
      l.words.filter((w) => !dropped.get(l)?.has(w) && centreIn(w.bbox, box)).map((w) => [l, w] as const),
    );
    const oldWords = old.map(([, w]) => w);
    const trusted = reread
      .map((l) =>
        withWords(
          l,
          l.words.filter((w) => !junkOver(w, oldWords)),
        ),
      )
      .filter((l) => l.words.length);
    const newWords = trusted.flatMap((l) => l.words);
    if (!newWords.length) continue;
    if (old.length && meanConfidence(newWords) <= meanConfidence(oldWords)) continue;
    for (const [l, w] of old) {
      if (trusted.some((n) => centreIn(w.bbox, n.bbox)) || w.confidence < GARBLED_BELOW)
        dropped.set(l, (dropped.get(l) ?? new Set()).add(w));
    }
    found.push(...trusted);
  }
  if (!found.length) return { blocks, bands: bands.length, added: 0, replaced: 0 };
  const out = removeWords(blocks, dropped).map((b) => ({ ...b, lines: [...b.lines] }));
  for (const line of joinRows(found).sort((a, b) => centerY(a.bbox) - centerY(b.bbox))) insertLine(out, line);
  const replaced = [...dropped].filter(([l, gone]) => gone.size === l.words.length).length;
  return { blocks: out, bands: bands.length, added: found.length, replaced };
}
