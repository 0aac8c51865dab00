/**
 * The storage port: what core may know about the database. Async repositories per aggregate, one
 * `transaction`, a change feed and bulk table access for copies. No SQL, drizzle type or client handle
 * crosses it; drivers (`sqlite`, `postgres`) implement it and pass one contract suite
 * (test/db/contract).
 */
import type { Repositories } from './repositories.ts';

export type * from './filters.ts';
export { DOCUMENT_SORT_FIELDS } from './filters.ts';
export type * from './repositories.ts';
export type * from './rows.ts';

/**
 * Tables in the order a copy must insert them (references first). `project_counts` is not listed: both
 * drivers derive it from `documents` with triggers.
 */
export const TABLES = [
  'settings',
  'organizations',
  'projects',
  'api_keys',
  'documents',
  'tags',
  'document_tags',
  'pages',
  'jobs',
  'extractions',
  'records',
  'webhooks',
  'webhook_deliveries',
  'audit_log',
] as const;
export type TableName = (typeof TABLES)[number];

/** Primary-key fields of each table, in key order (the order {@link TableAccess.scan} returns rows in). */
export const PRIMARY_KEYS: Record<TableName, readonly string[]> = {
  settings: ['key'],
  organizations: ['id'],
  projects: ['id'],
  api_keys: ['id'],
  documents: ['id'],
  tags: ['id'],
  document_tags: ['documentId', 'tagId'],
  pages: ['documentId', 'pageNo'],
  jobs: ['id'],
  extractions: ['documentId', 'schemaKey'],
  records: ['collection', 'id'],
  webhooks: ['id'],
  webhook_deliveries: ['id'],
  audit_log: ['id'],
};

/** A row of any table, keyed by the field names of the row types (`projectId`, not `project_id`). */
export type AnyRow = Record<string, unknown>;

/** Whole-table access for copies between drivers (`docserve migrate`) and their verification. */
export interface TableAccess {
  /** Every row, in primary-key order, `batchSize` at a time. */
  scan(table: TableName, batchSize?: number): AsyncIterable<AnyRow[]>;
  /** Inserts rows as they are (no defaults applied, no conflict handling). */
  insert(table: TableName, rows: AnyRow[]): Promise<void>;
  count(table: TableName): Promise<number>;
}

/**
 * Tells when the database changed. Replaces SQLite's `data_version` polling: the SQLite driver reads
 * `data_version`; the PostgreSQL driver listens to a `NOTIFY` that triggers send on every write.
 */
export interface ChangeFeed {
  /**
   * Changes whenever anything committed: a write through this storage moves it as soon as the write
   * returns (or its transaction commits), a write by another process as soon as the driver learns of
   * it (SQLite: on the next call; PostgreSQL: when the notification arrives, typically milliseconds).
   * Synchronous and cheap: caches key on it.
   */
  stamp(): string;
  /** Moves when another connection or process committed (SQLite `data_version`, PostgreSQL NOTIFY). */
  external(): number;
  /**
   * Calls `listener` after other processes commit, with the tables they wrote when the driver knows
   * them (empty when it does not). Returns the function that unsubscribes.
   */
  subscribe(listener: (change: { tables: string[] }) => void): () => void;
}

/**
 * Counters every node of one database shares, for rate limits across nodes. Only drivers whose
 * database several nodes share have them (PostgreSQL); a SQLite server is one node and counts in memory.
 * Counting is not a change: it neither joins transactions nor moves the change feed.
 */
export interface SharedCounters {
  /**
   * Adds one to `bucket`'s count in the window that starts at `windowStart` (epoch ms) and returns the
   * new count, atomically across nodes. The window may be forgotten after `expiresAt`.
   */
  increment(bucket: string, windowStart: number, expiresAt: number): Promise<number>;
  /** Forgets windows that expired before `now`; returns how many. */
  prune(now: number): Promise<number>;
}

/**
 * Named duties one process at a time performs for every node of one database (publishing the search
 * index snapshots): at most one process holds a name, and a holder that exits, is killed or loses its
 * connection loses it, so another process can take it. Only drivers whose database several nodes share
 * have it (PostgreSQL); a SQLite database is one node's.
 */
export interface Leadership {
  /** Takes `name` when no process holds it, keeps it when this one does; true while held. Never waits. */
  hold(name: string): Promise<boolean>;
  /** Gives `name` up (nothing when not held). */
  release(name: string): Promise<void>;
}

/** The repositories of one open transaction. */
export interface Transaction extends Repositories {
  tables: TableAccess;
  /** Runs `fn` once the transaction committed; never when it rolled back. */
  afterCommit(fn: () => void): void;
}

/**
 * An open database. Calls on its repositories run on their own (autocommit); group writes that must
 * stand or fall together with {@link transaction}.
 */
export interface Storage extends Repositories {
  readonly driver: 'sqlite' | 'postgres';
  /** Where it is, for messages (a path, or a URL without its password). */
  readonly location: string;
  readonly changes: ChangeFeed;
  readonly tables: TableAccess;
  /** Present when several nodes share this database (see {@link SharedCounters}). */
  readonly sharedCounters?: SharedCounters;
  /** Present when several nodes share this database (see {@link Leadership}). */
  readonly leadership?: Leadership;
  /**
   * Runs `fn` in one transaction: committed when its promise resolves, rolled back when it rejects
   * (the error is rethrown). Calls made on this storage from inside the callback's async call chain
   * while the transaction is open, `transaction` included, join it (so a service called from inside
   * takes part without being handed `tx`); after it ended they run on their own again. Work that must
   * not be part of it, or must only happen if it commits (waking a worker, in-process events), goes in
   * `tx.afterCommit`. Using `tx` after the transaction ended throws. Await the calls inside one after
   * another: on PostgreSQL they share one connection.
   *
   * SQLite: one writer. The transaction starts with `BEGIN IMMEDIATE` (it waits for other processes'
   * write locks up to the busy timeout) and the transactions of this storage run one after another;
   * while one is open, every call on this storage that is not part of it waits until it ends, so
   * awaits inside the callback cannot interleave other work with it and nothing outside it reads its
   * uncommitted rows. Serializable.
   *
   * PostgreSQL: a real transaction on one pooled connection, READ COMMITTED. Other calls run
   * concurrently on other connections and do not see its writes until it commits; rows it wrote stay
   * locked against other writers until then. A read-then-write decision inside it can race with
   * another process: what must be race-free is one statement in a repository method (claims,
   * `getOrCreate`, `revoke`, `retry`) or a unique index.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  /** Closes the connection(s); pending calls finish first. */
  close(): Promise<void>;
}
