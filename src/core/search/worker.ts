/**
 * The search worker (embedded in the binary, see scripts/build.ts): analyzes documents for indexing,
 * merges segments into snapshot files and checks snapshot checksums, so none of that runs on the main
 * thread. Messages: {@link WorkerRequest} in, {@link WorkerReply} out.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { analyzeBatch, batchBuffers } from './analyze.ts';
import { FileSegment, verifyBody, type WriterInput, writeSegment } from './segment-file.ts';
import { Tokenizer } from './tokenize.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';
import { lowerWorkerPriority } from '../workers.ts';

declare const self: Worker;

lowerWorkerPriority();

const tokenizer = new Tokenizer();

function handle(msg: WorkerRequest): { reply: WorkerReply; transfer?: ArrayBuffer[] } {
  switch (msg.type) {
    case 'analyze': {
      const batch = analyzeBatch(tokenizer, msg.names, msg.texts);
      return { reply: { id: msg.id, ok: true, batch }, transfer: batchBuffers(batch) };
    }
    case 'verify':
      return { reply: { id: msg.id, ok: true, valid: verifyBody(Bun.mmap(msg.path, { shared: false })) } };
    case 'merge': {
      const inputs: WriterInput[] = [];
      if (msg.base) {
        const base = new FileSegment(Bun.mmap(msg.base, { shared: false }));
        if (msg.baseAlive) base.alive.set(msg.baseAlive.subarray(0, base.size));
        inputs.push({ seg: base });
      }
      if (msg.delta.length) {
        const bytes = new Uint8Array(msg.delta.reduce((n, c) => n + c.byteLength, 0));
        let at = 0;
        for (const c of msg.delta) {
          bytes.set(new Uint8Array(c), at);
          at += c.byteLength;
        }
        inputs.push({ seg: new FileSegment(bytes) });
      }
      const tmp = `${msg.target}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w');
      try {
        const gen = writeSegment(inputs, msg.strings, msg.createdAt, { write: (b) => void writeSync(fd, b) });
        let r = gen.next();
        while (!r.done) r = gen.next();
        fsyncSync(fd);
        closeSync(fd);
        renameSync(tmp, msg.target);
        return { reply: { id: msg.id, ok: true, bytes: r.value.bytes } };
      } catch (err) {
        closeSync(fd);
        rmSync(tmp, { force: true });
        throw err;
      }
    }
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const msg = event.data;
  try {
    const { reply, transfer } = handle(msg);
    self.postMessage(reply, transfer ?? []);
  } catch (err) {
    self.postMessage({ id: msg.id, ok: false, error: (err as Error).message } satisfies WorkerReply);
  }
};
