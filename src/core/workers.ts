import { existsSync } from 'node:fs';

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
