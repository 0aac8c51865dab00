import { t } from 'elysia';
import type { DocumentView } from '../../core/documents.ts';
import { hmacHex, type WebhookFormatter } from '../../core/webhooks/service.ts';
import type { WebhookDeliveryRow, WebhookRow } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { iso } from '../../plugin-api.ts';
import type { Services } from '../../services.ts';
import { intParam } from '../../plugin-api.ts';
import { json } from '../../plugin-api.ts';
import { NATIVE_EVENTS } from './events.ts';
import { documentJson } from './shapes.ts';
import type { NativeApp } from './types.ts';

export { NATIVE_EVENTS };

const isDocument = (v: unknown): v is DocumentView =>
  Boolean(v) && typeof v === 'object' && 'sha256' in (v as object) && 'projectId' in (v as object);

/**
 * Native webhook payloads `{id, type, created_at, project_id, document_id, data}` (a document in
 * `data` in its native JSON shape), signed with `X-Docserve-Signature: sha256=<hex HMAC-SHA256(secret,
 * raw body)>`.
 */
export const nativeWebhooks: WebhookFormatter = {
  dialect: 'native',
  emptyMeansAll: true,
  build(event) {
    if (!NATIVE_EVENTS.includes(event.type)) return null;
    const data = Object.fromEntries(
      Object.entries(event.data).map(([k, v]) => [k, isDocument(v) ? documentJson(v) : v]),
    );
    return {
      event: event.type,
      eventId: event.id,
      body: {
        id: event.id,
        type: event.type,
        created_at: iso(event.at),
        project_id: event.projectId,
        document_id: event.documentId ?? null,
        data,
      },
    };
  },
  headers: (body, hook, delivery, at) => ({
    'X-Docserve-Event': delivery.event,
    'X-Docserve-Delivery': delivery.id,
    'X-Docserve-Timestamp': String(Math.floor(at / 1000)),
    'X-Docserve-Signature': `sha256=${hmacHex(hook.secret, body)}`,
  }),
};

/** Native JSON shape of a subscription (the secret only in the answer that created it). */
export function webhookJson(h: WebhookRow) {
  return {
    id: h.id,
    url: h.url,
    events: h.events,
    active: h.active,
    created_at: iso(h.createdAt),
    updated_at: iso(h.updatedAt),
  };
}

/** Native JSON shape of one delivery of the log. */
export function deliveryJson(d: WebhookDeliveryRow) {
  return {
    id: d.id,
    webhook_id: d.webhookId,
    event: d.event,
    event_id: d.eventId,
    document_id: d.documentId,
    status: d.status,
    attempts: d.attempts,
    max_attempts: d.maxAttempts,
    last_status: d.lastStatus,
    last_error: d.lastError,
    next_attempt_at: iso(d.nextAttemptAt),
    created_at: iso(d.createdAt),
    delivered_at: iso(d.deliveredAt),
    failed_at: iso(d.failedAt),
  };
}

function checkEvents(events: string[] | undefined): string[] {
  const unknown = (events ?? []).filter((e) => !NATIVE_EVENTS.includes(e));
  if (unknown.length)
    throw new AppError('bad_request', `Unknown events; use ${NATIVE_EVENTS.join(', ')}`, {
      details: { unknown },
    });
  return [...new Set(events ?? [])];
}

/** The project's native webhook subscriptions and their delivery log. */
export function webhookRoutes(app: NativeApp, api: Services): void {
  const hookOf = async (projectId: string, id: string) => {
    const hook = await api.webhooks.get(projectId, id);
    if (hook.dialect !== 'native') throw new AppError('not_found', 'Webhook not found');
    return hook;
  };
  app
    .get(
      '/webhooks',
      async ({ caller }) => ({
        data: (await api.webhooks.list(caller.projectId, 'native')).map(webhookJson),
      }),
      {
        detail: { summary: "List the project's webhook subscriptions" },
      },
    )
    .post(
      '/webhooks',
      async ({ caller, body }) => {
        const hook = await api.webhooks.create({
          projectId: caller.projectId,
          dialect: 'native',
          url: body.url,
          events: checkEvents(body.events),
          secret: body.secret,
          active: body.active,
        });
        return json({ data: { ...webhookJson(hook), secret: hook.secret } }, 201);
      },
      {
        body: t.Object({
          url: t.String({ minLength: 1, maxLength: 2000 }),
          events: t.Optional(t.Array(t.String({ maxLength: 100 }), { maxItems: 50 })),
          secret: t.Optional(t.String({ minLength: 16, maxLength: 200 })),
          active: t.Optional(t.Boolean()),
        }),
        detail: {
          summary: `Subscribe a URL to events (${NATIVE_EVENTS.join(', ')}; none = all). The signing secret is shown in this answer only`,
        },
      },
    )
    .delete(
      '/webhooks/:id',
      async ({ caller, params }) => {
        const hook = await hookOf(caller.projectId, params.id);
        await api.webhooks.delete(caller.projectId, hook.id);
        return { data: { id: hook.id, deleted: true } };
      },
      { detail: { summary: 'Delete a subscription and its delivery log' } },
    )
    .get(
      '/webhooks/:id/deliveries',
      async ({ caller, params, query }) => {
        const hook = await hookOf(caller.projectId, params.id);
        const page = intParam(query.page, 'page', 1, 1, 100_000);
        const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
        const { rows, total } = await api.webhooks.deliveries(caller.projectId, {
          webhookId: hook.id,
          offset: (page - 1) * perPage,
          limit: perPage,
        });
        return {
          data: rows.map(deliveryJson),
          meta: { total, page, per_page: perPage, pages: Math.ceil(total / perPage) },
        };
      },
      {
        detail: {
          summary:
            'Delivery log of a subscription, newest first: status, attempts, last HTTP status and error',
        },
      },
    )
    .post(
      '/webhooks/:id/deliveries/:deliveryId/retry',
      async ({ caller, params }) => {
        const hook = await hookOf(caller.projectId, params.id);
        const d = await api.webhooks.delivery(caller.projectId, params.deliveryId);
        if (d.webhookId !== hook.id) throw new AppError('not_found', 'Delivery not found');
        return { data: deliveryJson(await api.webhooks.retry(caller.projectId, d.id)) };
      },
      { detail: { summary: 'Send a delivery again (also after it failed for good)' } },
    );
}
