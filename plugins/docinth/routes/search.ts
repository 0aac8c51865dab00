import { Elysia } from 'elysia';
import { AppError, type DialectServices, intParam, parseDateParam } from '../../../src/plugin-api.ts';
import type { DocinthCaller } from '../index.ts';
import { documentItem, round3 } from '../mappers.ts';

const TYPES = ['pdf', 'docx', 'xlsx', 'image'];

/** `GET /v2/search`: Thai/English full-text search over names and content, with snippets and scores. */
export function searchRoute(api: DialectServices) {
  return new Elysia().get('/search', (ctx) => {
    const { caller, query } = ctx as typeof ctx & { caller: DocinthCaller };
    const q = (query.q ?? '').trim();
    if (!q) throw new AppError('bad_request', 'q is required (Thai or English search terms)');
    if (query.type && !TYPES.includes(query.type))
      throw new AppError('bad_request', `type must be one of ${TYPES.join(', ')}`);
    const page = intParam(query.page, 'page', 1, 1, 100_000);
    const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
    const result = api.search.search({
      projectId: caller.projectId,
      q,
      kinds: query.type ? [query.type] : undefined,
      createdFrom: parseDateParam(query.from, 'from'),
      createdBefore: parseDateParam(query.to, 'to', true),
      offset: (page - 1) * perPage,
      limit: perPage,
    });
    const data = result.hits.flatMap((hit) => {
      const doc = api.documents.find(caller.projectId, hit.documentId);
      if (!doc || doc.deletedAt) return [];
      return [{ ...documentItem(api.documents.view(doc)), snippet: hit.snippet, score: round3(hit.score) }];
    });
    return { data, meta: { total: result.total, page, per_page: perPage, partial: result.partial } };
  });
}
