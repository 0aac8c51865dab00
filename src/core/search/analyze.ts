/**
 * Document analysis: everything indexing needs from a document's name and text, computed in one pass
 * (normalization, word terms with frequencies and positions, Thai bigrams, trigram signatures, packed
 * copies). It runs in the search worker (see worker.ts) so that a large document never holds the main
 * thread; the main thread only appends the results to posting lists. Batches travel as a handful of
 * typed arrays (transferred, not copied).
 */
import { normalizeForSearch } from '../text/thai.ts';
import { ByteWriter, IntWriter } from './bytes.ts';
import { isPackedMark, isSpace, packText } from './packed.ts';
import { forEachGram, forEachTrigramBit, GRAM_SPACE, SIGNATURE_WORDS, type Tokenizer } from './tokenize.ts';

/** Signature words stored per document (the trigram signature of its name and text). */
export const SIGNATURE_STRIDE = SIGNATURE_WORDS;
/** Highest term frequency kept for ranking (positions keep every occurrence). */
export const TF_CAP = 0xffff;

/**
 * Position codes: the ordinal of a word advances by 2 from a word that ends where it starts, by 3 when
 * only whitespace separates them, by 4 otherwise (every step is at least 2, so one step of 2 or 3 can
 * never be mistaken for two steps). A position is stored as `ordinal * 2 + unaligned`, where
 * `unaligned` marks a word followed by a Thai mark (a match must not end there). So a word at ordinal p
 * followed by one at p+2 are contiguous in the text; at p+3, separated by whitespace alone.
 */
export const GAP_ADJACENT = 2;
export const GAP_SPACE = 3;
const GAP_OTHER = 4;

/** A batch of analyzed documents (see the module comment for the layout of each array). */
export interface AnalyzedBatch {
  /** Distinct terms of the batch in first-occurrence order (document order, name terms first). */
  terms: string[];
  /** Per document {@link META_FIELDS} integers (see the `M_*` offsets). */
  meta: Int32Array;
  /** Per document: (term index, frequency) for name terms, then for content terms. */
  refs: Int32Array;
  /** Per document and content term in `refs` order: its positions as varint deltas. */
  positions: Uint8Array;
  /** Per document: its distinct Thai bigram codes (name and text). */
  grams: Uint16Array;
  /** Per document {@link SIGNATURE_STRIDE} words. */
  signatures: Uint32Array;
  /** Per document: packed name, then packed text. */
  packed: Uint8Array;
}

export const M_NAME_LEN = 0;
export const M_CONTENT_LEN = 1;
export const M_NAME_TERMS = 2;
export const M_CONTENT_TERMS = 3;
export const M_GRAMS = 4;
export const M_PACKED_NAME = 5;
export const M_PACKED_TEXT = 6;
export const M_POSITIONS = 7;
export const META_FIELDS = 8;

/** The transferable buffers of a batch (for `postMessage`). */
export function batchBuffers(b: AnalyzedBatch): ArrayBuffer[] {
  return [b.meta, b.refs, b.positions, b.grams, b.signatures, b.packed].map((a) => a.buffer as ArrayBuffer);
}

/** Analyzes documents given by name and text. */
export function analyzeBatch(tokenizer: Tokenizer, names: string[], texts: string[]): AnalyzedBatch {
  const termIndex = new Map<string, number>();
  const terms: string[] = [];
  const meta = new Int32Array(names.length * META_FIELDS);
  const refs = new IntWriter();
  const positions = new ByteWriter(new Uint8Array(4096));
  const grams = new IntWriter();
  const signatures = new Uint32Array(names.length * SIGNATURE_STRIDE);
  const packed = new ByteWriter(new Uint8Array(4096));
  // The bigrams a document already gave are stamped with its number + 1 (no set per document).
  const gramStamp = new Uint32Array(GRAM_SPACE);
  let docStamp = 0;
  let docGrams = 0;
  const addGram = (g: number) => {
    if (gramStamp[g] === docStamp) return;
    gramStamp[g] = docStamp;
    grams.push(g);
    docGrams++;
  };
  const indexOf = (term: string) => {
    let i = termIndex.get(term);
    if (i === undefined) {
      i = terms.push(term) - 1;
      termIndex.set(term, i);
    }
    return i;
  };
  for (let d = 0; d < names.length; d++) {
    const m = d * META_FIELDS;
    const name = normalizeForSearch(names[d] ?? '');
    const text = normalizeForSearch(texts[d] ?? '');

    const nameTf = new Map<string, number>();
    let nameLen = 0;
    tokenizer.forEachTerm(name, (t) => {
      nameTf.set(t, (nameTf.get(t) ?? 0) + 1);
      nameLen++;
    });
    for (const [t, n] of nameTf) {
      refs.push(indexOf(t));
      refs.push(Math.min(n, TF_CAP));
    }

    const occurrences = new Map<string, number[]>();
    let contentLen = 0;
    let ordinal = 0;
    let prevEnd = -1;
    tokenizer.forEachTerm(text, (t, start) => {
      if (prevEnd >= 0) ordinal += gapCode(text, prevEnd, start);
      const end = start + t.length;
      const code = ordinal * 2 + (isMarkAt(text, end) ? 1 : 0);
      const list = occurrences.get(t);
      if (list) list.push(code);
      else occurrences.set(t, [code]);
      prevEnd = end;
      contentLen++;
    });
    const positionsStart = positions.length;
    for (const [t, codes] of occurrences) {
      refs.push(indexOf(t));
      const tf = Math.min(codes.length, TF_CAP);
      refs.push(tf);
      if (tf === TF_CAP) positions.varint(codes.length);
      let prev = 0;
      for (const c of codes) {
        positions.varint(c - prev);
        prev = c;
      }
    }

    docStamp = d + 1;
    docGrams = 0;
    forEachGram(name, addGram);
    forEachGram(text, addGram);

    const sig = d * SIGNATURE_STRIDE;
    const setBit = (b: number) => {
      signatures[sig + (b >>> 5)] = (signatures[sig + (b >>> 5)] as number) | (1 << (b & 31));
    };
    forEachTrigramBit(name, setBit);
    forEachTrigramBit(text, setBit);

    const before = packed.length;
    packed.append(packText(name));
    const nameBytes = packed.length - before;
    packed.append(packText(text));
    meta[m + M_NAME_LEN] = nameLen;
    meta[m + M_CONTENT_LEN] = contentLen;
    meta[m + M_NAME_TERMS] = nameTf.size;
    meta[m + M_CONTENT_TERMS] = occurrences.size;
    meta[m + M_GRAMS] = docGrams;
    meta[m + M_PACKED_NAME] = nameBytes;
    meta[m + M_PACKED_TEXT] = packed.length - before - nameBytes;
    meta[m + M_POSITIONS] = positions.length - positionsStart;
  }
  return {
    terms,
    meta,
    refs: refs.take(),
    positions: positions.take(),
    grams: Uint16Array.from(grams.take()),
    signatures,
    packed: packed.take(),
  };
}

/** How far the ordinal advances between a word ending at `from` and the next starting at `to`. */
function gapCode(text: string, from: number, to: number): number {
  if (from === to) return GAP_ADJACENT;
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return GAP_OTHER;
  return GAP_SPACE;
}

/** True when the character at `i` is a Thai mark that belongs to the cluster before it. */
function isMarkAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x0e01 && c <= 0x0e5b && isPackedMark(0x80 + (c - 0x0e00));
}
