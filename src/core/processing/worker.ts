/**
 * A processing worker entry (embedded in the binary as an extra entry point, see scripts/build.ts): runs
 * the tasks of ./tasks.ts for the main thread, one message per task, so reading text, office files and
 * e-mail and the extraction rules never hold the server's event loop.
 */
import { AppError } from '../../errors.ts';
import type { TaskReply, TaskRequest } from './protocol.ts';
import { runTaskHere, type TaskName } from './tasks.ts';
import { lowerWorkerPriority } from '../workers.ts';

declare const self: Worker;

lowerWorkerPriority();

/** The buffers of a result that move to the main thread instead of being copied. */
function transferables(task: TaskName, result: unknown): ArrayBuffer[] {
  if (task === 'email')
    return (result as { attachments: { content: ArrayBuffer }[] }).attachments.map((a) => a.content);
  if (task === 'pdfImage')
    return [(result as { gray: { data: Uint8Array } }).gray.data.buffer as ArrayBuffer];
  return [];
}

self.onmessage = async (event: MessageEvent<TaskRequest>) => {
  const { id, task, args } = event.data;
  let reply: TaskReply;
  try {
    const result = await runTaskHere(task as TaskName, args as never);
    reply = { id, ok: true, result };
  } catch (err) {
    const e = err as Error;
    reply = {
      id,
      ok: false,
      error: {
        message: e?.message ?? String(err),
        code: err instanceof AppError ? err.code : undefined,
        details: err instanceof AppError ? err.details : undefined,
      },
    };
  }
  self.postMessage(reply, reply.ok ? transferables(task as TaskName, reply.result) : []);
};
