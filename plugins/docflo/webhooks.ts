import { t } from 'elysia';
import {
  AppError,
  type DialectApp,
  type DocumentView,
  hmacHex,
  iso,
  type WebhookFormatter,
  type WebhookRow,
} from '../../src/plugin-api.ts';
import type { Ctx, DocfloCaller } from './context.ts';
import type { Fields } from './fields.ts';
import { documentJson } from './mappers.ts';

/** Docflo webhook events (docserve's names: Docflo configures one platform event per webhook in its UI). */
export const DOCFLO_EVENTS = [
  'document.created',
  'document.processed',
  'document.failed',
  'document.statusChanged',
  'document.approved',
  'document.fieldsUpdated',
  'document.deleted',
];

const SIMPLE: Record<string, string> = {
  'document.uploaded': 'document.created',
  'ocr.completed': 'document.processed',
  'ocr.failed': 'document.failed',
  'fields.updated': 'document.fieldsUpdated',
  'document.deleted': 'document.deleted',
};

function eventName(type: string, data: Record<string, unknown>, hook: WebhookRow): string | null {
  if (type !== 'review.changed') return SIMPLE[type] ?? null;
  const approved = String(data.to ?? '').toLowerCase() === 'approved';
  return approved && hook.events.includes('document.approved')
    ? 'document.approved'
    : 'document.statusChanged';
}

/**
 * Payload `{event, tenantId, timestamp, document}` (the document object; `results` on field updates),
 * signed with `X-Docflo-Signature: <hex HMAC-SHA256(secret, raw body)>`: docserve's choice, Docflo
 * documents neither.
 */
export const docfloWebhooks: WebhookFormatter = {
  dialect: 'docflo',
  build(event, hook) {
    const name = eventName(event.type, event.data, hook);
    const doc = event.data.document as (DocumentView & { results?: { fields: Fields } }) | undefined;
    if (!name || !doc) return null;
    const body: Record<string, unknown> = {
      event: name,
      tenantId: event.projectId,
      timestamp: iso(event.at),
      document: documentJson(doc, [], doc.results ? doc.results.fields : undefined),
    };
    if (event.type === 'review.changed') Object.assign(body, { previousStatus: event.data.from ?? null });
    if (event.type === 'fields.updated') body.fields = event.data.fields;
    return { event: name, eventId: event.id, body };
  },
  headers: (body, hook, delivery, at) => ({
    'X-Docflo-Event': delivery.event,
    'X-Docflo-Delivery': delivery.id,
    'X-Docflo-Timestamp': String(Math.floor(at / 1000)),
    'X-Docflo-Signature': hmacHex(hook.secret, body),
  }),
};

function hookJson(h: WebhookRow) {
  return { _id: h.id, url: h.url, events: h.events, active: h.active, createdAt: iso(h.createdAt) };
}

/** Webhook subscriptions (docserve extension: Docflo sets them up in its UI). */
export function webhookRoutes(app: DialectApp<DocfloCaller>, ctx: Ctx) {
  const { api } = ctx;
  return app
    .post(
      '/webhooks',
      ({ caller, body, set }) => {
        const events = [...new Set([...(body.events ?? []), ...(body.event ? [body.event] : [])])];
        const unknown = events.filter((e) => !DOCFLO_EVENTS.includes(e));
        if (!events.length || unknown.length)
          throw new AppError(
            'bad_request',
            `${events.length ? `Unknown events: ${unknown.join(', ')}` : 'event is required'}. Available: ${DOCFLO_EVENTS.join(', ')}`,
          );
        const hook = api.webhooks.create({
          projectId: caller.projectId,
          dialect: 'docflo',
          url: body.url,
          events,
          secret: body.secret,
        });
        set.status = 201;
        return { ...hookJson(hook), secret: hook.secret };
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
    .get('/webhooks', ({ caller }) => api.webhooks.list(caller.projectId, 'docflo').map(hookJson))
    .delete('/webhooks/:id', ({ caller, params }) => {
      const hook = api.webhooks.list(caller.projectId, 'docflo').find((h) => h.id === params.id);
      if (!hook || !api.webhooks.delete(caller.projectId, hook.id))
        throw new AppError('not_found', 'Webhook not found');
      return { _id: hook.id, deleted: true };
    });
}
