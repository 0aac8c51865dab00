import { normalizeForSearch } from '../text/thai.ts';
import { Bits } from './bits.ts';
import { Dictionary, type TermPostings } from './dictionary.ts';
import { DocTable } from './docs.ts';
import { Heap } from './heap.ts';
import { packedIncludes, packText, unpackText } from './packed.ts';
import { DecodeScratch, PostingList } from './postings.ts';
import type { QueryClause } from './query.ts';
import {
  forEachGram,
  forEachTrigramBit,
  GRAM_SPACE,
  gramsOf,
  SIGNATURE_WORDS,
  type Tokenizer,
} from './tokenize.ts';
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

/**
 * The in-memory full-text index. Plain MiniSearch with the same tokens and a Thai-bigram field indexed
 * about 11x slower and took about 8x the memory (bench/search.ts prints both side by side): per term and field (name, content) a varint posting list with frequencies for
 * BM25; per Thai bigram a posting list (bitmaps for frequent ones) to find texts containing a Thai
 * string; per document a trigram signature and a packed copy of its text to confirm such a
 * substring exactly. A clause matches a document that has all its words (Thai ones also inside
 * compound terms), or, for Thai of three characters or more, contains its text anywhere.
 *
 * Documents live in slots; re-indexing a document gives it a new slot and leaves the old one dead
 * until {@link compact}. Everything is synchronous and single-threaded.
 */
export class InvertedIndex {
  docs = new DocTable();
  terms = new Dictionary();
  grams: (PostingList | undefined)[] = new Array(GRAM_SPACE);
  slotOf = new Map<string, number>();
  live = 0;
  totalNameLen = 0;
  totalContentLen = 0;
  totalPostings = 0;
  deadPostings = 0;

  private readonly scratch = new DecodeScratch();
  private gramSeen = new Int32Array(GRAM_SPACE);
  /** Bitmaps of frequent bigrams (built on first use). */
  private dense: (Uint32Array | undefined)[] = new Array(GRAM_SPACE);
  /** Substring checks already made, per packed clause text (least recently used first). */
  private occurrences = new Map<string, Occurrences>();
  /** Next bigram {@link warm} looks at. */
  private warmed = 0;
  /** Bumped on every change (invalidates the filter cache). */
  private version = 0;
  private filterCache: { key: string; version: number; bits: Bits } | undefined;
  private epoch = 0;
  private stamp = new Uint32Array(0);
  private stage = new Uint32Array(0);
  private clauseScore = new Float64Array(0);
  private wordScore = new Float64Array(0);
  private mask = new Uint8Array(0);
  private sure = new Float64Array(0);
  private key = new Float64Array(0);
  private pending = new Uint8Array(0);
  private penalty = new Uint16Array(0);
  private fieldMask = new Uint8Array(0);

  constructor(private readonly tokenizer: Tokenizer) {}

  /** Number of live documents. */
  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a document, replacing its previous entry. */
  add(doc: IndexedDocument): void {
    this.remove(doc.id);
    const d = this.docs;
    const slot = d.size++;
    d.reserve(d.size);
    const name = normalizeForSearch(doc.name);
    const text = normalizeForSearch(doc.text);
    d.ids[slot] = doc.id;
    d.names[slot] = doc.name;
    d.alive[slot] = 1;
    d.project[slot] = d.strings.code(doc.projectId);
    d.kind[slot] = d.strings.code(doc.kind);
    d.folder[slot] = d.strings.code(doc.folderId);
    d.docType[slot] = d.strings.code(doc.docType);
    d.createdAt[slot] = doc.createdAt;
    d.tags[slot] = doc.tags.length ? Uint32Array.from(new Set(doc.tags.map((t) => d.strings.code(t)))) : null;
    d.packedName[slot] = packText(name);
    d.packedText[slot] = packText(text);

    let postings = 0;
    const nameLen = this.addField(slot, name, 'name');
    const contentLen = this.addField(slot, text, 'content');
    postings += nameLen.unique + contentLen.unique;
    const stampValue = slot + 1;
    const addGram = (g: number) => {
      if (this.gramSeen[g] === stampValue) return;
      this.gramSeen[g] = stampValue;
      let list = this.grams[g];
      if (!list) this.grams[g] = list = new PostingList();
      list.add(slot);
      postings++;
      const bm = this.dense[g];
      if (bm) this.setDense(g, bm, slot);
    };
    forEachGram(name, addGram);
    forEachGram(text, addGram);
    const sig = d.signature;
    const base = slot * SIGNATURE_WORDS;
    const setBit = (b: number) => {
      sig[base + (b >>> 5)] = (sig[base + (b >>> 5)] as number) | (1 << (b & 31));
    };
    forEachTrigramBit(name, setBit);
    forEachTrigramBit(text, setBit);

    d.nameLen[slot] = nameLen.total;
    d.contentLen[slot] = contentLen.total;
    d.postings[slot] = postings;
    this.totalPostings += postings;
    this.totalNameLen += nameLen.total;
    this.totalContentLen += contentLen.total;
    this.live++;
    this.version++;
    this.slotOf.set(doc.id, slot);
  }

  private setDense(g: number, bm: Uint32Array, slot: number): void {
    let bits = bm;
    if (slot >>> 5 >= bits.length) {
      bits = new Uint32Array((this.docs.alive.length + 31) >>> 5);
      bits.set(bm);
      this.dense[g] = bits;
    }
    bits[slot >>> 5] = (bits[slot >>> 5] as number) | (1 << (slot & 31));
  }

  private addField(slot: number, folded: string, field: 'name' | 'content') {
    const tf = new Map<string, number>();
    let total = 0;
    this.tokenizer.forEachTerm(folded, (t) => {
      tf.set(t, (tf.get(t) ?? 0) + 1);
      total++;
    });
    for (const [term, n] of tf) {
      const entry = this.terms.entry(term);
      let list = entry[field];
      if (!list) entry[field] = list = new PostingList();
      list.add(slot, Math.min(n, 0xffff));
    }
    return { total, unique: tf.size };
  }

  /** Removes a document; false when it was not indexed. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const d = this.docs;
    this.slotOf.delete(id);
    const name = unpackText(d.packedName[slot] as Buffer);
    const text = unpackText(d.packedText[slot] as Buffer);
    this.forgetTerms(name, 'name');
    this.forgetTerms(text, 'content');
    for (const g of new Set([...gramsOf(name), ...gramsOf(text)])) {
      const list = this.grams[g];
      if (list) list.live--;
    }
    d.kill(slot);
    this.live--;
    this.version++;
    this.totalNameLen -= d.nameLen[slot] as number;
    this.totalContentLen -= d.contentLen[slot] as number;
    this.deadPostings += d.postings[slot] as number;
    return true;
  }

  /** Takes a dead document's terms out of the live document frequencies (postings stay until compaction). */
  private forgetTerms(folded: string, field: 'name' | 'content'): void {
    const seen = new Set<string>();
    this.tokenizer.forEachTerm(folded, (t) => {
      if (seen.has(t)) return;
      seen.add(t);
      const list = this.terms.get(t)?.[field];
      if (list) list.live--;
    });
  }

  /** True when dead slots hold enough postings that {@link compact} would pay off. */
  needsCompaction(): boolean {
    return this.deadPostings > 50_000 && this.deadPostings > this.totalPostings * 0.25;
  }

  /** Drops dead slots: live documents are renumbered densely and every posting list is rewritten. */
  compact(): void {
    const old = this.docs;
    const remap = new Int32Array(old.size).fill(-1);
    const next = new DocTable(old.strings);
    next.reserve(this.live);
    for (let s = 0; s < old.size; s++) {
      if (!old.alive[s]) continue;
      const n = next.size++;
      remap[s] = n;
      next.ids[n] = old.ids[s] as string;
      next.names[n] = old.names[s] as string;
      next.tags[n] = old.tags[s] ?? null;
      next.packedName[n] = old.packedName[s] as Buffer;
      next.packedText[n] = old.packedText[s] as Buffer;
      next.alive[n] = 1;
      next.project[n] = old.project[s] as number;
      next.kind[n] = old.kind[s] as number;
      next.folder[n] = old.folder[s] as number;
      next.docType[n] = old.docType[s] as number;
      next.nameLen[n] = old.nameLen[s] as number;
      next.contentLen[n] = old.contentLen[s] as number;
      next.postings[n] = old.postings[s] as number;
      next.createdAt[n] = old.createdAt[s] as number;
      next.signature.set(
        old.signature.subarray(s * SIGNATURE_WORDS, (s + 1) * SIGNATURE_WORDS),
        n * SIGNATURE_WORDS,
      );
    }
    const rewrite = (list: PostingList | undefined, withTf: boolean): PostingList | undefined => {
      if (!list) return undefined;
      const n = this.scratch.decode(list, withTf);
      const out = new PostingList(new Uint8Array(Math.max(8, list.length)));
      const { slots, tfs } = this.scratch;
      for (let i = 0; i < n; i++) {
        const to = remap[slots[i] as number] as number;
        if (to >= 0) out.add(to, withTf ? tfs[i] : undefined);
      }
      if (!out.count) return undefined;
      out.bytes = out.bytes.slice(0, out.length);
      return out;
    };
    const oldTerms = this.terms.exact;
    this.terms = new Dictionary();
    for (const [term, entry] of oldTerms) {
      const name = rewrite(entry.name, true);
      const content = rewrite(entry.content, true);
      if (!name && !content) continue;
      const e: TermPostings = {};
      if (name) e.name = name;
      if (content) e.content = content;
      this.terms.set(term, e);
    }
    for (let g = 0; g < GRAM_SPACE; g++) this.grams[g] = rewrite(this.grams[g], false);
    this.slotOf = new Map(next.ids.map((id, i) => [id, i]));
    this.docs = next;
    this.totalPostings -= this.deadPostings;
    this.deadPostings = 0;
    this.gramSeen.fill(0);
    this.dense = new Array(GRAM_SPACE);
    this.occurrences.clear();
    this.warmed = 0;
    this.version++;
  }

  /**
   * Runs a parsed query with the filters of `q`: the total, the ranked page, and the dictionary terms
   * the query's words matched (for highlighting prefix and fuzzy matches).
   */
  search(
    q: SearchQuery,
    clauses: QueryClause[],
    offset: number,
    limit: number,
  ): { total: number; hits: RankedHit[]; terms: string[] } {
    const allowed = clauses.length ? this.filterBits(q) : undefined;
    if (!allowed) return { total: 0, hits: [], terms: [] };
    const terms = new Set<string>();
    this.ensureScratch();
    const order = clauses
      .map((c) => ({ c, cost: this.estimate(c) }))
      .sort((a, b) => a.cost - b.cost)
      .map((x) => x.c);
    const deferred: Deferred[] = [];
    let current = allowed;
    let slots: number[] = [];
    for (const [k, clause] of order.entries()) {
      const match = this.evalClause(clause, current, terms);
      if (match.deferred)
        deferred.push({
          clause,
          memo: this.memoOf(clause),
          bits: match.deferred,
          base: new Float64Array(this.docs.size),
        });
      const d = deferred.at(-1);
      for (const s of match.slots) {
        const score = this.clauseScore[s] as number;
        if (k === 0) {
          this.sure[s] = 0;
          this.fieldMask[s] = 0;
        }
        if (match.deferred?.has(s)) (d as Deferred).base[s] = score;
        else this.sure[s] = (this.sure[s] as number) + score;
        this.fieldMask[s] = (this.fieldMask[s] as number) | ((this.mask[s] as number) & 3);
      }
      slots = match.slots;
      if (!slots.length) break;
      current = new Bits(this.docs.size);
      for (const s of slots) current.set(s);
    }
    const page = this.rank(slots, deferred, offset + limit).slice(offset);
    return {
      total: slots.length,
      terms: [...terms],
      hits: page.map((slot) => ({
        id: this.docs.ids[slot] as string,
        slot,
        score: Math.round((this.key[slot] as number) * 1000) / 1000,
        fields: this.fieldMask[slot] as number,
      })),
    };
  }

  /**
   * The best `k` slots, best first: fewest multi-word clauses found apart, then highest score. A slot
   * whose contiguity is still unknown enters with its optimistic key and is verified only when it
   * reaches the top, so only about `k` documents are checked.
   */
  private rank(slots: number[], deferred: Deferred[], k: number): number[] {
    const key = this.key;
    const pending = this.pending;
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
    }
    const created = this.docs.createdAt;
    const ids = this.docs.ids;
    const better = (a: number, b: number) => {
      const pa = this.penalty[a] as number;
      const pb = this.penalty[b] as number;
      if (pa !== pb) return pa < pb;
      const ka = key[a] as number;
      const kb = key[b] as number;
      if (ka !== kb) return ka > kb;
      const ca = created[a] as number;
      const cb = created[b] as number;
      return ca !== cb ? ca > cb : (ids[a] as string) > (ids[b] as string);
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

  /** Slots that pass the query's filters; undefined when nothing can match. Cached until the next change. */
  private filterBits(q: SearchQuery): Bits | undefined {
    const cacheKey = JSON.stringify([
      q.projectId,
      q.kinds,
      q.tags,
      q.folderId,
      q.docTypes,
      q.createdFrom,
      q.createdBefore,
    ]);
    if (this.filterCache?.key === cacheKey && this.filterCache.version === this.version)
      return this.filterCache.bits;
    const d = this.docs;
    const s = d.strings;
    const project = s.find(q.projectId);
    if (project === undefined) return undefined;
    const codes = (values: string[] | undefined) =>
      values?.length ? new Set(values.map((v) => s.find(v) ?? -1)) : undefined;
    const kinds = codes(q.kinds);
    const docTypes = codes(q.docTypes);
    const tags = q.tags?.length ? q.tags.map((t) => s.find(t) ?? -1) : undefined;
    if (tags?.includes(-1)) return undefined;
    const folder = q.folderId === undefined ? undefined : (s.find(q.folderId) ?? -1);
    if (folder === -1) return undefined;
    const from = q.createdFrom ?? -Infinity;
    const before = q.createdBefore ?? Infinity;
    const bits = new Bits(d.size);
    for (let slot = 0; slot < d.size; slot++) {
      if (d.project[slot] !== project || !d.alive[slot]) continue;
      if (kinds && !kinds.has(d.kind[slot] as number)) continue;
      if (folder !== undefined && d.folder[slot] !== folder) continue;
      if (docTypes && !docTypes.has(d.docType[slot] as number)) continue;
      const at = d.createdAt[slot] as number;
      if (at < from || at >= before) continue;
      const own = d.tags[slot];
      if (tags && (!own || tags.some((t) => !own.includes(t)))) continue;
      bits.set(slot);
    }
    this.filterCache = { key: cacheKey, version: this.version, bits };
    return bits;
  }

  /** Rough cost of a clause (smallest posting list it needs), to run selective clauses first. */
  private estimate(c: QueryClause): number {
    let best = Infinity;
    for (const g of c.grams) best = Math.min(best, this.grams[g]?.count ?? 0);
    for (const t of c.tokens) {
      const e = this.terms.get(t);
      best = Math.min(best, (e?.name?.count ?? 0) + (e?.content?.count ?? 0));
    }
    return best;
  }

  /**
   * Evaluates one clause over the `allowed` slots. A slot matches when it has every word term of the
   * clause, or (for clauses with Thai) contains the clause text, verified on the packed text; quoted
   * phrases must be contiguous. Leaves `clauseScore` and `mask` (1 name, 2 content) in scratch.
   * Multi-word matches whose contiguity is not yet known are returned in `deferred`.
   */
  private evalClause(
    clause: QueryClause,
    allowed: Bits,
    terms: Set<string>,
  ): { slots: number[]; deferred?: Bits } {
    const ep = ++this.epoch;
    const size = this.docs.size;
    const n = clause.tokens.length;
    const N = Math.max(1, this.live);
    const single = n === 1 && clause.tokens[0] === clause.text;
    const expansions = clause.tokens.map((t) =>
      this.terms.expand(t, clause.phrase, single ? GRAM_BOOST : undefined),
    );
    for (const e of expansions) for (const x of e) if (!/[\u0E00-\u0E7F]/.test(x.term)) terms.add(x.term);
    const wordSlots: number[] = [];
    if (expansions.every((e) => e.length)) {
      const touched: number[] = [];
      const ordered = expansions
        .map((e) => ({ e, cost: e.reduce((s, x) => s + entries(x.postings), 0) }))
        .sort((a, b) => a.cost - b.cost);
      ordered.forEach(({ e }, i) => {
        for (const { postings, weight } of e) {
          if (postings.name)
            this.scoreList(postings.name, i, ep, allowed, touched, weight * NAME_BOOST, N, 1);
          if (postings.content) this.scoreList(postings.content, i, ep, allowed, touched, weight, N, 2);
        }
      });
      for (const s of touched) if (this.stage[s] === n) wordSlots.push(s);
    }
    const words = new Bits(size);
    for (const s of wordSlots) words.set(s);

    const factor = n > 1 ? PHRASE_FACTOR : 1;
    const matched: number[] = [];
    // Substrings across word boundaries: for 3+ characters (two bigrams), or text that is not one word.
    if (clause.grams.length >= 2 || (clause.grams.length && !single)) {
      const minGram = Math.min(N, ...clause.grams.map((g) => this.grams[g]?.live ?? 0));
      const subIdf = Math.log(1 + (N - minGram + 0.5) / (minGram + 0.5));
      let within = allowed;
      if (clause.anchors.length) {
        within = allowed.copy();
        for (const a of clause.anchors) within.and(this.termBits(a).words);
      }
      const memo = this.memoOf(clause);
      for (const s of this.gramCandidates(clause.grams, within, words)) {
        const where = this.occurs(s, memo);
        if (!where) continue;
        const inName = (where & FIELD_NAME) !== 0;
        const inContent = (where & FIELD_CONTENT) !== 0;
        this.clauseScore[s] =
          factor * GRAM_BOOST * subIdf * ((inContent ? 1 : 0) + (inName ? NAME_BOOST : 0));
        this.mask[s] = (inName ? 1 : 0) | (inContent ? 2 : 0);
        matched.push(s);
      }
    }
    let deferred: Bits | undefined;
    const memo = clause.phrase && !single ? this.memoOf(clause) : undefined;
    for (const s of wordSlots) {
      const score = this.wordScore[s] as number;
      if (single) this.clauseScore[s] = score;
      else if (clause.phrase) {
        if (!this.occurs(s, memo as Occurrences)) continue;
        this.clauseScore[s] = factor * score;
      } else {
        deferred ??= new Bits(size);
        deferred.set(s);
        this.clauseScore[s] = score;
      }
      matched.push(s);
    }
    return { slots: matched, deferred };
  }

  /** Adds one posting list's BM25 contributions for the `i`-th word of a clause (rarest first). */
  private scoreList(
    list: PostingList,
    i: number,
    ep: number,
    allowed: Bits,
    touched: number[],
    boost: number,
    N: number,
    bit: number,
  ): void {
    const df = Math.min(Math.max(list.live, 1), N);
    const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
    const lens = bit === 1 ? this.docs.nameLen : this.docs.contentLen;
    const avg = Math.max(1, (bit === 1 ? this.totalNameLen : this.totalContentLen) / N);
    const m = this.scratch.decode(list, true);
    const { slots, tfs } = this.scratch;
    const words = allowed.words;
    const stamp = this.stamp;
    const stage = this.stage;
    const wordScore = this.wordScore;
    const mask = this.mask;
    for (let j = 0; j < m; j++) {
      const slot = slots[j] as number;
      if (stamp[slot] !== ep) {
        if (i !== 0 || (((words[slot >>> 5] as number) >>> (slot & 31)) & 1) === 0) continue;
        stamp[slot] = ep;
        stage[slot] = 0;
        wordScore[slot] = 0;
        mask[slot] = 0;
        touched.push(slot);
      }
      const st = stage[slot] as number;
      if (st === i) stage[slot] = i + 1;
      else if (st !== i + 1) continue;
      const tf = tfs[j] as number;
      const norm = 1 - B + (B * (lens[slot] as number)) / avg;
      wordScore[slot] = (wordScore[slot] as number) + (boost * idf * tf * (K1 + 1)) / (tf + K1 * norm);
      mask[slot] = (mask[slot] as number) | bit;
    }
  }

  /** Allowed slots outside `exclude` that have every given bigram (rarest list first). */
  private gramCandidates(grams: number[], allowed: Bits, exclude: Bits): number[] {
    const lists = grams.map((g) => ({ g, list: this.grams[g] }));
    if (lists.some((l) => !l.list)) return [];
    const sorted = (lists as { g: number; list: PostingList }[]).sort((a, b) => a.list.count - b.list.count);
    const denseAt = Math.max(64, this.docs.size >>> 5);
    const first = sorted[0] as { g: number; list: PostingList };
    if (first.list.count >= denseAt) {
      const bits = allowed.copy().andNot(exclude);
      for (const { g } of sorted) bits.and(this.denseBits(g));
      return bits.toArray();
    }
    let n = this.scratch.decode(first.list, false);
    let cur: number[] = [];
    for (let j = 0; j < n; j++) {
      const s = this.scratch.slots[j] as number;
      if (allowed.has(s) && !exclude.has(s)) cur.push(s);
    }
    for (let k = 1; k < sorted.length && cur.length; k++) {
      const { g, list } = sorted[k] as { g: number; list: PostingList };
      if (list.count >= denseAt) {
        const bm = this.denseBits(g);
        cur = cur.filter((s) => (((bm[s >>> 5] ?? 0) >>> (s & 31)) & 1) === 1);
        continue;
      }
      n = this.scratch.decode(list, false);
      const slots = this.scratch.slots;
      const next: number[] = [];
      let i = 0;
      for (let j = 0; j < n && i < cur.length; j++) {
        const s = slots[j] as number;
        while (i < cur.length && (cur[i] as number) < s) i++;
        if (cur[i] === s) next.push(s);
      }
      cur = next;
    }
    return cur;
  }

  /**
   * Builds the bitmaps of frequent bigrams ahead of the first queries that need them (they are built
   * lazily otherwise); does at most `budget` of them per call, returns true when none is left.
   */
  warm(budget = 64): boolean {
    const denseAt = Math.max(64, this.docs.size >>> 5);
    for (let g = this.warmed; g < GRAM_SPACE; g++) {
      this.warmed = g;
      const list = this.grams[g];
      if (!list || list.count < denseAt || this.dense[g]) continue;
      if (budget-- <= 0) return false;
      this.denseBits(g);
    }
    this.warmed = GRAM_SPACE;
    return true;
  }

  /**
   * The remembered substring checks of a clause's text (a slot's text never changes, so only
   * compaction clears them); this makes repeated queries and paging through results fast.
   */
  private memoOf(clause: QueryClause): Occurrences {
    const key = Buffer.from(clause.pattern).toString('latin1');
    let memo = this.occurrences.get(key);
    if (memo && memo.checked.words.length << 5 < this.docs.size) memo = undefined;
    if (memo) this.occurrences.delete(key);
    else {
      const cap = this.docs.alive.length;
      memo = { clause, checked: new Bits(cap), name: new Bits(cap), content: new Bits(cap) };
    }
    this.occurrences.set(key, memo);
    if (this.occurrences.size > OCCURRENCE_CACHE)
      this.occurrences.delete(this.occurrences.keys().next().value as string);
    return memo;
  }

  /**
   * Where a clause's text occurs in a slot: {@link FIELD_NAME} | {@link FIELD_CONTENT}, 0 when nowhere.
   * The trigram signature rules most slots out without looking at the text.
   */
  private occurs(slot: number, memo: Occurrences): number {
    const { clause } = memo;
    if (!this.docs.mayContain(slot, clause.signature)) return 0;
    if (!memo.checked.has(slot)) {
      memo.checked.set(slot);
      if (packedIncludes(this.docs.packedText[slot] as Buffer, clause.pattern)) memo.content.set(slot);
      if (packedIncludes(this.docs.packedName[slot] as Buffer, clause.pattern)) memo.name.set(slot);
    }
    return (memo.name.has(slot) ? FIELD_NAME : 0) | (memo.content.has(slot) ? FIELD_CONTENT : 0);
  }

  /** Slots whose name or content has a term. */
  private termBits(term: string): Bits {
    const bits = new Bits(this.docs.size);
    const e = this.terms.get(term);
    for (const list of [e?.name, e?.content]) {
      if (!list) continue;
      const n = this.scratch.decode(list, true);
      for (let j = 0; j < n; j++) bits.set(this.scratch.slots[j] as number);
    }
    return bits;
  }

  /** The bitmap of a frequent bigram's slots, built on first use and kept up to date by {@link add}. */
  private denseBits(g: number): Uint32Array {
    let bm = this.dense[g];
    if (bm) return bm;
    bm = new Uint32Array((this.docs.alive.length + 31) >>> 5);
    const list = this.grams[g];
    if (list) {
      const n = this.scratch.decode(list, false);
      const slots = this.scratch.slots;
      for (let j = 0; j < n; j++) {
        const s = slots[j] as number;
        bm[s >>> 5] = (bm[s >>> 5] as number) | (1 << (s & 31));
      }
    }
    this.dense[g] = bm;
    return bm;
  }

  private ensureScratch(): void {
    const need = this.docs.size;
    if (this.stamp.length >= need) return;
    const cap = Math.max(need, Math.ceil(this.stamp.length * 1.5), 1024);
    this.stamp = new Uint32Array(cap);
    this.stage = new Uint32Array(cap);
    this.clauseScore = new Float64Array(cap);
    this.wordScore = new Float64Array(cap);
    this.mask = new Uint8Array(cap);
    this.sure = new Float64Array(cap);
    this.key = new Float64Array(cap);
    this.pending = new Uint8Array(cap);
    this.penalty = new Uint16Array(cap);
    this.fieldMask = new Uint8Array(cap);
    this.epoch = 0;
  }
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

function entries(p: TermPostings): number {
  return (p.name?.count ?? 0) + (p.content?.count ?? 0);
}
