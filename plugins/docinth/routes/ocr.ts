import { t } from 'elysia';
import {
  AppError,
  type DialectApi,
  type DocumentView,
  dialectRouter,
  type PageView,
} from '../../../src/plugin-api.ts';
import type { DocinthCaller } from '../auth.ts';
import { bare, show } from '../ids.ts';
import { OCR_STATUS, round3, toTesseractLanguage } from '../mappers.ts';

const DEFAULT_WAIT_S = 25;

function blocksOf(pages: PageView[]) {
  return pages.flatMap((p) =>
    p.blocks.map((b) => ({
      page: p.pageNo,
      text: b.text,
      bbox: b.bbox.map((v) => Math.round(v)),
      confidence: round3(b.confidence),
    })),
  );
}

function needsRun(doc: DocumentView, lang: string): boolean {
  if (doc.ocrStatus === 'stored') return true;
  if (doc.ocrStatus !== 'completed' && doc.ocrStatus !== 'failed') return false;
  const used = doc.ocrLang ?? 'tha+eng';
  return (doc.kind === 'pdf' || doc.kind === 'image') && used !== lang;
}

/**
 * `POST /v2/ocr/extract`: text, confidence and blocks of a document. When OCR has not run (or ran with
 * another language) it is started; the call waits up to `wait_seconds` (default 25) and otherwise
 * answers 202 with the job state so the client can retry.
 */
export function extractRoute(api: DialectApi) {
  return dialectRouter<DocinthCaller>().post(
    '/ocr/extract',
    async ({ caller, body }) => {
      const format = body.output_format ?? 'json';
      if (format !== 'json' && format !== 'text')
        throw new AppError('bad_request', 'output_format must be json or text');
      const lang = toTesseractLanguage(body.language ?? 'th+en');
      if (!lang) throw new AppError('bad_request', 'language must be th, en or th+en');
      const id = bare('document', body.document_id);
      let doc = await api.documents.get(caller.projectId, id);
      if (needsRun(doc, lang))
        await api.documents.reprocess(caller.projectId, id, { lang }, { keyId: caller.principal.keyId });
      doc = await api.documents.waitForProcessing(
        caller.projectId,
        id,
        (body.wait_seconds ?? DEFAULT_WAIT_S) * 1000,
      );
      if (doc.ocrStatus === 'failed')
        throw new AppError('unprocessable', `OCR failed: ${doc.ocrError ?? 'unknown error'}`);
      if (doc.ocrStatus !== 'completed') {
        const job = await api.documents.processingJob(caller.projectId, doc.id);
        return new Response(
          JSON.stringify({
            document_id: show('document', doc.id),
            ocr_status: OCR_STATUS[doc.ocrStatus as keyof typeof OCR_STATUS],
            job: job ? { status: job.status, attempts: job.attempts, progress: job.progress } : null,
            message: 'OCR is still running; call again shortly',
          }),
          { status: 202, headers: { 'content-type': 'application/json; charset=utf-8', 'Retry-After': '5' } },
        );
      }
      const pages = await api.documents.pages(caller.projectId, id);
      const text = pages.map((p) => p.text).join('\n');
      if (format === 'text')
        return new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
      return {
        text,
        pages: pages.length,
        confidence: doc.confidence === null ? null : round3(doc.confidence),
        processing_time_ms:
          doc.ocrStartedAt && doc.ocrCompletedAt ? doc.ocrCompletedAt - doc.ocrStartedAt : 0,
        blocks: blocksOf(pages),
      };
    },
    {
      body: t.Object({
        document_id: t.String({ minLength: 1 }),
        language: t.Optional(t.String()),
        output_format: t.Optional(t.String()),
        wait_seconds: t.Optional(t.Number({ minimum: 0, maximum: 120 })),
      }),
      detail: { summary: 'OCR text, confidence and blocks of a document (runs OCR when needed)' },
    },
  );
}
