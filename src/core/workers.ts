import { existsSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Starts a worker thread from one of the entries listed in `WORKER_ENTRIES` of scripts/build.ts. Inside
 * the binary the entry is embedded under the common root of all entry points (`src/` today, the
 * repository root if an entry outside `src/` is ever added) and opened by that path; from source,
 * `source` (the entry's URL next to its caller) is opened.
 *
 * @param entry the entry's path below `src/`, without extension (`core/ocr/worker`)
 */
export function spawnWorker(entry: string, source: URL): Worker {
  if (Bun.embeddedFiles.length > 0) {
    const embedded = [`/$bunfs/root/${entry}.js`, `/$bunfs/root/src/${entry}.js`].find((p) => existsSync(p));
    if (embedded) return new Worker(embedded);
  }
  return new Worker(source.href);
}

/** How many nice levels a worker thread runs below the thread that serves requests. */
export const WORKER_NICE = 10;

/**
 * Lowers the calling worker thread's CPU priority by {@link WORKER_NICE} (Linux, where each thread has
 * its own nice value; elsewhere it does nothing). When every core is busy the scheduler then runs the
 * main thread's event loop first and the background work of the workers (OCR, reading text, indexing)
 * gets the rest, so a CPU-bound ingest does not make requests wait for a core. Call it once at the top
 * of a worker entry. Returns the thread's new nice value, or undefined when it was left alone.
 */
export function lowerWorkerPriority(): number | undefined {
  if (process.platform !== 'linux' || Bun.isMainThread) return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return undefined;
    const nice = Math.min(19, getPriority(tid) + WORKER_NICE);
    setPriority(tid, nice);
    return nice;
  } catch {
    return undefined;
  }
}
