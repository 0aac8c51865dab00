import { linkSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalyzedBatch } from './analyze.ts';
import { BatchCursor, FIELD_CONTENT, FIELD_NAME, InvertedIndex } from './inverted-index.ts';
import { parseQuery } from './query.ts';
import { FileSegment, SnapshotError, writeSegment } from './segment-file.ts';
import type { SharedSnapshotInfo, SharedSnapshots } from './shared-snapshot.ts';
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
import { SearchWorker } from './worker-client.ts';

/** File name of the snapshot inside the index directory. */
export const SNAPSHOT_FILE = 'search.snapshot';
/**
 * While a process holds the index, its snapshot lives under a private name (`search.live.<pid>.<n>`):
 * a memory-mapped file must never be truncated, and nobody else writes these names. On close the
 * latest one is renamed back to `search.snapshot`; after a crash the newest one is picked up at start.
 */
const LIVE_PREFIX = 'search.live.';
/** What a rebuild merges into before it is complete (never loaded; deleted at start). */
const PARTIAL_PREFIX = 'search.partial.';
/** A second name of a snapshot being uploaded (so a merge deleting it does not cut the upload short). */
const PUBLISH_PREFIX = 'search.publish.';
/** Shared snapshots are published no more often than this by default (10 minutes). */
const PUBLISH_EVERY_MS = 10 * 60_000;
const SNIPPET_LENGTH = 160;
const MAX_LIMIT = 1000;
const SYNC_CHUNK = 500;
/** Changes this close before a snapshot are re-read after loading it (clock and commit slack). */
const SYNC_SLACK_MS = 5_000;
/** Longest the main thread works on the index before letting other callbacks run. */
const SLICE_MS = 4;
/** A rebuild merges its in-memory segment into the partial snapshot once it estimates this many bytes... */
const REBUILD_MERGE_BYTES = 48 << 20;
/** ...or this share of the partial snapshot, whichever is more (so total merge work stays linear). */
const REBUILD_MERGE_SHARE = 0.5;
/** Debounced snapshots come no closer than this many times the last merge's duration (if over 1 s). */
const MERGE_SPACING = 20;

export interface MemorySearchIndexOptions {
  /** Directory of the snapshot (`<dataDir>/index`). */
  dir: string;
  /** The stored text of a document, for snippets; undefined when it is gone. */
  loadText: (id: string) => Promise<string | undefined> | string | undefined;
  /** Write a snapshot this long after the first unsaved change (default 30 s; 0: only on close). */
  snapshotDelayMs?: number;
  /** Never write snapshots (one-shot use next to a running server). */
  readOnly?: boolean;
  log?: (msg: string) => void;
  now?: () => number;
  /** Starts a search worker (default: the embedded one). */
  spawnWorker?: () => Worker;
  /** Bytes of new documents after which a rebuild merges them into its partial snapshot. */
  rebuildMergeBytes?: number;
  /**
   * Snapshots shared with the other nodes (the blob bucket): loaded at start when this node has no
   * usable snapshot of its own, and published after a rebuild and at most every {@link publishEveryMs}.
   */
  shared?: SharedSnapshots;
  /** Least time between two publications of this node's snapshot (default 10 minutes). */
  publishEveryMs?: number;
  /**
   * Several nodes share the snapshots: this one publishes only while it is the elected publisher
   * ({@link MemorySearchIndex.setPublisher}). Without it the index publishes on its own.
   */
  elected?: boolean;
}

type State = 'idle' | 'loading' | 'syncing' | 'rebuilding' | 'ready' | 'failed' | 'closed';

/**
 * docserve's search index: the {@link InvertedIndex} plus its life cycle. At start it memory-maps the
 * snapshot from `<dataDir>/index/` (its checksum is verified in the background) and catches up on
 * changes made since; when the snapshot is missing, stale (format or tokenizer version) or corrupt it
 * rebuilds from the store in the background, in batches, answering searches from what is indexed so
 * far (`partial: true`), merging into a partial snapshot on disk as it goes so memory stays bounded.
 *
 * Documents are analyzed (normalized, segmented) in the search worker; the main thread only appends
 * the results, a few milliseconds at a time, so a large document never stalls other requests. Changes
 * are applied in the order they were made. Snapshots merge the in-memory segment into a new snapshot
 * file in the worker, a while after changes (debounced) and on close, never while incomplete.
 */
export class MemorySearchIndex implements SearchIndex {
  private readonly tokenizer = new Tokenizer();
  private readonly snippets = new SnippetBuilder();
  private readonly snapshotPath: string;
  private readonly log: (msg: string) => void;
  private readonly now: () => number;
  private readonly analyzer: SearchWorker;
  private index = new InvertedIndex();
  private state: State = 'idle';
  private partial = false;
  /** The index reflects the whole store (only then may it be snapshotted). */
  private complete = false;
  /** Ids changed by live updates while a rebuild runs (the rebuild must not overwrite them). */
  private touched: Set<string> | undefined;
  private source: (() => AsyncIterable<IndexedDocument[]>) | undefined;
  private background: Promise<void> | undefined;
  private verification: Promise<void> | undefined;
  /** How the loaded snapshot's background body check ended (true when none ran or it passed). */
  private intact: Promise<boolean> = Promise.resolve(true);
  /** The versions of the documents the last pass over other nodes' changes read (see {@link IndexSync}). */
  private applied = new Map<string, string>();
  /** Changes, applied one after another. */
  private mutations: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  private saving: Promise<void> | undefined;
  /** The file behind the first segment, when it is a snapshot. */
  private basePath: string | undefined;
  private files = 0;
  private rebuilt = 0;
  private warming = false;
  private lastMergeMs = 0;
  private lastSnapshot: { at: string; bytes: number; ms: number } | undefined;
  private lastError: string | undefined;
  /** Where the index came from at start. */
  private loadedFrom: 'local' | 'shared' | 'rebuild' | undefined;
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private publishing: Promise<void> | undefined;
  /** A snapshot was written since the last publication. */
  private unpublished = false;
  /** Publish the next snapshot without waiting out the interval (after a rebuild). */
  private publishSoon = false;
  private lastPublishAt = Number.NEGATIVE_INFINITY;
  private lastPublished: (SharedSnapshotInfo & { documents: number; at: string }) | undefined;
  private publishError: string | undefined;
  /** This node may publish shared snapshots (always, unless {@link MemorySearchIndexOptions.elected}). */
  private publisher: boolean;

  constructor(private readonly opts: MemorySearchIndexOptions) {
    this.publisher = !opts.elected;
    this.snapshotPath = join(opts.dir, SNAPSHOT_FILE);
    this.log = opts.log ?? (() => {});
    this.now = opts.now ?? Date.now;
    this.analyzer = new SearchWorker(opts.spawnWorker);
  }

  async start(
    source: () => AsyncIterable<IndexedDocument[]>,
    options: SearchStartOptions = {},
  ): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'loading';
    this.source = source;
    if (!this.opts.readOnly) await mkdir(this.opts.dir, { recursive: true });
    const started = performance.now();
    try {
      const base = await this.adoptOrFetch();
      this.index = new InvertedIndex(base);
      this.log(
        `search: loaded ${base.live} document(s) from the snapshot in ${Math.round(performance.now() - started)} ms`,
      );
      const verified = this.verify(this.basePath as string);
      const loaded = this.index;
      if (options.wait && !options.answerBeforeBodyCheck) await verified;
      else {
        let intact = true;
        this.verification = verified.catch((err) => {
          intact = false;
          this.fallBack(err, loaded);
        });
        this.intact = this.verification.then(() => intact);
      }
      this.state = 'syncing';
      if (!options.sync || (await this.catchUp(base.createdAtMs, options.sync))) {
        if (this.state !== 'syncing') return;
        this.state = 'ready';
        this.complete = true;
        this.background = this.warm();
        return;
      }
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      this.loadedFrom = 'rebuild';
      this.log(
        `search: ${err.reason === 'missing' ? 'no index snapshot' : `index snapshot unusable (${err.message})`}; rebuilding from the database`,
      );
    }
    this.startRebuild();
    if (options.wait) await this.background;
  }

  /**
   * This node's own snapshot, else (with shared snapshots, when writable) the newest one published by
   * any node, downloaded to `search.snapshot` first. Throws the local {@link SnapshotError} when neither
   * is usable; a failed download is logged.
   */
  private async adoptOrFetch(): Promise<FileSegment> {
    try {
      const own = this.adopt();
      this.loadedFrom = 'local';
      return own;
    } catch (err) {
      const shared = this.opts.shared;
      if (!(err instanceof SnapshotError) || !shared || this.opts.readOnly) throw err;
      let fetched: SharedSnapshotInfo | undefined;
      try {
        fetched = await shared.fetch(this.snapshotPath);
      } catch (e) {
        this.log(`search: could not download the shared index snapshot: ${(e as Error).message}`);
      }
      if (!fetched) throw err;
      this.log(
        `search: downloaded the shared index snapshot ${shared.location}${fetched.name} (${fetched.bytes} bytes, written ${new Date(fetched.createdAt).toISOString()})`,
      );
      const base = this.adopt();
      this.loadedFrom = 'shared';
      return base;
    }
  }

  /**
   * Finds the snapshot to load: `search.snapshot`, or the newest private one a crashed process left.
   * A writable index takes it over under a new private name and deletes every other leftover.
   */
  private adopt(): FileSegment {
    const dir = this.opts.dir;
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {}
    const candidates = names
      .filter((n) => n === SNAPSHOT_FILE || (n.startsWith(LIVE_PREFIX) && !n.endsWith('.tmp')))
      .map((n) => ({
        path: join(dir, n),
        at: statSync(join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0,
      }))
      .sort((a, b) => b.at - a.at);
    let chosen: FileSegment | undefined;
    let failure: SnapshotError = new SnapshotError('no snapshot', 'missing');
    for (const { path } of candidates) {
      if (chosen) {
        if (!this.opts.readOnly) rmSync(path, { force: true });
        continue;
      }
      let own = path;
      try {
        if (!this.opts.readOnly) {
          own = this.privateName(LIVE_PREFIX);
          renameSync(path, own);
        }
        chosen = openSnapshot(own);
        this.basePath = own;
      } catch (err) {
        if (!(err instanceof SnapshotError)) throw err;
        failure = err;
        if (!this.opts.readOnly) rmSync(own, { force: true });
      }
    }
    if (!this.opts.readOnly)
      for (const n of names)
        if (n.startsWith(PARTIAL_PREFIX) || n.endsWith('.tmp')) rmSync(join(dir, n), { force: true });
    if (!chosen) throw failure;
    return chosen;
  }

  /** A new private file name in the index directory. */
  private privateName(prefix: string): string {
    return join(this.opts.dir, `${prefix}${process.pid}.${++this.files}`);
  }

  /** Checks the loaded snapshot's body checksum (in the worker); rejects with a SnapshotError when it fails. */
  private async verify(path: string): Promise<void> {
    const checker = new SearchWorker(this.opts.spawnWorker);
    let valid: boolean;
    try {
      valid = await checker.verify(path);
    } finally {
      checker.close();
    }
    if (!valid) throw new SnapshotError('snapshot checksum mismatch', 'corrupt');
  }

  /**
   * Resolves once the background check of the loaded snapshot's body has ended: false when it failed
   * (the index is then rebuilding from the store, and answers given before may have been wrong).
   */
  snapshotIntact(): Promise<boolean> {
    return this.intact;
  }

  /** The background checksum check failed: drop the snapshot's contents and rebuild. */
  private fallBack(err: unknown, loaded: InvertedIndex): void {
    if (this.state === 'closed' || this.index !== loaded || this.state === 'rebuilding') return;
    this.log(`search: index snapshot unusable (${(err as Error).message}); rebuilding from the database`);
    this.complete = false;
    this.startRebuild();
  }

  private startRebuild(): void {
    if (!this.opts.readOnly && this.basePath) rmSync(this.basePath, { force: true });
    this.state = 'rebuilding';
    this.partial = true;
    this.touched = new Set();
    this.index = new InvertedIndex();
    this.basePath = undefined;
    this.rebuilt = 0;
    const previous = this.background ?? Promise.resolve();
    this.background = previous.then(() =>
      this.rebuild(this.source as () => AsyncIterable<IndexedDocument[]>),
    );
  }

  /** Applies the documents changed since `since` (by another node), once this index is ready. */
  async follow(since: number, sync: IndexSync): Promise<void> {
    if (this.state !== 'ready') return;
    if ((await this.applyChanged(since, sync)).length) this.changed();
  }

  /** Applies changes made since the snapshot; false when the result does not match the store. */
  private async catchUp(since: number, sync: IndexSync): Promise<boolean> {
    const ids = await this.applyChanged(since, sync);
    if (ids.length) this.log(`search: caught up on ${ids.length} document(s) changed since the snapshot`);
    const live = await sync.liveCount();
    if (live === this.index.size) return true;
    this.log(`search: snapshot holds ${this.index.size} document(s) but the store has ${live}; rebuilding`);
    return false;
  }

  /**
   * Re-reads the documents changed since `since` into the index, but those whose version is the one
   * applied last time (when the store gives versions); returns the ids it read.
   */
  private async applyChanged(since: number, sync: IndexSync): Promise<string[]> {
    const changed = await sync.changedSince(since - SYNC_SLACK_MS);
    const versions = Array.isArray(changed) ? undefined : changed;
    const ids = versions
      ? [...versions].filter(([id, v]) => this.applied.get(id) !== v).map(([id]) => id)
      : (changed as string[]);
    for (let i = 0; i < ids.length; i += SYNC_CHUNK) {
      const chunk = ids.slice(i, i + SYNC_CHUNK);
      const docs = await sync.load(chunk);
      const present = new Set(docs.map((d) => d.id));
      const batch = await this.analyzer.analyze(
        docs.map((d) => d.name),
        docs.map((d) => d.text),
      );
      await this.enqueue(async () => {
        await this.insert(docs, batch);
        for (const id of chunk) if (!present.has(id)) this.index.remove(id);
      });
    }
    if (ids.length) this.dirty = true;
    if (versions) this.applied = versions;
    return ids;
  }

  private async rebuild(source: () => AsyncIterable<IndexedDocument[]>): Promise<void> {
    const started = performance.now();
    const index = this.index;
    const mergeAt = this.opts.rebuildMergeBytes ?? REBUILD_MERGE_BYTES;
    try {
      const it = source()[Symbol.asyncIterator]();
      const pull = async () => {
        const r = await it.next();
        if (r.done) return undefined;
        return {
          docs: r.value,
          batch: this.analyzer.analyze(
            r.value.map((d) => d.name),
            r.value.map((d) => d.text),
          ),
        };
      };
      let next = await pull();
      while (next) {
        const { docs, batch } = next;
        const following = pull();
        const analyzed = await batch;
        if (this.index !== index || this.state === 'closed') return;
        await this.enqueue(() => this.insert(docs, analyzed, this.touched));
        this.rebuilt += docs.length;
        if (!this.opts.readOnly) {
          const baseBytes = this.basePath ? (this.index.segments[0] as FileSegment).buf.length : 0;
          if (this.index.mem.bytes >= Math.max(mergeAt, baseBytes * REBUILD_MERGE_SHARE))
            await this.merge(this.privateName(PARTIAL_PREFIX));
        }
        next = await following;
      }
      if (this.index !== index || this.state === 'closed') return;
      this.partial = false;
      this.complete = true;
      this.touched = undefined;
      this.state = 'ready';
      this.dirty = true;
      this.publishSoon = true;
      this.log(
        `search: indexed ${this.index.size} document(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      await this.snapshot();
      await this.warm();
    } catch (err) {
      if (this.state === 'closed') return;
      this.state = 'failed';
      this.lastError = (err as Error).message;
      this.log(`search: rebuilding the index failed: ${(err as Error).stack ?? err}`);
    }
  }

  /** Prepares the bitmaps of frequent bigrams in the background, a few at a time. */
  private async warm(): Promise<void> {
    this.warming = true;
    while (this.state !== 'closed' && !this.index.warm()) await yieldToLoop();
    this.warming = false;
  }

  /** Runs `fn` after every change queued before it. */
  private enqueue(fn: () => Promise<void> | void): Promise<void> {
    const run = this.mutations.then(fn);
    this.mutations = run.catch(() => {});
    return run;
  }

  /** Adds analyzed documents (skipping ids in `skip`), yielding to other work every few milliseconds. */
  private async insert(docs: IndexedDocument[], batch: AnalyzedBatch, skip?: Set<string>): Promise<void> {
    const cursor = new BatchCursor();
    await runSliced(this.index.resolveTerms(batch, cursor));
    let t = performance.now();
    for (const doc of docs) {
      if (skip?.has(doc.id)) this.index.skipAnalyzed(batch, cursor);
      else this.index.addAnalyzed(doc, batch, cursor);
      if (performance.now() - t > SLICE_MS) {
        await yieldToLoop();
        t = performance.now();
      }
    }
  }

  /** Resolves once the document is searchable (its text is analyzed in the worker first). */
  upsert(doc: IndexedDocument): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    this.touched?.add(doc.id);
    const batch = this.analyzer.analyze([doc.name], [doc.text]);
    batch.catch(() => {});
    return this.enqueue(async () => {
      await this.insert([doc], await batch);
      this.changed();
    });
  }

  remove(id: string): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    this.touched?.add(id);
    return this.enqueue(() => {
      this.index.remove(id);
      this.changed();
    });
  }

  private changed(): void {
    this.dirty = true;
    const configured = this.opts.snapshotDelayMs ?? 30_000;
    if (this.opts.readOnly || !this.complete || this.timer || configured <= 0) return;
    const delay =
      this.lastMergeMs > 1000 ? Math.max(configured, this.lastMergeMs * MERGE_SPACING) : configured;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.snapshot().catch((err) => this.log(`search: snapshot failed: ${(err as Error).message}`));
    }, delay);
    this.timer.unref?.();
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(q.limit ?? 20)));
    const clauses = parseQuery(q.q, this.tokenizer);
    const raw = this.index.search(q, clauses, offset, limit);
    const latin: HighlightTarget[] = raw.terms
      .filter((t) => !/[\u0E00-\u0E7F]/.test(t))
      .map((t) => ({ text: t, wholeWord: true }));
    const whole = clauses.filter((c) => c.grams.length || c.tokens.length > 1);
    const primary = [
      ...latin,
      ...whole.map((c) => ({ text: c.text, wholeWord: false })),
      ...raw.misread.map((text) => ({ text, wholeWord: false })),
    ];
    const singles = clauses.filter((c) => !whole.includes(c) && /[\u0E00-\u0E7F]/.test(c.text));
    primary.push(...singles.map((c) => ({ text: c.text, wholeWord: false })));
    const matcher = highlighter(primary);
    const names = raw.hits.map((h) => this.index.nameOf(h.slot));
    const partial = this.partial;
    const texts = await Promise.all(raw.hits.map((h) => this.opts.loadText(h.id)));
    const hits: SearchHit[] = raw.hits.map((h, i) => {
      const text = texts[i] ?? '';
      const name = names[i] as string;
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
    return { total: raw.total, hits, partial };
  }

  async snapshot(): Promise<void> {
    if (this.opts.readOnly || !this.complete) return;
    while (this.saving) await this.saving;
    if (!this.dirty) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
    const started = performance.now();
    const at = this.now();
    this.saving = this.merge(this.privateName(LIVE_PREFIX), at)
      .then((bytes) => {
        this.lastSnapshot = {
          at: new Date(at).toISOString(),
          bytes,
          ms: Math.round(performance.now() - started),
        };
        this.unpublished = true;
        this.schedulePublish();
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

  /**
   * Merges every segment but the newest in-memory one into a new snapshot file at `target` and maps it
   * in their place. The in-memory part is written to an image here, a slice at a time; the worker merges
   * it with the current snapshot file. Returns the file's size.
   */
  private async merge(target: string, at = this.now()): Promise<number> {
    const started = performance.now();
    const index = this.index;
    const sealed = index.freeze();
    const first = index.segments[0];
    const base = first instanceof FileSegment ? first : undefined;
    const baseAlive = base?.alive.slice();
    const strings = [...index.strings.values];
    const delta: ArrayBuffer[] = [];
    if (sealed.some((s) => s.size > 0))
      await runSliced(
        writeSegment(
          sealed.map((seg) => ({ seg })),
          strings,
          at,
          { write: (b) => void delta.push(b.slice().buffer as ArrayBuffer) },
        ),
      );
    const merger = new SearchWorker(this.opts.spawnWorker);
    let bytes: number;
    try {
      bytes = await merger.merge({
        base: base ? this.basePath : undefined,
        baseAlive,
        delta,
        strings,
        createdAt: at,
        target,
      });
    } finally {
      merger.close();
    }
    if (this.index !== index) return bytes;
    index.replaceSealed(openSnapshot(target));
    const previous = this.basePath;
    this.basePath = target;
    if (previous && previous !== target) rmSync(previous, { force: true });
    this.lastMergeMs = performance.now() - started;
    return bytes;
  }

  /**
   * The cluster's election says whether this node publishes the shared snapshots. A node that becomes
   * the publisher publishes its snapshot soon when it wrote one since its last publication (or never
   * published); one that stops publishing lets a publication under way finish and starts no other.
   */
  setPublisher(publisher: boolean): void {
    this.publisher = publisher;
    if (!publisher) {
      clearTimeout(this.publishTimer);
      this.publishTimer = undefined;
    } else if (this.unpublished || (!this.lastPublished && this.publishable())) {
      this.unpublished = true;
      this.schedulePublish();
    }
  }

  /** Publishes the newest snapshot once the interval since the last publication is over (in the background). */
  private schedulePublish(): void {
    if (
      !this.opts.shared ||
      !this.publisher ||
      this.publishTimer ||
      this.publishing ||
      this.state === 'closed'
    )
      return;
    const every = this.opts.publishEveryMs ?? PUBLISH_EVERY_MS;
    const wait = this.publishSoon ? 0 : Math.max(0, this.lastPublishAt + every - this.now());
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      this.publishing = this.publishNow().finally(() => {
        this.publishing = undefined;
        if (this.unpublished) this.schedulePublish();
      });
    }, wait);
    this.publishTimer.unref?.();
  }

  /** The index is complete and its first segment is this process's own snapshot file. */
  private publishable(): boolean {
    return (
      this.state !== 'closed' &&
      this.complete &&
      !!this.basePath?.includes(LIVE_PREFIX) &&
      this.index.segments[0] instanceof FileSegment
    );
  }

  /** Uploads the current snapshot file under a second name; a failure is logged and tried again later. */
  private async publishNow(): Promise<void> {
    const shared = this.opts.shared as SharedSnapshots;
    const path = this.basePath;
    const base = this.index.segments[0];
    if (!this.publisher) return;
    if (!this.publishable() || !path || !(base instanceof FileSegment)) {
      this.unpublished = false;
      return;
    }
    this.unpublished = false;
    this.publishSoon = false;
    this.lastPublishAt = this.now();
    const link = `${this.privateName(PUBLISH_PREFIX)}.tmp`;
    const started = performance.now();
    try {
      linkSync(path, link);
      const info = await shared.publish(link, base.createdAtMs);
      this.lastPublished = { ...info, documents: base.live, at: new Date(this.now()).toISOString() };
      this.publishError = undefined;
      this.log(
        `search: published the index snapshot (${base.live} document(s), ${info.bytes} bytes) to ${shared.location}${info.name} in ${Math.round(performance.now() - started)} ms`,
      );
    } catch (err) {
      this.publishError = (err as Error).message;
      this.unpublished = true;
      this.log(`search: publishing the index snapshot failed (tried again later): ${(err as Error).message}`);
    } finally {
      rmSync(link, { force: true });
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasComplete = this.complete;
    this.state = 'closed';
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    await this.publishing;
    await this.background;
    await this.verification;
    await this.mutations;
    this.complete = wasComplete;
    try {
      await this.snapshot();
    } finally {
      this.analyzer.close();
      this.publish();
    }
  }

  /** On close: the complete snapshot goes back under its public name; a partial one is deleted. */
  private publish(): void {
    const path = this.basePath;
    if (this.opts.readOnly || !path) return;
    if (this.complete && path.includes(LIVE_PREFIX)) renameSync(path, this.snapshotPath);
    else if (path.includes(PARTIAL_PREFIX)) rmSync(path, { force: true });
  }

  status() {
    return {
      documents: this.index.size,
      ready: this.state === 'ready' && !this.partial,
      partial: this.partial,
      state: this.state,
      indexed_while_rebuilding: this.partial ? this.rebuilt : undefined,
      terms: this.index.termCount(),
      warming: this.warming,
      slots: this.index.slotEnd,
      segments: this.index.segments.length,
      snapshot: this.lastSnapshot ?? null,
      loaded_from: this.loadedFrom ?? null,
      publisher: this.opts.shared ? this.publisher : undefined,
      published: this.opts.shared ? (this.lastPublished ?? null) : undefined,
      publish_error: this.publishError,
      error: this.lastError,
    };
  }
}

/** Maps a snapshot file; throws {@link SnapshotError} when it is missing or unusable. */
function openSnapshot(path: string): FileSegment {
  let bytes: Uint8Array;
  try {
    bytes = Bun.mmap(path, { shared: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SnapshotError('no snapshot', 'missing');
    throw new SnapshotError(`cannot read snapshot: ${(err as Error).message}`, 'corrupt');
  }
  return new FileSegment(bytes);
}

/** Runs a generator to completion, a few milliseconds per event-loop turn. */
async function runSliced<T>(gen: Generator<void, T>): Promise<T> {
  for (;;) {
    const t = performance.now();
    let r = gen.next();
    while (!r.done && performance.now() - t < SLICE_MS) r = gen.next();
    if (r.done) return r.value;
    await yieldToLoop();
  }
}

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
