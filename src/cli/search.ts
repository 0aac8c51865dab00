import type { CAC } from 'cac';
import { type ConfigFlags, loadConfig } from '../config.ts';
import type { Services } from '../services.ts';
import { CliError, printJson } from './output.ts';

interface SearchFlags extends ConfigFlags {
  project?: string;
  json?: boolean;
  limit?: string | number;
}

/** Plain-text form of a snippet: marks shown as [brackets] (or bold on a terminal), entities decoded. */
export function plainSnippet(html: string, tty = false): string {
  return html
    .replace(/<mark>/g, tty ? '\x1b[1m' : '[')
    .replace(/<\/mark>/g, tty ? '\x1b[22m' : ']')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Registers `docserve search "query" [--project ID] [--json]`. */
export function registerSearchCommand(cli: CAC): void {
  cli
    .command('search <query>', 'Search document names and text (Thai and English) in the data directory')
    .option('--project <id>', 'Search one project (default: every project)')
    .option('--limit <n>', 'Results to show (default 20)')
    .option('--json', 'Print JSON')
    .action(async (query: string, flags: SearchFlags) => {
      const limit = flags.limit === undefined ? 20 : Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new CliError('--limit must be an integer between 1 and 1000');
      if (!query.trim()) throw new CliError('Give the text to search for: docserve search "query"');
      const { openServices } = await import('../services.ts');
      const s = await openServices(loadConfig(flags));
      try {
        const projects = flags.project
          ? [await s.tenancy.project(String(flags.project))]
          : await s.tenancy.listProjects(undefined);
        if (projects.some((p) => !p)) throw new CliError(`Project ${flags.project} not found`, 1);
        await s.startSearch({ wait: true, answerBeforeBodyCheck: true });
        let failure: unknown;
        try {
          await answer(s, projects as { id: string }[], query, limit, flags.json === true);
        } catch (err) {
          failure = err;
        }
        if (!((await s.search.snapshotIntact?.()) ?? true)) throw corruptSnapshot(failure === undefined);
        if (failure !== undefined) throw failure;
      } finally {
        await s.close();
      }
    });
}

/** Searches the projects and prints the hits (names, scores, snippets) as text or JSON. */
async function answer(
  s: Services,
  projects: { id: string }[],
  query: string,
  limit: number,
  json: boolean,
): Promise<void> {
  let total = 0;
  let partial = false;
  const hits = [];
  for (const p of projects) {
    const projectId = (p as { id: string }).id;
    const r = await s.search.search({ projectId, q: query, limit });
    total += r.total;
    partial ||= r.partial;
    hits.push(...r.hits.map((h) => ({ ...h, projectId })));
  }
  hits.sort((a, b) => b.score - a.score);
  const rows = [];
  for (const h of hits.slice(0, limit))
    rows.push({
      document_id: h.documentId,
      project_id: h.projectId,
      name: (await s.documents.find(h.projectId, h.documentId))?.name ?? null,
      score: h.score,
      fields: h.fields,
      snippet: h.snippet,
    });
  if (json) {
    printJson({ total, partial, hits: rows });
    return;
  }
  if (!rows.length) {
    console.log('No documents match.');
    return;
  }
  const tty = process.stdout.isTTY === true;
  console.log(`${total} document(s) match${total > rows.length ? `, showing ${rows.length}` : ''}:`);
  for (const r of rows) {
    console.log(`\n${r.name ?? '(unnamed)'}  ${r.document_id}  score ${r.score}`);
    console.log(`  ${plainSnippet(r.snippet, tty)}`);
  }
}

/**
 * The error a search ends with when the snapshot's body turned out corrupt after the answer was given
 * from it (the index has meanwhile been rebuilt from the database, and is saved on close).
 */
function corruptSnapshot(answered: boolean): CliError {
  return new CliError(
    `The search index snapshot is corrupt (checksum mismatch)${answered ? ': the results above may be wrong' : ''}. ` +
      'The index was rebuilt from the database; run the search again.',
    1,
  );
}
