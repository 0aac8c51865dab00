import { t } from 'elysia';
import {
  type Actor,
  AppError,
  type DialectApi,
  type DocumentQuery,
  type DocumentView,
  dialectRouter,
  fileResponse,
  listParam,
} from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { jsonQuery, missing, q } from '../envelope.ts';
import { type Columns, filterRows, searchRegex, sortKeys, sortRows } from '../grid.ts';
import { documentItem, stateOf, uploadedItem } from '../mappers.ts';

/** Extensions DocRouter accepts on upload. */
const ALLOWED_EXTENSIONS = [
  '.pdf',
  '.docx',
  '.doc',
  '.csv',
  '.xls',
  '.xlsx',
  '.txt',
  '.md',
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.bmp',
  '.tiff',
  '.tif',
];

/** The upload path, whose JSON bodies carry whole files in base64. */
export const UPLOAD_PATH = /\/v0\/orgs\/[^/]+\/documents\/?$/;

export const actorOf = (caller: DocRouterCaller): Actor => ({
  keyId: caller.principal.keyId,
  label: caller.principal.label,
});

function checkExtension(name: string): void {
  const ext = /(\.[^./\\]*)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (!ALLOWED_EXTENSIONS.includes(ext))
    throw new AppError('bad_request', `Unsupported file extension ${ext}: ${name}`);
}

/** Plain base64 or a data URL; null when it is not valid base64 (wrong padding, foreign characters). */
export function decodeBase64(content: string): Uint8Array | null {
  let s = content.startsWith('data:') ? content.slice(content.indexOf(',') + 1) : content;
  if (/\s/.test(s)) s = s.replace(/\s+/g, '');
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(s, 'base64');
  return bytes.length === (s.length / 4) * 3 - pad ? bytes : null;
}

const pyList = (items: string[]) => `[${items.map((i) => `'${i}'`).join(', ')}]`;

/** 400 `Invalid tag IDs: [...]` unless every id is a tag of the organization. */
export async function assertTagIds(api: DialectApi, projectId: string, ids: string[]): Promise<void> {
  const unknown: string[] = [];
  for (const id of new Set(ids)) if (!(await api.tags.find(projectId, id))) unknown.push(id);
  if (unknown.length) throw new AppError('bad_request', `Invalid tag IDs: ${pyList(unknown)}`);
}

/** Every live document matching a core filter, newest first. */
async function allDocuments(api: DialectApi, filter: DocumentQuery) {
  const out: DocumentView[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { items } = await api.documents.list(filter, { offset, limit: 1000 });
    out.push(...items);
    if (items.length < 1000) return out;
  }
}

/** `metadata_search=k=v,k2=v2`; each pair is URL-decoded once more (the Python SDK encodes twice). */
function metadataSearch(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    let pair = part.trimStart();
    try {
      pair = decodeURIComponent(pair);
    } catch {}
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}

type Row = { doc: DocumentView; state: string };

const COLUMNS: Columns<Row> = {
  document_name: { kind: 'text', get: (r) => r.doc.name },
  uploaded_by: { kind: 'text', get: (r) => r.doc.uploadedBy },
  state: { kind: 'text', get: (r) => r.state },
  upload_date: { kind: 'date', get: (r) => r.doc.createdAt },
  tag_ids: { kind: 'tags', get: (r) => r.doc.tags.map((t) => t.id) },
};
const SORT_ALIASES = { documentName: 'document_name', uploadDate: 'upload_date', uploadedBy: 'uploaded_by' };

async function listDocuments(api: DialectApi, projectId: string, query: Record<string, string | undefined>) {
  const skip = q.int(query, 'skip', 0, 0);
  const limit = q.int(query, 'limit', 10, 1, 1000);
  const sortModel = jsonQuery(query.sort, 'sort');
  const filterModel = jsonQuery(query.filters, 'filters');
  const keys = sortKeys(sortModel, Object.keys(COLUMNS), SORT_ALIASES);
  const filter = {
    projectId,
    tagIds: listParam(query.tag_ids),
    metadata: metadataSearch(query.metadata_search),
  };
  const simpleSort = keys.every((k) => k.field === 'upload_date' || k.field === 'document_name');
  if (!query.name_search && filterModel === undefined && simpleSort) {
    const sort = keys.map((k) => ({
      field: k.field === 'document_name' ? ('name' as const) : ('created_at' as const),
      dir: k.desc ? ('desc' as const) : ('asc' as const),
    }));
    if (sort.length && !sort.some((s) => s.field === 'created_at'))
      sort.push({ field: 'created_at', dir: 'desc' });
    const { items, total } = await api.documents.list(filter, { offset: skip, limit, sort });
    const documents = [];
    for (const d of items) documents.push(documentItem(d, await stateOf(d, api), api));
    return {
      documents,
      total_count: total,
      skip,
    };
  }
  let rows: Row[] = [];
  for (const doc of await allDocuments(api, filter)) rows.push({ doc, state: await stateOf(doc, api) });
  if (query.name_search) {
    const re = searchRegex(query.name_search);
    rows = rows.filter((r) => re.test(r.doc.name));
    if (!keys.length) {
      const needle = query.name_search.toLowerCase();
      const rank = (r: Row) => {
        const name = r.doc.name.toLowerCase();
        return name === needle ? 0 : name.startsWith(needle) ? 1 : 2;
      };
      rows = rows
        .map((r, i) => ({ r, i, k: rank(r) }))
        .sort((a, b) => a.k - b.k || a.i - b.i)
        .map((x) => x.r);
    }
  }
  const tagNames = new Map((await api.tags.all(projectId)).map((t) => [t.id, t.name]));
  rows = filterRows(rows, filterModel, COLUMNS, (id) => tagNames.get(id));
  if (keys.length) {
    if (!keys.some((k) => k.field === 'upload_date')) keys.push({ field: 'upload_date', desc: true });
    rows = sortRows(rows, keys, COLUMNS);
  }
  return {
    documents: rows.slice(skip, skip + limit).map((r) => documentItem(r.doc, r.state, api)),
    total_count: rows.length,
    skip,
  };
}

function parseJsonField<T>(
  raw: string | undefined,
  name: string,
  check: (v: unknown) => v is T,
): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', `Invalid ${name}: not valid JSON`);
  }
  if (!check(value)) throw new AppError('bad_request', `Invalid ${name}: wrong JSON type`);
  return value;
}
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
const isStringMap = (v: unknown): v is Record<string, string> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

const uploadBody = t.Object({
  documents: t.Array(
    t.Object({
      name: t.String(),
      content: t.String(),
      tag_ids: t.Optional(t.Array(t.String())),
      metadata: t.Optional(t.Nullable(t.Record(t.String(), t.String()))),
    }),
  ),
});

const updateBody = t.Object({
  document_name: t.Optional(t.Nullable(t.String())),
  tag_ids: t.Optional(t.Nullable(t.Array(t.String()))),
  metadata: t.Optional(t.Nullable(t.Record(t.String(), t.String()))),
});

/** Documents: base64 and multipart upload, list, get, file, update, delete. */
export function documentRoutes(api: DialectApi) {
  return (
    dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/documents' })
      .post(
        '',
        async ({ caller, body }) => {
          const projectId = orgOf(caller);
          await assertTagIds(
            api,
            projectId,
            body.documents.flatMap((d) => d.tag_ids ?? []),
          );
          const decoded = body.documents.map((d) => {
            checkExtension(d.name);
            const bytes = decodeBase64(d.content);
            if (!bytes)
              throw new AppError(
                'bad_request',
                `Invalid base64 content: the content of '${d.name}' is not valid base64 (or a base64 data URL)`,
              );
            if (bytes.length > api.config.maxUploadBytes)
              throw new AppError(
                'payload_too_large',
                `${d.name} exceeds the ${Math.round(api.config.maxUploadBytes / 1048576)} MB limit`,
              );
            return { ...d, bytes };
          });
          const created: string[] = [];
          const out: ReturnType<typeof uploadedItem>[] = [];
          try {
            for (const d of decoded) {
              const document = await api.documents.uploadBytes({
                projectId,
                filename: d.name,
                bytes: d.bytes,
                tagIds: d.tag_ids ?? [],
                metadata: d.metadata ?? {},
                source: 'api',
                actor: actorOf(caller),
              });
              created.push(document.id);
              out.push(uploadedItem(document));
            }
          } catch (err) {
            for (const id of created) await api.documents.purge(projectId, id).catch(() => {});
            throw err;
          }
          return { documents: out };
        },
        { body: uploadBody, detail: { summary: 'Upload documents as base64 JSON (several per call)' } },
      )
      .post(
        '/multipart',
        async ({ caller, request }) => {
          const projectId = orgOf(caller);
          return api.uploads.receive(request, async (form) => {
            const file = form.file('file');
            if (!file) {
              if (form.fields.file) throw new AppError('bad_request', 'The uploaded file has no filename');
              throw missing(['body', 'file']);
            }
            const tagIds = parseJsonField(form.field('tag_ids'), 'tag_ids', isStringArray) ?? [];
            const metadata = parseJsonField(form.field('metadata'), 'metadata', isStringMap) ?? {};
            checkExtension(file.filename);
            await assertTagIds(api, projectId, tagIds);
            const document = await api.documents.upload({
              projectId,
              file,
              filename: form.field('name')?.trim() || file.filename,
              tagIds,
              metadata,
              source: 'api',
              actor: actorOf(caller),
            });
            return { document: uploadedItem(document) };
          });
        },
        { detail: { summary: 'Upload one document (multipart: file, name, tag_ids, metadata)' } },
      )
      .get('', ({ caller, query }) => listDocuments(api, orgOf(caller), query))
      .get('/:document_id', async ({ caller, params, query }) => {
        const projectId = orgOf(caller);
        const fileType = q.oneOf(query, 'file_type', ['original', 'pdf'] as const, 'original');
        const include = q.bool(query, 'include_content', true);
        const doc = await api.documents.get(projectId, params.document_id);
        const file = await api.documents.file(projectId, doc.id, fileType);
        return {
          ...documentItem(doc, await stateOf(doc, api), api),
          type: file.mime,
          content: include ? Buffer.from(await file.bytes()).toString('base64') : null,
        };
      })
      .get('/:document_id/file', async ({ caller, params, query, request }) => {
        const projectId = orgOf(caller);
        const fileType = q.oneOf(query, 'file_type', ['original', 'pdf'] as const, 'pdf');
        const doc = await api.documents.get(projectId, params.document_id);
        return fileResponse(await api.documents.file(projectId, doc.id, fileType), { request });
      })
      .put(
        '/:document_id',
        async ({ caller, params, body }) => {
          const projectId = orgOf(caller);
          const doc = await api.documents.get(projectId, params.document_id);
          const name = body.document_name ?? undefined;
          const tagIds = body.tag_ids ?? undefined;
          const metadata = body.metadata ?? undefined;
          if (name === undefined && tagIds === undefined && metadata === undefined)
            return { message: 'No updates provided' };
          if (tagIds) await assertTagIds(api, projectId, tagIds);
          await api.documents.update(projectId, doc.id, { name, tagIds, metadata }, actorOf(caller));
          return { message: 'Document updated successfully' };
        },
        { body: updateBody },
      )
      .delete('/:document_id', async ({ caller, params }) => {
        await api.documents.trash(orgOf(caller), params.document_id, actorOf(caller));
        return { message: 'Document deleted successfully' };
      })
      // DocRouter's REST API page uploads with `POST /documents/upload`, a route its server does not have:
      // the path matches `/documents/{document_id}`, so FastAPI answers 405. So does docserve.
      .post(
        '/:document_id',
        () => {
          throw new AppError('method_not_allowed', 'Method Not Allowed', {
            headers: { Allow: 'GET, PUT, DELETE' },
          });
        },
        { detail: { hide: true } },
      )
  );
}
