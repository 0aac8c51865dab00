/**
 * The WAL checkpoint worker (embedded in the binary as an extra entry point, see scripts/build.ts): on
 * its own connection to the database file it copies committed WAL frames into the database every few
 * hundred milliseconds (a PASSIVE checkpoint: it never waits for or blocks readers and writers), so the
 * main thread's commits only append to the WAL. Messages: {@link CheckpointRequest} in, one
 * {@link CheckpointReply} per request out.
 */
import { Database } from 'bun:sqlite';
import { lowerWorkerPriority } from '../../core/workers.ts';
import type { CheckpointReply, CheckpointRequest } from './checkpoint-protocol.ts';

declare const self: Worker;

lowerWorkerPriority();

let db: Database | undefined;
let timer: ReturnType<typeof setInterval> | undefined;
let lastError: string | undefined;

function checkpoint(): void {
  try {
    db?.exec('PRAGMA wal_checkpoint(PASSIVE)');
    lastError = undefined;
  } catch (err) {
    lastError = (err as Error).message;
  }
}

self.onmessage = (event: MessageEvent<CheckpointRequest>) => {
  const msg = event.data;
  let reply: CheckpointReply;
  try {
    if (msg.type === 'start') {
      db = new Database(msg.path, { readwrite: true, create: false });
      timer = setInterval(checkpoint, msg.intervalMs);
    } else if (msg.type === 'checkpoint') checkpoint();
    else {
      clearInterval(timer);
      db?.close();
      db = undefined;
    }
    reply = { id: msg.id, ok: lastError === undefined, error: lastError };
  } catch (err) {
    reply = { id: msg.id, ok: false, error: (err as Error).message };
  }
  self.postMessage(reply);
};
