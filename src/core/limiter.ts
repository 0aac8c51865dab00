/**
 * At most `size` tasks at once, across every caller, started in the order they asked (a FIFO
 * semaphore). Shared by callers that would otherwise each keep their own quota (e.g. the pages of every
 * file being read by one OCR engine).
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
