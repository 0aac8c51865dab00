import {
  AppError,
  dialectRouter,
  intParam,
  iso,
  jsonObjectParam,
  parseDateParam,
} from '../../../src/plugin-api.ts';
import type { Ctx, DocfloCaller } from '../context.ts';

type Query = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined);

/** `metadata` as a JSON object (`metadata={"event":"ocr.completed"}`) or as `metadata[key]=value`. */
function metadataFilter(query: Query): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const nested = query.metadata;
  const given =
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? (nested as Record<string, unknown>)
      : jsonObjectParam(str(nested), 'metadata');
  for (const [k, v] of Object.entries(given ?? {})) out[k] = scalar(k, v);
  for (const [k, v] of Object.entries(query)) {
    const m = k.match(/^metadata(?:\[([^\]]+)\]|\.(.+))$/);
    if (m) out[(m[1] ?? m[2]) as string] = scalar(k, str(v));
  }
  return Object.keys(out).length ? out : undefined;
}

function scalar(key: string, v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new AppError('bad_request', `metadata.${key} must be a string, number or boolean`);
}

/** `GET /logs/v1/log`: the tenant's audit log (uploads, OCR, status changes, field edits, errors). */
export function logRoutes(ctx: Ctx) {
  return dialectRouter<DocfloCaller>().get(
    '/log',
    async ({ caller, query }) => {
      const q = query as Query;
      const skip = intParam(str(q.skip), 'skip', 0, 0, 10_000_000);
      const top = intParam(str(q.top), 'top', 100, 1, 1000);
      const { rows, total } = await ctx.api.audit.list({
        projectId: caller.projectId,
        type: str(q.type) || undefined,
        area: str(q.area) || undefined,
        subArea: str(q.subArea) || undefined,
        message: str(q.message) || undefined,
        documentId: str(q.documentId) || undefined,
        metadata: metadataFilter(q),
        from: parseDateParam(str(q.createdFrom), 'createdFrom', false, { dateTime: true }),
        before: parseDateParam(str(q.createdTo), 'createdTo', true, { dateTime: true }),
        offset: skip,
        limit: top,
      });
      const items = rows.map((r) => ({
        _id: r.id,
        type: r.type,
        area: r.area,
        subArea: r.subArea,
        message: r.message,
        metadata: r.metadata,
        documentId: r.documentId,
        userId: r.keyId,
        createdAt: iso(r.createdAt),
      }));
      return { items, total, skip, top };
    },
    { detail: { summary: 'Logs (type, area, subArea, message, metadata filters)' } },
  );
}
