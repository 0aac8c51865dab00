import type { AnalyzedBatch } from './analyze.ts';

/** What the main thread asks the search worker (worker.ts). */
export type WorkerRequest =
  | { id: number; type: 'analyze'; names: string[]; texts: string[] }
  | { id: number; type: 'verify'; path: string }
  | {
      id: number;
      type: 'merge';
      /** Snapshot file to merge in first, with the liveness of its slots now. */
      base?: string;
      baseAlive?: Uint8Array;
      /** A segment image written on the main thread (transferred chunks), merged in after the base. */
      delta: ArrayBuffer[];
      strings: string[];
      createdAt: number;
      /** Where the merged snapshot goes (written to a temp file, synced, then renamed). */
      target: string;
    };

/** The worker's answer to the request with the same id. */
export type WorkerReply =
  | { id: number; ok: true; batch: AnalyzedBatch }
  | { id: number; ok: true; valid: boolean }
  | { id: number; ok: true; bytes: number }
  | { id: number; ok: false; error: string };
