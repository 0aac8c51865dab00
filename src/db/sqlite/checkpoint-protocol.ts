/** What the main thread asks the WAL checkpoint worker (checkpoint-worker.ts). */
export type CheckpointRequest =
  | { id: number; type: 'start'; path: string; intervalMs: number }
  | { id: number; type: 'checkpoint' }
  | { id: number; type: 'stop' };

/** The worker's answer to the request with the same id. */
export interface CheckpointReply {
  id: number;
  ok: boolean;
  error?: string;
}
