import { t } from 'elysia';
import { AppError, type DocumentView, dialectRouter } from '../../../src/plugin-api.ts';
import { answerPlan, type AskDoc, planQuestion } from '../ask.ts';
import { coreTypesOf, docfloType } from '../catalog.ts';
import type { Ctx, DocfloCaller } from '../context.ts';
import { type Fields, fieldTexts } from '../fields.ts';
import { statusOf } from '../mappers.ts';
import { contains, norm, takeTypes, words } from '../text.ts';
import { requireDocType } from '../types.ts';

const CANDIDATES = 500;
const ASK_LIMIT = 5000;
const TEXT_ONLY = 0.8;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Newest analyzed documents of the given types (all types when null). */
async function analyzedDocs(
  ctx: Ctx,
  projectId: string,
  types: string[] | null,
  limit: number,
): Promise<DocumentView[]> {
  const docTypes =
    types && !types.includes('unclassified') ? [...new Set(types.flatMap(coreTypesOf))] : undefined;
  const { items } = await ctx.api.documents.list(
    { projectId, docTypes, ocrStatuses: ['completed'] },
    { limit },
  );
  return items.filter((d) => !types || types.includes(docfloType(d.docType)));
}

/**
 * Share of the query's words a document matches, 0..1: each content word counts 1 when it is in a
 * field value or the file name and 0.8 when only in the text; each named document type counts 1 when
 * the document has that type.
 */
export function scoreDocument(
  terms: string[],
  typeTerms: string[],
  d: { type: string; name: string; text: string; fields: Fields | null },
) {
  const fields = d.fields ? fieldTexts(d.fields).map((f) => ({ name: f.name, text: norm(f.text) })) : [];
  const name = norm(d.name);
  const matchedFields = new Set<string>();
  let got = typeTerms.length && typeTerms.includes(d.type) ? 1 : 0;
  for (const term of terms) {
    const inFields = fields.filter((f) => contains(f.text, term));
    for (const f of inFields) matchedFields.add(f.name);
    if (inFields.length || contains(name, term)) got += 1;
    else if (contains(d.text, term)) got += TEXT_ONLY;
  }
  const total = terms.length + (typeTerms.length ? 1 : 0);
  return { score: total ? round3(got / total) : 0, matchedFields: [...matchedFields] };
}

function snippetOf(text: string, terms: string[]): string {
  const at = terms.map((w) => text.indexOf(w)).find((i) => i >= 0) ?? 0;
  const start = Math.max(0, at - 60);
  return `${start ? '…' : ''}${text.slice(start, start + 160).trim()}${start + 160 < text.length ? '…' : ''}`;
}

function parseModelIds(value: string | undefined): string[] | null {
  if (!value?.trim()) return null;
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ].map((v) => requireDocType(v, 'model_ids'));
}

/** `POST /docs/v1/document/ai/search` and `POST /docs/v1/document/ai/ask`. */
export function aiRoutes(ctx: Ctx) {
  const { api } = ctx;
  return dialectRouter<DocfloCaller>()
    .post(
      '/document/ai/search',
      async ({ caller, body }) => {
        const modelTypes = parseModelIds(body.model_ids);
        const named = takeTypes(norm(body.query));
        const terms = words(named.rest);
        if (!terms.length && !named.types.length)
          throw new AppError('bad_request', 'The query has no words to search for');
        const hits = new Map<string, string>();
        if (terms.length) {
          for (const term of terms)
            for (const h of (
              await api.search.search({ projectId: caller.projectId, q: term, limit: CANDIDATES })
            ).hits)
              if (!hits.has(h.documentId)) hits.set(h.documentId, h.snippet);
        }
        if (named.types.length)
          for (const d of await analyzedDocs(ctx, caller.projectId, named.types, CANDIDATES))
            if (!hits.has(d.id)) hits.set(d.id, '');
        const out = [];
        for (const [id, snippet] of hits) {
          const doc = await api.documents.find(caller.projectId, id);
          if (!doc || doc.deletedAt) continue;
          const type = docfloType(doc.docType);
          if (modelTypes && !modelTypes.includes(type)) continue;
          const fields = await ctx.results.ensure(caller.projectId, doc);
          const text = norm(await api.documents.text(caller.projectId, doc.id));
          const scored = scoreDocument(terms, named.types, { type, name: doc.name, text, fields });
          if (scored.score < body.score_threshold) continue;
          out.push({
            documentId: doc.id,
            score: scored.score,
            type,
            fileName: doc.name,
            status: statusOf(doc),
            snippet: snippet || snippetOf(text, terms),
            matchedFields: scored.matchedFields,
            createdAt: doc.createdAt,
          });
        }
        out.sort((a, b) => b.score - a.score || b.createdAt - a.createdAt);
        return out.slice(0, body.top ?? 20).map(({ createdAt: _c, ...r }) => r);
      },
      {
        body: t.Object({
          query: t.String({ minLength: 1, maxLength: 1000 }),
          score_threshold: t.Number({ minimum: 0, maximum: 1 }),
          model_ids: t.Optional(t.String({ maxLength: 1000 })),
          top: t.Optional(t.Integer({ minimum: 1, maximum: 100 })),
        }),
        detail: { summary: 'Thai/English retrieval over text and fields with a 0-1 score' },
      },
    )
    .post(
      '/document/ai/ask',
      async ({ caller, body }) => {
        const types = body.types?.length ? body.types.map((v) => requireDocType(v, 'types')) : undefined;
        const plan = planQuestion(body.query, new Date().toISOString().slice(0, 10), types);
        const docs: AskDoc[] = [];
        for (const doc of await analyzedDocs(ctx, caller.projectId, plan.types, ASK_LIMIT)) {
          const fields = await ctx.results.ensure(caller.projectId, doc);
          if (fields) docs.push({ doc, type: docfloType(doc.docType), fields });
        }
        return { query: body.query, ...answerPlan(plan, docs) };
      },
      {
        body: t.Object({
          query: t.String({ minLength: 1, maxLength: 1000 }),
          types: t.Optional(t.Array(t.String({ maxLength: 50 }), { maxItems: 18 })),
        }),
        detail: {
          summary: 'Answer a question over extracted fields (counts, sums, averages, min/max, lists)',
        },
      },
    );
}
