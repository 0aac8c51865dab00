import type { Leadership } from '../../db/port/index.ts';

/** The duty's name among the nodes of one database. */
export const PUBLISHER_DUTY = 'search.publish-snapshots';

/**
 * Elects the one node of a cluster that publishes search index snapshots to the bucket: every
 * `everyMs` each node tries to take the duty (a PostgreSQL advisory lock) or checks it still holds it.
 * When the publisher stops or dies, another node takes over on its next try. Tells `onChange` when this
 * node became or stopped being the publisher.
 */
export class PublisherElection {
  private timer: ReturnType<typeof setInterval> | undefined;
  private publisher = false;
  private trying: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly leadership: Leadership,
    private readonly onChange: (publisher: boolean) => void,
    private readonly everyMs: number,
    private readonly log: (msg: string) => void,
  ) {}

  /** Tries once now, then every `everyMs`. */
  async start(): Promise<void> {
    await this.tryNow();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.tryNow(), this.everyMs);
    this.timer.unref?.();
  }

  /** True while this node is the publisher. */
  get isPublisher(): boolean {
    return this.publisher;
  }

  /** Stops trying and hands the duty over (another node takes it on its next try). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.trying;
    if (this.publisher) this.set(false);
    await this.leadership.release(PUBLISHER_DUTY);
  }

  private tryNow(): Promise<void> {
    this.trying ??= this.leadership
      .hold(PUBLISHER_DUTY)
      .then((held) => {
        if (!this.stopped && held !== this.publisher) this.set(held);
      })
      .finally(() => {
        this.trying = undefined;
      });
    return this.trying;
  }

  private set(publisher: boolean): void {
    this.publisher = publisher;
    this.log(
      publisher
        ? 'search: this node publishes the index snapshots (elected)'
        : 'search: this node no longer publishes the index snapshots',
    );
    this.onChange(publisher);
  }
}
