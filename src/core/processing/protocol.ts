import type { ErrorCode } from '../../errors.ts';

/** A task for a processing worker. */
export interface TaskRequest {
  id: number;
  task: string;
  args: unknown;
}

/** A processing worker's answer: the result, or the error (an AppError's code and details kept). */
export type TaskReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code?: ErrorCode; details?: unknown } };
