import type { Database } from 'bun:sqlite';
import { createRepos, type Repos } from '../index.ts';
import { type Db, openDatabase } from '../open.ts';
import type { Repositories, Storage, TableAccess, Transaction } from '../port/index.ts';
import {
  type OpenTransaction,
  runAfterCommit,
  SerialGate,
  TransactionContext,
  transactionOver,
} from '../tx-context.ts';
import { SqliteChangeFeed } from './change-feed.ts';
import { sqliteTables } from './tables.ts';

type Runner = <T>(op: () => T) => Promise<T>;

/** The async form of a synchronous repository class. */
type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

/** Wraps every method of a synchronous repository so it runs through `run`. */
function adapt<T extends object>(repo: T, run: Runner): Async<T> {
  const out: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(repo))) {
    const method = (repo as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    out[name] = (...args: unknown[]) => run(() => method.apply(repo, args));
  }
  return out as Async<T>;
}

/** The port's repositories over today's synchronous ones, each call run by `run`. */
function adaptRepos(sync: Repos, run: Runner): Repositories {
  return {
    settings: adapt(sync.settings, run),
    tenancy: adapt(sync.tenancy, run),
    keys: adapt(sync.keys, run),
    documents: adapt(sync.documents, run),
    tags: adapt(sync.tags, run),
    pages: adapt(sync.pages, run),
    jobs: {
      ...adapt(sync.jobs, run),
      requeueExpired: (now) => run(() => sync.jobs.requeueRunning(now, true)),
      // One runner per data directory (the lock file): whatever was running died with its process.
      recoverOnStart: (now) => run(() => sync.jobs.requeueRunning(now, false)),
    },
    extractions: adapt(sync.extractions, run),
    records: adapt(sync.records, run),
    webhooks: adapt(sync.webhooks, run),
    audit: adapt(sync.audit, run),
    maintenance: adapt(sync.maintenance, run),
  };
}

export interface SqliteStorageOptions {
  /** How often subscribers of the change feed poll `data_version`. */
  changePollMs?: number;
  /** Close the connection with the storage (true when the storage opened it). */
  ownsConnection?: boolean;
}

/**
 * The SQLite driver: today's synchronous repositories on one `bun:sqlite` connection behind the async
 * port. Calls run at once unless a transaction is open; then they queue behind it (see
 * {@link Storage.transaction}).
 */
class SqliteStorage implements Storage {
  readonly driver = 'sqlite';
  readonly changes: SqliteChangeFeed;
  readonly tables: TableAccess;
  readonly settings;
  readonly tenancy;
  readonly keys;
  readonly documents;
  readonly tags;
  readonly pages;
  readonly jobs;
  readonly extractions;
  readonly records;
  readonly webhooks;
  readonly audit;
  readonly maintenance;
  private readonly client: Database;
  private readonly sync: Repos;
  private readonly gate = new SerialGate();
  private readonly context = new TransactionContext<Transaction>();
  private closed = false;

  constructor(
    private readonly db: Db,
    readonly location: string,
    private readonly opts: SqliteStorageOptions,
  ) {
    this.client = db.$client;
    this.sync = createRepos(db);
    this.changes = new SqliteChangeFeed(this.client, opts.changePollMs);
    const run: Runner = (op) => this.run(op);
    this.tables = sqliteTables(db, run);
    const repos = adaptRepos(this.sync, run);
    this.settings = repos.settings;
    this.tenancy = repos.tenancy;
    this.keys = repos.keys;
    this.documents = repos.documents;
    this.tags = repos.tags;
    this.pages = repos.pages;
    this.jobs = repos.jobs;
    this.extractions = repos.extractions;
    this.records = repos.records;
    this.webhooks = repos.webhooks;
    this.audit = repos.audit;
    this.maintenance = repos.maintenance;
  }

  /** Runs a call now, or after the open transaction when the caller is not part of it. */
  private async run<T>(op: () => T): Promise<T> {
    if (this.closed) throw new Error('The database is closed');
    if (this.gate.busy && !this.context.current(this)) return this.gate.exclusive(op);
    return op();
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const joined = this.context.current(this);
    if (joined) return fn(joined.repos);
    if (this.closed) throw new Error('The database is closed');
    return this.gate.exclusive(async () => {
      const state = { owner: this, open: true, afterCommit: [] } as unknown as OpenTransaction<Transaction>;
      const inTx: Runner = async (op) => {
        if (!state.open) throw transactionOver();
        return op();
      };
      state.repos = {
        ...adaptRepos(this.sync, inTx),
        tables: sqliteTables(this.db, inTx),
        afterCommit: (fn) => {
          if (!state.open) throw transactionOver();
          state.afterCommit.push(fn);
        },
      };
      this.client.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await this.context.enter(state, () => fn(state.repos));
        this.client.exec('COMMIT');
      } catch (err) {
        if (this.client.inTransaction) this.client.exec('ROLLBACK');
        throw err;
      }
      runAfterCommit(state.afterCommit);
      return result;
    });
  }

  async ping(): Promise<void> {
    await this.run(() => this.client.query('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.gate.exclusive(() => {
      this.closed = true;
    });
    this.changes.stop();
    if (this.opts.ownsConnection) this.client.close();
  }
}

/** Opens (creating and migrating) the SQLite database at `path` as a storage. */
export function openSqliteStorage(
  path: string,
  opts: SqliteStorageOptions & { busyTimeoutMs?: number } = {},
): Storage {
  const db = openDatabase(path, { busyTimeoutMs: opts.busyTimeoutMs });
  return new SqliteStorage(db, path, { ownsConnection: true, ...opts });
}

/**
 * A storage over an already open connection (shared with the synchronous repositories while core
 * moves to the port). Synchronous callers bypass the transaction gate: do not mix them with async
 * transactions on the same tables.
 */
export function sqliteStorage(db: Db, location: string, opts: SqliteStorageOptions = {}): Storage {
  return new SqliteStorage(db, location, { ownsConnection: false, ...opts });
}
