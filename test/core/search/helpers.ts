import type { MemorySearchIndexOptions } from '../../../src/core/search/search-index.ts';
import { MemorySearchIndex } from '../../../src/core/search/search-index.ts';
import type { IndexedDocument, SearchQuery } from '../../../src/core/search/types.ts';

let counter = 0;

/** An index entry with defaults (project `p1`, kind text, created in order). */
export function doc(id: string, text: string, extra: Partial<IndexedDocument> = {}): IndexedDocument {
  return {
    id,
    projectId: 'p1',
    name: `${id}.txt`,
    text,
    kind: 'text',
    mime: 'text/plain',
    tags: [],
    folderId: null,
    docType: null,
    createdAt: 1_700_000_000_000 + counter++,
    ...extra,
  };
}

/** A search index over an in-memory "store" (the map doubles as the snippet text source). */
export function memoryIndex(dir: string, opts: Partial<MemorySearchIndexOptions> = {}) {
  const store = new Map<string, IndexedDocument>();
  const index = new MemorySearchIndex({
    dir,
    loadText: (id) => store.get(id)?.text,
    snapshotDelayMs: 0,
    ...opts,
  });
  return {
    index,
    store,
    /** Adds documents to the store and the index; resolves once they are searchable. */
    async put(...docs: IndexedDocument[]) {
      for (const d of docs) store.set(d.id, d);
      await Promise.all(docs.map((d) => index.upsert(d)));
    },
    async drop(id: string) {
      store.delete(id);
      await index.remove(id);
    },
    /** Every stored document, as the database would yield it for a rebuild. */
    source: () =>
      (async function* () {
        yield [...store.values()];
      })(),
    /** Ids of the hits, best first. */
    async ids(q: string, extra: Partial<SearchQuery> = {}) {
      return (await index.search({ projectId: 'p1', q, ...extra })).hits.map((h) => h.documentId);
    },
  };
}

/**
 * Runs `check` on an index built from `docs` in memory, then on a second index that must load the first
 * one's snapshot from `dir` (its rebuild source throws), so both paths answer the same assertions.
 */
export async function inMemoryAndFromSnapshot(
  dir: string,
  docs: IndexedDocument[],
  check: (m: ReturnType<typeof memoryIndex>) => Promise<void>,
): Promise<void> {
  const first = memoryIndex(dir);
  await first.index.start(first.source, { wait: true });
  await first.put(...docs);
  await check(first);
  await first.index.close();

  const second = memoryIndex(dir);
  for (const d of docs) second.store.set(d.id, d);
  await second.index.start(() => {
    throw new Error('the snapshot should load');
  });
  await check(second);
  await second.index.close();
}
