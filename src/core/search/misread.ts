/**
 * Tolerant matching of Thai words against OCR misreads. OCR of Thai scans drops, adds or swaps the
 * small marks above and below a consonant (tone marks, short vowels, thanthakhat) and confuses
 * consonants that differ by a stroke (ด/ค, บ/ป, ข/ช, ผ/พ ...); a word misread that way is no longer
 * found by exact matching. Here a query's packed text (packed.ts) is looked for in a document's packed
 * text with a weighted edit distance where a mark costs a third of an ordinary edit and a look-alike
 * two thirds, digits never change, and any substring of the text may match (Sellers' algorithm, with
 * Ukkonen's cut-off so only the rows that can still stay within the budget are computed). Candidates
 * come from the bigram index ({@link sharedGramSlots}): an edit destroys at most two of a pattern's
 * bigrams.
 */
import type { Bits } from './bits.ts';
import { isPackedMark } from './packed.ts';
import type { DecodeScratch } from './postings.ts';
import { denseThreshold, type Segment } from './segment.ts';

/** Cost of adding, dropping or swapping a mark (tone mark, vowel above or below, other sign). */
export const MARK_EDIT = 1;
/** Cost of swapping a letter for its look-alike (see {@link LOOK_ALIKES}). */
export const LOOK_ALIKE_EDIT = 2;
/** Cost of any other edit of a letter (insertion, deletion or substitution). */
export const FULL_EDIT = 3;
/** Most any match may cost: two ordinary edits. */
const MAX_BUDGET = 2 * FULL_EDIT;
/** Cost of any edit of a digit: more than any budget (an amount or a number must match exactly). */
const NEVER = MAX_BUDGET + 1;

/** Thai letters that differ by a stroke in print, in groups of look-alikes. */
const LOOK_ALIKES = [
  'ดคตฅศ',
  'บปษ',
  'ขชซฃ',
  'ผพฝฟ',
  'ถภฤ',
  'รธ',
  'ลส',
  'มนฆ',
  'หฬ',
  'อฮ',
  'ฎฏ',
  'ญณ',
  'ทฑ',
  'วจ',
  'ใไโ',
  'าำ',
];

/** Tone marks, vowels above and below the consonant, and the other combining signs. */
const MARKS =
  '\u0E31\u0E34\u0E35\u0E36\u0E37\u0E38\u0E39\u0E3A\u0E47\u0E48\u0E49\u0E4A\u0E4B\u0E4C\u0E4D\u0E4E';

/** The packed byte of a Thai character (see packed.ts). */
const packed = (ch: string) => 0x80 + (ch.charCodeAt(0) - 0x0e00);

interface CostTables {
  /** Cost of inserting or deleting a byte. */
  indel: Uint8Array;
  /** Cost of substituting byte `b` for byte `a`, at `a << 8 | b`. */
  sub: Uint8Array;
}

let tables: CostTables | undefined;

/** The cost tables, built on first use. */
function costTables(): CostTables {
  if (tables) return tables;
  const indel = new Uint8Array(256).fill(FULL_EDIT);
  const sub = new Uint8Array(256 * 256).fill(FULL_EDIT);
  const marks = [...MARKS].map(packed);
  for (const a of marks) {
    indel[a] = MARK_EDIT;
    for (const b of marks) sub[(a << 8) | b] = MARK_EDIT;
  }
  for (const group of LOOK_ALIKES) {
    const bytes = [...group].map(packed);
    for (const a of bytes) for (const b of bytes) sub[(a << 8) | b] = LOOK_ALIKE_EDIT;
  }
  // Digits (Thai ones are folded to ASCII before packing).
  for (let d = 0x30; d <= 0x39; d++) {
    indel[d] = NEVER;
    for (let b = 0; b < 256; b++) {
      sub[(d << 8) | b] = NEVER;
      sub[(b << 8) | d] = NEVER;
    }
  }
  for (let a = 0; a < 256; a++) sub[(a << 8) | a] = 0;
  tables = { indel, sub };
  return tables;
}

/**
 * The most a match of `pattern` (packed) may cost, from its letters (marks not counted): one mark for
 * a single letter, a look-alike or two marks up to four letters, then a third of an edit more per
 * letter, at most two ordinary edits (five letters allow an ordinary edit, eight two).
 */
export function misreadBudget(pattern: Uint8Array): number {
  const { indel } = costTables();
  let letters = 0;
  for (const b of pattern) if (indel[b] !== MARK_EDIT) letters++;
  return Math.min(MAX_BUDGET, letters <= 1 ? MARK_EDIT : Math.max(LOOK_ALIKE_EDIT, letters - 2));
}

/** The cheapest match of a pattern in a text: its cost and where it ends (exclusive). */
export interface MisreadMatch {
  cost: number;
  end: number;
}

/** Reusable work space of {@link findMisread} (one per index). */
export class MisreadScratch {
  col = new Int32Array(64);

  ensure(n: number): Int32Array {
    if (this.col.length < n) this.col = new Int32Array(n * 2);
    return this.col;
  }
}

/**
 * The cheapest place in `text` where `pattern` occurs with edits costing at most `budget` (both
 * packed), or undefined. A space in the text counts as a character. Like an exact match, a match
 * does not end inside a grapheme cluster, nor start inside one: `วัด` does not match the `วัต` of
 * `ประวัติ` (a look-alike away), since `ิ` belongs to `ต`; taking the mark in costs a mark edit more.
 */
export function findMisread(
  text: Uint8Array,
  pattern: Uint8Array,
  budget: number,
  scratch: MisreadScratch,
): MisreadMatch | undefined {
  const { indel, sub } = costTables();
  const m = pattern.length;
  if (!m) return undefined;
  const col = scratch.ensure(m + 1);
  const over = budget + 1;
  // Row 0 at byte `j`: a match may start there unless it is a mark (of the cluster before it).
  const startAt = (j: number) => (isPackedMark(text[j]) ? over : 0);
  col[0] = startAt(0);
  let active = 0;
  for (let i = 1; i <= m; i++) {
    col[i] = Math.min(over, (col[i - 1] as number) + (indel[pattern[i - 1] as number] as number));
    if ((col[i] as number) <= budget) active = i;
  }
  let best = active === m ? (col[m] as number) : over;
  let end = 0;
  // While no match is under way, a byte that cannot stand for the pattern's first one starts none.
  const first = (pattern[0] as number) << 8;
  const firstKept = (indel[pattern[0] as number] as number) > budget;
  for (let j = 0; j < text.length && best > 0; j++) {
    const c = text[j] as number;
    if (active === 0 && firstKept && (sub[first | c] as number) > budget) continue;
    const insert = indel[c] as number;
    const top = active < m ? active + 1 : m;
    if (top > active) col[top] = over;
    let diagonal = startAt(j);
    col[0] = startAt(j + 1);
    for (let i = 1; i <= top; i++) {
      const p = pattern[i - 1] as number;
      const old = col[i] as number;
      let v = diagonal + (sub[(p << 8) | c] as number);
      const kept = old + insert;
      if (kept < v) v = kept;
      const dropped = (col[i - 1] as number) + (indel[p] as number);
      if (dropped < v) v = dropped;
      col[i] = v > over ? over : v;
      diagonal = old;
    }
    active = top;
    while (active < m && (col[active] as number) + (indel[pattern[active] as number] as number) <= budget) {
      col[active + 1] = (col[active] as number) + (indel[pattern[active] as number] as number);
      active++;
    }
    while (active > 0 && (col[active] as number) > budget) active--;
    if (active === m && (col[m] as number) < best && !isPackedMark(text[j + 1])) {
      best = col[m] as number;
      end = j + 1;
    }
  }
  return best <= budget ? { cost: best, end } : undefined;
}

/**
 * Where the match of {@link findMisread} that ends at `end` and costs `cost` starts: the latest
 * start from which `pattern` matches `text[start, end)` within `cost`.
 */
export function misreadStart(text: Uint8Array, pattern: Uint8Array, match: MisreadMatch): number {
  const { indel, sub } = costTables();
  const m = pattern.length;
  const row = new Int32Array(m + 1);
  for (let i = 1; i <= m; i++) row[i] = (row[i - 1] as number) + (indel[pattern[m - i] as number] as number);
  const limit = Math.max(0, match.end - 2 * m - match.cost);
  for (let j = match.end - 1; j >= limit; j--) {
    const c = text[j] as number;
    let diagonal = row[0] as number;
    row[0] = diagonal + (indel[c] as number);
    for (let i = 1; i <= m; i++) {
      const p = pattern[m - i] as number;
      const old = row[i] as number;
      row[i] = Math.min(
        diagonal + (sub[(p << 8) | c] as number),
        old + (indel[c] as number),
        (row[i - 1] as number) + (indel[p] as number),
      );
      diagonal = old;
    }
    if ((row[m] as number) <= match.cost && !isPackedMark(c)) return j;
  }
  return limit;
}

/**
 * Slots in `within` that share at least `need` of the distinct bigrams `grams`, most shared first (then
 * latest slot first), at most `max` of them. `counts` is zero over the slot space and is left so.
 *
 * Frequent bigrams (kept as bitmaps) are added up 32 slots at a time in bit-sliced counters, so a query
 * of common bigrams costs a few word operations per 32 documents instead of one count per document
 * having the bigram; the rare bigrams' lists are counted slot by slot. Only the slots that make the cut
 * are then looked at one by one.
 */
export function sharedGramSlots(
  segments: readonly Segment[],
  grams: readonly number[],
  within: Bits,
  need: number,
  max: number,
  counts: Uint16Array,
  scratch: DecodeScratch,
): number[] {
  const allowed = within.words;
  const words = allowed.length;
  const depth = 32 - Math.clz32(grams.length);
  const slices = Array.from({ length: depth }, () => new Uint32Array(words));
  const touched: number[] = [];
  for (const g of grams)
    for (const seg of segments) {
      const n = seg.gramCount(g);
      if (!n) continue;
      const list = seg.gramList(g);
      const start = seg.start;
      const bits = !list || n >= denseThreshold(seg.size) ? seg.gramBits(g) : undefined;
      if (bits) {
        const w0 = start >>> 5;
        const last = Math.min(bits.length, words - w0);
        for (let w = 0; w < last; w++) {
          let carry = (bits[w] as number) & (allowed[w0 + w] as number);
          for (let b = 0; b < depth && carry !== 0; b++) {
            const slice = slices[b] as Uint32Array;
            const sum = slice[w0 + w] as number;
            slice[w0 + w] = sum ^ carry;
            carry &= sum;
          }
        }
      } else if (list) {
        const k = scratch.decode(list, false);
        for (let j = 0; j < k; j++) {
          const slot = start + (scratch.slots[j] as number);
          if (!within.has(slot)) continue;
          if ((counts[slot] as number) === 0) touched.push(slot);
          counts[slot] = (counts[slot] as number) + 1;
        }
      }
    }
  const listed = new Uint32Array(words);
  for (const s of touched) listed[s >>> 5] = (listed[s >>> 5] as number) | (1 << (s & 31));
  const sliced = (slot: number) => {
    let c = 0;
    for (let b = 0; b < depth; b++)
      c |= ((((slices[b] as Uint32Array)[slot >>> 5] as number) >>> (slot & 31)) & 1) << b;
    return c;
  };
  for (const s of touched) counts[s] = (counts[s] as number) + sliced(s);
  /** Slots outside `touched` whose bit-sliced count is at least `t`, as a mask of word `w`. */
  const atLeast = (w: number, t: number) => {
    let gt = 0;
    let eq = ~0;
    for (let b = depth - 1; b >= 0; b--) {
      const x = (slices[b] as Uint32Array)[w] as number;
      if ((t >>> b) & 1) eq &= x;
      else {
        gt |= eq & x;
        eq &= ~x;
      }
    }
    return (gt | eq) & ~(listed[w] as number);
  };
  // The cut: the highest count (not below `need`) that at least `max` slots reach.
  let cut = need;
  for (let t = grams.length; t > need; t--) {
    let reach = 0;
    for (const s of touched) if ((counts[s] as number) >= t) reach++;
    for (let w = 0; w < words && reach < max; w++) reach += popcount(atLeast(w, t));
    if (reach >= max) {
      cut = t;
      break;
    }
  }
  const out: { slot: number; count: number }[] = [];
  for (const s of touched)
    if ((counts[s] as number) >= cut) out.push({ slot: s, count: counts[s] as number });
  for (let w = 0; w < words; w++)
    for (let v = atLeast(w, cut); v !== 0; ) {
      const low = v & -v;
      const slot = (w << 5) + 31 - Math.clz32(low);
      out.push({ slot, count: sliced(slot) });
      v ^= low;
    }
  for (const s of touched) counts[s] = 0;
  out.sort((a, b) => b.count - a.count || b.slot - a.slot);
  return out.slice(0, max).map((x) => x.slot);
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
