import { t } from 'elysia';
import { AppError, type DialectApi, dialectRouter } from '../../../src/plugin-api.ts';
import type { DocinthCaller } from '../auth.ts';
import { bare, show } from '../ids.ts';
import { webhookJson } from '../mappers.ts';
import { DOCINTH_EVENTS } from '../webhooks.ts';

/** docserve extensions: `POST/GET /v2/webhooks`, `DELETE /v2/webhooks/:id`. */
export function webhookRoutes(api: DialectApi) {
  return dialectRouter<DocinthCaller>()
    .post(
      '/webhooks',
      async ({ caller, body, set }) => {
        const unknown = body.events.filter((e) => !DOCINTH_EVENTS.includes(e));
        if (unknown.length)
          throw new AppError(
            'bad_request',
            `Unknown events: ${unknown.join(', ')}. Available: ${DOCINTH_EVENTS.join(', ')}`,
          );
        const hook = await api.webhooks.create({
          projectId: caller.projectId,
          url: body.url,
          events: [...new Set(body.events)],
          secret: body.secret,
        });
        set.status = 201;
        return { ...webhookJson(hook), secret: hook.secret };
      },
      {
        body: t.Object({
          url: t.String({ minLength: 1, maxLength: 2000 }),
          events: t.Array(t.String(), { minItems: 1, maxItems: 20 }),
          secret: t.Optional(t.String({ minLength: 8, maxLength: 200 })),
        }),
      },
    )
    .get('/webhooks', async ({ caller }) => ({
      data: (await api.webhooks.list(caller.projectId)).map(webhookJson),
    }))
    .delete('/webhooks/:id', async ({ caller, params }) => {
      const id = bare('webhook', params.id);
      if (!(await api.webhooks.delete(caller.projectId, id)))
        throw new AppError('not_found', 'Webhook not found');
      return { id: show('webhook', id), deleted: true };
    });
}
