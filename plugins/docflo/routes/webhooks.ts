import { t } from 'elysia';
import { AppError, dialectRouter } from '../../../src/plugin-api.ts';
import type { Ctx, DocfloCaller } from '../context.ts';
import { webhookJson } from '../mappers.ts';
import { DOCFLO_EVENTS } from '../webhooks.ts';

/** Webhook subscriptions (docserve extension: Docflo sets them up in its UI). */
export function webhookRoutes(ctx: Ctx) {
  const { api } = ctx;
  return dialectRouter<DocfloCaller>()
    .post(
      '/webhooks',
      async ({ caller, body, set }) => {
        const events = [...new Set([...(body.events ?? []), ...(body.event ? [body.event] : [])])];
        const unknown = events.filter((e) => !DOCFLO_EVENTS.includes(e));
        if (!events.length || unknown.length)
          throw new AppError(
            'bad_request',
            `${events.length ? `Unknown events: ${unknown.join(', ')}` : 'event is required'}. Available: ${DOCFLO_EVENTS.join(', ')}`,
          );
        const hook = await api.webhooks.create({
          projectId: caller.projectId,
          url: body.url,
          events,
          secret: body.secret,
        });
        set.status = 201;
        return { ...webhookJson(hook), secret: hook.secret };
      },
      {
        body: t.Object({
          url: t.String({ minLength: 1, maxLength: 2000 }),
          event: t.Optional(t.String()),
          events: t.Optional(t.Array(t.String(), { maxItems: 20 })),
          secret: t.Optional(t.String({ minLength: 8, maxLength: 200 })),
        }),
        detail: { summary: 'Subscribe a URL to Docflo events (docserve extension)' },
      },
    )
    .get('/webhooks', async ({ caller }) => (await api.webhooks.list(caller.projectId)).map(webhookJson))
    .delete('/webhooks/:id', async ({ caller, params }) => {
      if (!(await api.webhooks.delete(caller.projectId, params.id)))
        throw new AppError('not_found', 'Webhook not found');
      return { _id: params.id, deleted: true };
    });
}
