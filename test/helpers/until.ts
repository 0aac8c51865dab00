/**
 * Polls `fn` every 100 ms until it returns a value (not undefined); throws naming `what` after `ms`. The
 * limit only turns a hang into a named failure: it is generous (5 min) so a loaded machine never hits it.
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 300_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(100);
  }
}
