import {
  AppError,
  type DialectApi,
  dialectRouter,
  intParam,
  parseDateParam,
} from '../../../src/plugin-api.ts';
import type { DocinthCaller } from '../auth.ts';
import { documentItem, round3 } from '../mappers.ts';

const TYPES = ['pdf', 'docx', 'xlsx', 'image'];

/** `GET /v2/search`: Thai/English full-text search over names and content, with snippets and scores. */
export function searchRoute(api: DialectApi) {
  return dialectRouter<DocinthCaller>().get('/search', async ({ caller, query }) => {
    const q = (query.q ?? '').trim();
    if (!q) throw new AppError('bad_request', 'q is required (Thai or English search terms)');
    if (query.type && !TYPES.includes(query.type))
      throw new AppError('bad_request', `type must be one of ${TYPES.join(', ')}`);
    const page = intParam(query.page, 'page', 1, 1, 100_000);
    const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
    const result = await api.search.search({
      projectId: caller.projectId,
      q,
      kinds: query.type ? [query.type] : undefined,
      createdFrom: parseDateParam(query.from, 'from'),
      createdBefore: parseDateParam(query.to, 'to', true),
      offset: (page - 1) * perPage,
      limit: perPage,
    });
    const data = [];
    for (const hit of result.hits) {
      const doc = await api.documents.find(caller.projectId, hit.documentId);
      if (doc && !doc.deletedAt)
        data.push({ ...documentItem(doc), snippet: hit.snippet, score: round3(hit.score) });
    }
    return { data, meta: { total: result.total, page, per_page: perPage, partial: result.partial } };
  });
}
