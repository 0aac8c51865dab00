import {
  AppError,
  contentDisposition,
  type DialectApi,
  dialectRouter,
  type ExportFormat,
  fileResponse,
  intParam,
  parseDateParam,
} from '../../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from '../auth.ts';
import { type History, type OcrivaStatus, originOf, STATUSES } from '../history.ts';
import { Validator } from '../validate.ts';

/** Content types of the processing-history page, per export format. */
export const RESULT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const FORMATS = Object.keys(RESULT_TYPES) as ExportFormat[];

/**
 * `GET /processing-history` (filters `status`, `templateId`, `fromDate`, `toDate`, `search`, `batchId`;
 * `page`, `limit` default 10), `/stats`, `/:id`, `/:id/result?format=` and the `/:id/file` extension.
 */
export function processingRoutes(api: DialectApi, history: History) {
  return dialectRouter<OcrivaCaller>()
    .get('/processing-history', async ({ caller, query, request }) => {
      const projectId = await projectOf(api, caller);
      const v = new Validator(query);
      const status = v.string('status', { oneOf: STATUSES }) as OcrivaStatus | undefined;
      const templateId = v.string('templateId', { max: 200 });
      const batchId = v.string('batchId', { max: 200 });
      const search = v.string('search', { max: 200 });
      v.done();
      const page = intParam(query.page, 'page', 1, 1, 1_000_000);
      const limit = intParam(query.limit, 'limit', 10, 1, 100);
      const filter = {
        status,
        templateId: templateId?.toLowerCase(),
        batchId: batchId?.toLowerCase(),
        search,
        createdFrom: parseDateParam(query.fromDate, 'fromDate'),
        createdBefore: parseDateParam(query.toDate, 'toDate', true),
      };
      const { data, total } = await history.list(projectId, filter, page, limit, originOf(request));
      return { data, pagination: { page, limit, total, pages: Math.ceil(total / limit) } };
    })
    .get('/processing-history/stats', async ({ caller }) => {
      return history.stats(await projectOf(api, caller));
    })
    .get('/processing-history/:id', async ({ caller, params, request }) => {
      return history.get(await projectOf(api, caller), params.id, originOf(request));
    })
    .get('/processing-history/:id/result', async ({ caller, params, query, request }) => {
      const projectId = await projectOf(api, caller);
      const v = new Validator(query);
      const requested = v.string('format', { oneOf: FORMATS }) as ExportFormat | undefined;
      v.done();
      const record = await history.get(projectId, params.id, originOf(request));
      if (record.status !== 'completed')
        throw new AppError(
          'conflict',
          record.status === 'failed'
            ? `Processing failed, there is no result: ${record.errorMessage}`
            : `The result is not ready yet (status: ${record.status})`,
        );
      const format =
        requested ?? (FORMATS.includes(record.resultFormat as ExportFormat) ? record.resultFormat : 'json');
      const schemaKey = (await history.info(projectId, record.id))?.data.schemaKey ?? 'generic';
      const out = await api.exports.render(projectId, record.id, format as ExportFormat, { schemaKey });
      return new Response(out.body as BodyInit, {
        headers: {
          'content-type': RESULT_TYPES[format as ExportFormat],
          'content-disposition': contentDisposition(out.filename),
        },
      });
    })
    .get('/processing-history/:id/file', async ({ caller, params, request }) => {
      const projectId = await projectOf(api, caller);
      const doc = await history.document(projectId, params.id);
      return fileResponse(await api.documents.file(projectId, doc.id), { request });
    });
}
