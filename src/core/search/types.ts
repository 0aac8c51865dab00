/** What the search index holds for one document. */
export interface IndexedDocument {
  id: string;
  projectId: string;
  name: string;
  /** Full normalized text of every page. */
  text: string;
  kind: string;
  mime: string;
  tags: string[];
  folderId: string | null;
  docType: string | null;
  createdAt: number;
}

export interface SearchQuery {
  projectId: string;
  q: string;
  /** File kinds: pdf, image, docx, xlsx, text, email. */
  kinds?: string[];
  /** Tag names; a hit must carry all of them. */
  tags?: string[];
  folderId?: string;
  docTypes?: string[];
  createdFrom?: number;
  /** Exclusive upper bound. */
  createdBefore?: number;
  offset?: number;
  limit?: number;
}

export interface SearchHit {
  documentId: string;
  score: number;
  /** Best-matching passage with matches wrapped in `<mark>`…`</mark>` (HTML-escaped otherwise). */
  snippet: string;
  /** Query terms that matched. */
  terms: string[];
  /** Where the match was: document name, content or both. */
  fields: ('name' | 'content')[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** True while the index is still being rebuilt: results may be incomplete. */
  partial: boolean;
}

/**
 * How the index catches up after loading a snapshot: the documents whose entry may have changed since
 * the snapshot was taken are re-read from the store.
 */
export interface IndexSync {
  /**
   * Ids of documents whose index entry may have changed at or after `since` (ms since the epoch); as a
   * map, each with a version: a document whose version is the one the index last applied is skipped.
   */
  changedSince(since: number): Promise<string[] | Map<string, string>> | string[] | Map<string, string>;
  /** Current entries of these documents; ids missing from the result are gone (trashed or purged). */
  load(ids: string[]): Promise<IndexedDocument[]> | IndexedDocument[];
  /** Number of live documents in the store (checked after catching up; a mismatch means rebuild). */
  liveCount(): Promise<number> | number;
}

export interface SearchStartOptions {
  /** Catch up from the store after loading a snapshot (without it a snapshot is trusted as is). */
  sync?: IndexSync;
  /** Wait until the index is complete instead of rebuilding in the background (one-shot CLI use). */
  wait?: boolean;
  /**
   * With `wait`: do not wait for the snapshot's body checksum (only its footer is checked before
   * answering); the body is checked in the worker meanwhile and {@link SearchIndex.snapshotIntact}
   * tells how that ended.
   */
  answerBeforeBodyCheck?: boolean;
}

/** The full-text index behind every dialect's search. */
export interface SearchIndex {
  /** Loads the snapshot or rebuilds from `source` (in the background); search answers meanwhile. */
  start(source: () => AsyncIterable<IndexedDocument[]>, options?: SearchStartOptions): Promise<void>;
  /** Adds or replaces a document; resolves once the change is searchable (changes apply in call order). */
  upsert(doc: IndexedDocument): Promise<void> | void;
  /** Removes a document; resolves once the change is searchable. */
  remove(id: string): Promise<void> | void;
  search(q: SearchQuery): Promise<SearchResult>;
  /**
   * Applies the documents `sync` reports changed since `since` (ms): how a node picks up what another
   * node indexed. Optional: an index that sees every write itself needs none.
   */
  follow?(since: number, sync: IndexSync): Promise<void>;
  /**
   * Resolves once the background check of the loaded snapshot's body has ended: false when it failed
   * and answers given before it may have been wrong (the index then rebuilds from the store).
   */
  snapshotIntact?(): Promise<boolean>;
  /** Writes the snapshot now (also done on close). */
  snapshot(): Promise<void>;
  close(): Promise<void>;
  status(): { documents: number; ready: boolean; [k: string]: unknown };
}
