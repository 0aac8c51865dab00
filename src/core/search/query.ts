import { normalizeForSearch } from '../text/thai.ts';
import { GAP_ADJACENT, GAP_SPACE } from './analyze.ts';
import { isSpace, packText } from './packed.ts';
import { gramsOf, type Tokenizer, trigramBit, trigramsOf } from './tokenize.ts';

/** Most clauses a query may have; the rest is ignored. */
export const MAX_CLAUSES = 32;

/**
 * One part of a query: a whitespace-separated chunk or a quoted phrase. Every clause must match.
 * A chunk matches a document that has all its word terms or contains its text (substring, for Thai
 * compounds and words segmented differently in context); a phrase must occur contiguously.
 */
export interface QueryClause {
  /** Folded text, wrapping punctuation trimmed. */
  text: string;
  /** Folded word terms. */
  tokens: string[];
  /** {@link text} packed for substring checks. */
  pattern: Uint8Array;
  /** Distinct Thai bigram codes of {@link text}. */
  grams: number[];
  /** Distinct Thai trigram codes of {@link text}: a document lacking one cannot contain it. */
  trigrams: number[];
  /** Their signature bits (see tokenize.ts), for segments that keep signatures instead of trigrams. */
  signature: number[];
  /** Non-Thai words inside the clause (not at its edges): a document containing the text has them as words. */
  anchors: string[];
  phrase: boolean;
  /**
   * The clause's words in order with the position step before each (see analyze.ts), when the clause
   * text is exactly its words joined by nothing or whitespace: then word positions alone can prove that
   * a document contains it.
   */
  sequence?: { term: string; gap: number }[];
}

const PARTS = /"([^"]*)"|“([^”]*)”|(\S+)/g;
/** Wrapping punctuation trimmed from a clause's edges (a period stays: `ส.` is an abbreviation). */
const EDGE_PUNCTUATION = /^[\s"'“”‘’()[\]{}<>,;:!?]+|[\s"'“”‘’()[\]{}<>,;:!?]+$/g;

/**
 * Parses query text with the same normalization and tokenizer as indexed text. Spaces the user typed
 * separate clauses (they are only removed inside quoted phrases, as in indexed text).
 */
export function parseQuery(q: string, tokenizer: Tokenizer): QueryClause[] {
  const out: QueryClause[] = [];
  const seen = new Set<string>();
  for (const m of q.normalize('NFC').matchAll(PARTS)) {
    const phrase = m[3] === undefined;
    const raw = normalizeForSearch(m[1] ?? m[2] ?? m[3] ?? '');
    const tokens = tokenizer.tokens(raw);
    if (!tokens.length) continue;
    const text = raw.replace(EDGE_PUNCTUATION, '');
    const offset = raw.indexOf(text);
    const key = `${phrase ? '"' : ''}${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const trigrams = trigramsOf(text);
    out.push({
      text,
      tokens: [...new Set(tokens.map((t) => t.term))],
      pattern: packText(text),
      grams: gramsOf(text),
      trigrams,
      signature: [...new Set(trigrams.map(trigramBit))],
      anchors: [
        ...new Set(
          tokens
            .filter(
              (t) => t.start > offset && t.end < offset + text.length && !/[\u0E00-\u0E7F]/.test(t.term),
            )
            .map((t) => t.term),
        ),
      ],
      phrase,
      sequence: sequenceOf(raw, offset, text.length, tokens),
    });
    if (out.length >= MAX_CLAUSES) break;
  }
  return out;
}

/** See {@link QueryClause.sequence}. */
function sequenceOf(
  raw: string,
  from: number,
  length: number,
  tokens: { term: string; start: number; end: number }[],
): QueryClause['sequence'] {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (tokens.length < 2 || first?.start !== from || last?.end !== from + length) return undefined;
  const out = [{ term: first.term, gap: 0 }];
  for (let i = 1; i < tokens.length; i++) {
    const prev = (tokens[i - 1] as { end: number }).end;
    const t = tokens[i] as { term: string; start: number };
    let gap = GAP_ADJACENT;
    if (t.start > prev) {
      for (let c = prev; c < t.start; c++) if (!isSpace(raw.charCodeAt(c))) return undefined;
      gap = GAP_SPACE;
    }
    out.push({ term: t.term, gap });
  }
  return out;
}
