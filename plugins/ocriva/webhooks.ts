import { Elysia } from 'elysia';
import {
  AppError,
  type DialectServices,
  hmacHex,
  iso,
  type WebhookFormatter,
  type WebhookRow,
} from '../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from './auth.ts';
import { bodyObject, Validator } from './validate.ts';

/** The eight events of Ocriva's webhook pages. */
export const OCRIVA_EVENTS = [
  'document.uploaded',
  'document.processed',
  'document.failed',
  'batch.uploaded',
  'batch.completed',
  'template.created',
  'template.updated',
  'template.deleted',
] as const;
export type OcrivaEvent = (typeof OCRIVA_EVENTS)[number];

/** Core event types are namespaced so other dialects' events never become Ocriva webhooks. */
const PREFIX = 'ocriva.';

/** Raises an Ocriva event (audit log + webhook outbox) with its payload. */
export function emitOcriva(
  api: DialectServices,
  event: OcrivaEvent,
  projectId: string,
  payload: unknown,
  opts: { documentId?: string; keyId?: string } = {},
): void {
  api.events.emit({
    type: PREFIX + event,
    projectId,
    documentId: opts.documentId,
    keyId: opts.keyId,
    data: { organizationId: api.tenancy.project(projectId)?.orgId ?? null, payload },
  });
}

/** `evt_<unixMs>_<6 chars>`, derived from the core event so every retry carries the same id. */
export function eventIdOf(id: string, at: number): string {
  const n = Number.parseInt(hmacHex('ocriva-event-id', id).slice(0, 10), 16);
  return `evt_${at}_${n.toString(36).padStart(6, '0').slice(-6)}`;
}

/**
 * Envelope `{eventType, eventId, timestamp, organizationId, projectId, payload}` signed with
 * `X-Webhook-Signature: <hex HMAC-SHA256(secret, raw body)>`; a subscription's custom headers are sent too.
 */
export const ocrivaWebhooks: WebhookFormatter = {
  dialect: 'ocriva',
  build(event) {
    if (!event.type.startsWith(PREFIX)) return null;
    const name = event.type.slice(PREFIX.length);
    if (!OCRIVA_EVENTS.includes(name as OcrivaEvent)) return null;
    const eventId = eventIdOf(event.id, event.at);
    return {
      event: name,
      eventId,
      body: {
        eventType: name,
        eventId,
        timestamp: iso(event.at),
        organizationId: event.data.organizationId ?? null,
        projectId: event.projectId,
        payload: event.data.payload ?? null,
      },
    };
  },
  headers: (body, hook, delivery, at) => ({
    ...customHeaders(hook),
    'X-Webhook-Event': delivery.event,
    'X-Webhook-Id': delivery.eventId,
    'X-Webhook-Delivery': delivery.id,
    'X-Webhook-Timestamp': String(Math.floor(at / 1000)),
    'X-Webhook-Signature': hmacHex(hook.secret, body),
  }),
};

function customHeaders(hook: WebhookRow): Record<string, string> {
  const h = hook.config.headers;
  return h && typeof h === 'object' ? (h as Record<string, string>) : {};
}

/** A subscription as docserve's Ocriva webhook endpoints show it (the secret only on creation). */
export function webhookJson(h: WebhookRow) {
  return {
    id: h.id,
    name: (h.config.name as string | undefined) ?? '',
    url: h.url,
    events: h.events,
    status: h.active ? 'active' : 'paused',
    headers: customHeaders(h),
    description: (h.config.description as string | undefined) ?? null,
    projectId: h.projectId,
    createdAt: iso(h.createdAt),
    updatedAt: iso(h.updatedAt),
  };
}

const HEADER_NAME = /^[A-Za-z0-9-]{1,100}$/;
const RESERVED = /^(content-type|content-length|host|user-agent|x-webhook-.*)$/i;

function validHeaders(v: Validator, headers: Record<string, unknown> | undefined) {
  if (!headers) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || RESERVED.test(name) || typeof value !== 'string' || /[\r\n]/.test(value))
      v.fail(`headers.${name.slice(0, 100)} is not an allowed custom header`);
    else out[name] = value.slice(0, 1000);
  }
  if (Object.keys(out).length > 20) v.fail('headers must contain no more than 20 entries');
  return out;
}

/** docserve extensions: `GET/POST /webhooks`, `DELETE /webhooks/:id` (Ocriva manages them in its UI). */
export function webhookRoutes(api: DialectServices) {
  return new Elysia()
    .get('/webhooks', (ctx) => {
      const { caller } = ctx as typeof ctx & { caller: OcrivaCaller };
      return api.webhooks.list(projectOf(api, caller), 'ocriva').map(webhookJson);
    })
    .post('/webhooks', (ctx) => {
      const { caller, body, set } = ctx as typeof ctx & { caller: OcrivaCaller };
      const b = bodyObject(body);
      const v = new Validator(b);
      const name = v.string('name', { required: true, max: 100 });
      const url = v.string('url', { required: true, max: 2000 });
      const events = v.strings('events', { required: true, oneOf: OCRIVA_EVENTS });
      const secret = v.string('secret', { max: 200 });
      if (secret !== undefined && secret.length < 8)
        v.fail('secret must be longer than or equal to 8 characters');
      const description = v.string('description', { max: 500, allowEmpty: true });
      const headers = validHeaders(v, v.object('headers'));
      const requested = v.string('projectId');
      v.done();
      const projectId = projectOf(api, caller, requested);
      const hook = api.webhooks.create({
        projectId,
        dialect: 'ocriva',
        url: url as string,
        events,
        secret,
        config: { name, description: description ?? null, headers },
      });
      set.status = 201;
      return { ...webhookJson(hook), secret: hook.secret };
    })
    .delete('/webhooks/:id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: OcrivaCaller };
      const projectId = projectOf(api, caller);
      const hook = api.webhooks.list(projectId, 'ocriva').find((h) => h.id === params.id.toLowerCase());
      if (!hook || !api.webhooks.delete(projectId, hook.id))
        throw new AppError('not_found', 'Webhook not found');
      return { id: hook.id, deleted: true };
    });
}
