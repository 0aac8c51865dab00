/**
 * Search quality on the shared Thai corpus (printed, not asserted):
 *  1. Tokenizer word-boundary F1 against human segmentation, and query consistency (share of gold
 *     words that segment alone as they do in their sentence), for ICU alone and docserve's tokenizer.
 *  2. Retrieval recall@10 over the 16,001 statute paragraphs for gold words (Thai, 2+ characters) and
 *     exact phrases that occur in them: docserve vs SQLite FTS5 unicode61 vs FTS5 trigram, all fed the
 *     same normalized text. recall@10 of a query = |top 10 ∩ paragraphs containing it| / min(10, |those|).
 *  3. The same on OCR-like text: the real OCR engine is not on this branch, so noise is simulated
 *     deterministically (spurious spaces between Thai characters, decomposed SARA AM, 1% confusable
 *     character substitutions, dropped tone marks); relevance still comes from the clean text.
 *
 * Run: `npx bun bench/search-quality.ts [--corpus DIR] [--queries 1000]`
 */
import { Database } from 'bun:sqlite';
import { analyzeBatch } from '../src/core/search/analyze.ts';
import { InvertedIndex } from '../src/core/search/inverted-index.ts';
import { parseQuery } from '../src/core/search/query.ts';
import { Tokenizer } from '../src/core/search/tokenize.ts';
import { normalizeForSearch } from '../src/core/text/thai.ts';
import { doc } from '../test/core/search/helpers.ts';
import { corpusDir, flag, fmt, GOLD_FILES, goldSentences, paragraphs, rng, sample } from './search-corpus.ts';

const dir = corpusDir();
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const QUERIES = Number(flag('queries') ?? 1000);
const tokenizer = new Tokenizer();
const icu = new Intl.Segmenter('th', { granularity: 'word' });
const THAI = /[\u0E01-\u0E5B]/;

// 1. Tokenizer quality ---------------------------------------------------------------------------

function icuBoundaries(text: string): Set<number> {
  const b = new Set<number>();
  for (const s of icu.segment(text)) b.add(s.index);
  b.add(text.length);
  return b;
}

/** ICU's boundaries plus those of docserve's word tokens (which split Thai from digits and Latin). */
function docserveBoundaries(text: string): Set<number> {
  const b = icuBoundaries(text);
  for (const t of tokenizer.tokens(text)) {
    b.add(t.start);
    b.add(t.end);
  }
  return b;
}

function tokenizerScores(file: string, boundaries: (t: string) => Set<number>) {
  let tp = 0;
  let predicted = 0;
  let gold = 0;
  let wordTp = 0;
  let wordPredicted = 0;
  let words = 0;
  let consistent = 0;
  for (const tokens of goldSentences(dir, file)) {
    const text = tokens.join('');
    const goldB = new Set<number>();
    let at = 0;
    const spans: [number, number][] = [];
    for (const t of tokens) {
      spans.push([at, at + t.length]);
      at += t.length;
      goldB.add(at);
    }
    const ours = boundaries(text);
    for (const x of ours) if (x > 0 && x < text.length) predicted++;
    const sorted = [...ours].sort((a, b) => a - b);
    const oursSpans = new Set<string>();
    for (let i = 1; i < sorted.length; i++) oursSpans.add(`${sorted[i - 1]}:${sorted[i]}`);
    wordPredicted += oursSpans.size;
    for (const [s, e] of spans) if (oursSpans.has(`${s}:${e}`)) wordTp++;
    for (const x of goldB)
      if (x < text.length) {
        gold++;
        if (ours.has(x)) tp++;
      }
    for (const [i, [s, e]] of spans.entries()) {
      const w = tokens[i] as string;
      if (!THAI.test(w) || [...w].length < 2 || /\s/.test(w)) continue;
      words++;
      const alone = [...boundaries(w)].filter((x) => x > 0 && x < w.length).sort((a, b) => a - b);
      const inside = [...ours].filter((x) => x > s && x < e).map((x) => x - s);
      inside.sort((a, b) => a - b);
      if ((s === 0 || ours.has(s)) && ours.has(e) && alone.join() === inside.join()) consistent++;
    }
  }
  const goldWords = gold + goldSentences(dir, file).length;
  const f1 = (a: number, b: number) => (200 * a * b) / (a + b);
  return {
    f1: f1(tp / predicted, tp / gold),
    wordF1: f1(wordTp / wordPredicted, wordTp / goldWords),
    consistency: (100 * consistent) / words,
    words,
  };
}

console.log('== Tokenizer vs human segmentation (%): boundary F1, word F1, query consistency ==');
console.log('                              ---- boundary F1 ----  ----- word F1 -----  --- consistency ---');
console.log('file                               ICU   docserve        ICU   docserve        ICU   docserve');
for (const file of GOLD_FILES) {
  const a = tokenizerScores(file, icuBoundaries);
  const b = tokenizerScores(file, docserveBoundaries);
  const cols = [a.f1, b.f1, a.wordF1, b.wordF1, a.consistency, b.consistency].map((x) =>
    fmt(x, 1).padStart(9),
  );
  console.log(`${file.padEnd(28)}${cols[0]}${cols[1]}  ${cols[2]}${cols[3]}  ${cols[4]}${cols[5]}`);
}

// 2. Retrieval recall ------------------------------------------------------------------------------

const clean = paragraphs(dir);
const cleanNorm = clean.map(normalizeForSearch);
const MARK = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;

const cleanRelevant = relevance(cleanNorm);
const goldWords = new Set<string>();
const goldPhrases = new Set<string>();
for (const file of GOLD_FILES)
  for (const tokens of goldSentences(dir, file)) {
    for (const t of tokens)
      if (THAI.test(t) && [...t].length >= 2 && !/\s/.test(t)) goldWords.add(normalizeForSearch(t));
    for (let i = 0; i + 1 < tokens.length; i++) {
      const len = 2 + ((i * 7) % 3);
      const span = tokens.slice(i, i + len);
      if (span.length < 2 || span.some((t) => !THAI.test(t) || /\s/.test(t))) continue;
      const p = normalizeForSearch(span.join(''));
      if ([...p].length >= 6) goldPhrases.add(p);
    }
  }
/** Every 2- and 3-character substring of the statute text: a quick "cannot occur" test. */
const ngrams = new Set<string>();
for (const p of cleanNorm)
  for (let i = 0; i + 2 <= p.length; i++) ngrams.add(p.slice(i, i + 2)).add(p.slice(i, i + 3));
const mayOccur = (q: string) => {
  for (let i = 0; i + 2 <= q.length; i++)
    if (!ngrams.has(q.slice(i, i + Math.min(3, q.length - i)))) return false;
  return true;
};
/** Up to `n` items that occur in the paragraphs, drawn uniformly (seeded) from the candidates. */
function occurring(candidates: Set<string>, n: number, seed: number): string[] {
  const out: string[] = [];
  for (const q of sample([...candidates], candidates.size, seed)) {
    if (mayOccur(q) && cleanRelevant(q).size) out.push(q);
    if (out.length >= n) break;
  }
  return out;
}
const words = occurring(goldWords, QUERIES, 1);
const phrases = occurring(goldPhrases, QUERIES, 2);

/**
 * Paragraphs (indexes into `texts`) that contain `q`, found by scanning the texts joined once. An
 * occurrence must not end inside a grapheme cluster (ดิ is not in ดิ้น), the rule docserve applies.
 */
function relevance(texts: string[]): (q: string) => Set<number> {
  const joined = texts.join('\n');
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) {
    starts.push(at);
    at += t.length + 1;
  }
  const paragraphAt = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return (q) => {
    const out = new Set<number>();
    for (let p = joined.indexOf(q); p >= 0; p = joined.indexOf(q, p + 1))
      if (!MARK.test(joined[p + q.length] ?? '')) out.add(paragraphAt(p));
    return out;
  };
}

interface Engine {
  name: string;
  top10(q: string, phrase: boolean): number[];
}

function docserveEngine(texts: string[]): Engine {
  const index = new InvertedIndex();
  const docs = texts.map((text, i) => doc(String(i), text, { projectId: 'p', name: '' }));
  for (let i = 0; i < docs.length; i += 500) {
    const part = docs.slice(i, i + 500);
    index.addBatch(
      part,
      analyzeBatch(
        tokenizer,
        part.map((d) => d.name),
        part.map((d) => d.text),
      ),
    );
  }
  return {
    name: 'docserve',
    top10: (q, phrase) => {
      const query = phrase ? `"${q}"` : q;
      return index
        .search({ projectId: 'p', q: query }, parseQuery(query, tokenizer), 0, 10)
        .hits.map((h) => Number(h.id));
    },
  };
}

function ftsEngine(texts: string[], tokenize: string): Engine {
  const db = new Database(':memory:');
  db.run(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='${tokenize}')`);
  const insert = db.prepare('INSERT INTO t(rowid, body) VALUES (?, ?)');
  db.transaction(() => {
    for (const [i, text] of texts.entries()) insert.run(i, normalizeForSearch(text));
  })();
  const stmt = db.prepare<{ rowid: number }, [string]>(
    'SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10',
  );
  return {
    name: `FTS5 ${tokenize}`,
    top10: (q) => {
      try {
        return stmt.all(`"${q.replaceAll('"', '""')}"`).map((r) => r.rowid);
      } catch {
        return [];
      }
    },
  };
}

function recallAt10(
  engine: Engine,
  queries: string[],
  truth: Map<string, Set<number>>,
  phrase: boolean,
): number {
  let sum = 0;
  for (const q of queries) {
    const rel = truth.get(q) as Set<number>;
    const got = engine.top10(q, phrase).filter((i) => rel.has(i)).length;
    sum += got / Math.min(10, rel.size);
  }
  return sum / queries.length;
}

function recallTable(title: string, texts: string[]) {
  const wordTruth = new Map(words.map((w) => [w, cleanRelevant(w)]));
  const phraseTruth = new Map(phrases.map((p) => [p, cleanRelevant(p)]));
  const inText = relevance(texts.map(normalizeForSearch));
  const ceiling = (queries: string[], truth: Map<string, Set<number>>) => {
    let sum = 0;
    for (const q of queries) {
      const rel = truth.get(q) as Set<number>;
      const found = [...inText(q)].filter((i) => rel.has(i)).length;
      sum += Math.min(10, found) / Math.min(10, rel.size);
    }
    return sum / queries.length;
  };
  const engines = [docserveEngine(texts), ftsEngine(texts, 'unicode61'), ftsEngine(texts, 'trigram')];
  console.log(`\n== Retrieval recall@10: ${title} (${words.length} words, ${phrases.length} phrases) ==`);
  console.log('engine              words   phrases (quoted)   phrases (unquoted)   words vs docserve');
  const base = recallAt10(engines[0] as Engine, words, wordTruth, false);
  for (const e of engines) {
    const w = recallAt10(e, words, wordTruth, false);
    const pq = recallAt10(e, phrases, phraseTruth, true);
    const pu = e.name === 'docserve' ? fmt(recallAt10(e, phrases, phraseTruth, false), 3) : '   -';
    console.log(
      `${e.name.padEnd(18)}${fmt(w, 3).padStart(7)}${fmt(pq, 3).padStart(19)}${pu.padStart(21)}${fmt(w / base, 2).padStart(20)}x`,
    );
  }
  console.log(
    `ceiling (exact substring on the indexed text, counting only clean-relevant hits): words ${fmt(ceiling(words, wordTruth), 3)}  phrases ${fmt(ceiling(phrases, phraseTruth), 3)}`,
  );
}

console.log(`(tokenizer section done at ${elapsed()})`);
recallTable('statute paragraphs', clean);
console.log(`(done at ${elapsed()})`);

// 3. OCR-like noise ---------------------------------------------------------------------------------

const CONFUSABLE: Record<string, string> = {
  ด: 'ต',
  ต: 'ด',
  บ: 'ป',
  ป: 'บ',
  ข: 'ช',
  ช: 'ข',
  ผ: 'พ',
  พ: 'ผ',
  ฝ: 'ฟ',
  ถ: 'ภ',
  ภ: 'ถ',
  ร: 'ธ',
  ว: 'ร',
  ล: 'ส',
  ม: 'น',
};
function ocrNoise(text: string, r: () => number): string {
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i] as string;
    const thai = THAI.test(c);
    if (thai && c in CONFUSABLE && r() < 0.01) c = CONFUSABLE[c] as string;
    if ((c === '\u0E48' || c === '\u0E49') && r() < 0.01) c = '';
    if (c === '\u0E33' && r() < 0.5) c = '\u0E4D\u0E32';
    out += c;
    if (thai && THAI.test(chars[i + 1] ?? '') && r() < 0.2) out += ' ';
  }
  return out;
}
const noiseRng = rng(7);
const noisy = clean.map((p) => ocrNoise(p, noiseRng));
recallTable('OCR-like noisy paragraphs (simulated)', noisy);
console.log(`(done at ${elapsed()})`);
