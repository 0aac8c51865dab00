import type { ChangeFeed } from '../../db/port/index.ts';
import type { IndexSync, SearchIndex } from './types.ts';

/** How far this node's index is behind the documents other nodes indexed (for /healthz). */
export interface FollowStatus {
  /** Milliseconds since the oldest change not applied yet; 0 when caught up. */
  behind_ms: number;
  /** When the index last finished applying other nodes' changes (epoch ms), null before the first time. */
  applied_at: number | null;
}

/**
 * Keeps this node's search index in step with documents indexed by other nodes: when another process
 * commits job rows (an index job finishing), the index applies the documents indexed since it last
 * looked, one pass at a time (changes arriving during a pass start one more pass after it).
 */
export class ChangeFollower {
  private since: number;
  private running: Promise<void> | undefined;
  private again = false;
  private pendingSince: number | undefined;
  private appliedAt: number | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    changes: ChangeFeed,
    private readonly search: SearchIndex,
    private readonly sync: IndexSync,
    private readonly now: () => number,
    private readonly log: (msg: string) => void,
  ) {
    this.since = now();
    this.unsubscribe = search.follow
      ? changes.subscribe(({ tables }) => {
          if (!tables.length || tables.includes('jobs')) this.follow();
        })
      : () => {};
  }

  status(): FollowStatus {
    return {
      behind_ms: this.pendingSince === undefined ? 0 : Math.max(0, this.now() - this.pendingSince),
      applied_at: this.appliedAt,
    };
  }

  stop(): void {
    this.unsubscribe();
  }

  private follow(): void {
    this.pendingSince ??= this.now();
    if (this.running) {
      this.again = true;
      return;
    }
    const from = this.since;
    this.since = this.now();
    this.running = (this.search.follow?.(from, this.sync) ?? Promise.resolve())
      .then(() => {
        this.appliedAt = this.now();
        if (!this.again) this.pendingSince = undefined;
      })
      .catch((err) => {
        this.since = from;
        this.log(
          `search: following other nodes failed (tried again on the next change): ${(err as Error).message}`,
        );
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.follow();
        }
      });
  }
}
