/**
 * Polls `fn` until it returns a value (not undefined); throws naming `what` after `ms`. The limit only
 * turns a hang into a named failure: it is generous (5 min) so a loaded machine never hits it. Polls
 * start 100 ms apart and slow down to one every 2 s, the way a well-behaved client polls: a long wait
 * on a slow machine must not spend the dialects' per-minute request limits (Ocriva allows 60).
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 300_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (let pause = 100; ; pause = Math.min(2_000, Math.round(pause * 1.5))) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(pause);
  }
}
