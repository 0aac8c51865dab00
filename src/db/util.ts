/** Rows changed by a drizzle `.run()` on bun:sqlite (typed `void` by drizzle, an object at run time). */
export function changes(result: unknown): number {
  return (result as { changes?: number } | undefined)?.changes ?? 0;
}
