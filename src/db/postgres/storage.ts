import { SQL } from 'bun';
import { drizzle } from 'drizzle-orm/bun-sql';
import type { Repositories, SharedCounters, Storage, TableAccess, Transaction } from '../port/index.ts';
import { type OpenTransaction, runAfterCommit, TransactionContext, transactionOver } from '../tx-context.ts';
import { PgChangeFeed } from './change-feed.ts';
import type { PgDb } from './db.ts';
import { migratePostgres } from './migrate.ts';
import { PG_MIGRATIONS } from './migrations/index.ts';
import { PgAudit } from './repos/audit.ts';
import { PgDocuments } from './repos/documents.ts';
import { PgExtractions } from './repos/extractions.ts';
import { PgJobs } from './repos/jobs.ts';
import { PgKeys } from './repos/keys.ts';
import { PgMaintenance } from './repos/maintenance.ts';
import { PgPages } from './repos/pages.ts';
import { PgRecords } from './repos/records.ts';
import { PgSettings } from './repos/settings.ts';
import { PgTags } from './repos/tags.ts';
import { PgTenancy } from './repos/tenancy.ts';
import { PgWebhooks } from './repos/webhooks.ts';
import * as schema from './schema.ts';
import { PgLeadership } from './leadership.ts';
import { PgSharedCounters } from './shared-counters.ts';
import { pgTables } from './tables.ts';
import { redactUrl } from '../url.ts';

type RepoName = keyof Repositories;
type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * The methods that only read. Every other method moves this process's change stamp when it returns,
 * so a method added later counts as a write until listed here (a cache is cleared too often, never
 * too rarely).
 */
const READS: Record<RepoName, readonly string[]> = {
  settings: ['get'],
  tenancy: ['getOrg', 'listOrgs', 'getProject', 'listProjects', 'countOrgs'],
  keys: ['byHash', 'byId', 'list'],
  documents: [
    'get',
    'getUnscoped',
    'findLiveBySha',
    'list',
    'countByOcrStatus',
    'tagsOf',
    'liveIdsAfter',
    'countAllLive',
    'isReferenced',
    'referencedShas',
  ],
  tags: ['get', 'byNames', 'byIds', 'list', 'usageCount'],
  pages: ['list', 'get', 'documentsAfter', 'fullText'],
  jobs: ['get', 'findQueued', 'list', 'listForDocument', 'documentsTouchedSince', 'counts', 'nextRunAt'],
  extractions: ['get', 'list'],
  records: ['get', 'list'],
  webhooks: [
    'get',
    'list',
    'active',
    'getDelivery',
    'getDeliveryUnscoped',
    'listDeliveries',
    'countByStatus',
  ],
  audit: ['list'],
  maintenance: ['integrityCheck', 'documentBlobs', 'liveDocuments', 'expiredRunningJobs', 'countDrift'],
};

/** The repositories over a drizzle handle (the pool or one transaction). */
function bindRepos(db: PgDb): Repositories {
  return {
    settings: new PgSettings(db),
    tenancy: new PgTenancy(db),
    keys: new PgKeys(db),
    documents: new PgDocuments(db),
    tags: new PgTags(db),
    pages: new PgPages(db),
    jobs: new PgJobs(db),
    extractions: new PgExtractions(db),
    records: new PgRecords(db),
    webhooks: new PgWebhooks(db),
    audit: new PgAudit(db),
    maintenance: new PgMaintenance(db),
  };
}

/** The same repositories with every call going through `around`. */
function intercept(
  repos: Repositories,
  around: (repo: RepoName, method: string, call: AnyMethod, args: unknown[]) => Promise<unknown>,
): Repositories {
  const out: Record<string, Record<string, AnyMethod>> = {};
  for (const [name, repo] of Object.entries(repos) as [RepoName, object][]) {
    const methods: Record<string, AnyMethod> = {};
    for (const m of Object.getOwnPropertyNames(Object.getPrototypeOf(repo))) {
      const fn = (repo as Record<string, unknown>)[m];
      if (m === 'constructor' || typeof fn !== 'function') continue;
      const call = fn.bind(repo) as AnyMethod;
      methods[m] = (...args) => around(name, m, call, args);
    }
    out[name] = methods;
  }
  return out as unknown as Repositories;
}

export interface PostgresStorageOptions {
  /** Connections in the pool (default 10); a transaction holds one until it ends. */
  maxConnections?: number;
}

/**
 * The PostgreSQL driver: drizzle pg-core over Bun's built-in `Bun.SQL` pool. Calls run concurrently on
 * pooled connections; a transaction holds one connection (see {@link Storage.transaction}).
 */
class PostgresStorage implements Storage {
  readonly driver = 'postgres';
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
  readonly sharedCounters: SharedCounters;
  readonly leadership: PgLeadership;
  private readonly context = new TransactionContext<Transaction>();
  private closed = false;

  constructor(
    private readonly db: PgDb,
    private readonly client: SQL,
    readonly location: string,
    readonly changes: PgChangeFeed,
  ) {
    this.tables = pgTables(db, () => this.assertOpen());
    const repos = intercept(bindRepos(db), (repo, method, call, args) => this.call(repo, method, call, args));
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
    this.sharedCounters = new PgSharedCounters(client);
    this.leadership = new PgLeadership(client);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The database is closed');
  }

  /** Runs a call on the pool, or in the transaction the caller is part of. */
  private async call(repo: RepoName, method: string, call: AnyMethod, args: unknown[]): Promise<unknown> {
    const joined = this.context.current(this);
    if (joined) return (joined.repos[repo] as unknown as Record<string, AnyMethod>)[method]?.(...args);
    this.assertOpen();
    const result = await call(...args);
    if (!READS[repo].includes(method)) this.changes.touch();
    return result;
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const joined = this.context.current(this);
    if (joined) return fn(joined.repos);
    this.assertOpen();
    const state = { owner: this, open: true, afterCommit: [] } as unknown as OpenTransaction<Transaction>;
    const guard = () => {
      if (!state.open) throw transactionOver();
    };
    let result: T;
    try {
      result = await this.db.transaction(async (txDb) => {
        state.repos = {
          ...intercept(bindRepos(txDb), (_repo, _method, call, args) => {
            guard();
            return call(...args);
          }),
          tables: pgTables(txDb, guard),
          afterCommit: (cb) => {
            guard();
            state.afterCommit.push(cb);
          },
        };
        return this.context.enter(state, () => fn(state.repos));
      });
    } finally {
      state.open = false;
    }
    this.changes.touch();
    runAfterCommit(state.afterCommit);
    return result;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.client`SELECT 1`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.leadership.close();
    await this.changes.stop();
    await this.client.close({ timeout: 5 });
  }
}

/**
 * Connects to PostgreSQL at `url` (`postgres://user:pass@host:port/db`), applies pending migrations and
 * starts the change feed. The database named in the URL is used even when `PGDATABASE` is set.
 */
export async function openPostgresStorage(url: string, opts: PostgresStorageOptions = {}): Promise<Storage> {
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const client = new SQL({
    url,
    ...(database ? { database } : {}),
    max: opts.maxConnections ?? 10,
    connection: { application_name: 'docserve' },
  });
  try {
    await migratePostgres(client, PG_MIGRATIONS);
    const changes = new PgChangeFeed(client);
    await changes.start();
    return new PostgresStorage(drizzle({ client, schema }), client, redactUrl(url), changes);
  } catch (err) {
    await client.close({ timeout: 0 });
    throw err;
  }
}
