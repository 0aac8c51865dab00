/**
 * Runs `burst` until one run fell inside a single rate-limit window, and returns what that run got.
 * Rate limits count in fixed windows of the server's clock (this machine's): a burst that straddles a
 * window boundary on a slow machine is counted in two windows, so "N allowed, then 429" would not hold.
 * `burst` must use a fresh key each run and assert nothing itself (assert on what it returns).
 */
export async function inOneWindow<T>(windowMs: number, burst: () => Promise<T>): Promise<T> {
  for (;;) {
    const window = Math.floor(Date.now() / windowMs);
    const got = await burst();
    if (Math.floor(Date.now() / windowMs) === window) return got;
  }
}
