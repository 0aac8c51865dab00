import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { type BlobsLocation, parseBlobsUrl, type S3Env } from './core/blobs/url.ts';
import { normalizeDatabaseUrl } from './db/url.ts';

/** Everything configurable about a docserve process. Built once by {@link loadConfig}. */
export interface Config {
  host: string;
  port: number;
  /** Absolute path of the data directory (SQLite database, blobs, index snapshot). */
  dataDir: string;
  /**
   * Where the database is: `sqlite:<absolute path>` (default: `docserve.db` in the data directory) or
   * `postgres://user:pass@host:port/db`.
   */
  database: string;
  /** Where originals and derived files live: the data directory (default) or an S3 bucket. */
  blobs: BlobsLocation;
  /** Upload limit in bytes (500 MB by default, the DOC.IN.TH limit). */
  maxUploadBytes: number;
  /** How long a write waits for the database lock before the request fails with 503. */
  dbBusyTimeoutMs: number;
  ocr: {
    workers: number;
    /** A page that takes longer is abandoned, its worker replaced and the page retried once. */
    pageTimeoutMs: number;
    /** Default languages for OCR jobs, tesseract style (`tha+eng`). */
    lang: string;
    /** Pixels above which an image is refused before decoding (image-bomb guard). */
    maxPixels: number;
    /**
     * Which tesseract reads pages: `native` (the system's libtesseract 5, in child processes),
     * `embedded` (WebAssembly in worker threads, always available) or `auto` (native when installed).
     */
    engine: 'auto' | 'native' | 'embedded';
  };
  jobs: {
    /** Attempts before a job is declared dead. */
    maxAttempts: number;
    /** Base of the exponential retry backoff. */
    backoffMs: number;
    /** A running job whose heartbeat is older than this is taken over again. */
    leaseMs: number;
    pollMs: number;
  };
  webhooks: {
    /** Allow deliveries to loopback/private addresses (off by default: SSRF guard). */
    allowPrivate: boolean;
    maxAttempts: number;
    timeoutMs: number;
    backoffMs: number;
  };
  /** Optional OpenAI-compatible endpoint used by extraction when rules cannot fill a field. */
  llm?: { url: string; model: string; apiKey?: string };
  /** Log requests and job activity to stderr. */
  verbose: boolean;
  /** Search index snapshots (defaults when absent). */
  index?: {
    /** A snapshot is written this long after the first unsaved change (default 30 s). */
    snapshotDelayMs: number;
    /** With blobs on S3: least time between two publications of this node's snapshot (default 10 min). */
    publishEveryMs: number;
    /**
     * With blobs on S3 and PostgreSQL: how often a node tries to become the one that publishes snapshots,
     * and the publisher checks it still is (default 10 s): a dead publisher's successor within this.
     */
    electionMs: number;
  };
}

/** Flags as parsed by the CLI; every field optional. */
export interface ConfigFlags {
  host?: string;
  port?: number | string;
  data?: string;
  /** Database URL (`sqlite:<file>` or `postgres://...`). */
  database?: string;
  /** Blob store: `local` or `s3://bucket/prefix`. */
  blobs?: string;
  ocrWorkers?: number | string;
  ocrEngine?: string;
  verbose?: boolean;
}

type Env = Record<string, string | undefined>;

/**
 * The number of cores. pdf.js replaces `navigator` when it loads, after which Bun's
 * `availableParallelism()` answers undefined, so fall back to counting the CPUs.
 */
export function coreCount(): number {
  const n = availableParallelism();
  return Number.isInteger(n) && n > 0 ? n : Math.max(1, cpus().length);
}

function num(v: string | number | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`Not a number: ${v}`);
  return n;
}

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined || v === '') return fallback;
  if (!allowed.includes(v as T)) throw new Error(`Not one of ${allowed.join(', ')}: ${v}`);
  return v as T;
}

function bool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined || v === '') return fallback;
  return /^(1|true|yes|on)$/i.test(v);
}

/** The `DOCSERVE_S3_*` settings: endpoint, region, keys and `DOCSERVE_S3_PATH_STYLE` (default on). */
export function s3EnvOf(env: Env): S3Env {
  return {
    endpoint: env.DOCSERVE_S3_ENDPOINT,
    region: env.DOCSERVE_S3_REGION,
    accessKeyId: env.DOCSERVE_S3_ACCESS_KEY_ID,
    secretAccessKey: env.DOCSERVE_S3_SECRET_ACCESS_KEY,
    pathStyle: bool(env.DOCSERVE_S3_PATH_STYLE, true),
  };
}

/**
 * Builds the configuration from CLI flags, then `DOCSERVE_*` environment variables, then defaults.
 * The data directory and a relative SQLite path are resolved against the current working directory,
 * never the binary location. A database URL that is neither `sqlite:` nor `postgres://` throws.
 */
export function loadConfig(flags: ConfigFlags = {}, env: Env = process.env): Config {
  const llmUrl = env.DOCSERVE_LLM_URL;
  const dataDir = resolve(flags.data ?? env.DOCSERVE_DATA ?? './data');
  const database = flags.database ?? env.DOCSERVE_DATABASE_URL;
  return {
    host: flags.host ?? env.DOCSERVE_HOST ?? '127.0.0.1',
    port: num(flags.port ?? env.DOCSERVE_PORT, 8080),
    dataDir,
    database: database ? normalizeDatabaseUrl(database) : `sqlite:${join(dataDir, 'docserve.db')}`,
    blobs: parseBlobsUrl(flags.blobs ?? env.DOCSERVE_BLOBS, s3EnvOf(env)),
    maxUploadBytes: num(env.DOCSERVE_MAX_UPLOAD_MB, 500) * 1024 * 1024,
    dbBusyTimeoutMs: num(env.DOCSERVE_DB_BUSY_TIMEOUT_MS, 5000),
    ocr: {
      workers: Math.max(1, num(flags.ocrWorkers ?? env.DOCSERVE_OCR_WORKERS, coreCount())),
      pageTimeoutMs: num(env.DOCSERVE_OCR_PAGE_TIMEOUT_MS, 180_000),
      lang: env.DOCSERVE_OCR_LANG ?? 'tha+eng',
      maxPixels: num(env.DOCSERVE_OCR_MAX_PIXELS, 200_000_000),
      engine: oneOf(
        flags.ocrEngine ?? env.DOCSERVE_OCR_ENGINE,
        ['auto', 'native', 'embedded'] as const,
        'auto',
      ),
    },
    jobs: {
      maxAttempts: num(env.DOCSERVE_JOB_MAX_ATTEMPTS, 5),
      backoffMs: num(env.DOCSERVE_JOB_BACKOFF_MS, 2_000),
      leaseMs: num(env.DOCSERVE_JOB_LEASE_MS, 60_000),
      pollMs: num(env.DOCSERVE_JOB_POLL_MS, 500),
    },
    webhooks: {
      allowPrivate: bool(env.DOCSERVE_WEBHOOK_ALLOW_PRIVATE, false),
      maxAttempts: num(env.DOCSERVE_WEBHOOK_MAX_ATTEMPTS, 8),
      timeoutMs: num(env.DOCSERVE_WEBHOOK_TIMEOUT_MS, 10_000),
      backoffMs: num(env.DOCSERVE_WEBHOOK_BACKOFF_MS, 5_000),
    },
    llm: llmUrl
      ? { url: llmUrl, model: env.DOCSERVE_LLM_MODEL ?? 'gpt-4o-mini', apiKey: env.DOCSERVE_LLM_KEY }
      : undefined,
    verbose: flags.verbose ?? bool(env.DOCSERVE_VERBOSE, false),
    index: {
      snapshotDelayMs: num(env.DOCSERVE_INDEX_SNAPSHOT_DELAY_MS, 30_000),
      publishEveryMs: num(env.DOCSERVE_INDEX_PUBLISH_MS, 10 * 60_000),
      electionMs: num(env.DOCSERVE_INDEX_ELECTION_MS, 10_000),
    },
  };
}
