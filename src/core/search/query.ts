import { foldForMatch, normalizeThai } from '../text/thai.ts';
import { packText } from './packed.ts';
import { gramsOf, type Tokenizer } from './tokenize.ts';

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
  phrase: boolean;
}

const PARTS = /"([^"]*)"|“([^”]*)”|(\S+)/g;
/** Wrapping punctuation trimmed from a clause's edges (a period stays: `ส.` is an abbreviation). */
const EDGE_PUNCTUATION = /^[\s"'“”‘’()[\]{}<>,;:!?]+|[\s"'“”‘’()[\]{}<>,;:!?]+$/g;

/** Parses query text with the same normalization and tokenizer as indexed text. */
export function parseQuery(q: string, tokenizer: Tokenizer): QueryClause[] {
  const out: QueryClause[] = [];
  const seen = new Set<string>();
  for (const m of normalizeThai(q).matchAll(PARTS)) {
    const phrase = m[3] === undefined;
    const raw = foldForMatch(m[1] ?? m[2] ?? m[3] ?? '');
    const tokens = tokenizer.tokens(raw);
    if (!tokens.length) continue;
    const text = raw.replace(EDGE_PUNCTUATION, '');
    const key = `${phrase ? '"' : ''}${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      text,
      tokens: [...new Set(tokens.map((t) => t.term))],
      pattern: packText(text),
      grams: gramsOf(text),
      phrase,
    });
    if (out.length >= MAX_CLAUSES) break;
  }
  return out;
}
