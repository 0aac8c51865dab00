import SearchableMap from 'minisearch/SearchableMap';
import type { PostingList } from './postings.ts';
import { gramsOf, GRAM_SPACE, isLatinWord } from './tokenize.ts';

/** Word postings of one term, per field. */
export interface TermPostings {
  name?: PostingList;
  content?: PostingList;
}

/** A dictionary term a query word matches, and how much a match through it counts. */
export interface Expansion {
  term: string;
  postings: TermPostings;
  weight: number;
}

const PREFIX_WEIGHT = 0.5;
const FUZZY_WEIGHT = 0.35;
const MAX_EXPANSIONS = 50;
const MAX_COMPOUNDS = 1000;
const MARK = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;

/**
 * The term dictionary: a hash map for exact lookups, MiniSearch's radix tree (`SearchableMap`) for
 * prefix and fuzzy lookups of Latin words, and a bigram index over Thai terms to find the terms that
 * contain a Thai word (compounds).
 */
export class Dictionary {
  readonly exact = new Map<string, TermPostings>();
  private readonly tree = new SearchableMap<TermPostings>();
  private readonly thai: string[] = [];
  private readonly thaiGrams: (number[] | undefined)[] = new Array(GRAM_SPACE);

  get size(): number {
    return this.exact.size;
  }

  get(term: string): TermPostings | undefined {
    return this.exact.get(term);
  }

  /** The entry of a term, created when new. */
  entry(term: string): TermPostings {
    let entry = this.exact.get(term);
    if (!entry) {
      entry = {};
      this.set(term, entry);
    }
    return entry;
  }

  /** Adds a term with its postings (the term must be new). */
  set(term: string, entry: TermPostings): void {
    this.exact.set(term, entry);
    this.tree.set(term, entry);
    const grams = gramsOf(term);
    if (!grams.length) return;
    const id = this.thai.push(term) - 1;
    for (const g of grams) {
      let ids = this.thaiGrams[g];
      if (!ids) this.thaiGrams[g] = ids = [];
      ids.push(id);
    }
  }

  /** Terms that contain a Thai term (not ending inside a grapheme cluster), the term itself excluded. */
  compounds(term: string): string[] {
    const lists = gramsOf(term).map((g) => this.thaiGrams[g] ?? []);
    if (!lists.length) return [];
    lists.sort((a, b) => a.length - b.length);
    let ids = lists[0] as number[];
    for (const other of lists.slice(1)) {
      const set = new Set(other);
      ids = ids.filter((id) => set.has(id));
    }
    const out: string[] = [];
    for (const id of ids) {
      const t = this.thai[id] as string;
      if (t !== term && containsAligned(t, term)) out.push(t);
      if (out.length >= MAX_COMPOUNDS) break;
    }
    return out;
  }

  /**
   * Terms a query word matches: itself; for a Thai word standing alone in its clause, the terms
   * containing it (ไทย in ประเทศไทย) weighted `compoundWeight`; for other words, prefix and fuzzy
   * variants (Thai is never matched fuzzily).
   */
  expand(term: string, exactOnly: boolean, compoundWeight: number | undefined): Expansion[] {
    const out: Expansion[] = [];
    const hit = this.exact.get(term);
    if (hit) out.push({ term, postings: hit, weight: 1 });
    if (exactOnly) return out;
    if (/[\u0E00-\u0E7F]/.test(term)) {
      if (compoundWeight !== undefined)
        for (const t of this.compounds(term))
          out.push({ term: t, postings: this.exact.get(t) as TermPostings, weight: compoundWeight });
      return out;
    }
    const seen = new Set([term]);
    if (term.length >= 2 && /\p{L}/u.test(term))
      for (const [key, postings] of this.tree.atPrefix(term)) {
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ term: key, postings, weight: (PREFIX_WEIGHT * term.length) / key.length });
        if (seen.size > MAX_EXPANSIONS) break;
      }
    if (term.length >= 4 && isLatinWord(term))
      for (const [key, [postings, dist]] of this.tree.fuzzyGet(term, term.length >= 8 ? 2 : 1)) {
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ term: key, postings, weight: (FUZZY_WEIGHT * term.length) / (term.length + dist) });
        if (seen.size > 2 * MAX_EXPANSIONS) break;
      }
    return out;
  }
}

/** True when `part` occurs in `text` without ending inside a grapheme cluster. */
function containsAligned(text: string, part: string): boolean {
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1))
    if (!MARK.test(text[at + part.length] ?? '')) return true;
  return false;
}
