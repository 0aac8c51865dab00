import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, coreCount } from './config.ts';
import { AppError } from './errors.ts';
import { createRepos, type Db, openDatabase, type Repos } from './db/index.ts';
import type { Storage } from './db/port/index.ts';
import { WalCheckpointer } from './db/sqlite/checkpointer.ts';
import { sqliteStorage } from './db/sqlite/storage.ts';
import { openStorage } from './db/storage.ts';
import { parseDatabaseUrl } from './db/url.ts';
import { KeyService } from './core/auth/keys.ts';
import { TokenService } from './core/auth/tokens.ts';
import { type BlobFs, BlobStore, type BlobStorage } from './core/blobs.ts';
import { openBlobDriver, openS3Snapshots } from './core/blobs/open.ts';
import { ContentReaders } from './core/content.ts';
import { emailReader } from './core/content/email.ts';
import { DerivedPdfs } from './core/derived-pdf.ts';
import { DocumentStates, INDEX_JOB } from './core/document-state.ts';
import { DocumentService } from './core/documents.ts';
import { AuditService, EventBus } from './core/events.ts';
import { documentInspector, type FileInspector } from './core/files/inspect.ts';
import { type MultipartBody, type MultipartLimits, parseMultipart } from './core/files/multipart.ts';
import { randomToken } from './core/ids.ts';
import { JobQueue, JobRunner } from './core/jobs.ts';
import { acquireDataDirLock } from './core/lock.ts';
import { createOcrEngine } from './core/ocr/index.ts';
import { buildSearchablePdf } from './core/pdf/searchable.ts';
import type { OcrEngine } from './core/ocr/types.ts';
import { DocumentPipeline } from './core/pipeline.ts';
import { type Processing, ProcessingPool } from './core/processing/pool.ts';
import { RateLimiter } from './core/ratelimit.ts';
import { ReadCache } from './core/read-cache.ts';
import { RecordsService } from './core/records.ts';
import { MemorySearchIndex } from './core/search/search-index.ts';
import { PublisherElection } from './core/search/publisher-election.ts';
import { ChangeFollower, type FollowStatus } from './core/search/follow.ts';
import type { IndexedDocument, IndexSync, SearchIndex, SearchStartOptions } from './core/search/types.ts';
import { TagService } from './core/tags.ts';
import { TenancyService } from './core/tenancy.ts';
import { TextRevision } from './core/text-revision.ts';
import { WEBHOOK_JOB, WebhookService } from './core/webhooks/service.ts';
import type { HostResolver } from './core/webhooks/ssrf.ts';
import { ExtractionService } from './core/extract/service.ts';
import { type ExportFacade, ExportService, type SearchablePdfBuilder } from './core/export/service.ts';
import type { ExtractionFacade } from './core/extract/types.ts';

export type { ExportFacade } from './core/export/service.ts';
export type { ExtractionFacade } from './core/extract/types.ts';

/** Replaceable parts, for tests and fault injection. */
export interface ServiceOverrides {
  ocr?: OcrEngine;
  extraction?: ExtractionFacade;
  exports?: ExportFacade;
  search?: SearchIndex;
  inspector?: FileInspector;
  blobFs?: BlobFs;
  /** The blob driver (the data directory's by default, or the one `config.blobs` names). */
  blobs?: BlobStorage;
  now?: () => number;
  log?: (msg: string) => void;
  /** Builds searchable PDFs for the pdf export (the OCR engine's `buildSearchablePdf`). */
  searchablePdf?: SearchablePdfBuilder;
  /** Resolves webhook host names (the system resolver by default). */
  resolveHost?: HostResolver;
  /** Where processing tasks run (a pool of worker threads by default). */
  processing?: Processing;
}

/** Every service, built once per process by {@link createServices}. */
export interface Services {
  config: Config;
  /** SQLite only (backup, tests): the synchronous repositories; throws on PostgreSQL. */
  readonly repos: Repos;
  /**
   * The storage port over the same connection as {@link repos}. Every service uses it; only the search
   * index's snippet text and backup still read the synchronous repositories (see the README's storage
   * section).
   */
  storage: Storage;
  blobs: BlobStore;
  keys: KeyService;
  tokens: TokenService;
  tenancy: TenancyService;
  audit: AuditService;
  events: EventBus;
  jobs: JobQueue;
  runner: JobRunner;
  webhooks: WebhookService;
  documents: DocumentService;
  tags: TagService;
  /** PDF renditions of image documents (made on first request). */
  pdfs: DerivedPdfs;
  readers: ContentReaders;
  /** Worker threads for the CPU-heavy processing steps (text, office files, e-mail, extraction rules). */
  processing: Processing;
  pipeline: DocumentPipeline;
  ocr: OcrEngine;
  search: SearchIndex;
  records: RecordsService;
  /** Field extraction (rules engine, optional LLM) and its `document.extract` job. */
  extraction: ExtractionFacade;
  /** Result exports (json, text, xml, html, csv, docx, pdf). */
  exports: ExportFacade;
  rateLimiter: RateLimiter;
  /** Memoized read responses, invalidated by any database write. */
  cache: ReadCache;
  /** Streams a multipart request to disk (default limits from the configuration). */
  parseUpload(request: Request, limits?: Partial<MultipartLimits>): Promise<MultipartBody>;
  log(msg: string): void;
  /** Starts background work (jobs, index). Only the server calls this; the admin CLI does not. */
  start(): Promise<void>;
  /**
   * Loads the search index (snapshot + catch-up, or a rebuild from the database). {@link start} does
   * this; one-shot commands call it with `wait` to get a complete index without starting jobs.
   */
  startSearch(options?: Pick<SearchStartOptions, 'wait' | 'answerBeforeBodyCheck'>): Promise<void>;
  /** Where SQLite's WAL checkpoints run: in their worker thread once started, else on the main thread. */
  walCheckpoints(): 'worker' | 'main';
  /** How far the search index is behind other nodes' indexing (null until the server started). */
  searchFollowing(): FollowStatus | null;
  /**
   * Runs `hook` first when the services close (the server stops its dialect plugins this way, while
   * the database is still open).
   */
  onClose(hook: () => Promise<void>): void;
  /** Stops background work gracefully and closes the database. */
  close(): Promise<void>;
}

/** The open database the services run on. */
interface OpenedDatabase {
  storage: Storage;
  /** The secret that signs tokens (made on first start). */
  secret: string;
  /** The SQLite connection (the WAL checkpointer, backups and tests use it); absent on PostgreSQL. */
  sqlite?: { db: Db; path: string; repos: Repos };
}

const TOKEN_SECRET = 'token_secret';

/**
 * The composition root on SQLite: opens the database in the data directory, applies migrations and
 * wires every service. Nothing starts running until {@link Services.start}. {@link openServices} opens
 * either driver.
 */
export function createServices(config: Config, overrides: ServiceOverrides = {}): Services {
  const loc = parseDatabaseUrl(config.database);
  if (loc.driver !== 'sqlite')
    throw new AppError('internal', 'createServices opens SQLite only; use openServices for PostgreSQL');
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(loc.path, { busyTimeoutMs: config.dbBusyTimeoutMs });
  const repos = createRepos(db);
  const secret = repos.settings.getOrCreate(TOKEN_SECRET, () => randomToken(48));
  const storage = sqliteStorage(db, config.database);
  return wireServices(config, overrides, { storage, secret, sqlite: { db, path: loc.path, repos } });
}

/**
 * Opens the database the configuration names (`sqlite:` or `postgres://`), applies migrations and wires
 * every service. Nothing starts running until {@link Services.start}.
 */
export async function openServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  if (parseDatabaseUrl(config.database).driver === 'sqlite') return createServices(config, overrides);
  mkdirSync(config.dataDir, { recursive: true });
  const storage = await openStorage(config.database);
  try {
    const secret = await storage.settings.getOrCreate(TOKEN_SECRET, () => randomToken(48));
    return wireServices(config, overrides, { storage, secret });
  } catch (err) {
    await storage.close();
    throw err;
  }
}

function wireServices(config: Config, overrides: ServiceOverrides, opened: OpenedDatabase): Services {
  const now = overrides.now ?? Date.now;
  const log = overrides.log ?? ((msg: string) => config.verbose && console.error(msg));
  const { storage, secret, sqlite } = opened;
  let checkpointer: Promise<WalCheckpointer | undefined> | undefined;
  let walCheckpointer: WalCheckpointer | undefined;
  let following = (): FollowStatus | null => null;
  const blobs = new BlobStore(
    config.dataDir,
    overrides.blobFs,
    overrides.blobs ??
      (config.blobs.driver === 'local'
        ? undefined
        : openBlobDriver(config.blobs, config.dataDir, join(config.dataDir, 'tmp'))),
  );
  if (blobs.store.driver === 'local') mkdirSync(blobs.root, { recursive: true });
  mkdirSync(blobs.tmpDir, { recursive: true });

  const clock = storage.changes;
  const keys = new KeyService(storage.keys, storage.tenancy, clock, now);
  const tokens = new TokenService(secret, keys, now);
  const tenancy = new TenancyService(storage, keys, clock, now);
  const audit = new AuditService(storage.audit, now);
  const events = new EventBus(storage, audit, now);
  const jobs = new JobQueue(storage, { maxAttempts: config.jobs.maxAttempts }, now);
  const runner = new JobRunner(storage.jobs, jobs, { ...config.jobs }, log, now);
  const webhooks = new WebhookService(storage, jobs, config.webhooks, now, overrides.resolveHost);
  events.subscribe(webhooks.onEvent);
  const states = new DocumentStates(storage, events, jobs);
  const inspector = overrides.inspector ?? documentInspector(config.ocr.maxPixels);
  const documents = new DocumentService(
    storage,
    blobs,
    jobs,
    states,
    inspector,
    { lang: config.ocr.lang },
    now,
  );
  const tags = new TagService(storage, now);
  const pdfs = new DerivedPdfs(storage, blobs);
  const processing = overrides.processing ?? new ProcessingPool({ size: Math.min(2, coreCount()) });
  const ocr = overrides.ocr ?? createOcrEngine(config, processing);
  const readers = new ContentReaders(ocr, processing);
  readers.register(
    'email',
    emailReader(documents, {
      maxBytes: config.maxUploadBytes,
      parse: (path) => processing.run('email', { path }),
      page: (raw) => processing.run('page', { raw }),
    }),
  );
  const sharedSnapshots =
    config.blobs.driver === 's3' && !overrides.blobs ? openS3Snapshots(config.blobs) : undefined;
  // Nodes sharing the database and the bucket elect the one that publishes snapshots.
  const publisherDuty = sharedSnapshots ? storage.leadership : undefined;
  const memoryIndex = overrides.search
    ? undefined
    : new MemorySearchIndex({
        dir: join(config.dataDir, 'index'),
        loadText: (id) => storage.pages.fullText(id),
        log,
        now,
        snapshotDelayMs: config.index?.snapshotDelayMs,
        publishEveryMs: config.index?.publishEveryMs,
        shared: sharedSnapshots,
        elected: !!publisherDuty,
      });
  const search = overrides.search ?? (memoryIndex as MemorySearchIndex);
  const pipeline = new DocumentPipeline(storage, blobs, states, readers, search, now);
  const indexEntries = async (ids: string[]): Promise<IndexedDocument[]> => {
    const rows = new Map((await storage.documents.getManyUnscoped(ids)).map((d) => [d.id, d]));
    const live = ids.flatMap((id) => {
      const doc = rows.get(id);
      return doc && !doc.deletedAt ? [doc] : [];
    });
    return pipeline.indexables(live);
  };
  async function* allDocuments(): AsyncIterable<IndexedDocument[]> {
    for (let ids = await storage.documents.liveIdsAfter('', 500); ids.length; ) {
      yield await indexEntries(ids);
      ids = await storage.documents.liveIdsAfter(ids.at(-1) as string, 500);
    }
  }
  const searchSync: IndexSync = {
    changedSince: (since) => storage.jobs.documentsTouchedSince(INDEX_JOB, since),
    load: indexEntries,
    liveCount: () => storage.documents.countAllLive(),
  };
  let searchStarted: Promise<void> | undefined;
  const startSearch = (options: Pick<SearchStartOptions, 'wait' | 'answerBeforeBodyCheck'> = {}) =>
    (searchStarted ??= search.start(allDocuments, { sync: searchSync, ...options }));
  const records = new RecordsService(storage.records, now);
  const extraction = new ExtractionService(
    storage,
    documents,
    states,
    events,
    jobs,
    config.llm,
    now,
    log,
    (pages) => processing.run('extract', { pages }),
  );
  const exports = new ExportService(documents, extraction, overrides.searchablePdf ?? buildSearchablePdf);
  const rateLimiter = new RateLimiter(now, storage.sharedCounters, log);
  const cache = new ReadCache(clock);

  const textRevision = new TextRevision(storage, blobs, jobs, states, config.ocr.maxPixels, log);

  pipeline.register(runner, config.ocr.workers);
  textRevision.register(runner);
  // A replaced extraction facade (tests' stand-in) must not have the real engine running behind it.
  if (!overrides.extraction) extraction.register(runner, pipeline);
  runner.register(WEBHOOK_JOB, (job, ctx) => webhooks.deliver(String(job.payload.deliveryId), ctx.signal), {
    concurrency: 4,
    backoffMs: (attempt) => webhooks.backoff(attempt),
    onDead: (job, error) => webhooks.markDead(String(job.payload.deliveryId), error),
  });

  const closeHooks: (() => Promise<void>)[] = [];
  let releaseLock: (() => void) | undefined;
  let started = false;
  let closed = false;

  return {
    config,
    get repos() {
      if (!sqlite)
        throw new AppError(
          'not_implemented',
          `The synchronous SQLite repositories do not exist on ${storage.driver}`,
        );
      return sqlite.repos;
    },
    storage,
    blobs,
    keys,
    tokens,
    tenancy,
    audit,
    events,
    jobs,
    runner,
    webhooks,
    documents,
    tags,
    pdfs,
    readers,
    processing,
    pipeline,
    ocr,
    search,
    records,
    extraction: overrides.extraction ?? extraction,
    exports: overrides.exports ?? exports,
    rateLimiter,
    cache,
    log,
    startSearch,
    walCheckpoints: () => (walCheckpointer?.running ? 'worker' : 'main'),
    searchFollowing: () => following(),
    parseUpload: (request, limits) =>
      parseMultipart(request, blobs, { maxFileBytes: config.maxUploadBytes, ...limits }),
    async start() {
      if (started) return;
      releaseLock = acquireDataDirLock(config.dataDir);
      started = true;
      if (sqlite && sqlite.path !== ':memory:')
        checkpointer = WalCheckpointer.start(sqlite.db.$client, sqlite.path).then(
          (c) => {
            walCheckpointer = c;
            return c;
          },
          (err) => {
            log(`database: WAL checkpoints stay on the main thread: ${(err as Error).message}`);
            return undefined;
          },
        );
      await blobs.sweepTemp(60 * 60 * 1000, now());
      await storage.webhooks.resetProcessing(now());
      await startSearch();
      const follower = new ChangeFollower(storage.changes, search, searchSync, now, log);
      following = () => follower.status();
      closeHooks.push(async () => follower.stop());
      if (memoryIndex && publisherDuty) {
        const election = new PublisherElection(
          publisherDuty,
          (publisher) => memoryIndex.setPublisher(publisher),
          config.index?.electionMs ?? 10_000,
          log,
        );
        closeHooks.push(() => election.stop());
        await election.start();
      }
      await textRevision.schedule();
      await runner.start();
    },
    onClose(hook) {
      closeHooks.push(hook);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const hook of closeHooks) await hook();
      if (started) await runner.stop();
      await search.close();
      await ocr.close();
      await processing.close();
      await (await checkpointer)?.stop();
      await storage.close();
      sqlite?.db.$client.close();
      releaseLock?.();
    },
  };
}
