/**
 * The snapshot file: one sealed segment, laid out so that loading it is a memory map and a footer parse
 * (no per-document or per-term work). Layout:
 *
 *   "DSIX" u32, format u32 | 8-byte aligned sections | footer JSON | footer length u32, footer CRC-32 u32,
 *   body CRC-32 u32 (everything before the footer), "DSIX" u32
 *
 * The footer holds the tokenizer version, counts, the string table (projects, kinds, tags, folders) and
 * the section table. Sections: per-slot arrays; ids, names and packed texts as offset tables over byte
 * blobs; an open-addressing table from id to slot; the dictionary as packed terms in the order they were
 * added plus a sorted permutation (exact lookups and prefix and fuzzy walks by binary search); per term
 * the name and content posting lists and the content positions; per Thai bigram the terms containing it
 * (compound lookups); per bigram a posting list, or a bitmap when it is frequent; the Thai trigrams
 * that occur, ascending, and per trigram a posting list or bitmap the same way. The footer's CRC is
 * checked at load; the body's in the background (see {@link verifyBody}).
 */
import { crc32 } from 'node:zlib';
import { TF_CAP } from './analyze.ts';
import { Bits } from './bits.ts';
import { ByteWriter } from './bytes.ts';
import { packedIncludes, packText, rangeIncludes, SHORT_TEXT, unpackText } from './packed.ts';
import type { PostingRef } from './postings.ts';
import {
  bitsOf,
  denseThreshold,
  forEachPackedGram,
  GramDeaths,
  type MemSegment,
  type Segment,
  type TermPostings,
  type TermVisitor,
} from './segment.ts';
import { GRAM_SPACE, TRIGRAM_SPACE, tokenizerVersion } from './tokenize.ts';

const MAGIC = 0x58495344; // "DSIX" little-endian
/** Bumped whenever the layout changes; a snapshot of another format is rebuilt. */
export const SNAPSHOT_FORMAT = 5;
const TAIL = 16;
/** A bigram in at least this share of a segment's slots is stored as a bitmap. */
const BITMAP_SHARE = 8;

/** Why a snapshot could not be used (the caller rebuilds from the database). */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'stale' | 'corrupt',
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

interface Footer {
  tokenizer: string;
  createdAt: number;
  slots: number;
  live: number;
  terms: number;
  /** Name and content lengths (in words) and posting entries of the live documents. */
  totals: [number, number, number];
  strings: string[];
  sections: Record<string, [number, number]>;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** UTF-8 bytes as a string (ASCII without a decoder call). */
function utf8(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++)
    if ((b[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  return ascii ? String.fromCharCode.apply(null, b as unknown as number[]) : decoder.decode(b);
}

/** FNV-1a over UTF-16 code units (ids of any script). */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Byte order of two packed terms (or a term and a prefix when `prefixOnly`). */
function compareBytes(a: Uint8Array, b: Uint8Array, prefixOnly = false): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d) return d;
  }
  return prefixOnly && a.length >= b.length ? 0 : a.length - b.length;
}

/** The numbers in both ascending lists, ascending (a merge: no set of the longer list is built). */
export function intersectAscending(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i] as number;
    while (j < b.length && (b[j] as number) < x) j++;
    if (b[j] === x) out.push(x);
  }
  return out;
}

/** The distinct bigram codes of a packed term. */
function packedGrams(key: Uint8Array): number[] {
  const out = new Set<number>();
  forEachPackedGram(key, (g) => out.add(g));
  return [...out];
}

/** The code points of a packed term and the byte offset after each. */
function packedChars(key: Uint8Array, chars: number[], ends: number[]): void {
  chars.length = 0;
  ends.length = 0;
  for (let i = 0; i < key.length; ) {
    const b = key[i++] as number;
    if (b < 0x80) chars.push(b);
    else if (b <= 0xdb) chars.push(0x0e00 + (b - 0x80));
    else {
      const digits = b === 0xff ? 6 : 4;
      let c = 0;
      for (let k = 0; k < digits; k++) c = (c << 4) | ((key[i++] as number) & 0xf);
      chars.push(c);
    }
    ends.push(i);
  }
}

/** A sealed segment read from a snapshot's bytes (a memory map, or a buffer in the worker). */
export class FileSegment implements Segment {
  readonly exactTrigrams = true;
  start = 0;
  readonly size: number;
  live: number;
  readonly alive: Uint8Array;
  readonly project: Uint32Array;
  readonly kind: Uint32Array;
  readonly folder: Uint32Array;
  readonly docType: Uint32Array;
  readonly nameLen: Uint32Array;
  readonly contentLen: Uint32Array;
  readonly postings: Uint32Array;
  readonly createdAt: Float64Array;
  readonly createdAtMs: number;
  readonly strings: string[];
  readonly totals: [number, number, number];
  readonly termCount: number;
  private readonly tagOffsets: Uint32Array;
  private readonly tagCodes: Uint32Array;
  private readonly idOffsets: Uint32Array;
  private readonly idBytes: Uint8Array;
  private readonly idTable: Uint32Array;
  private readonly nameOffsets: Uint32Array;
  private readonly nameBytes: Uint8Array;
  private readonly packedNameOffsets: Uint32Array;
  private readonly packedNameBytes: Buffer;
  private readonly packedTextOffsets: Float64Array;
  private readonly packedTextBytes: Buffer;
  private readonly termOffsets: Uint32Array;
  private readonly termBytes: Uint8Array;
  private readonly termSorted: Uint32Array;
  private readonly nameDocOffsets: Float64Array;
  private readonly nameDocs: Uint8Array;
  private readonly nameCounts: Uint32Array;
  private readonly contentDocOffsets: Float64Array;
  private readonly contentDocs: Uint8Array;
  private readonly contentCounts: Uint32Array;
  private readonly positionOffsets: Float64Array;
  private readonly positionBytes: Uint8Array;
  private readonly termGramOffsets: Uint32Array;
  private readonly termGramIds: Uint8Array;
  private readonly gramCounts: Uint32Array;
  private readonly gramOffsets: Float64Array;
  private readonly gramLengths: Uint32Array;
  private readonly gramKinds: Uint8Array;
  private readonly gramData: Uint8Array;
  /** Bitmaps built from frequent bigram lists. */
  private readonly dense: (Uint32Array | undefined)[] = new Array(GRAM_SPACE);
  /** The trigram codes that occur, ascending; per code (by its rank here) the same as for bigrams. */
  readonly trigramCodes: Uint32Array;
  private readonly trigramCounts: Uint32Array;
  private readonly trigramOffsets: Float64Array;
  private readonly trigramLengths: Uint32Array;
  private readonly trigramKinds: Uint8Array;
  private readonly trigramData: Uint8Array;
  /** Bitmaps built from frequent trigram lists, by rank. */
  private readonly denseTrigrams = new Map<number, Uint32Array>();

  /**
   * Opens a segment over `buf`; throws {@link SnapshotError} when it is not a snapshot of this format
   * and tokenizer, its footer is damaged, or a section is out of range. The body checksum is not checked.
   */
  constructor(readonly buf: Uint8Array) {
    if (buf.length < 8 + TAIL) throw new SnapshotError('snapshot is truncated', 'corrupt');
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const end = buf.length;
    if (dv.getUint32(0, true) !== MAGIC) throw new SnapshotError('not a docserve index snapshot', 'corrupt');
    const format = dv.getUint32(4, true);
    if (format !== SNAPSHOT_FORMAT)
      throw new SnapshotError(`snapshot format ${format} is not ${SNAPSHOT_FORMAT}`, 'stale');
    if (dv.getUint32(end - 4, true) !== MAGIC) throw new SnapshotError('snapshot is truncated', 'corrupt');
    const footerLen = dv.getUint32(end - TAIL, true);
    const footerStart = end - TAIL - footerLen;
    if (footerStart < 8) throw new SnapshotError('snapshot footer out of range', 'corrupt');
    const footerBytes = buf.subarray(footerStart, end - TAIL);
    if (crc32(footerBytes) !== dv.getUint32(end - TAIL + 4, true))
      throw new SnapshotError('snapshot checksum mismatch (footer)', 'corrupt');
    let f: Footer;
    try {
      f = JSON.parse(decoder.decode(footerBytes));
    } catch {
      throw new SnapshotError('snapshot footer is not valid JSON', 'corrupt');
    }
    if (f.tokenizer !== tokenizerVersion())
      throw new SnapshotError(`snapshot tokenizer ${f.tokenizer} is not ${tokenizerVersion()}`, 'stale');
    const n = f.slots;
    const T = f.terms;
    const section = (name: string, bytesPer: number, count?: number): [number, number] => {
      const s = f.sections[name];
      if (!s) throw new SnapshotError(`section ${name} is missing`, 'corrupt');
      const [at, len] = s;
      if (at % 8 !== 0 || at + len > footerStart || len % bytesPer !== 0)
        throw new SnapshotError(`section ${name} out of range`, 'corrupt');
      if (count !== undefined && len !== count * bytesPer)
        throw new SnapshotError(`section ${name} has the wrong size`, 'corrupt');
      return [buf.byteOffset + at, len / bytesPer];
    };
    const u8 = (name: string, count?: number) => {
      const [at, len] = section(name, 1, count);
      return new Uint8Array(buf.buffer, at, len);
    };
    const u32 = (name: string, count?: number) => {
      const [at, len] = section(name, 4, count);
      return new Uint32Array(buf.buffer, at, len);
    };
    const f64 = (name: string, count?: number) => {
      const [at, len] = section(name, 8, count);
      return new Float64Array(buf.buffer, at, len);
    };
    this.size = n;
    this.live = f.live;
    this.createdAtMs = f.createdAt;
    this.strings = f.strings;
    this.totals = f.totals;
    this.termCount = T;
    this.alive = u8('alive', n).slice();
    this.project = u32('project', n);
    this.kind = u32('kind', n);
    this.folder = u32('folder', n);
    this.docType = u32('docType', n);
    this.nameLen = u32('nameLen', n);
    this.contentLen = u32('contentLen', n);
    this.postings = u32('postings', n);
    this.createdAt = f64('createdAt', n);
    this.tagOffsets = u32('tagOffsets', n + 1);
    this.tagCodes = u32('tags');
    this.idOffsets = u32('idOffsets', n + 1);
    this.idBytes = u8('ids');
    this.idTable = u32('idTable');
    this.nameOffsets = u32('nameOffsets', n + 1);
    this.nameBytes = u8('names');
    this.packedNameOffsets = u32('packedNameOffsets', n + 1);
    const pn = u8('packedNames');
    this.packedNameBytes = Buffer.from(pn.buffer, pn.byteOffset, pn.byteLength);
    this.packedTextOffsets = f64('packedTextOffsets', n + 1);
    const pt = u8('packedTexts');
    this.packedTextBytes = Buffer.from(pt.buffer, pt.byteOffset, pt.byteLength);
    this.termOffsets = u32('termOffsets', T + 1);
    this.termBytes = u8('terms');
    this.termSorted = u32('termSorted', T);
    this.nameDocOffsets = f64('nameDocOffsets', T + 1);
    this.nameDocs = u8('nameDocs');
    this.nameCounts = u32('nameCounts', T);
    this.contentDocOffsets = f64('contentDocOffsets', T + 1);
    this.contentDocs = u8('contentDocs');
    this.contentCounts = u32('contentCounts', T);
    this.positionOffsets = f64('positionOffsets', T + 1);
    this.positionBytes = u8('positions');
    this.termGramOffsets = u32('termGramOffsets', GRAM_SPACE + 1);
    this.termGramIds = u8('termGramIds');
    this.gramCounts = u32('gramCounts', GRAM_SPACE);
    this.gramOffsets = f64('gramOffsets', GRAM_SPACE);
    this.gramLengths = u32('gramLengths', GRAM_SPACE);
    this.gramKinds = u8('gramKinds', GRAM_SPACE);
    this.gramData = u8('gramData');
    this.trigramCodes = u32('trigramCodes');
    const U = this.trigramCodes.length;
    this.trigramCounts = u32('trigramCounts', U);
    this.trigramOffsets = f64('trigramOffsets', U);
    this.trigramLengths = u32('trigramLengths', U);
    this.trigramKinds = u8('trigramKinds', U);
    this.trigramData = u8('trigramData');
    if ((this.idTable.length & (this.idTable.length - 1)) !== 0)
      throw new SnapshotError('section idTable has the wrong size', 'corrupt');
    const lastOk = (offsets: Uint32Array | Float64Array, blob: Uint8Array | Uint32Array, name: string) => {
      if ((offsets[offsets.length - 1] as number) !== blob.length)
        throw new SnapshotError(`section ${name} has the wrong size`, 'corrupt');
    };
    lastOk(this.tagOffsets, this.tagCodes, 'tags');
    lastOk(this.idOffsets, this.idBytes, 'ids');
    lastOk(this.nameOffsets, this.nameBytes, 'names');
    lastOk(this.packedNameOffsets, pn, 'packedNames');
    lastOk(this.packedTextOffsets, pt, 'packedTexts');
    lastOk(this.termOffsets, this.termBytes, 'terms');
    lastOk(this.nameDocOffsets, this.nameDocs, 'nameDocs');
    lastOk(this.contentDocOffsets, this.contentDocs, 'contentDocs');
    lastOk(this.positionOffsets, this.positionBytes, 'positions');
    lastOk(this.termGramOffsets, this.termGramIds, 'termGramIds');
  }

  /** Byte range `[a, b)` of an offset table entry, clamped to the blob (a damaged table cannot overrun). */
  private static range(offsets: Uint32Array | Float64Array, i: number, max: number): [number, number] {
    const a = Math.min(offsets[i] as number, max);
    return [a, Math.max(a, Math.min(offsets[i + 1] as number, max))];
  }

  tags(local: number): Uint32Array | null {
    const [a, b] = FileSegment.range(this.tagOffsets, local, this.tagCodes.length);
    return b > a ? this.tagCodes.subarray(a, b) : null;
  }

  id(local: number): string {
    const [a, b] = FileSegment.range(this.idOffsets, local, this.idBytes.length);
    return utf8(this.idBytes.subarray(a, b));
  }

  /** The id's UTF-8 bytes (for ordering ties without decoding). */
  idView(local: number): Uint8Array {
    const [a, b] = FileSegment.range(this.idOffsets, local, this.idBytes.length);
    return this.idBytes.subarray(a, b);
  }

  name(local: number): string {
    const [a, b] = FileSegment.range(this.nameOffsets, local, this.nameBytes.length);
    return utf8(this.nameBytes.subarray(a, b));
  }

  signatureHas(): boolean {
    return true;
  }

  packedName(local: number): Uint8Array {
    if (!this.alive[local]) return new Uint8Array(0);
    const [a, b] = FileSegment.range(this.packedNameOffsets, local, this.packedNameBytes.length);
    return this.packedNameBytes.subarray(a, b);
  }

  packedText(local: number): Uint8Array {
    if (!this.alive[local]) return new Uint8Array(0);
    const [a, b] = FileSegment.range(this.packedTextOffsets, local, this.packedTextBytes.length);
    return this.packedTextBytes.subarray(a, b);
  }

  nameIncludes(local: number, pattern: Uint8Array): boolean {
    if (!this.alive[local]) return pattern.length === 0;
    const bytes = this.packedNameBytes;
    const offsets = this.packedNameOffsets;
    const a = Math.min(offsets[local] as number, bytes.length);
    const b = Math.max(a, Math.min(offsets[local + 1] as number, bytes.length));
    return b - a > SHORT_TEXT
      ? packedIncludes(bytes.subarray(a, b), pattern)
      : rangeIncludes(bytes, a, b, pattern);
  }

  textIncludes(local: number, pattern: Uint8Array): boolean {
    if (!this.alive[local]) return pattern.length === 0;
    const bytes = this.packedTextBytes;
    const offsets = this.packedTextOffsets;
    const a = Math.min(offsets[local] as number, bytes.length);
    const b = Math.max(a, Math.min(offsets[local + 1] as number, bytes.length));
    if (b - a < pattern.length) return false;
    return packedIncludes(bytes.subarray(a, b), pattern);
  }

  localOf(id: string): number {
    const table = this.idTable;
    const mask = table.length - 1;
    const want = encoder.encode(id);
    for (let i = hashId(id) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      const v = table[i] as number;
      if (v === 0) return -1;
      const slot = v - 1;
      if (slot < this.size && compareBytes(this.idView(slot), want) === 0) return slot;
    }
    return -1;
  }

  private readonly gramDead = new GramDeaths();

  kill(local: number): void {
    if (!this.alive[local]) return;
    this.gramDead.add(this.packedName(local), this.packedText(local));
    this.alive[local] = 0;
    this.live--;
  }

  /** The packed bytes of term `id`. */
  termKey(id: number): Uint8Array {
    const [a, b] = FileSegment.range(this.termOffsets, id, this.termBytes.length);
    return this.termBytes.subarray(a, b);
  }

  /** The term id of packed bytes, -1 when absent. */
  findTerm(key: Uint8Array): number {
    let lo = 0;
    let hi = this.termCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const id = this.termSorted[mid] as number;
      const c = compareBytes(this.termKey(id), key);
      if (c === 0) return id;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** First sorted position whose term is not below `key` (or, with `past`, does not start with it). */
  private lowerBound(key: Uint8Array, from = 0, past = false): number {
    let lo = from;
    let hi = this.termCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBytes(this.termKey(this.termSorted[mid] as number), key, past);
      if (c < 0 || (past && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The postings of term `id`. */
  postingsOf(id: number): TermPostings {
    const out: TermPostings = {};
    const nc = this.nameCounts[id] as number;
    if (nc) {
      const [a, b] = FileSegment.range(this.nameDocOffsets, id, this.nameDocs.length);
      out.name = { bytes: this.nameDocs.subarray(a, b), count: nc };
    }
    const cc = this.contentCounts[id] as number;
    if (cc) {
      const [a, b] = FileSegment.range(this.contentDocOffsets, id, this.contentDocs.length);
      out.content = { bytes: this.contentDocs.subarray(a, b), count: cc };
      const [p, q] = FileSegment.range(this.positionOffsets, id, this.positionBytes.length);
      out.positions = this.positionBytes.subarray(p, q);
    }
    return out;
  }

  lookup(term: string): TermPostings | undefined {
    const id = this.findTerm(packText(term));
    return id < 0 ? undefined : this.postingsOf(id);
  }

  hasTerm(term: string): boolean {
    return this.findTerm(packText(term)) >= 0;
  }

  prefixTerms(prefix: string, visit: TermVisitor): void {
    const key = packText(prefix);
    for (let i = this.lowerBound(key); i < this.termCount; i++) {
      const t = this.termKey(this.termSorted[i] as number);
      if (compareBytes(t, key, true) !== 0) return;
      if (!visit(unpackText(t), this.postingsOf(this.termSorted[i] as number))) return;
    }
  }

  fuzzyTerms(
    term: string,
    maxDistance: number,
    visit: (term: string, distance: number, postings: TermPostings) => boolean,
  ): void {
    const q = Array.from(term, (c) => c.codePointAt(0) as number);
    const m = q.length;
    const maxLen = m + maxDistance;
    const rows = new Int32Array((maxLen + 1) * (m + 1));
    for (let j = 0; j <= m; j++) rows[j] = j;
    let prev: number[] = [];
    let valid = 0;
    const chars: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < this.termCount; ) {
      const key = this.termKey(this.termSorted[i] as number);
      packedChars(key, chars, ends);
      let d = 0;
      while (d < valid && d < chars.length && prev[d] === chars[d]) d++;
      let pruned = -1;
      for (; d < chars.length; d++) {
        if (d + 1 > maxLen) {
          pruned = d;
          break;
        }
        const above = d * (m + 1);
        const here = above + m + 1;
        rows[here] = d + 1;
        let min = d + 1;
        const c = chars[d];
        for (let j = 1; j <= m; j++) {
          const v = Math.min(
            (rows[above + j] as number) + 1,
            (rows[here + j - 1] as number) + 1,
            (rows[above + j - 1] as number) + (q[j - 1] === c ? 0 : 1),
          );
          rows[here + j] = v;
          if (v < min) min = v;
        }
        if (min > maxDistance) {
          pruned = d;
          break;
        }
      }
      prev = chars.slice();
      if (pruned >= 0) {
        valid = pruned;
        i = this.lowerBound(key.subarray(0, ends[pruned]), i + 1, true);
        continue;
      }
      valid = chars.length;
      const dist = rows[chars.length * (m + 1) + m] as number;
      if (dist <= maxDistance && !visit(unpackText(key), dist, this.postingsOf(this.termSorted[i] as number)))
        return;
      i++;
    }
  }

  compoundTerms(term: string, visit: TermVisitor): void {
    const key = packText(term);
    const lists = packedGrams(key).map((g) => this.termsWithGram(g));
    if (!lists.length) return;
    lists.sort((a, b) => a.length - b.length);
    let ids = lists[0] as number[];
    for (let k = 1; k < lists.length && ids.length; k++) ids = intersectAscending(ids, lists[k] as number[]);
    for (const id of ids) {
      const t = this.termKey(id);
      if (t.length > key.length && packedIncludes(t, key))
        if (!visit(unpackText(t), this.postingsOf(id))) return;
    }
  }

  /** Ids of the terms containing a bigram, ascending. */
  private termsWithGram(g: number): number[] {
    const [a, b] = FileSegment.range(this.termGramOffsets, g, this.termGramIds.length);
    const out: number[] = [];
    const bytes = this.termGramIds;
    let id = -1;
    for (let pos = a; pos < b; ) {
      let byte = bytes[pos++] as number;
      let v = byte & 0x7f;
      let mul = 128;
      while (byte & 0x80 && pos < b) {
        byte = bytes[pos++] as number;
        v += (byte & 0x7f) * mul;
        mul *= 128;
      }
      id += v + 1;
      out.push(id);
    }
    return out;
  }

  gramCount(g: number): number {
    return this.gramCounts[g] ?? 0;
  }

  gramLive(g: number): number {
    return this.gramCount(g) - this.gramDead.of(g);
  }

  /** Byte range of a bigram's data. */
  private gramRange(g: number): [number, number] {
    const max = this.gramData.length;
    const a = Math.min(this.gramOffsets[g] ?? 0, max);
    return [a, Math.min(a + (this.gramLengths[g] ?? 0), max)];
  }

  gramList(g: number): PostingRef | undefined {
    if (this.gramKinds[g] !== 1) return undefined;
    const [a, b] = this.gramRange(g);
    return { bytes: this.gramData.subarray(a, b), count: this.gramCounts[g] as number };
  }

  gramBits(g: number): Uint32Array | undefined {
    const kind = this.gramKinds[g];
    if (kind === 2) {
      const [a, b] = this.gramRange(g);
      const words = (this.size + 31) >>> 5;
      const at = this.gramData.byteOffset + a;
      if (at % 4 !== 0 || b - a !== words * 4) return new Uint32Array(words);
      return new Uint32Array(this.gramData.buffer, at, words);
    }
    if (kind !== 1 || (this.gramCounts[g] as number) < denseThreshold(this.size)) return undefined;
    let bm = this.dense[g];
    if (!bm) this.dense[g] = bm = bitsOf(this.gramList(g) as PostingRef, this.size);
    return bm;
  }

  /** The rank of a trigram code in {@link trigramCodes}, -1 when no slot has it. */
  trigramRank(t: number): number {
    const codes = this.trigramCodes;
    let lo = 0;
    let hi = codes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = codes[mid] as number;
      if (c === t) return mid;
      if (c < t) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The stored data of the trigram of rank `r`: its slot count, a list (kind 1) or a bitmap (kind 2). */
  trigramEntry(r: number): { count: number; kind: number; bytes: Uint8Array } {
    const [a, b] = this.trigramRange(r);
    const kind = this.trigramKinds[r] as number;
    return { count: this.trigramCounts[r] as number, kind, bytes: this.trigramData.subarray(a, b) };
  }

  trigramCount(t: number): number {
    const r = this.trigramRank(t);
    return r < 0 ? 0 : (this.trigramCounts[r] as number);
  }

  /** Byte range of the data of the trigram of rank `r`. */
  private trigramRange(r: number): [number, number] {
    const max = this.trigramData.length;
    const a = Math.min(this.trigramOffsets[r] as number, max);
    return [a, Math.min(a + (this.trigramLengths[r] as number), max)];
  }

  trigramList(t: number): PostingRef | undefined {
    const r = this.trigramRank(t);
    if (r < 0 || this.trigramKinds[r] !== 1) return undefined;
    const [a, b] = this.trigramRange(r);
    return { bytes: this.trigramData.subarray(a, b), count: this.trigramCounts[r] as number };
  }

  trigramBits(t: number): Uint32Array | undefined {
    const r = this.trigramRank(t);
    if (r < 0) return undefined;
    const words = (this.size + 31) >>> 5;
    if (this.trigramKinds[r] === 2) {
      const [a, b] = this.trigramRange(r);
      const at = this.trigramData.byteOffset + a;
      if (at % 4 !== 0 || b - a !== words * 4) return new Uint32Array(words);
      return new Uint32Array(this.trigramData.buffer, at, words);
    }
    if ((this.trigramCounts[r] as number) < denseThreshold(this.size)) return undefined;
    let bm = this.denseTrigrams.get(r);
    if (!bm) {
      bm = bitsOf(this.trigramList(t) as PostingRef, this.size);
      this.denseTrigrams.set(r, bm);
    }
    return bm;
  }
}

/** Checks the body checksum of a snapshot's bytes (slow for large files: run it in the background). */
export function verifyBody(buf: Uint8Array): boolean {
  if (buf.length < 8 + TAIL) return false;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const footerStart = buf.length - TAIL - dv.getUint32(buf.length - TAIL, true);
  if (footerStart < 8) return false;
  let crc = 0;
  for (let at = 0; at < footerStart; at += 16 << 20)
    crc = crc32(buf.subarray(at, Math.min(footerStart, at + (16 << 20))), crc);
  return crc === dv.getUint32(buf.length - TAIL + 8, true);
}

/** Where a writer's bytes go. */
export interface Sink {
  write(bytes: Uint8Array): void;
}

/** One input of {@link writeSegment}: a segment and which of its slots to keep. */
export interface WriterInput {
  seg: Segment;
  /** Slots to keep (defaults to the segment's own `alive`). */
  alive?: Uint8Array;
}

/** Work units between the writer's pauses (the caller decides how long it runs between them). */
const STEP = 2000;
/** Bytes copied per work unit: a large document's text or a long posting list counts by its size. */
const UNIT_BYTES = 256;

/**
 * Writes the given segments, merged into one and without dead slots, as a snapshot. A generator: it
 * yields every few thousand units of work so the caller can spread it over event-loop turns. Terms keep the order they were first added in (earlier inputs first).
 */
export function* writeSegment(
  inputs: WriterInput[],
  strings: string[],
  createdAt: number,
  sink: Sink,
): Generator<void, { bytes: number; slots: number }> {
  const out = new BufferedSink(sink);
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(0, MAGIC, true);
  new DataView(header.buffer).setUint32(4, SNAPSHOT_FORMAT, true);
  out.write(header);
  const sections: Record<string, [number, number]> = {};
  const begin = (name: string) => {
    out.align(8);
    sections[name] = [out.offset, 0];
  };
  const end = (name: string) => {
    (sections[name] as [number, number])[1] = out.offset - (sections[name] as [number, number])[0];
  };
  const put = (name: string, data: Uint8Array | Uint32Array | Float64Array) => {
    begin(name);
    out.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    end(name);
  };

  // Slots: the live ones of every input, in order.
  const remaps = inputs.map(({ seg, alive = seg.alive }) => {
    const remap = new Int32Array(seg.size).fill(-1);
    return { seg, alive, remap };
  });
  let n = 0;
  for (const r of remaps) for (let s = 0; s < r.seg.size; s++) if (r.alive[s]) r.remap[s] = n++;
  const perSlot = <T extends Uint32Array | Float64Array | Uint8Array>(
    make: (n: number) => T,
    pick: (seg: Segment) => ArrayLike<number>,
  ): T => {
    const arr = make(n);
    for (const r of remaps) {
      const src = pick(r.seg);
      for (let s = 0; s < r.seg.size; s++) if (r.remap[s] >= 0) arr[r.remap[s] as number] = src[s] as number;
    }
    return arr;
  };
  put('alive', new Uint8Array(n).fill(1));
  put(
    'project',
    perSlot(
      (k) => new Uint32Array(k),
      (s) => s.project,
    ),
  );
  put(
    'kind',
    perSlot(
      (k) => new Uint32Array(k),
      (s) => s.kind,
    ),
  );
  put(
    'folder',
    perSlot(
      (k) => new Uint32Array(k),
      (s) => s.folder,
    ),
  );
  put(
    'docType',
    perSlot(
      (k) => new Uint32Array(k),
      (s) => s.docType,
    ),
  );
  const nameLen = perSlot(
    (k) => new Uint32Array(k),
    (s) => s.nameLen,
  );
  const contentLen = perSlot(
    (k) => new Uint32Array(k),
    (s) => s.contentLen,
  );
  const postings = perSlot(
    (k) => new Uint32Array(k),
    (s) => s.postings,
  );
  put('nameLen', nameLen);
  put('contentLen', contentLen);
  put('postings', postings);
  put(
    'createdAt',
    perSlot(
      (k) => new Float64Array(k),
      (s) => s.createdAt,
    ),
  );
  yield;

  let work = 0;
  let pause = STEP;
  /** Counts work done; true when the writer should pause. */
  const due = (units: number) => {
    work += units;
    if (work < pause) return false;
    pause = work + STEP;
    return true;
  };

  // Variable-length per-slot data: an offset table, then the bytes.
  const blob = function* (
    name: string,
    wide: boolean,
    get: (seg: Segment, s: number) => Uint8Array,
  ): Generator<void, void> {
    const offsets = wide ? new Float64Array(n + 1) : new Uint32Array(n + 1);
    let at = 0;
    for (const r of remaps)
      for (let s = 0; s < r.seg.size; s++) {
        const o = r.remap[s] as number;
        if (o < 0) continue;
        at += get(r.seg, s).length;
        offsets[o + 1] = at;
      }
    put(`${name.replace(/s$/, '')}Offsets`, offsets);
    begin(name);
    for (const r of remaps)
      for (let s = 0; s < r.seg.size; s++) {
        if (r.remap[s] < 0) continue;
        const bytes = get(r.seg, s);
        out.write(bytes);
        if (due(1 + bytes.length / UNIT_BYTES)) yield;
      }
    end(name);
  };
  const tagBytes = (seg: Segment, s: number) => {
    const t = seg.tags(s);
    return t ? new Uint8Array(t.buffer, t.byteOffset, t.byteLength) : new Uint8Array(0);
  };
  {
    const offsets = new Uint32Array(n + 1);
    let at = 0;
    for (const r of remaps)
      for (let s = 0; s < r.seg.size; s++) {
        const o = r.remap[s] as number;
        if (o < 0) continue;
        at += r.seg.tags(s)?.length ?? 0;
        offsets[o + 1] = at;
      }
    put('tagOffsets', offsets);
    begin('tags');
    for (const r of remaps)
      for (let s = 0; s < r.seg.size; s++) if (r.remap[s] >= 0) out.write(tagBytes(r.seg, s));
    end('tags');
  }
  const idBytes = (seg: Segment, s: number) =>
    seg instanceof FileSegment ? seg.idView(s) : encoder.encode(seg.id(s));
  yield* blob('ids', false, idBytes);
  {
    const cap = 1 << Math.max(4, Math.ceil(Math.log2(Math.max(1, n) * 2)));
    const table = new Uint32Array(cap);
    for (const r of remaps)
      for (let s = 0; s < r.seg.size; s++) {
        const o = r.remap[s] as number;
        if (o < 0) continue;
        let i = hashId(r.seg.id(s)) & (cap - 1);
        while (table[i]) i = (i + 1) & (cap - 1);
        table[i] = o + 1;
        if (due(1)) yield;
      }
    put('idTable', table);
  }
  yield* blob('names', false, (seg, s) => encoder.encode(seg.name(s)));
  yield* blob('packedNames', false, (seg, s) => seg.packedName(s));
  yield* blob('packedTexts', true, (seg, s) => seg.packedText(s));

  // Dictionary: terms in the order they were added; a term of a later input that an earlier one has
  // continues that term's lists. Terms left without live postings are dropped.
  const terms: { key: Uint8Array; refs: (TermPostings | undefined)[] }[] = [];
  const first = inputs[0]?.seg;
  const added = new Map<string, number>();
  const slotOfKey = (key: Uint8Array) => {
    if (first instanceof FileSegment) {
      const id = first.findTerm(key);
      if (id >= 0) return id;
    }
    return added.get(Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')) ?? -1;
  };
  for (let k = 0; k < inputs.length; k++) {
    const seg = (inputs[k] as WriterInput).seg;
    const each = function* (): Generator<[Uint8Array, TermPostings]> {
      if (seg instanceof FileSegment)
        for (let id = 0; id < seg.termCount; id++) yield [seg.termKey(id), seg.postingsOf(id)];
      else
        for (const [term, p] of (seg as MemSegment).terms)
          yield [
            packText(term),
            { name: p.name?.ref(), content: p.content?.ref(), positions: p.positions?.view() },
          ];
    };
    for (const [key, p] of each()) {
      const at = k === 0 && first instanceof FileSegment ? -1 : slotOfKey(key);
      if (at >= 0) (terms[at] as { refs: (TermPostings | undefined)[] }).refs[k] = p;
      else {
        const refs: (TermPostings | undefined)[] = [];
        refs[k] = p;
        if (!(k === 0 && first instanceof FileSegment))
          added.set(Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1'), terms.length);
        terms.push({ key, refs });
      }
      if (due(1)) yield;
    }
  }
  const hasDead = remaps.some((r) => r.remap.includes(-1));
  const kept: typeof terms = [];
  for (const t of terms) {
    let bytes = 0;
    let live = false;
    for (let k = 0; k < t.refs.length && !live; k++) {
      const p = t.refs[k];
      if (!p) continue;
      bytes += (p.name?.bytes.length ?? 0) + (p.content?.bytes.length ?? 0);
      live = hasDead ? anyLive(p, remaps[k]?.remap) : !!(p.name?.bytes.length || p.content?.bytes.length);
    }
    if (live) kept.push(t);
    if (due(1 + bytes / UNIT_BYTES)) yield;
  }
  yield;

  const T = kept.length;
  {
    const offsets = new Uint32Array(T + 1);
    for (let i = 0; i < T; i++)
      offsets[i + 1] = (offsets[i] as number) + (kept[i] as { key: Uint8Array }).key.length;
    put('termOffsets', offsets);
    begin('terms');
    for (const t of kept) out.write(t.key);
    end('terms');
    const order = Uint32Array.from(kept.keys());
    order.sort((a, b) =>
      compareBytes((kept[a] as { key: Uint8Array }).key, (kept[b] as { key: Uint8Array }).key),
    );
    put('termSorted', order);
  }
  yield;

  // Posting lists, renumbered: name lists, content lists, then the content positions.
  const encode = (field: 'name' | 'content') =>
    function* (): Generator<void, { offsets: Float64Array; counts: Uint32Array }> {
      const offsets = new Float64Array(T + 1);
      const counts = new Uint32Array(T);
      const list = new ByteWriter(new Uint8Array(1 << 16));
      begin(`${field}Docs`);
      for (let i = 0; i < T; i++) {
        list.length = 0;
        let last = -1;
        let count = 0;
        const refs = (kept[i] as { refs: (TermPostings | undefined)[] }).refs;
        for (let k = 0; k < refs.length; k++) {
          const ref = refs[k]?.[field];
          if (!ref) continue;
          const remap = (remaps[k] as { remap: Int32Array }).remap;
          forEachPosting(ref.bytes, true, (slot, tf) => {
            const to = remap[slot] ?? -1;
            if (to < 0) return;
            list.varint(to - last - 1);
            list.varint(tf);
            last = to;
            count++;
          });
        }
        out.write(list.view());
        offsets[i + 1] = (offsets[i] as number) + list.length;
        counts[i] = count;
        if (due(1 + list.length / UNIT_BYTES)) yield;
      }
      end(`${field}Docs`);
      return { offsets, counts };
    };
  for (const field of ['name', 'content'] as const) {
    const { offsets, counts } = yield* encode(field)();
    put(`${field}DocOffsets`, offsets);
    put(`${field}Counts`, counts);
  }
  {
    const offsets = new Float64Array(T + 1);
    const buf = new ByteWriter(new Uint8Array(1 << 16));
    begin('positions');
    for (let i = 0; i < T; i++) {
      buf.length = 0;
      const refs = (kept[i] as { refs: (TermPostings | undefined)[] }).refs;
      for (let k = 0; k < refs.length; k++) {
        const ref = refs[k];
        if (!ref?.content || !ref.positions) continue;
        const remap = (remaps[k] as { remap: Int32Array }).remap;
        let pos = 0;
        let run = 0;
        const p = ref.positions;
        forEachPosting(ref.content.bytes, true, (slot, tf) => {
          const from = pos;
          let count = tf;
          if (tf === TF_CAP) [count, pos] = readVarint(p, pos);
          for (let left = count; left > 0 && pos < p.length; )
            if (((p[pos++] as number) & 0x80) === 0) left--;
          if ((remap[slot] ?? -1) < 0) {
            buf.appendRange(p, run, from);
            run = pos;
          }
        });
        buf.appendRange(p, run, pos);
      }
      out.write(buf.view());
      offsets[i + 1] = (offsets[i] as number) + buf.length;
      if (due(1 + buf.length / UNIT_BYTES)) yield;
    }
    end('positions');
    put('positionOffsets', offsets);
  }

  // Terms containing each Thai bigram (for compound lookups).
  {
    const byGram: number[][] = Array.from({ length: GRAM_SPACE }, () => []);
    for (let i = 0; i < T; i++)
      for (const g of packedGrams((kept[i] as { key: Uint8Array }).key)) byGram[g]?.push(i);
    const offsets = new Uint32Array(GRAM_SPACE + 1);
    const ids = new ByteWriter(new Uint8Array(1 << 16));
    for (let g = 0; g < GRAM_SPACE; g++) {
      let prev = -1;
      for (const id of byGram[g] as number[]) {
        ids.varint(id - prev - 1);
        prev = id;
      }
      offsets[g + 1] = ids.length;
    }
    put('termGramOffsets', offsets);
    put('termGramIds', ids.view());
  }
  yield;

  // Bigram postings: a list, or a bitmap for the frequent ones.
  {
    const counts = new Uint32Array(GRAM_SPACE);
    const kinds = new Uint8Array(GRAM_SPACE);
    const offsets = new Float64Array(GRAM_SPACE);
    const lengths = new Uint32Array(GRAM_SPACE);
    const list = new ByteWriter(new Uint8Array(1 << 16));
    begin('gramData');
    const base = out.offset;
    const slots: number[] = [];
    for (let g = 0; g < GRAM_SPACE; g++) {
      slots.length = 0;
      for (const r of remaps) {
        const visit = (slot: number) => {
          const to = r.remap[slot] ?? -1;
          if (to >= 0) slots.push(to);
        };
        const ref = r.seg.gramList(g);
        if (ref) forEachPosting(ref.bytes, false, visit);
        else {
          const bits = r.seg.gramBits(g);
          if (bits) forEachBit(bits, r.seg.size, visit);
        }
      }
      counts[g] = slots.length;
      if (!slots.length) continue;
      if (slots.length * BITMAP_SHARE >= n) {
        kinds[g] = 2;
        offsets[g] = writeBitmap(out, base, slots, n);
      } else {
        kinds[g] = 1;
        offsets[g] = out.offset - base;
        list.length = 0;
        let last = -1;
        for (const s of slots) {
          list.varint(s - last - 1);
          last = s;
        }
        out.write(list.view());
      }
      lengths[g] = out.offset - base - (offsets[g] as number);
      if (g % 256 === 0) yield;
    }
    end('gramData');
    put('gramCounts', counts);
    put('gramKinds', kinds);
    put('gramOffsets', offsets);
    put('gramLengths', lengths);
  }

  // Trigram postings: the codes that occur, then per code a list or a bitmap, as for bigrams.
  {
    const built: (PackedTrigrams | undefined)[] = [];
    for (const r of remaps)
      built.push(r.seg.exactTrigrams ? undefined : yield* packedTrigrams(r.seg, r.remap, due));
    const present = new Uint8Array(TRIGRAM_SPACE);
    remaps.forEach((r, k) => {
      for (const t of built[k]?.codes ?? (r.seg as FileSegment).trigramCodes) present[t] = 1;
    });
    const cursors = built.map(() => 0);
    // An input whose every slot is kept, in order, moves by a fixed shift: its lists are copied as they are.
    const shifts = remaps.map((r) => {
      const first = r.seg.size ? (r.remap[0] as number) : 0;
      for (let x = 0; x < r.seg.size; x++) if (r.remap[x] !== first + x) return -1;
      return first;
    });
    const codes: number[] = [];
    for (let t = 0; t < TRIGRAM_SPACE; t++) if (present[t]) codes.push(t);
    const U = codes.length;
    const counts = new Uint32Array(U);
    const kinds = new Uint8Array(U);
    const offsets = new Float64Array(U);
    const lengths = new Uint32Array(U);
    const list = new ByteWriter(new Uint8Array(1 << 16));
    begin('trigramData');
    const base = out.offset;
    const slots: number[] = [];
    /** Per input, where the current code's postings are: a range of its built ones, or a stored entry. */
    const parts: (
      | { from: number; to: number }
      | { count: number; kind: number; bytes: Uint8Array }
      | undefined
    )[] = [];
    for (let i = 0; i < U; i++) {
      const t = codes[i] as number;
      let count = 0;
      let copy = true;
      for (const [k, r] of remaps.entries()) {
        const own = built[k];
        let c = cursors[k] as number;
        if (own) {
          while (c < own.codes.length && (own.codes[c] as number) < t) c++;
          cursors[k] = c;
          const part =
            own.codes[c] === t
              ? { from: own.starts[c] as number, to: own.starts[c + 1] as number }
              : undefined;
          parts[k] = part;
          if (part) count += part.to - part.from;
          continue;
        }
        const seg = r.seg as FileSegment;
        while (c < seg.trigramCodes.length && (seg.trigramCodes[c] as number) < t) c++;
        cursors[k] = c;
        const part = seg.trigramCodes[c] === t ? seg.trigramEntry(c) : undefined;
        parts[k] = part;
        if (!part) continue;
        count += part.count;
        if ((shifts[k] as number) < 0 || part.kind !== 1) copy = false;
      }
      if (!copy) {
        // Slot by slot: the renumbered slots of every input, then a list or a bitmap of them.
        slots.length = 0;
        for (const [k, r] of remaps.entries()) {
          const part = parts[k];
          if (!part) continue;
          const own = built[k];
          if (own && 'from' in part) {
            for (let j = part.from; j < part.to; j++) slots.push(own.slots[j] as number);
            continue;
          }
          if (!('kind' in part)) continue;
          const visit = (slot: number) => {
            const to = r.remap[slot] ?? -1;
            if (to >= 0) slots.push(to);
          };
          if (part.kind === 1) forEachPosting(part.bytes, false, visit);
          else {
            const words = (r.seg.size + 31) >>> 5;
            const at = part.bytes.byteOffset;
            if (at % 4 === 0 && part.bytes.length === words * 4)
              forEachBit(new Uint32Array(part.bytes.buffer, at, words), r.seg.size, visit);
          }
        }
        count = slots.length;
      }
      counts[i] = count;
      if (count * BITMAP_SHARE >= n) {
        if (copy) {
          slots.length = 0;
          for (const [k] of remaps.entries()) {
            const part = parts[k];
            const own = built[k];
            if (own && part && 'from' in part)
              for (let j = part.from; j < part.to; j++) slots.push(own.slots[j] as number);
            else if (part && 'kind' in part)
              forEachPosting(part.bytes, false, (slot) => slots.push(slot + (shifts[k] as number)));
          }
        }
        kinds[i] = 2;
        offsets[i] = writeBitmap(out, base, slots, n);
      } else {
        kinds[i] = 1;
        offsets[i] = out.offset - base;
        list.length = 0;
        let last = -1;
        if (copy)
          for (const [k] of remaps.entries()) {
            const part = parts[k];
            const own = built[k];
            if (own && part && 'from' in part)
              for (let j = part.from; j < part.to; j++) {
                const s = own.slots[j] as number;
                list.varint(s - last - 1);
                last = s;
              }
            else if (part && 'kind' in part && part.bytes.length) {
              const shift = shifts[k] as number;
              const [first, rest, end] = listBounds(part.bytes);
              list.varint(first + shift - last - 1);
              list.appendRange(part.bytes, rest, part.bytes.length);
              last = end + shift;
            }
          }
        else
          for (const s of slots) {
            list.varint(s - last - 1);
            last = s;
          }
        out.write(list.view());
      }
      lengths[i] = out.offset - base - (offsets[i] as number);
      if (due(1 + count / UNIT_BYTES)) yield;
    }
    end('trigramData');
    put('trigramCodes', Uint32Array.from(codes));
    put('trigramCounts', counts);
    put('trigramKinds', kinds);
    put('trigramOffsets', offsets);
    put('trigramLengths', lengths);
  }

  let live = 0;
  const totals: [number, number, number] = [0, 0, 0];
  for (let s = 0; s < n; s++) {
    live++;
    totals[0] += nameLen[s] as number;
    totals[1] += contentLen[s] as number;
    totals[2] += postings[s] as number;
  }
  out.align(8);
  const bodyCrc = out.crc();
  const footer: Footer = {
    tokenizer: tokenizerVersion(),
    createdAt,
    slots: n,
    live,
    terms: T,
    totals,
    strings,
    sections,
  };
  const json = encoder.encode(JSON.stringify(footer));
  out.write(json);
  const tail = new Uint8Array(TAIL);
  const dv = new DataView(tail.buffer);
  dv.setUint32(0, json.length, true);
  dv.setUint32(4, crc32(json), true);
  dv.setUint32(8, bodyCrc, true);
  dv.setUint32(12, MAGIC, true);
  out.write(tail);
  out.flush();
  return { bytes: out.offset, slots: n };
}

/** The bigram key of every packed byte (see segment.ts forEachPackedGram), -1 for bytes outside bigrams. */
const PACKED_KEYS = Int8Array.from({ length: 256 }, (_, b) =>
  b >= 0x81 && b <= 0xcf ? b - 0x80 : b === 0x2e ? 0x7f : -1,
);

/** Trigram postings made from packed texts: ascending codes, per code a range of `slots` (ascending). */
interface PackedTrigrams {
  codes: Uint32Array;
  starts: Uint32Array;
  slots: Uint32Array;
}

/**
 * The trigram postings of a segment that keeps signatures instead (an in-memory one), made from the
 * packed names and texts of the slots `remap` keeps and numbered by it. Two passes over the texts
 * (count, then fill), pausing when `due` says so.
 */
function* packedTrigrams(
  seg: Segment,
  remap: Int32Array,
  due: (units: number) => boolean,
): Generator<void, PackedTrigrams> {
  const at = new Uint32Array(TRIGRAM_SPACE);
  const seen = new Int32Array(TRIGRAM_SPACE);
  let own = new Uint32Array(4096);
  /** The distinct trigram codes of slot `s` into `own`; returns how many. */
  const collect = (s: number, bytes: Uint8Array, from: number): number => {
    let n = from;
    let run = 0;
    let code = 0;
    if (own.length < n + bytes.length) {
      const next = new Uint32Array(2 * (n + bytes.length));
      next.set(own.subarray(0, n));
      own = next;
    }
    for (let i = 0; i < bytes.length; i++) {
      const k = PACKED_KEYS[bytes[i] as number] as number;
      if (k < 0) {
        run = 0;
        continue;
      }
      code = ((code << 7) | k) & (TRIGRAM_SPACE - 1);
      if (++run >= 3 && seen[code] !== s) {
        seen[code] = s;
        own[n++] = code;
      }
    }
    return n;
  };
  let slots = new Uint32Array(0);
  for (let pass = 0; pass < 2; pass++) {
    seen.fill(-1);
    for (let s = 0; s < seg.size; s++) {
      const to = remap[s] as number;
      if (to < 0) continue;
      const name = seg.packedName(s);
      const text = seg.packedText(s);
      const n = collect(s, text, collect(s, name, 0));
      if (pass === 0) for (let i = 0; i < n; i++) at[own[i] as number]++;
      else
        for (let i = 0; i < n; i++) {
          const t = own[i] as number;
          slots[at[t] as number] = to;
          at[t]++;
        }
      if (due(1 + (name.length + text.length) / UNIT_BYTES)) yield;
    }
    if (pass === 1) break;
    let total = 0;
    for (let t = 0; t < TRIGRAM_SPACE; t++) {
      const c = at[t] as number;
      at[t] = total;
      total += c;
    }
    slots = new Uint32Array(total);
  }
  // `at` now holds where each code's range ends.
  const codes: number[] = [];
  const starts: number[] = [0];
  for (let t = 0, prev = 0; t < TRIGRAM_SPACE; t++) {
    const end = at[t] as number;
    if (end === prev) continue;
    codes.push(t);
    starts.push(end);
    prev = end;
  }
  return { codes: Uint32Array.from(codes), starts: Uint32Array.from(starts), slots };
}

/** Writes `slots` (of `n` documents) as a bitmap, 4-byte aligned; returns its offset from `base`. */
function writeBitmap(out: BufferedSink, base: number, slots: number[], n: number): number {
  out.align(4);
  const offset = out.offset - base;
  const bits = new Bits(n);
  for (const s of slots) bits.set(s);
  out.write(new Uint8Array(bits.words.buffer));
  return offset;
}

/** True when a term's postings (name or content) list a slot that `remap` keeps. */
function anyLive(p: TermPostings, remap: Int32Array | undefined): boolean {
  if (!remap) return false;
  for (const ref of [p.name, p.content]) {
    if (!ref) continue;
    const bytes = ref.bytes;
    let slot = -1;
    for (let pos = 0; pos < bytes.length; ) {
      let v: number;
      [v, pos] = readVarint(bytes, pos);
      slot += v + 1;
      if ((remap[slot] ?? -1) >= 0) return true;
      [, pos] = readVarint(bytes, pos);
    }
  }
  return false;
}

function readVarint(b: Uint8Array, at: number): [number, number] {
  let pos = at;
  let byte = b[pos++] as number;
  let v = byte & 0x7f;
  let mul = 128;
  while (byte & 0x80 && pos < b.length) {
    byte = b[pos++] as number;
    v += (byte & 0x7f) * mul;
    mul *= 128;
  }
  return [v, pos];
}

/** The first slot of a non-empty list without frequencies, the byte offset after its varint, and its last slot. */
function listBounds(bytes: Uint8Array): [number, number, number] {
  const [first, rest] = readVarint(bytes, 0);
  let last = first;
  forEachPosting(bytes, false, (slot) => {
    last = slot;
  });
  return [first, rest, last];
}

/** Calls `fn` with every (slot, frequency) of a list (frequency 0 for lists without them). */
export function forEachPosting(
  bytes: Uint8Array,
  withTf: boolean,
  fn: (slot: number, tf: number) => void,
): void {
  let slot = -1;
  const end = bytes.length;
  for (let pos = 0; pos < end; ) {
    let byte = bytes[pos++] as number;
    let v = byte & 0x7f;
    for (let mul = 128; byte & 0x80 && pos < end; mul *= 128) {
      byte = bytes[pos++] as number;
      v += (byte & 0x7f) * mul;
    }
    slot += v + 1;
    let tf = 0;
    if (withTf && pos < end) {
      byte = bytes[pos++] as number;
      tf = byte & 0x7f;
      for (let mul = 128; byte & 0x80 && pos < end; mul *= 128) {
        byte = bytes[pos++] as number;
        tf += (byte & 0x7f) * mul;
      }
    }
    fn(slot, tf);
  }
}

function forEachBit(words: Uint32Array, size: number, fn: (slot: number) => void): void {
  for (let i = 0; i < words.length; i++) {
    let w = words[i] as number;
    while (w !== 0) {
      const low = w & -w;
      const s = (i << 5) + 31 - Math.clz32(low);
      if (s < size) fn(s);
      w ^= low;
    }
  }
}

/** Gathers small writes into large ones and keeps the running offset and checksum. */
class BufferedSink {
  offset = 0;
  private buf = new Uint8Array(4 << 20);
  private used = 0;
  private sum = 0;

  constructor(private readonly sink: Sink) {}

  write(data: Uint8Array): void {
    this.offset += data.length;
    if (this.used + data.length > this.buf.length) this.flush();
    if (data.length >= this.buf.length) {
      this.sum = crc32(data, this.sum);
      this.sink.write(data);
      return;
    }
    this.buf.set(data, this.used);
    this.used += data.length;
  }

  /** Pads with zeros to a multiple of `n`. */
  align(n: number): void {
    const pad = (n - (this.offset % n)) % n;
    if (pad) this.write(new Uint8Array(pad));
  }

  /** Checksum of everything written so far. */
  crc(): number {
    this.flush();
    return this.sum;
  }

  /** Hands the gathered bytes to the sink (which must copy them if it keeps them). */
  flush(): void {
    if (!this.used) return;
    const chunk = this.buf.subarray(0, this.used);
    this.sum = crc32(chunk, this.sum);
    this.sink.write(chunk);
    this.used = 0;
  }
}
