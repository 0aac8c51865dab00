/**
 * Segments: the index is a short list of them, each covering a contiguous range of document slots. The
 * first is usually the snapshot file, memory-mapped and immutable ({@link FileSegment} in
 * segment-file.ts); the last is an in-memory {@link MemSegment} that receives every new document. A
 * snapshot merges them into a new file in the search worker. Only `alive` changes in a sealed segment.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { SIGNATURE_STRIDE } from './analyze.ts';
import { Bits } from './bits.ts';
import type { ByteWriter } from './bytes.ts';
import { packedIncludes } from './packed.ts';
import { PostingList, type PostingRef } from './postings.ts';
import { GRAM_SPACE, gramsOf } from './tokenize.ts';

/** A term's postings in one segment. */
export interface TermPostings {
  name?: PostingRef;
  content?: PostingRef;
  /** Positions of the content postings, in posting order (see analyze.ts). */
  positions?: Uint8Array;
}

/** Visits a dictionary term with its postings in the segment; returning false stops the walk. */
export type TermVisitor = (term: string, postings: TermPostings) => boolean;

/** What queries and snapshot writing read from a segment. Slots are local (0 = the segment's first). */
export interface Segment {
  /** First global slot: a multiple of 32, so segment bitmaps line up with global bit sets. */
  start: number;
  readonly size: number;
  /** Live documents. */
  live: number;
  readonly alive: Uint8Array;
  readonly project: Uint32Array;
  readonly kind: Uint32Array;
  readonly folder: Uint32Array;
  readonly docType: Uint32Array;
  readonly nameLen: Uint32Array;
  readonly contentLen: Uint32Array;
  /** Posting entries each slot added (to know how much a merge reclaims). */
  readonly postings: Uint32Array;
  readonly createdAt: Float64Array;
  /**
   * True when the segment indexes every Thai trigram of its slots' names and texts exactly (a snapshot
   * file: see the `trigram*` methods); otherwise it keeps a trigram signature per slot.
   */
  readonly exactTrigrams: boolean;
  /**
   * True when the slot's trigram signature (name and text) has every one of `bits`: a slot lacking one
   * cannot contain a text with those trigrams (always true where trigrams are exact).
   */
  signatureHas(local: number, bits: readonly number[]): boolean;
  tags(local: number): Uint32Array | null;
  id(local: number): string;
  name(local: number): string;
  packedName(local: number): Uint8Array;
  packedText(local: number): Uint8Array;
  /** {@link packedIncludes} on a slot's packed name (false for a dead slot of a snapshot). */
  nameIncludes(local: number, pattern: Uint8Array): boolean;
  /** {@link packedIncludes} on a slot's packed text (false for a dead slot of a snapshot). */
  textIncludes(local: number, pattern: Uint8Array): boolean;
  /** The slot of a document id (alive or not), -1 when the segment never held it. */
  localOf(id: string): number;
  /** Marks a slot dead. */
  kill(local: number): void;
  lookup(term: string): TermPostings | undefined;
  hasTerm(term: string): boolean;
  /** Terms this segment added to the dictionary (not in earlier segments) starting with `prefix`. */
  prefixTerms(prefix: string, visit: TermVisitor): void;
  /** Terms this segment added within `maxDistance` edits of `term`; visit gets the distance too. */
  fuzzyTerms(
    term: string,
    maxDistance: number,
    visit: (term: string, distance: number, postings: TermPostings) => boolean,
  ): void;
  /**
   * Terms this segment added that contain the Thai `term` (not ending inside a grapheme cluster), the
   * term itself excluded, in the order they were added.
   */
  compoundTerms(term: string, visit: TermVisitor): void;
  gramCount(g: number): number;
  /** Live slots with a bigram. */
  gramLive(g: number): number;
  /** The posting list of a bigram, undefined when the segment keeps it only as a bitmap (or lacks it). */
  gramList(g: number): PostingRef | undefined;
  /** The bitmap of a frequent bigram's slots (built on first use), undefined when the bigram is rare. */
  gramBits(g: number): Uint32Array | undefined;
  /** Slots (dead ones included) whose name or text has a Thai trigram code; 0 without exact trigrams. */
  trigramCount(t: number): number;
  /** The posting list of a trigram, undefined when it is kept only as a bitmap (or missing). */
  trigramList(t: number): PostingRef | undefined;
  /** The bitmap of a frequent trigram's slots (built on first use), undefined when it is rare. */
  trigramBits(t: number): Uint32Array | undefined;
}

/** Slots below this share of a segment make a bigram "frequent" (kept as a bitmap). */
export function denseThreshold(size: number): number {
  return Math.max(64, size >>> 5);
}

const EMPTY = new Uint8Array(0);
/** Estimated bytes per slot beyond its texts (arrays, signature, object headers) and per term entry. */
const SLOT_BYTES = 4 * SIGNATURE_STRIDE + 200;
const TERM_BYTES = 250;

/** A term's postings while they are being built. */
export interface MemTerm {
  name?: PostingList;
  content?: PostingList;
  positions?: ByteWriter;
}

/** Per-document fields a {@link MemSegment} stores (codes come from the index's string table). */
export interface SlotFields {
  id: string;
  name: string;
  project: number;
  kind: number;
  folder: number;
  docType: number;
  createdAt: number;
  tags: Uint32Array | null;
  nameLen: number;
  contentLen: number;
  postings: number;
  packedName: Uint8Array;
  packedText: Uint8Array;
}

/**
 * The in-memory segment that takes new documents: growable arrays and posting lists. `known` tells
 * whether an earlier segment already has a term (only new terms join this segment's dictionary walks).
 */
export class MemSegment implements Segment {
  size = 0;
  live = 0;
  /** Rough bytes held (to decide when to merge it into a file). */
  bytes = 0;
  alive = new Uint8Array(0);
  project = new Uint32Array(0);
  kind = new Uint32Array(0);
  folder = new Uint32Array(0);
  docType = new Uint32Array(0);
  nameLen = new Uint32Array(0);
  contentLen = new Uint32Array(0);
  postings = new Uint32Array(0);
  createdAt = new Float64Array(0);
  /** {@link SIGNATURE_STRIDE} words per slot: the trigram signature of its name and text. */
  signatures = new Uint32Array(0);
  readonly ids: string[] = [];
  readonly names: string[] = [];
  readonly tagList: (Uint32Array | null)[] = [];
  readonly packedNames: Uint8Array[] = [];
  readonly packedTexts: Uint8Array[] = [];
  readonly terms = new Map<string, MemTerm>();
  /** Terms new to the index, in the order they were added. */
  readonly newTerms: string[] = [];
  readonly grams: (PostingList | undefined)[] = new Array(GRAM_SPACE);
  private readonly slots = new Map<string, number>();
  /** New terms for prefix and fuzzy walks. */
  private readonly tree = new SearchableMap<true>();
  private readonly thaiGrams: (number[] | undefined)[] = new Array(GRAM_SPACE);
  private readonly dense: (Uint32Array | undefined)[] = new Array(GRAM_SPACE);

  constructor(
    public start: number,
    private known: (term: string) => boolean,
  ) {}

  /** Points the "earlier segment has it" test at new earlier segments (after a merge replaced them). */
  rebase(earlier: Segment[]): void {
    this.known = (term) => earlier.some((s) => s.hasTerm(term));
  }

  signatureHas(local: number, bits: readonly number[]): boolean {
    const sig = this.signatures;
    const at = local * SIGNATURE_STRIDE;
    for (const b of bits) if ((((sig[at + (b >>> 5)] as number) >>> (b & 31)) & 1) === 0) return false;
    return true;
  }

  readonly exactTrigrams = false;

  /** Appends a document's fields; returns its local slot. */
  append(f: SlotFields, signature: Uint32Array): number {
    const slot = this.size++;
    this.reserve(this.size);
    this.ids[slot] = f.id;
    this.names[slot] = f.name;
    this.tagList[slot] = f.tags;
    this.packedNames[slot] = f.packedName;
    this.packedTexts[slot] = f.packedText;
    this.alive[slot] = 1;
    this.project[slot] = f.project;
    this.kind[slot] = f.kind;
    this.folder[slot] = f.folder;
    this.docType[slot] = f.docType;
    this.nameLen[slot] = f.nameLen;
    this.contentLen[slot] = f.contentLen;
    this.postings[slot] = f.postings;
    this.createdAt[slot] = f.createdAt;
    this.signatures.set(signature, slot * SIGNATURE_STRIDE);
    this.slots.set(f.id, slot);
    this.live++;
    this.bytes += SLOT_BYTES + f.packedName.length + f.packedText.length + f.id.length + f.name.length;
    return slot;
  }

  /** The entry of a term, created (and registered as new when no earlier segment has it) when missing. */
  term(term: string): MemTerm {
    let entry = this.terms.get(term);
    if (entry) return entry;
    entry = {};
    this.terms.set(term, entry);
    this.bytes += TERM_BYTES + 2 * term.length;
    if (this.known(term)) return entry;
    const id = this.newTerms.push(term) - 1;
    this.tree.set(term, true);
    const grams = gramsOf(term);
    for (const g of grams) {
      let ids = this.thaiGrams[g];
      if (!ids) this.thaiGrams[g] = ids = [];
      ids.push(id);
    }
    return entry;
  }

  /** Adds a slot to a bigram's list (and to its bitmap when one exists). */
  addGram(g: number, slot: number): void {
    let list = this.grams[g];
    if (!list) this.grams[g] = list = new PostingList();
    list.add(slot);
    const bm = this.dense[g];
    if (!bm) return;
    let bits = bm;
    if (slot >>> 5 >= bits.length) {
      bits = new Uint32Array(Math.max(bm.length * 2, (slot >>> 5) + 1));
      bits.set(bm);
      this.dense[g] = bits;
    }
    bits[slot >>> 5] = (bits[slot >>> 5] as number) | (1 << (slot & 31));
  }

  private reserve(n: number): void {
    if (n <= this.alive.length) return;
    const cap = Math.max(n, Math.ceil(this.alive.length * 1.5), 256);
    const grow = <T extends Uint8Array | Uint32Array | Float64Array>(a: T, size: number): T => {
      const next = new (a.constructor as new (n: number) => T)(size);
      next.set(a as never);
      return next;
    };
    this.alive = grow(this.alive, cap);
    this.project = grow(this.project, cap);
    this.kind = grow(this.kind, cap);
    this.folder = grow(this.folder, cap);
    this.docType = grow(this.docType, cap);
    this.nameLen = grow(this.nameLen, cap);
    this.contentLen = grow(this.contentLen, cap);
    this.postings = grow(this.postings, cap);
    this.createdAt = grow(this.createdAt, cap);
    this.signatures = grow(this.signatures, cap * SIGNATURE_STRIDE);
  }

  tags(local: number): Uint32Array | null {
    return this.tagList[local] ?? null;
  }
  id(local: number): string {
    return this.ids[local] ?? '';
  }
  name(local: number): string {
    return this.names[local] ?? '';
  }
  packedName(local: number): Uint8Array {
    return this.packedNames[local] ?? EMPTY;
  }
  packedText(local: number): Uint8Array {
    return this.packedTexts[local] ?? EMPTY;
  }
  nameIncludes(local: number, pattern: Uint8Array): boolean {
    return packedIncludes(this.packedName(local), pattern);
  }
  textIncludes(local: number, pattern: Uint8Array): boolean {
    return packedIncludes(this.packedText(local), pattern);
  }
  localOf(id: string): number {
    return this.slots.get(id) ?? -1;
  }

  private readonly gramDead = new GramDeaths();

  kill(local: number): void {
    if (!this.alive[local]) return;
    this.alive[local] = 0;
    this.live--;
    this.gramDead.add(this.packedName(local), this.packedText(local));
    this.packedNames[local] = EMPTY;
    this.packedTexts[local] = EMPTY;
    this.tagList[local] = null;
  }

  lookup(term: string): TermPostings | undefined {
    const e = this.terms.get(term);
    if (!e) return undefined;
    return { name: e.name?.ref(), content: e.content?.ref(), positions: e.positions?.view() };
  }

  hasTerm(term: string): boolean {
    return this.terms.has(term);
  }

  prefixTerms(prefix: string, visit: TermVisitor): void {
    for (const [key] of this.tree.atPrefix(prefix)) if (!visit(key, this.lookup(key) as TermPostings)) return;
  }

  fuzzyTerms(
    term: string,
    maxDistance: number,
    visit: (term: string, distance: number, postings: TermPostings) => boolean,
  ): void {
    for (const [key, [, d]] of this.tree.fuzzyGet(term, maxDistance))
      if (!visit(key, d, this.lookup(key) as TermPostings)) return;
  }

  compoundTerms(term: string, visit: TermVisitor): void {
    const lists = gramsOf(term).map((g) => this.thaiGrams[g] ?? []);
    if (!lists.length) return;
    lists.sort((a, b) => a.length - b.length);
    let ids = lists[0] as number[];
    for (const other of lists.slice(1)) {
      const set = new Set(other);
      ids = ids.filter((id) => set.has(id));
    }
    for (const id of ids) {
      const t = this.newTerms[id] as string;
      if (t !== term && containsAligned(t, term) && !visit(t, this.lookup(t) as TermPostings)) return;
    }
  }

  gramCount(g: number): number {
    return this.grams[g]?.count ?? 0;
  }

  gramLive(g: number): number {
    return this.gramCount(g) - this.gramDead.of(g);
  }

  gramList(g: number): PostingRef | undefined {
    return this.grams[g]?.ref();
  }

  gramBits(g: number): Uint32Array | undefined {
    const list = this.grams[g];
    if (!list || list.count < denseThreshold(this.size)) return undefined;
    let bm = this.dense[g];
    if (bm) return bm;
    bm = bitsOf(list.ref(), this.alive.length);
    this.dense[g] = bm;
    return bm;
  }

  trigramCount(): number {
    return 0;
  }

  trigramList(): undefined {
    return undefined;
  }

  trigramBits(): undefined {
    return undefined;
  }
}

/** A bitmap (`size` bits) of the slots of a list without frequencies. */
export function bitsOf(list: PostingRef, size: number): Uint32Array {
  const bits = new Bits(size);
  const b = list.bytes;
  let slot = -1;
  for (let pos = 0; pos < b.length; ) {
    let byte = b[pos++] as number;
    let v = byte & 0x7f;
    let mul = 128;
    while (byte & 0x80 && pos < b.length) {
      byte = b[pos++] as number;
      v += (byte & 0x7f) * mul;
      mul *= 128;
    }
    slot += v + 1;
    if (slot < size) bits.set(slot);
  }
  return bits.words;
}

const MARK = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;

/** True when `part` occurs in `text` without ending inside a grapheme cluster. */
export function containsAligned(text: string, part: string): boolean {
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1))
    if (!MARK.test(text[at + part.length] ?? '')) return true;
  return false;
}

/** The bigram key of a packed byte (see tokenize.ts gramKey): Thai letters and marks, and periods. */
function packedGramKey(b: number): number {
  if (b >= 0x81 && b <= 0xcf) return b - 0x80;
  return b === 0x2e ? 0x7f : -1;
}

/** Calls `fn` with every bigram code of packed text (the same codes forEachGram finds in the folded text). */
export function forEachPackedGram(packed: Uint8Array, fn: (code: number) => void): void {
  let prev = -1;
  for (let i = 0; i < packed.length; i++) {
    const k = packedGramKey(packed[i] as number);
    if (k >= 0 && prev >= 0 && (k !== 0x7f || prev !== 0x7f)) fn((prev << 7) | k);
    prev = k;
  }
}

/** Per bigram, the dead slots of a segment that have it (for live document frequencies). */
export class GramDeaths {
  private counts: Int32Array | undefined;
  private readonly seen = new Set<number>();

  /** Counts the distinct bigrams of a dead slot's packed name and text. */
  add(name: Uint8Array, text: Uint8Array): void {
    this.counts ??= new Int32Array(GRAM_SPACE);
    const counts = this.counts;
    const seen = this.seen;
    seen.clear();
    const count = (g: number) => {
      if (seen.has(g)) return;
      seen.add(g);
      counts[g] = (counts[g] as number) + 1;
    };
    forEachPackedGram(name, count);
    forEachPackedGram(text, count);
  }

  of(g: number): number {
    return this.counts?.[g] ?? 0;
  }
}
