import {
  AppError,
  type DialectApi,
  type DocumentView,
  dialectRouter,
  iso,
  type PageView,
} from '../../../src/plugin-api.ts';
import { actorOf } from './documents.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { q } from '../envelope.ts';
import { textractBlocks } from '../textract.ts';

/** Kinds DocRouter sends through OCR (office files and text skip it there). */
const OCR_KINDS = ['pdf', 'image'];

/** A document of the organization with its OCR pages; 404 when it has none. */
async function ocrPages(
  api: DialectApi,
  caller: DocRouterCaller,
  documentId: string,
): Promise<{ doc: DocumentView; pages: PageView[] }> {
  const projectId = orgOf(caller);
  const doc = await api.documents.get(projectId, documentId);
  if (!OCR_KINDS.includes(doc.kind))
    throw new AppError('not_found', 'OCR not supported for this document extension');
  const pages = doc.ocrStatus === 'completed' ? await api.documents.pages(projectId, doc.id) : [];
  if (!pages.length) throw new AppError('not_found', 'OCR data not found');
  return { doc, pages };
}

/** OCR JSON (plain, or gzip with `Content-Encoding: gzip`), cacheable for an hour like DocRouter's. */
function ocrJson(body: unknown, format: string): Response {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cache-control': 'private, max-age=3600',
  };
  if (format !== 'gzip') return new Response(text, { headers });
  return new Response(Bun.gzipSync(text), { headers: { ...headers, 'content-encoding': 'gzip' } });
}

const paragraphs = (p: PageView) =>
  p.blocks.length ? p.blocks.map((b) => b.lines.map((l) => l.text).join('\n')) : p.text.split(/\n{2,}/);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** OCR: run, download (Textract JSON, legacy flat blocks, text, metadata) and markdown/html exports. */
export function ocrRoutes(api: DialectApi) {
  const textResponse = (body: string, type: string) =>
    new Response(body, { headers: { 'content-type': `${type}; charset=utf-8` } });

  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/ocr' })
    .post('/run/:document_id', async ({ caller, params, query }) => {
      const projectId = orgOf(caller);
      const force = q.bool(query, 'force', true);
      q.bool(query, 'ocr_only', false);
      const doc = await api.documents.get(projectId, params.document_id);
      if (!OCR_KINDS.includes(doc.kind))
        throw new AppError('bad_request', 'Document type does not support OCR');
      if (force || doc.ocrStatus === 'stored' || doc.ocrStatus === 'failed')
        await api.documents.reprocess(projectId, doc.id, {}, actorOf(caller));
      return { status: 'queued', document_id: doc.id };
    })
    .get('/download/json/:document_id', async ({ caller, params, query }) => {
      const format = q.oneOf(query, 'format', ['plain', 'gzip'] as const, 'plain');
      const { doc, pages } = await ocrPages(api, caller, params.document_id);
      return ocrJson(
        { Blocks: textractBlocks(doc.id, pages), DocumentMetadata: { Pages: pages.length } },
        format,
      );
    })
    .get('/download/blocks/:document_id', async ({ caller, params, query }) => {
      const format = q.oneOf(query, 'format', ['plain', 'gzip'] as const, 'plain');
      const { doc, pages } = await ocrPages(api, caller, params.document_id);
      return ocrJson(textractBlocks(doc.id, pages), format);
    })
    .get('/download/text/:document_id', async ({ caller, params, query }) => {
      const projectId = orgOf(caller);
      const pageNum = query.page_num ? q.int(query, 'page_num', 1, 1) : undefined;
      const doc = await api.documents.get(projectId, params.document_id);
      const pages = doc.ocrStatus === 'completed' ? await api.documents.pages(projectId, doc.id) : [];
      const chosen = pageNum === undefined ? pages : pages.filter((p) => p.pageNo === pageNum);
      if (!chosen.length) throw new AppError('not_found', 'OCR text not found');
      return textResponse(chosen.map((p) => p.text).join('\n'), 'text/plain');
    })
    .get('/download/metadata/:document_id', async ({ caller, params }) => {
      const doc = await api.documents.get(orgOf(caller), params.document_id);
      if (doc.ocrStatus !== 'completed') throw new AppError('not_found', 'OCR metadata not found');
      return { n_pages: doc.pageCount ?? 0, ocr_date: iso(doc.ocrCompletedAt), ocr_type: api.ocr.engine };
    })
    .get('/export/markdown/:document_id', async ({ caller, params }) => {
      const { pages } = await ocrPages(api, caller, params.document_id);
      const md = pages.map((p) => paragraphs(p).join('\n\n')).join('\n\n');
      return textResponse(`${md}\n`, 'text/markdown');
    })
    .get('/export/html/:document_id', async ({ caller, params }) => {
      const { doc, pages } = await ocrPages(api, caller, params.document_id);
      const body = pages
        .map(
          (p) =>
            `<div class="page" data-page="${p.pageNo}">\n${paragraphs(p)
              .map((para) => `<p>${escapeHtml(para).replaceAll('\n', '<br>')}</p>`)
              .join('\n')}\n</div>`,
        )
        .join('\n');
      return textResponse(
        `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(doc.name)}</title></head><body>\n${body}\n</body></html>\n`,
        'text/html',
      );
    });
}
