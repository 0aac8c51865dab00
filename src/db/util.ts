/** Rows changed by a drizzle `.run()` on bun:sqlite (typed `void` by drizzle, an object at run time). */
export function changes(result: unknown): number {
  return (result as { changes?: number } | undefined)?.changes ?? 0;
}

/** Per document, its jobs' ids and statuses in id order: the version `JobsRepository.documentsTouchedSince` returns. */
export function jobVersions(rows: { documentId: string; id: string; status: string }[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const r of [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const list = out.get(r.documentId) ?? [];
    list.push(`${r.id}:${r.status}`);
    out.set(r.documentId, list);
  }
  return new Map([...out].map(([id, jobs]) => [id, jobs.join(' ')]));
}
