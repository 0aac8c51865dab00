import { expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnOcrWorker } from '../../src/core/ocr/engine.ts';
import { spawnProcessingWorker } from '../../src/core/processing/pool.ts';
import { spawnSearchWorker } from '../../src/core/search/worker-client.ts';

/** Nice value of each thread of this process, by thread id (Linux /proc). */
function threadNice(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name: state is field 3, nice is field 19.
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended while listing.
    }
  }
  return out;
}

// A CPU-bound worker (OCR, reading text, indexing) must give way to the thread that answers requests
// when the cores are busy: each worker thread lowers its own priority by 10 nice levels, the main
// thread keeps its own.
test.skipIf(process.platform !== 'linux')(
  'OCR, processing and search workers run 10 nice levels below the main thread',
  async () => {
    const main = threadNice().get(process.pid) as number;
    for (const spawn of [spawnProcessingWorker, spawnSearchWorker, spawnOcrWorker]) {
      const before = new Set(threadNice().keys());
      const worker = spawn();
      try {
        let lowered: number[] = [];
        for (let i = 0; i < 6000 && !lowered.length; i++) {
          await Bun.sleep(10);
          lowered = [...threadNice()]
            .filter(([tid, nice]) => !before.has(tid) && nice === Math.min(19, main + 10))
            .map(([tid]) => tid);
        }
        expect(lowered.length).toBeGreaterThan(0);
      } finally {
        worker.terminate();
      }
    }
    expect(threadNice().get(process.pid)).toBe(main);
  },
  120_000,
);
