import {
  type AnalyzedBatch,
  M_CONTENT_LEN,
  M_CONTENT_TERMS,
  M_GRAMS,
  M_NAME_LEN,
  M_NAME_TERMS,
  M_PACKED_NAME,
  M_PACKED_TEXT,
  M_POSITIONS,
  META_FIELDS,
  SIGNATURE_STRIDE,
  TF_CAP,
} from './analyze.ts';
import { Bits } from './bits.ts';
import { ByteWriter } from './bytes.ts';
import { Interner } from './docs.ts';
import { Heap } from './heap.ts';
import { findMisread, MisreadScratch, misreadBudget, misreadStart, sharedGramSlots } from './misread.ts';
import { unpackText } from './packed.ts';
import { DecodeScratch, PositionReader, PostingList, type PostingRef } from './postings.ts';
import type { QueryClause } from './query.ts';
import type { FileSegment } from './segment-file.ts';
import { denseThreshold, MemSegment, type MemTerm, type Segment, type TermPostings } from './segment.ts';
import { SlotList } from './slot-list.ts';
import { GRAM_SPACE, isLatinWord } from './tokenize.ts';
import type { IndexedDocument, SearchQuery } from './types.ts';

/** Bit set in {@link RankedHit.fields}. */
export const FIELD_NAME = 1;
export const FIELD_CONTENT = 2;

export interface RankedHit {
  id: string;
  slot: number;
  score: number;
  /** {@link FIELD_NAME} | {@link FIELD_CONTENT}. */
  fields: number;
}

/** Ranking knobs. Name matches weigh more than content; substring-only (bigram) matches less. */
const NAME_BOOST = 3;
const GRAM_BOOST = 0.5;
/** A multi-word clause found contiguously scores this much more than its words found apart. */
const PHRASE_FACTOR = 2;
/** Clause texts whose substring checks are remembered. */
const OCCURRENCE_CACHE = 64;
const K1 = 1.2;
const B = 0.75;
const PREFIX_WEIGHT = 0.5;
const FUZZY_WEIGHT = 0.35;
const MAX_EXPANSIONS = 50;
const MAX_COMPOUNDS = 1000;
/** Score of a misread match of a clause costing nothing (see {@link InvertedIndex.misreadHits}). */
const MISREAD_WEIGHT = 0.1;
/** Queries with fewer exact matches than this also match misreads (whatever page is asked for). */
const MISREAD_BELOW = 10;
/** Most documents whose text is checked for misreads of one clause (those sharing the most bigrams). */
const MAX_MISREAD_CHECKS = 64;
/**
 * Word positions prove a phrase in a segment only when its words' postings and positions take fewer
 * bytes than this per candidate document (words that occur about once where they occur together);
 * otherwise reading them costs more than checking the candidates' packed text with a native substring
 * search (bench phrases at 20,000 documents: 3.3-4.7 ms CPU a query checking text vs 4.5-6.6 proving
 * every segment, at 256 bytes 4.5-5.4).
 */
const PROVE_BYTES_PER_CANDIDATE = 32;

/** A dictionary term a query word matches, its postings in each segment, and how much it counts. */
interface Expansion {
  term: string;
  weight: number;
  refs: (TermPostings | undefined)[];
}

/**
 * The full-text index over a short list of segments (segment.ts): usually the memory-mapped snapshot
 * and an in-memory segment taking new documents. Per term and field (name, content) a posting list with
 * frequencies for BM25 and, for content, word positions; per Thai bigram, and per Thai trigram in a
 * snapshot (a trigram signature per document in memory), a posting list or bitmap to find texts
 * containing a Thai string; per document a packed copy of its text to confirm such a substring. A
 * clause matches a document that has all its words (Thai ones also inside compound terms), or, for
 * Thai of three characters or more, contains its text anywhere.
 *
 * Documents live in slots; re-indexing a document gives it a new slot and leaves the old one dead until
 * the segments are merged. Document frequencies count dead slots until then (as Lucene's do).
 * Everything here is synchronous; the analysis that feeds {@link addAnalyzed} runs in a worker.
 */
export class InvertedIndex {
  strings: Interner;
  segments: Segment[];
  mem: MemSegment;
  live = 0;
  totalNameLen = 0;
  totalContentLen = 0;
  totalPostings = 0;
  deadPostings = 0;

  private readonly scratch = new DecodeScratch();
  /** Decoded lists of one term per segment (document frequencies need all of them before scoring). */
  private readonly scratches: (DecodeScratch & { n: number })[] = [];
  /** Documents removed (or replaced) since {@link freeze}: a merge started then must drop them too. */
  private killLog: Set<string> | undefined;
  /** Substring checks already made, per packed clause text (least recently used first). */
  private occurrences = new Map<string, Occurrences>();
  /** Next (segment, bigram) {@link warm} looks at. */
  private warmed = 0;
  /** Bumped when slots are renumbered (a merge): slot-keyed caches are dropped. */
  private generation = 0;
  private filterCache:
    | { key: string; generation: number; upTo: number; bits: Bits; filter: Filter }
    | undefined;
  private epoch = 0;
  private stamp = new Uint32Array(0);
  private stage = new Uint32Array(0);
  private clauseScore = new Float64Array(0);
  private wordScore = new Float64Array(0);
  private mask = new Uint8Array(0);
  private sure = new Float64Array(0);
  private key = new Float64Array(0);
  private created = new Float64Array(0);
  private pending = new Uint8Array(0);
  private penalty = new Uint16Array(0);
  private fieldMask = new Uint8Array(0);
  private chainStart = new Int32Array(0);
  private chainLength = new Int32Array(0);
  private chainPool = new Int32Array(1024);
  private chainStamp = new Uint32Array(0);
  private chainEpoch = 0;
  private gramCounts = new Uint16Array(0);
  private readonly bases: Float64Array[] = [];
  private readonly misreadScratch = new MisreadScratch();

  constructor(base?: FileSegment) {
    this.strings = new Interner(base?.strings);
    this.segments = [];
    if (base) {
      this.segments.push(base);
      this.live = base.live;
      [this.totalNameLen, this.totalContentLen, this.totalPostings] = base.totals;
    }
    this.mem = this.newMem();
    this.segments.push(this.mem);
  }

  /** Number of live documents. */
  get size(): number {
    return this.live;
  }

  /** End of the slot space (slots in use, live and dead, plus alignment gaps). */
  get slotEnd(): number {
    const last = this.segments.at(-1) as Segment;
    return last.start + last.size;
  }

  has(id: string): boolean {
    return this.slotOf(id) >= 0;
  }

  private newMem(): MemSegment {
    const last = this.segments.at(-1);
    const start = ((last ? last.start + last.size : 0) + 31) & ~31;
    const earlier = [...this.segments];
    return new MemSegment(start, (term) => earlier.some((s) => s.hasTerm(term)));
  }

  /** The live slot of a document, -1 when it is not indexed. */
  slotOf(id: string): number {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const seg = this.segments[i] as Segment;
      const local = seg.localOf(id);
      if (local >= 0 && seg.alive[local]) return seg.start + local;
    }
    return -1;
  }

  /** The segment holding a global slot. */
  segmentOf(slot: number): Segment {
    const segs = this.segments;
    for (let i = segs.length - 1; i > 0; i--)
      if (slot >= (segs[i] as Segment).start) return segs[i] as Segment;
    return segs[0] as Segment;
  }

  /** The id of a slot's document. */
  idOf(slot: number): string {
    const seg = this.segmentOf(slot);
    return seg.id(slot - seg.start);
  }

  /** The (original) name of a slot's document. */
  nameOf(slot: number): string {
    const seg = this.segmentOf(slot);
    return seg.name(slot - seg.start);
  }

  /**
   * Looks up (creating where missing) the in-memory entries of every term of `batch` ahead of
   * {@link addAnalyzed}, which then only adds postings. A generator that pauses every `step` terms, so
   * the caller can spread a large document's dictionary work over event-loop turns. An entry created
   * here holds no postings until its document is added (a search meanwhile finds nothing under it).
   */
  *resolveTerms(batch: AnalyzedBatch, cursor: BatchCursor, step = 256): Generator<void, void> {
    for (let i = 0; i < batch.terms.length; i++) {
      if (cursor.mem !== this.mem) {
        cursor.mem = this.mem;
        cursor.resolved = new Array(batch.terms.length);
      }
      cursor.resolved[i] ??= this.mem.term(batch.terms[i] as string);
      if (i % step === step - 1) yield;
    }
  }

  /**
   * Adds a document analyzed in `batch` (the `at`-th document of the batch, whose data starts at
   * `cursor`), replacing its previous entry; returns the cursor of the next document.
   */
  addAnalyzed(doc: IndexedDocument, batch: AnalyzedBatch, cursor: BatchCursor): void {
    this.remove(doc.id);
    const m = cursor.doc * META_FIELDS;
    const meta = batch.meta;
    const mem = this.mem;
    if (cursor.mem !== mem) {
      cursor.mem = mem;
      cursor.resolved = new Array(batch.terms.length);
    }
    const nameTerms = meta[m + M_NAME_TERMS] as number;
    const contentTerms = meta[m + M_CONTENT_TERMS] as number;
    const grams = meta[m + M_GRAMS] as number;
    const packedName = meta[m + M_PACKED_NAME] as number;
    const packedText = meta[m + M_PACKED_TEXT] as number;
    const postings = nameTerms + contentTerms + grams;
    const s = this.strings;
    const slot = mem.append(
      {
        id: doc.id,
        name: doc.name,
        project: s.code(doc.projectId),
        kind: s.code(doc.kind),
        folder: s.code(doc.folderId),
        docType: s.code(doc.docType),
        createdAt: doc.createdAt,
        tags: doc.tags.length ? Uint32Array.from(new Set(doc.tags.map((t) => s.code(t)))) : null,
        nameLen: meta[m + M_NAME_LEN] as number,
        contentLen: meta[m + M_CONTENT_LEN] as number,
        postings,
        packedName: batch.packed.slice(cursor.packed, cursor.packed + packedName),
        packedText: batch.packed.slice(cursor.packed + packedName, cursor.packed + packedName + packedText),
      },
      batch.signatures.subarray(cursor.doc * SIGNATURE_STRIDE, (cursor.doc + 1) * SIGNATURE_STRIDE),
    );
    cursor.packed += packedName + packedText;
    const refs = batch.refs;
    const resolve = (i: number): MemTerm => {
      let e = cursor.resolved[i];
      if (!e) cursor.resolved[i] = e = mem.term(batch.terms[i] as string);
      return e;
    };
    let r = cursor.refs;
    for (let i = 0; i < nameTerms; i++, r += 2) {
      const e = resolve(refs[r] as number);
      e.name ??= new PostingList();
      e.name.add(slot, refs[r + 1] as number);
    }
    const pos = batch.positions;
    let p = cursor.positions;
    for (let i = 0; i < contentTerms; i++, r += 2) {
      const e = resolve(refs[r] as number);
      const tf = refs[r + 1] as number;
      e.content ??= new PostingList();
      e.content.add(slot, tf);
      const from = p;
      let count = tf;
      if (tf === TF_CAP) {
        const reader = new PositionReader(pos);
        reader.pos = p;
        count = reader.next();
        p = reader.pos;
      }
      for (let left = count; left > 0 && p < pos.length; ) if (((pos[p++] as number) & 0x80) === 0) left--;
      e.positions ??= new ByteWriter();
      e.positions.appendRange(pos, from, p);
    }
    cursor.refs = r;
    cursor.positions = cursor.positions + (meta[m + M_POSITIONS] as number);
    mem.bytes += (meta[m + M_POSITIONS] as number) + 3 * (nameTerms + contentTerms) + 2 * grams;
    const gramCodes = batch.grams;
    for (let i = 0; i < grams; i++) mem.addGram(gramCodes[cursor.grams + i] as number, slot);
    cursor.grams += grams;
    cursor.doc++;

    this.totalPostings += postings;
    this.totalNameLen += meta[m + M_NAME_LEN] as number;
    this.totalContentLen += meta[m + M_CONTENT_LEN] as number;
    this.live++;
    this.extendFilter();
  }

  /** Adds every document of an analyzed batch (documents in batch order). */
  addBatch(docs: IndexedDocument[], batch: AnalyzedBatch): void {
    const cursor = new BatchCursor();
    for (const doc of docs) this.addAnalyzed(doc, batch, cursor);
  }

  /** Skips a batch document without adding it. */
  skipAnalyzed(batch: AnalyzedBatch, cursor: BatchCursor): void {
    const m = cursor.doc * META_FIELDS;
    const meta = batch.meta;
    cursor.refs += 2 * ((meta[m + M_NAME_TERMS] as number) + (meta[m + M_CONTENT_TERMS] as number));
    cursor.positions += meta[m + M_POSITIONS] as number;
    cursor.grams += meta[m + M_GRAMS] as number;
    cursor.packed += (meta[m + M_PACKED_NAME] as number) + (meta[m + M_PACKED_TEXT] as number);
    cursor.doc++;
  }

  /** Removes a document; false when it was not indexed. */
  remove(id: string): boolean {
    const slot = this.slotOf(id);
    if (slot < 0) return false;
    const seg = this.segmentOf(slot);
    const local = slot - seg.start;
    seg.kill(local);
    this.live--;
    this.totalNameLen -= seg.nameLen[local] as number;
    this.totalContentLen -= seg.contentLen[local] as number;
    this.deadPostings += seg.postings[local] as number;
    this.filterCache?.bits.clear(slot);
    this.killLog?.add(id);
    return true;
  }

  /**
   * Seals the in-memory segment for a merge and starts a new one for the changes made meanwhile;
   * returns every sealed in-memory segment (usually one; more when an earlier merge failed).
   */
  freeze(): MemSegment[] {
    this.mem = this.newMem();
    this.segments.push(this.mem);
    this.killLog = new Set();
    return this.segments.filter((s): s is MemSegment => s instanceof MemSegment && s !== this.mem);
  }

  /**
   * Replaces every segment before the in-memory one with `merged` (their merge, without dead slots),
   * then kills again in it the documents removed or re-indexed since {@link freeze}.
   */
  replaceSealed(merged: FileSegment): void {
    const mem = this.mem;
    merged.start = 0;
    this.segments = [merged];
    mem.start = (merged.size + 31) & ~31;
    mem.rebase([merged]);
    this.segments.push(mem);
    for (const id of this.killLog ?? []) {
      const local = merged.localOf(id);
      if (local >= 0) merged.kill(local);
    }
    this.killLog = undefined;
    this.totalPostings = 0;
    this.deadPostings = 0;
    for (const seg of this.segments)
      for (let s = 0; s < seg.size; s++) {
        const n = seg.postings[s] as number;
        this.totalPostings += n;
        if (!seg.alive[s]) this.deadPostings += n;
      }
    this.generation++;
    this.filterCache = undefined;
    this.occurrences.clear();
    this.warmed = 0;
  }

  /** Distinct terms in the dictionary. */
  termCount(): number {
    let n = 0;
    for (const seg of this.segments)
      n += seg instanceof MemSegment ? seg.newTerms.length : (seg as FileSegment).termCount;
    return n;
  }

  /**
   * Runs a parsed query with the filters of `q`: the total, the ranked page, the dictionary terms
   * the query's words matched (for highlighting prefix and fuzzy matches) and the text fragments of
   * the page's misread matches (see {@link misreadHits}; for highlighting them).
   */
  search(
    q: SearchQuery,
    clauses: QueryClause[],
    offset: number,
    limit: number,
  ): { total: number; hits: RankedHit[]; terms: string[]; misread: string[] } {
    const allowed = clauses.length ? this.filterBits(q) : undefined;
    if (!allowed) return { total: 0, hits: [], terms: [], misread: [] };
    const terms = new Set<string>();
    this.ensureScratch();
    // Clauses run in this order and add their scores in it. Two additions commute, so a query of two
    // clauses may run its one-Thai-word clauses by what they match in all (see estimate); with more
    // clauses another order could change a floating-point sum in its last bit, and a tie with it.
    const whole = clauses.length === 2;
    const order =
      clauses.length === 1
        ? clauses
        : clauses
            .map((c) => ({ c, cost: this.estimate(c, whole) }))
            .sort((a, b) => a.cost - b.cost)
            .map((x) => x.c);
    const deferred: Deferred[] = [];
    let current = allowed;
    let slots: Int32Array = new Int32Array(0);
    /** The final scores ranked on; a query of one clause whose scores are final ranks on them as they are. */
    let final: Float64Array = this.sure;
    const end = this.slotEnd;
    for (const [k, clause] of order.entries()) {
      const match = this.evalClause(clause, current, terms);
      if (order.length === 1 && !match.deferred) {
        slots = match.slots;
        final = match.scores;
        break;
      }
      if (match.deferred)
        deferred.push({
          clause,
          memo: this.memoOf(clause),
          bits: match.deferred,
          base: this.baseScratch(deferred.length),
        });
      const d = deferred.at(-1);
      const { sure, fieldMask, mask } = this;
      const { scores, deferred: later } = match;
      for (let j = 0; j < match.slots.length; j++) {
        const s = match.slots[j] as number;
        const score = scores[s] as number;
        if (k === 0) {
          sure[s] = 0;
          fieldMask[s] = 0;
        }
        if (later?.has(s)) (d as Deferred).base[s] = score;
        else sure[s] = (sure[s] as number) + score;
        fieldMask[s] = (fieldMask[s] as number) | ((mask[s] as number) & 3);
      }
      slots = match.slots;
      if (!slots.length) break;
      if (k < order.length - 1) {
        current = new Bits(end);
        for (let j = 0; j < slots.length; j++) current.set(slots[j] as number);
      }
    }
    const page = this.rank(slots, deferred, offset + limit, final).slice(offset);
    const hits = page.map((slot) => ({
      id: this.idOf(slot),
      slot,
      score: Math.round((this.key[slot] as number) * 1000) / 1000,
      fields: final === this.sure ? (this.fieldMask[slot] as number) : (this.mask[slot] as number) & 3,
    }));
    const exactCount = slots.length;
    if (exactCount >= MISREAD_BELOW) return { total: exactCount, terms: [...terms], hits, misread: [] };
    const misread = this.misreadHits(clauses, allowed, terms, slots);
    const extra = misread.hits.slice(Math.max(0, offset - exactCount), offset + limit - exactCount);
    return {
      total: exactCount + misread.hits.length,
      terms: [...terms],
      hits: [...hits, ...extra],
      misread: [...new Set(extra.flatMap((h) => h.fragments))],
    };
  }

  /**
   * Documents that match the query only when OCR misreads are allowed for (misread.ts), ranked after
   * every exact match: by edit cost, then by how many of the clause's bigrams they share, then newest.
   * A query with exactly one unquoted clause of three Thai characters or more (other clauses must match
   * exactly) may match a misread of that clause's text, checked on at most {@link MAX_MISREAD_CHECKS}
   * documents sharing the most of its bigrams. Used when a query has fewer than {@link MISREAD_BELOW}
   * exact matches (`exact`, the slots matching every clause). Each hit carries the text fragment that
   * matched.
   */
  private misreadHits(
    clauses: QueryClause[],
    allowed: Bits,
    terms: Set<string>,
    exact: Int32Array,
  ): { hits: (RankedHit & { fragments: string[] })[] } {
    const tolerant = clauses.filter((c) => !c.phrase && c.grams.length >= 2 && misreadBudget(c.pattern) > 0);
    const clause = tolerant[0];
    if (tolerant.length !== 1 || !clause) return { hits: [] };
    const budget = misreadBudget(clause.pattern);
    const end = this.slotEnd;
    let within = allowed;
    for (const other of clauses) {
      if (other === clause) continue;
      const slots = this.evalClause(other, within, terms).slots;
      if (!slots.length) return { hits: [] };
      within = new Bits(end);
      for (const s of slots) within.set(s);
    }
    const exactHere = new Bits(end);
    const matched = clauses.length === 1 ? exact : this.evalClause(clause, within, terms).slots;
    for (const s of matched) exactHere.set(s);
    within = within.copy().andNot(exactHere);
    if (this.gramCounts.length < end) this.gramCounts = new Uint16Array(Math.ceil(end * 1.25) + 64);
    const candidates = sharedGramSlots(
      this.segments,
      clause.grams,
      within,
      Math.max(1, clause.grams.length - 2 * budget),
      MAX_MISREAD_CHECKS,
      this.gramCounts,
      this.scratch,
    );
    const found: { slot: number; cost: number; fields: number; fragment: string }[] = [];
    for (const slot of candidates) {
      const m = this.misreadIn(slot, clause.pattern, budget);
      if (m) found.push({ slot, ...m });
    }
    // Candidate order (most shared bigrams first, then newest) breaks ties: the sort is stable.
    const hits = found
      .sort((a, b) => a.cost - b.cost)
      .map((f) => ({
        id: this.idOf(f.slot),
        slot: f.slot,
        score: Math.round((MISREAD_WEIGHT * 1000) / (1 + f.cost)) / 1000,
        fields: f.fields,
        fragments: [f.fragment],
      }));
    return { hits };
  }

  /** The cheapest misread of `pattern` in a slot's name or content within `budget`, or undefined. */
  private misreadIn(
    slot: number,
    pattern: Uint8Array,
    budget: number,
  ): { cost: number; fields: number; fragment: string } | undefined {
    const seg = this.segmentOf(slot);
    const local = slot - seg.start;
    let best: { cost: number; fields: number; fragment: string } | undefined;
    for (const [field, text] of [
      [FIELD_CONTENT, seg.packedText(local)],
      [FIELD_NAME, seg.packedName(local)],
    ] as const) {
      const m = findMisread(text, pattern, budget, this.misreadScratch);
      if (!m) continue;
      if (best && m.cost > best.cost) continue;
      if (best && m.cost === best.cost) {
        best.fields |= field;
        continue;
      }
      const fragment = unpackText(text.subarray(misreadStart(text, pattern, m), m.end));
      best = { cost: m.cost, fields: field, fragment };
    }
    return best;
  }

  /**
   * The best `k` slots, best first: fewest multi-word clauses found apart, then highest score, then
   * newest. A slot whose contiguity is still unknown enters with its optimistic key and is verified only
   * when it reaches the top, so only about `k` documents are checked. Without such slots the scores are
   * `final` (`sure`, or a single clause's own scores).
   */
  private rank(slots: Int32Array, deferred: Deferred[], k: number, final: Float64Array): number[] {
    const key = this.key;
    if (!deferred.length) {
      // Every score is final: most slots are turned away by one comparison with the worst kept.
      const sure = final;
      const createdOf = (s: number) => {
        const seg = this.segmentOf(s);
        return seg.createdAt[s - seg.start] as number;
      };
      const top = topK(slots, k, sure, (a, b) => {
        const ka = sure[a] as number;
        const kb = sure[b] as number;
        if (ka !== kb) return ka > kb;
        const ca = createdOf(a);
        const cb = createdOf(b);
        return ca !== cb ? ca > cb : this.idOf(a) > this.idOf(b);
      });
      for (const s of top) key[s] = sure[s] as number;
      return top;
    }
    const pending = this.pending;
    const created = this.created;
    for (const s of slots) {
      let opt = this.sure[s] as number;
      let unknown = 0;
      for (const d of deferred)
        if (d.bits.has(s)) {
          opt += PHRASE_FACTOR * (d.base[s] as number);
          unknown = 1;
        }
      key[s] = opt;
      this.penalty[s] = 0;
      pending[s] = unknown;
      const seg = this.segmentOf(s);
      created[s] = seg.createdAt[s - seg.start] as number;
    }
    const better = (a: number, b: number) => {
      const pa = this.penalty[a] as number;
      const pb = this.penalty[b] as number;
      if (pa !== pb) return pa < pb;
      const ka = key[a] as number;
      const kb = key[b] as number;
      if (ka !== kb) return ka > kb;
      const ca = created[a] as number;
      const cb = created[b] as number;
      return ca !== cb ? ca > cb : this.idOf(a) > this.idOf(b);
    };
    const heap = new Heap(slots, better);
    const out: number[] = [];
    while (out.length < k && heap.size) {
      const s = heap.top();
      if (!pending[s]) {
        out.push(heap.pop());
        continue;
      }
      let score = this.sure[s] as number;
      let apart = 0;
      for (const d of deferred) {
        if (!d.bits.has(s)) continue;
        const base = d.base[s] as number;
        if (this.occurs(s, d.memo)) score += PHRASE_FACTOR * base;
        else {
          score += base;
          apart++;
        }
      }
      key[s] = score;
      this.penalty[s] = apart;
      pending[s] = 0;
      heap.siftDown(0);
    }
    return out;
  }

  /** Slots that pass the query's filters; undefined when nothing can match. Kept up to date as documents come and go. */
  private filterBits(q: SearchQuery): Bits | undefined {
    const s = this.strings;
    const project = s.find(q.projectId);
    if (project === undefined) return undefined;
    const codes = (values: string[] | undefined) =>
      values?.length ? [...new Set(values.map((v) => s.find(v) ?? -1))] : undefined;
    const tags = q.tags?.length ? q.tags.map((t) => s.find(t) ?? -1) : undefined;
    if (tags?.includes(-1)) return undefined;
    const folder = q.folderId === undefined ? undefined : (s.find(q.folderId) ?? -1);
    if (folder === -1) return undefined;
    const filter: Filter = {
      project,
      kinds: codes(q.kinds),
      docTypes: codes(q.docTypes),
      tags,
      folder,
      from: q.createdFrom ?? -Infinity,
      before: q.createdBefore ?? Infinity,
    };
    const key = JSON.stringify([
      project,
      filter.kinds,
      filter.docTypes,
      tags,
      folder,
      q.createdFrom,
      q.createdBefore,
    ]);
    const c = this.filterCache;
    if (c?.key === key && c.generation === this.generation) {
      this.extendFilter();
      return c.bits;
    }
    const cache = { key, generation: this.generation, upTo: 0, bits: new Bits(this.slotEnd), filter };
    this.filterCache = cache;
    this.extendFilter();
    return cache.bits;
  }

  /** Brings the cached filter up to the end of the slot space (new documents). */
  private extendFilter(): void {
    const c = this.filterCache;
    if (!c) return;
    const end = this.slotEnd;
    if (c.upTo >= end) return;
    if (c.bits.words.length << 5 < end) c.bits = c.bits.grown(Math.ceil(end * 1.5));
    const f = c.filter;
    for (const seg of this.segments) {
      const from = Math.max(c.upTo, seg.start) - seg.start;
      for (let local = from; local < seg.size; local++) {
        if (seg.project[local] !== f.project || !seg.alive[local]) continue;
        if (f.kinds && !f.kinds.includes(seg.kind[local] as number)) continue;
        if (f.folder !== undefined && seg.folder[local] !== f.folder) continue;
        if (f.docTypes && !f.docTypes.includes(seg.docType[local] as number)) continue;
        const at = seg.createdAt[local] as number;
        if (at < f.from || at >= f.before) continue;
        if (f.tags) {
          const own = seg.tags(local);
          if (!own || f.tags.some((t) => !own.includes(t))) continue;
        }
        c.bits.set(seg.start + local);
      }
    }
    c.upTo = end;
  }

  /**
   * Rough cost of a clause (smallest posting list it needs), to run selective clauses first. With
   * `whole`, a clause of one Thai word is costed by its rarest bigram, which every document it matches
   * has (its own postings leave out the compounds containing it and its substring matches).
   */
  private estimate(c: QueryClause, whole: boolean): number {
    let best = Infinity;
    for (const g of c.grams) {
      let n = 0;
      for (const seg of this.segments) n += seg.gramCount(g);
      best = Math.min(best, n);
    }
    if (whole && best < Infinity && c.tokens.length === 1 && c.tokens[0] === c.text) return best;
    for (const t of c.tokens) {
      let n = 0;
      for (const seg of this.segments) {
        const p = seg.lookup(t);
        n += (p?.name?.count ?? 0) + (p?.content?.count ?? 0);
      }
      best = Math.min(best, n);
    }
    return best;
  }

  /**
   * Terms a query word matches: itself; for a Thai word standing alone in its clause, the terms
   * containing it (ไทย in ประเทศไทย) weighted `compoundWeight`; for other words, prefix and fuzzy
   * variants (Thai misreads are matched separately, see {@link misreadHits}).
   */
  private expand(term: string, exactOnly: boolean, compoundWeight: number | undefined): Expansion[] {
    const out: Expansion[] = [];
    const segs = this.segments;
    const exact = segs.map((seg) => seg.lookup(term));
    if (exact.some(Boolean)) out.push({ term, weight: 1, refs: exact });
    if (exactOnly) return out;
    // A term a segment added is in no earlier segment: look it up only in the later ones.
    const refsFrom = (i: number, t: string, own: TermPostings) =>
      segs.map((s2, k) => (k < i ? undefined : k === i ? own : s2.lookup(t)));
    if (/[\u0E00-\u0E7F]/.test(term)) {
      if (compoundWeight === undefined) return out;
      let n = 0;
      segs.forEach((seg, i) => {
        seg.compoundTerms(term, (t, own) => {
          if (n >= MAX_COMPOUNDS) return false;
          out.push({ term: t, weight: compoundWeight, refs: refsFrom(i, t, own) });
          return ++n < MAX_COMPOUNDS;
        });
      });
      return out;
    }
    const seen = new Set([term]);
    if (term.length >= 2 && /\p{L}/u.test(term))
      segs.forEach((seg, i) => {
        if (seen.size > MAX_EXPANSIONS) return;
        seg.prefixTerms(term, (key, own) => {
          if (seen.has(key)) return true;
          seen.add(key);
          out.push({
            term: key,
            weight: (PREFIX_WEIGHT * term.length) / key.length,
            refs: refsFrom(i, key, own),
          });
          return seen.size <= MAX_EXPANSIONS;
        });
      });
    if (term.length >= 4 && isLatinWord(term))
      segs.forEach((seg, i) => {
        if (seen.size > 2 * MAX_EXPANSIONS) return;
        seg.fuzzyTerms(term, term.length >= 8 ? 2 : 1, (key, dist, own) => {
          if (seen.has(key)) return true;
          seen.add(key);
          out.push({
            term: key,
            weight: (FUZZY_WEIGHT * term.length) / (term.length + dist),
            refs: refsFrom(i, key, own),
          });
          return seen.size <= 2 * MAX_EXPANSIONS;
        });
      });
    return out;
  }

  /**
   * Evaluates one clause over the `allowed` slots. A slot matches when it has every word term of the
   * clause, or (for clauses with Thai) contains the clause text, verified on the packed text; quoted
   * phrases must be contiguous (proved by word positions where they can, else on the packed text).
   * Leaves the matches' scores in `scores` (a scratch array) and `mask` (1 name, 2 content). Multi-word
   * matches whose contiguity is not yet known are returned in `deferred`.
   */
  private evalClause(
    clause: QueryClause,
    allowed: Bits,
    terms: Set<string>,
  ): { slots: Int32Array; scores: Float64Array; deferred?: Bits } {
    const ep = ++this.epoch;
    const size = this.slotEnd;
    const n = clause.tokens.length;
    const N = Math.max(1, this.live);
    const single = n === 1 && clause.tokens[0] === clause.text;
    const expansions = clause.tokens.map((t) =>
      this.expand(t, clause.phrase, single ? GRAM_BOOST : undefined),
    );
    for (const e of expansions) for (const x of e) if (!/[\u0E00-\u0E7F]/.test(x.term)) terms.add(x.term);
    let wordSlots = new SlotList();
    if (expansions.every((e) => e.length)) {
      const ordered = expansions
        .map((e) => ({ e, cost: e.reduce((s, x) => s + entries(x.refs), 0) }))
        .sort((a, b) => a.cost - b.cost);
      // Only the first word adds slots, each once: its entries bound them.
      const touched = new SlotList(Math.min(size, (ordered[0] as { cost: number }).cost));
      ordered.forEach(({ e }, i) => {
        // A word's variants (compounds, prefixes, typos) share the document frequency of the most
        // common one (dead slots included until a merge): a rare compound must not outscore the word.
        const blended = { name: 0, content: 0 };
        for (const { refs } of e)
          for (const field of ['name', 'content'] as const) {
            let count = 0;
            for (const r of refs) count += r?.[field]?.count ?? 0;
            blended[field] = Math.max(blended[field], count);
          }
        for (const { refs, weight } of e) {
          for (const [bit, field, boost] of [
            [1, 'name', weight * NAME_BOOST],
            [2, 'content', weight],
          ] as const) {
            // Document frequency counts live slots only (dead ones stay in the lists until a merge).
            let df = e.length > 1 ? blended[field] : 0;
            let any = false;
            refs.forEach((r, k) => {
              const sc = this.scratchOf(k);
              const list = r?.[field];
              sc.n = list ? sc.decode(list, true) : 0;
              if (!sc.n) return;
              any = true;
              const seg = this.segments[k] as Segment;
              if (e.length > 1) return;
              if (seg.live === seg.size) df += sc.n;
              else for (let j = 0; j < sc.n; j++) if (seg.alive[sc.slots[j] as number]) df++;
            });
            if (!any) continue;
            refs.forEach((_, k) => {
              const sc = this.scratchOf(k);
              if (sc.n)
                this.scoreList(this.segments[k] as Segment, sc, i, ep, allowed, touched, boost, N, bit, df);
            });
          }
        }
      });
      // Every slot the first (only) word touched has it.
      const stage = this.stage;
      if (n === 1) wordSlots = touched;
      else {
        const items = touched.items;
        for (let j = 0; j < touched.length; j++) {
          const s = items[j] as number;
          if (stage[s] === n) wordSlots.push(s);
        }
      }
    }
    // Substrings across word boundaries: for 3+ characters (two bigrams), or text that is not one word.
    const substrings = clause.grams.length >= 2 || (clause.grams.length > 0 && !single);
    const words = new Bits(substrings || (clause.phrase && !single) ? size : 0);
    if (words.words.length)
      for (let j = 0; j < wordSlots.length; j++) words.set(wordSlots.items[j] as number);

    const factor = n > 1 ? PHRASE_FACTOR : 1;
    const matched = new SlotList();
    /** Slots that may contain the clause text (its bigrams and trigrams), when it has Thai. */
    let possible: Bits | undefined;
    if (substrings) {
      let minGram = N;
      for (const g of clause.grams) {
        let c = 0;
        for (const seg of this.segments) c += seg.gramLive(g);
        minGram = Math.min(minGram, c);
      }
      const subIdf = Math.log(1 + (N - minGram + 0.5) / (minGram + 0.5));
      const phraseWords = clause.phrase && !single && wordSlots.length > 0;
      let within = allowed;
      if (clause.anchors.length) {
        within = allowed.copy();
        for (const a of clause.anchors) within.and(this.termBits(a).words);
      }
      const memo = this.memoOf(clause);
      // A quoted phrase's word matches need the same check: they are looked up among these slots.
      const candidates = phraseWords
        ? this.gramCandidates(clause, allowed, undefined)
        : this.gramCandidates(clause, within, words);
      if (phraseWords) possible = new Bits(size);
      for (let j = 0; j < candidates.length; j++) {
        const s = candidates[j] as number;
        if (possible) {
          possible.set(s);
          if (words.has(s) || (within !== allowed && !within.has(s))) continue;
        }
        const where = this.occurs(s, memo, true);
        if (!where) continue;
        const inName = (where & FIELD_NAME) !== 0;
        const inContent = (where & FIELD_CONTENT) !== 0;
        // A one-word clause scores these next to its word matches (never the same slots): nothing to copy.
        (single ? this.wordScore : this.clauseScore)[s] =
          factor * GRAM_BOOST * subIdf * ((inContent ? 1 : 0) + (inName ? NAME_BOOST : 0));
        this.mask[s] = (inName ? 1 : 0) | (inContent ? 2 : 0);
        matched.push(s);
      }
    }
    let deferred: Bits | undefined;
    const memo = clause.phrase && !single ? this.memoOf(clause) : undefined;
    const proved =
      clause.phrase && !single && clause.sequence && wordSlots.length
        ? this.provePhrase(clause.sequence, words)
        : undefined;
    if (single) {
      // No check left: the word matches are taken as they are, with the substring ones (order is free).
      for (let j = 0; j < matched.length; j++) wordSlots.push(matched.items[j] as number);
      return { slots: wordSlots.view(), scores: this.wordScore };
    }
    for (let j = 0; j < wordSlots.length; j++) {
      const s = wordSlots.items[j] as number;
      const score = this.wordScore[s] as number;
      if (clause.phrase) {
        if (possible && !possible.has(s)) continue;
        if (!proved?.has(s) && !this.occurs(s, memo as Occurrences, possible !== undefined)) continue;
        this.clauseScore[s] = factor * score;
      } else {
        deferred ??= new Bits(size);
        deferred.set(s);
        this.clauseScore[s] = score;
      }
      matched.push(s);
    }
    return { slots: matched.view(), scores: this.clauseScore, deferred };
  }

  /** Adds one posting list's BM25 contributions for the `i`-th word of a clause (rarest first). */
  private scoreList(
    seg: Segment,
    decoded: DecodeScratch & { n: number },
    i: number,
    ep: number,
    allowed: Bits,
    touched: SlotList,
    boost: number,
    N: number,
    bit: number,
    count: number,
  ): void {
    const df = Math.min(Math.max(count, 1), N);
    const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
    const lens = bit === 1 ? seg.nameLen : seg.contentLen;
    const avg = Math.max(1, (bit === 1 ? this.totalNameLen : this.totalContentLen) / N);
    const m = decoded.n;
    const { slots, tfs } = decoded;
    const words = allowed.words;
    const stamp = this.stamp;
    const stage = this.stage;
    const wordScore = this.wordScore;
    const mask = this.mask;
    const start = seg.start;
    let out = touched.items;
    let t = touched.length;
    for (let j = 0; j < m; j++) {
      const local = slots[j] as number;
      const slot = start + local;
      if (stamp[slot] !== ep) {
        if (i !== 0 || (((words[slot >>> 5] as number) >>> (slot & 31)) & 1) === 0) continue;
        stamp[slot] = ep;
        stage[slot] = 0;
        wordScore[slot] = 0;
        mask[slot] = 0;
        if (t === out.length) {
          touched.length = t;
          out = touched.grow();
        }
        out[t++] = slot;
      }
      const st = stage[slot] as number;
      if (st === i) stage[slot] = i + 1;
      else if (st !== i + 1) continue;
      const tf = tfs[j] as number;
      const norm = 1 - B + (B * (lens[local] as number)) / avg;
      wordScore[slot] = (wordScore[slot] as number) + (boost * idf * tf * (K1 + 1)) / (tf + K1 * norm);
      mask[slot] = (mask[slot] as number) | bit;
    }
    touched.length = t;
  }

  /**
   * Slots among `candidates` whose content has the words of `sequence` in order with exactly the
   * given steps between them, the last not followed by a Thai mark: those contain the phrase, proved
   * from positions without reading their text.
   */
  private provePhrase(sequence: { term: string; gap: number }[], candidates: Bits): Bits {
    const out = new Bits(this.slotEnd);
    const k = sequence.length;
    const stamp = this.chainStamp;
    for (const seg of this.segments) {
      const lists = sequence.map((t) => seg.lookup(t.term));
      if (lists.some((l) => !l?.content || !l.positions)) continue;
      let bytes = 0;
      for (const l of lists) bytes += (l?.positions?.length ?? 0) + (l?.content?.bytes.length ?? 0);
      if (bytes > PROVE_BYTES_PER_CANDIDATE * candidates.countRange(seg.start, seg.start + seg.size))
        continue;
      const base = this.chainEpoch + 1;
      this.chainEpoch += k;
      let pool = 0;
      let survivors = 0;
      for (let j = 0; j < k; j++) {
        const ref = lists[j] as Required<TermPostings>;
        const gap = (sequence[j] as { gap: number }).gap;
        const n = this.scratch.decode(ref.content, true);
        const { slots, tfs } = this.scratch;
        const reader = new PositionReader(ref.positions);
        survivors = 0;
        for (let e = 0; e < n; e++) {
          const slot = seg.start + (slots[e] as number);
          const tf = tfs[e] as number;
          const count = tf === TF_CAP ? reader.next() : tf;
          if (j === 0 ? !candidates.has(slot) : stamp[slot] !== base + j - 1) {
            reader.skip(count);
            continue;
          }
          this.ensurePool(pool + count);
          const chain = this.chainPool;
          const at = pool;
          const prevStart = this.chainStart[slot] as number;
          const prevEnd = prevStart + (this.chainLength[slot] as number);
          let q = prevStart;
          let code = 0;
          for (let c = 0; c < count; c++) {
            code += reader.next();
            if (j === 0) {
              chain[pool++] = code;
              continue;
            }
            const ord = Math.floor(code / 2);
            while (q < prevEnd && Math.floor((chain[q] as number) / 2) + gap < ord) q++;
            if (q < prevEnd && Math.floor((chain[q] as number) / 2) + gap === ord) chain[pool++] = code;
          }
          if (pool === at) continue;
          this.chainStart[slot] = at;
          this.chainLength[slot] = pool - at;
          stamp[slot] = base + j;
          survivors++;
          if (j === k - 1) {
            for (let x = at; x < pool; x++)
              if (((chain[x] as number) & 1) === 0) {
                out.set(slot);
                break;
              }
          }
        }
        if (!survivors) break;
      }
    }
    return out;
  }

  /**
   * The `i`-th deferred clause's score array, reused across queries (only the slots of its deferred
   * bits are written and read), so a query does not allocate and zero eight bytes per slot.
   */
  private baseScratch(i: number): Float64Array {
    let base = this.bases[i];
    if (!base || base.length < this.slotEnd) this.bases[i] = base = new Float64Array(this.stamp.length);
    return base;
  }

  private scratchOf(k: number): DecodeScratch & { n: number } {
    let sc = this.scratches[k];
    if (!sc) this.scratches[k] = sc = Object.assign(new DecodeScratch(), { n: 0 });
    return sc;
  }

  private ensurePool(n: number): void {
    if (n <= this.chainPool.length) return;
    const next = new Int32Array(Math.max(n, this.chainPool.length * 2));
    next.set(this.chainPool);
    this.chainPool = next;
  }

  /**
   * Allowed slots outside `exclude` that have every bigram and trigram of a clause's text (rarest
   * first), ascending: the only slots that can contain it. Where a segment keeps trigram signatures
   * instead of exact trigrams, its slots are checked against the signature one by one.
   */
  private gramCandidates(clause: QueryClause, allowed: Bits, exclude: Bits | undefined): Int32Array {
    const out = new SlotList();
    for (const seg of this.segments) {
      const access = clause.grams.map((g) => {
        const list = seg.gramList(g);
        const count = seg.gramCount(g);
        return {
          count,
          list,
          bits: !list || count >= denseThreshold(seg.size) ? seg.gramBits(g) : undefined,
        };
      });
      const exact = seg.exactTrigrams;
      if (exact)
        for (const t of clause.trigrams) {
          const list = seg.trigramList(t);
          const count = seg.trigramCount(t);
          access.push({
            count,
            list,
            bits: !list || count >= denseThreshold(seg.size) ? seg.trigramBits(t) : undefined,
          });
        }
      if (access.some((a) => !a.count)) continue;
      access.sort((a, b) => a.count - b.count);
      const start = seg.start;
      const w0 = start >>> 5;
      const cur = new SlotList();
      const first = access[0] as (typeof access)[number];
      let rest = access.slice(1);
      if (first.bits) {
        const maps = access.filter((a) => a.bits).map((a) => a.bits as Uint32Array);
        rest = access.filter((a) => !a.bits);
        const words = (seg.size + 31) >>> 5;
        const aw = allowed.words;
        const ew = exclude?.words;
        for (let w = 0; w < words; w++) {
          let v = (aw[w0 + w] ?? 0) & ~(ew?.[w0 + w] ?? 0);
          for (let i = 0; i < maps.length && v; i++) v &= (maps[i] as Uint32Array)[w] ?? 0;
          while (v !== 0) {
            const low = v & -v;
            cur.push(((w0 + w) << 5) + 31 - Math.clz32(low));
            v ^= low;
          }
        }
      } else {
        const n = this.scratch.decode(first.list as PostingRef, false);
        for (let j = 0; j < n; j++) {
          const s = start + (this.scratch.slots[j] as number);
          if (allowed.has(s) && !exclude?.has(s)) cur.push(s);
        }
      }
      for (const a of rest) {
        if (!cur.length) break;
        const items = cur.items;
        const len = cur.length;
        let kept = 0;
        if (a.bits) {
          const bm = a.bits;
          for (let i = 0; i < len; i++) {
            const s = items[i] as number;
            if ((((bm[(s - start) >>> 5] ?? 0) >>> ((s - start) & 31)) & 1) === 1) items[kept++] = s;
          }
        } else {
          const n = this.scratch.decode(a.list as PostingRef, false);
          const slots = this.scratch.slots;
          let i = 0;
          for (let j = 0; j < n && i < len; j++) {
            const s = start + (slots[j] as number);
            while (i < len && (items[i] as number) < s) i++;
            if (i < len && items[i] === s) items[kept++] = s;
          }
        }
        cur.length = kept;
      }
      for (let i = 0; i < cur.length; i++) {
        const s = cur.items[i] as number;
        if (exact || seg.signatureHas(s - start, clause.signature)) out.push(s);
      }
    }
    return out.view();
  }

  /**
   * Builds the bitmaps of frequent bigrams ahead of the first queries that need them (they are built
   * lazily otherwise); does at most `budget` of them per call, returns true when none is left.
   */
  warm(budget = 64): boolean {
    const total = this.segments.length * GRAM_SPACE;
    for (let i = this.warmed; i < total; i++) {
      this.warmed = i;
      const seg = this.segments[Math.floor(i / GRAM_SPACE)] as Segment;
      const g = i % GRAM_SPACE;
      if (seg.gramCount(g) < denseThreshold(seg.size)) continue;
      if (budget-- <= 0) return false;
      seg.gramBits(g);
    }
    this.warmed = total;
    return true;
  }

  /**
   * The remembered substring checks of a clause's text (a slot's text never changes, so only a merge
   * clears them); this makes repeated queries and paging through results fast.
   */
  private memoOf(clause: QueryClause): Occurrences {
    const key = Buffer.from(clause.pattern).toString('latin1');
    let memo = this.occurrences.get(key);
    if (memo && memo.checked.words.length << 5 < this.slotEnd) memo = undefined;
    if (memo) this.occurrences.delete(key);
    else {
      const cap = Math.ceil(this.slotEnd * 1.25) + 64;
      memo = { clause, checked: new Bits(cap), name: new Bits(cap), content: new Bits(cap) };
    }
    this.occurrences.set(key, memo);
    if (this.occurrences.size > OCCURRENCE_CACHE)
      this.occurrences.delete(this.occurrences.keys().next().value as string);
    return memo;
  }

  /**
   * Where a clause's text occurs in a slot: {@link FIELD_NAME} | {@link FIELD_CONTENT}, 0 when nowhere.
   * A trigram signature rules most slots out without looking at the text (`trigramsChecked`: the caller
   * already did, see {@link gramCandidates}).
   */
  private occurs(slot: number, memo: Occurrences, trigramsChecked = false): number {
    const { clause } = memo;
    if (!memo.checked.has(slot)) {
      memo.checked.set(slot);
      const seg = this.segmentOf(slot);
      const local = slot - seg.start;
      if (!trigramsChecked && !seg.signatureHas(local, clause.signature)) return 0;
      if (seg.textIncludes(local, clause.pattern)) memo.content.set(slot);
      if (seg.nameIncludes(local, clause.pattern)) memo.name.set(slot);
    }
    return (memo.name.has(slot) ? FIELD_NAME : 0) | (memo.content.has(slot) ? FIELD_CONTENT : 0);
  }

  /** Slots whose name or content has a term. */
  private termBits(term: string): Bits {
    const bits = new Bits(this.slotEnd);
    for (const seg of this.segments) {
      const e = seg.lookup(term);
      for (const list of [e?.name, e?.content]) {
        if (!list) continue;
        const n = this.scratch.decode(list, true);
        for (let j = 0; j < n; j++) bits.set(seg.start + (this.scratch.slots[j] as number));
      }
    }
    return bits;
  }

  private ensureScratch(): void {
    const need = this.slotEnd;
    if (this.stamp.length >= need) return;
    const cap = Math.max(need, Math.ceil(this.stamp.length * 1.5), 1024);
    this.stamp = new Uint32Array(cap);
    this.stage = new Uint32Array(cap);
    this.clauseScore = new Float64Array(cap);
    this.wordScore = new Float64Array(cap);
    this.mask = new Uint8Array(cap);
    this.sure = new Float64Array(cap);
    this.key = new Float64Array(cap);
    this.created = new Float64Array(cap);
    this.pending = new Uint8Array(cap);
    this.penalty = new Uint16Array(cap);
    this.fieldMask = new Uint8Array(cap);
    this.chainStart = new Int32Array(cap);
    this.chainLength = new Int32Array(cap);
    this.chainStamp = new Uint32Array(cap);
    this.epoch = 0;
    this.chainEpoch = 0;
  }
}

/** Where {@link InvertedIndex.addAnalyzed} is in a batch. */
export class BatchCursor {
  doc = 0;
  refs = 0;
  positions = 0;
  grams = 0;
  packed = 0;
  /** The batch's terms resolved to entries of `mem` (reset when the in-memory segment changes). */
  resolved: (MemTerm | undefined)[] = [];
  mem: MemSegment | undefined;
}

interface Filter {
  project: number;
  kinds?: number[];
  docTypes?: number[];
  tags?: number[];
  folder?: number;
  from: number;
  before: number;
}

interface Occurrences {
  clause: QueryClause;
  checked: Bits;
  name: Bits;
  content: Bits;
}

interface Deferred {
  clause: QueryClause;
  memo: Occurrences;
  bits: Bits;
  base: Float64Array;
}

function entries(refs: (TermPostings | undefined)[]): number {
  let n = 0;
  for (const p of refs) n += (p?.name?.count ?? 0) + (p?.content?.count ?? 0);
  return n;
}

/**
 * The best `k` of `slots` under `better`, best first: a bounded heap of the best seen, whose worst a
 * slot must beat to enter. `better` must order by `score` (higher first) before anything else: a slot
 * scoring below the worst kept is turned away without calling it. Slots are visited last first (for
 * ties broken by newest, slot order is mostly age order: fewer replacements).
 */
function topK(
  slots: ArrayLike<number>,
  k: number,
  score: Float64Array,
  better: (a: number, b: number) => boolean,
): number[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  const worse = (a: number, b: number) => better(b, a);
  const siftUp = (i0: number) => {
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i] as number, heap[p] as number)) return;
      [heap[i], heap[p]] = [heap[p] as number, heap[i] as number];
      i = p;
    }
  };
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && worse(heap[l] as number, heap[w] as number)) w = l;
      if (r < heap.length && worse(heap[r] as number, heap[w] as number)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w] as number, heap[i] as number];
      i = w;
    }
  };
  for (let i = slots.length - 1; i >= 0; i--) {
    const s = slots[i] as number;
    if (heap.length < k) {
      heap.push(s);
      siftUp(heap.length - 1);
    } else if ((score[s] as number) >= (score[heap[0] as number] as number) && better(s, heap[0] as number)) {
      heap[0] = s;
      siftDown();
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
