import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FIELD_CONTENT, FIELD_NAME, InvertedIndex } from './inverted-index.ts';
import { parseQuery } from './query.ts';
import { captureSnapshot, readSnapshot, SnapshotError, writeSnapshot } from './snapshot.ts';
import { type HighlightTarget, highlighter, SnippetBuilder } from './snippet.ts';
import { Tokenizer } from './tokenize.ts';
import type {
  IndexedDocument,
  IndexSync,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
  SearchStartOptions,
} from './types.ts';

/** File name of the snapshot inside the index directory. */
export const SNAPSHOT_FILE = 'search.snapshot';
const SNIPPET_LENGTH = 160;
const MAX_LIMIT = 1000;
const SYNC_CHUNK = 500;
/** Changes this close before a snapshot are re-read after loading it (clock and commit slack). */
const SYNC_SLACK_MS = 5_000;

export interface MemorySearchIndexOptions {
  /** Directory of the snapshot (`<dataDir>/index`). */
  dir: string;
  /** The stored text of a document, for snippets; undefined when it is gone. */
  loadText: (id: string) => string | undefined;
  /** Write a snapshot this long after the first unsaved change (default 30 s; 0: only on close). */
  snapshotDelayMs?: number;
  /** Never write snapshots (one-shot use next to a running server). */
  readOnly?: boolean;
  log?: (msg: string) => void;
  now?: () => number;
}

type State = 'idle' | 'loading' | 'syncing' | 'rebuilding' | 'ready' | 'failed' | 'closed';

/**
 * docserve's search index: the in-memory {@link InvertedIndex} plus its life cycle. At start it loads
 * the snapshot from `<dataDir>/index/` and catches up on changes made since; when the snapshot is
 * missing, stale (format or tokenizer version) or corrupt it rebuilds from the store in the
 * background, in batches, answering searches from what is indexed so far (`partial: true`).
 * Snapshots are written a while after changes (debounced) and on close, never while incomplete.
 */
export class MemorySearchIndex implements SearchIndex {
  private readonly tokenizer = new Tokenizer();
  private readonly snippets = new SnippetBuilder();
  private readonly snapshotPath: string;
  private readonly log: (msg: string) => void;
  private readonly now: () => number;
  private index: InvertedIndex;
  private state: State = 'idle';
  private partial = false;
  /** The index reflects the whole store (only then may it be snapshotted). */
  private complete = false;
  /** Ids changed by live updates while a rebuild runs (the rebuild must not overwrite them). */
  private touched: Set<string> | undefined;
  private background: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  private saving: Promise<void> | undefined;
  private rebuilt = 0;
  private warming = false;
  private lastSnapshot: { at: string; bytes: number; ms: number } | undefined;
  private lastError: string | undefined;

  constructor(private readonly opts: MemorySearchIndexOptions) {
    this.snapshotPath = join(opts.dir, SNAPSHOT_FILE);
    this.log = opts.log ?? (() => {});
    this.now = opts.now ?? Date.now;
    this.index = new InvertedIndex(this.tokenizer);
  }

  async start(
    source: () => AsyncIterable<IndexedDocument[]>,
    options: SearchStartOptions = {},
  ): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'loading';
    if (!this.opts.readOnly) await mkdir(this.opts.dir, { recursive: true });
    const started = performance.now();
    try {
      const snap = await readSnapshot(this.snapshotPath, this.tokenizer);
      this.index = snap.index;
      this.log(
        `search: loaded ${snap.index.size} document(s) from the snapshot in ${Math.round(performance.now() - started)} ms`,
      );
      this.state = 'syncing';
      if (!options.sync || (await this.catchUp(snap.createdAt, options.sync))) {
        this.state = 'ready';
        this.complete = true;
        this.background = this.warm();
        return;
      }
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      this.log(
        `search: ${err.reason === 'missing' ? 'no index snapshot' : `index snapshot unusable (${err.message})`}; rebuilding from the database`,
      );
    }
    this.state = 'rebuilding';
    this.partial = true;
    this.touched = new Set();
    this.index = new InvertedIndex(this.tokenizer);
    this.background = this.rebuild(source);
    if (options.wait) await this.background;
  }

  /** Applies changes made since the snapshot; false when the result does not match the store. */
  private async catchUp(since: number, sync: IndexSync): Promise<boolean> {
    const ids = sync.changedSince(since - SYNC_SLACK_MS);
    for (let i = 0; i < ids.length; i += SYNC_CHUNK) {
      const chunk = ids.slice(i, i + SYNC_CHUNK);
      const docs = sync.load(chunk);
      const present = new Set(docs.map((d) => d.id));
      for (const doc of docs) this.index.add(doc);
      for (const id of chunk) if (!present.has(id)) this.index.remove(id);
      await yieldToLoop();
    }
    if (ids.length) {
      this.dirty = true;
      this.log(`search: caught up on ${ids.length} document(s) changed since the snapshot`);
    }
    const live = sync.liveCount();
    if (live === this.index.size) return true;
    this.log(`search: snapshot holds ${this.index.size} document(s) but the store has ${live}; rebuilding`);
    return false;
  }

  private async rebuild(source: () => AsyncIterable<IndexedDocument[]>): Promise<void> {
    const started = performance.now();
    try {
      for await (const batch of source()) {
        if (this.state === 'closed') return;
        for (const doc of batch) if (!this.touched?.has(doc.id)) this.index.add(doc);
        this.rebuilt += batch.length;
        await yieldToLoop();
      }
      if (this.state === 'closed') return;
      this.partial = false;
      this.complete = true;
      this.touched = undefined;
      this.state = 'ready';
      this.dirty = true;
      this.log(
        `search: indexed ${this.index.size} document(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      await this.snapshot();
      await this.warm();
    } catch (err) {
      this.state = 'failed';
      this.lastError = (err as Error).message;
      this.log(`search: rebuilding the index failed: ${(err as Error).stack ?? err}`);
    } finally {
      this.background = undefined;
    }
  }

  /** Prepares the bitmaps of frequent bigrams in the background, a few at a time. */
  private async warm(): Promise<void> {
    this.warming = true;
    while (this.state !== 'closed' && !this.index.warm()) await yieldToLoop();
    this.warming = false;
  }

  upsert(doc: IndexedDocument): void {
    if (this.state === 'closed') return;
    this.index.add(doc);
    this.touched?.add(doc.id);
    this.changed();
  }

  remove(id: string): void {
    if (this.state === 'closed') return;
    this.index.remove(id);
    this.touched?.add(id);
    this.changed();
  }

  private changed(): void {
    this.dirty = true;
    const delay = this.opts.snapshotDelayMs ?? 30_000;
    if (this.opts.readOnly || !this.complete || this.timer || delay <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.snapshot().catch((err) => this.log(`search: snapshot failed: ${(err as Error).message}`));
    }, delay);
    this.timer.unref?.();
  }

  search(q: SearchQuery): SearchResult {
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(q.limit ?? 20)));
    const clauses = parseQuery(q.q, this.tokenizer);
    const raw = this.index.search(q, clauses, offset, limit);
    const latin: HighlightTarget[] = raw.terms
      .filter((t) => !/[\u0E00-\u0E7F]/.test(t))
      .map((t) => ({ text: t, wholeWord: true }));
    const whole = clauses.filter((c) => c.grams.length || c.tokens.length > 1);
    const primary = [...latin, ...whole.map((c) => ({ text: c.text, wholeWord: false }))];
    const singles = clauses.filter((c) => !whole.includes(c) && /[\u0E00-\u0E7F]/.test(c.text));
    primary.push(...singles.map((c) => ({ text: c.text, wholeWord: false })));
    const matcher = highlighter(primary);
    const hits: SearchHit[] = raw.hits.map((h) => {
      const text = this.opts.loadText(h.id) ?? '';
      const name = this.index.docs.names[h.slot] ?? '';
      let content = this.snippets.build(text, matcher, SNIPPET_LENGTH);
      let title = this.snippets.build(name, matcher);
      const found = new Set([...content.found, ...title.found]);
      const apart = whole.filter((c) => !found.has(c.text.replace(/\s+/g, ' ')));
      if (apart.length) {
        const words = apart.flatMap((c) =>
          c.tokens.map((t) => ({ text: t, wholeWord: !/[\u0E00-\u0E7F]/.test(t) })),
        );
        const wider = highlighter([...primary, ...words]);
        content = this.snippets.build(text, wider, SNIPPET_LENGTH);
        title = this.snippets.build(name, wider);
      }
      const fields: SearchHit['fields'] = [];
      if (h.fields & FIELD_NAME) fields.push('name');
      if (h.fields & FIELD_CONTENT) fields.push('content');
      return {
        documentId: h.id,
        score: h.score,
        snippet: content.found.length || !title.found.length ? content.html : title.html,
        terms: [...new Set([...content.found, ...title.found])],
        fields,
      };
    });
    return { total: raw.total, hits, partial: this.partial };
  }

  async snapshot(): Promise<void> {
    if (this.opts.readOnly || !this.complete) return;
    while (this.saving) await this.saving;
    if (!this.dirty) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.index.needsCompaction()) this.index.compact();
    const started = performance.now();
    const at = this.now();
    const chunks = captureSnapshot(this.index, at);
    this.dirty = false;
    this.saving = writeSnapshot(this.snapshotPath, chunks)
      .then((bytes) => {
        this.lastSnapshot = {
          at: new Date(at).toISOString(),
          bytes,
          ms: Math.round(performance.now() - started),
        };
      })
      .catch((err) => {
        this.dirty = true;
        throw err;
      })
      .finally(() => {
        this.saving = undefined;
      });
    await this.saving;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.background;
    await this.snapshot();
  }

  status() {
    return {
      documents: this.index.size,
      ready: this.state === 'ready' && !this.partial,
      partial: this.partial,
      state: this.state,
      indexed_while_rebuilding: this.partial ? this.rebuilt : undefined,
      terms: this.index.terms.size,
      warming: this.warming,
      slots: this.index.docs.size,
      snapshot: this.lastSnapshot ?? null,
      error: this.lastError,
    };
  }
}

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
