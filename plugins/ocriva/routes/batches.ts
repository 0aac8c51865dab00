import { type DialectApi, dialectRouter, intParam } from '../../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from '../auth.ts';
import { BATCH_STATUSES, BATCHES, type BatchData, batchJson, finishBatch, requireBatch } from '../batches.ts';
import type { History } from '../history.ts';
import { Validator } from '../validate.ts';

/** `GET /batch` (paginated, `status` filter) and `GET /batch/:id`. */
export function batchRoutes(api: DialectApi, history: History) {
  return dialectRouter<OcrivaCaller>()
    .get('/batch', async ({ caller, query }) => {
      const projectId = await projectOf(api, caller);
      const v = new Validator(query);
      const status = v.string('status', { oneOf: BATCH_STATUSES });
      v.done();
      const page = intParam(query.page, 'page', 1, 1, 1_000_000);
      const limit = intParam(query.limit, 'limit', 10, 1, 100);
      await history.settleAwaiting(projectId);
      const { items } = await api.records.list<BatchData>(BATCHES, projectId, { limit: 1_000_000_000 });
      const data = [];
      for (const b of items) {
        const json = await batchJson(api, history, await finishBatch(api, history, b));
        if (!status || json.status === status) data.push(json);
      }
      return {
        data: data.slice((page - 1) * limit, page * limit),
        pagination: { page, limit, total: data.length, pages: Math.ceil(data.length / limit) },
      };
    })
    .get('/batch/:id', async ({ caller, params }) => {
      const projectId = await projectOf(api, caller);
      await history.settleAwaiting(projectId);
      return batchJson(
        api,
        history,
        await finishBatch(api, history, await requireBatch(api, projectId, params.id)),
      );
    });
}
