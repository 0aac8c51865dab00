import { AsyncLocalStorage } from 'node:async_hooks';

/** An open transaction of a storage, as seen by code running inside its callback. */
export interface OpenTransaction<R> {
  readonly owner: object;
  /** The transaction's repositories. */
  repos: R;
  open: boolean;
  readonly afterCommit: (() => void)[];
}

/**
 * Which transaction the current async call chain runs in. A call on a storage from inside one of its
 * own transactions joins that transaction instead of waiting for it to end (it never would).
 */
export class TransactionContext<R> {
  private readonly als = new AsyncLocalStorage<OpenTransaction<R>>();

  /** The open transaction of `owner` this call chain is part of, if any. */
  current(owner: object): OpenTransaction<R> | undefined {
    const t = this.als.getStore();
    return t?.open && t.owner === owner ? t : undefined;
  }

  /**
   * Runs `body` as the open transaction `tx` (the driver has begun it and commits or rolls back after).
   * The transaction counts as ended as soon as `body` settles.
   */
  async enter<T>(tx: OpenTransaction<R>, body: () => Promise<T>): Promise<T> {
    try {
      return await this.als.run(tx, body);
    } finally {
      tx.open = false;
    }
  }
}

/** Runs the after-commit callbacks in order; the first error is rethrown once all of them ran. */
export function runAfterCommit(callbacks: (() => void)[]): void {
  let failure: unknown;
  for (const fn of callbacks)
    try {
      fn();
    } catch (err) {
      failure ??= err;
    }
  if (failure !== undefined) throw failure;
}

/** Thrown when a transaction's repositories are used after it ended. */
export function transactionOver(): Error {
  return new Error('This transaction has ended; its repositories cannot be used any more');
}

/**
 * A FIFO queue of exclusive sections. `busy` is true while a section runs or waits, so callers that
 * only need "nothing exclusive is going on" can go ahead at once when it is false.
 */
export class SerialGate {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  get busy(): boolean {
    return this.pending > 0;
  }

  async exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => {
      release = r;
    });
    this.pending++;
    try {
      await previous;
      return await fn();
    } finally {
      this.pending--;
      release();
    }
  }
}
