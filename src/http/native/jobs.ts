import { AppError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { intParam } from '../../plugin-api.ts';
import { jobJson, queryAll } from './shapes.ts';
import type { NativeApp } from './types.ts';

/** Job states: `dead` jobs failed their last attempt and wait for a retry. */
const JOB_STATUSES = ['queued', 'running', 'done', 'dead', 'cancelled'];

/** The project's background jobs (OCR, indexing, extraction, webhook delivery) and their retry. */
export function jobRoutes(app: NativeApp, api: Services): void {
  app
    .get(
      '/jobs',
      async ({ caller, query, request }) => {
        const statuses = queryAll(request, 'status');
        const unknown = statuses.filter((st) => !JOB_STATUSES.includes(st));
        if (unknown.length)
          throw new AppError('bad_request', `status must be one of ${JOB_STATUSES.join(', ')}`, {
            details: { unknown },
          });
        const page = intParam(query.page, 'page', 1, 1, 100_000);
        const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
        const { items, total } = await api.jobs.list(
          {
            projectId: caller.projectId,
            statuses,
            kinds: queryAll(request, 'kind'),
            documentId: query.document_id || undefined,
          },
          { offset: (page - 1) * perPage, limit: perPage },
        );
        return {
          data: items.map(jobJson),
          meta: { total, page, per_page: perPage, pages: Math.ceil(total / perPage) },
        };
      },
      {
        detail: {
          summary: `List the project's jobs, newest first: status (${JOB_STATUSES.join(', ')}), kind, document_id, page, per_page`,
        },
      },
    )
    .post(
      '/jobs/:id/retry',
      async ({ caller, params }) => ({ data: jobJson(await api.jobs.retry(caller.projectId, params.id)) }),
      { detail: { summary: 'Run a failed (dead) job again with fresh attempts; 409 when it is not dead' } },
    );
}
