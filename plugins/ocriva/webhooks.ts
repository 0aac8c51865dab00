import {
  type DialectApi,
  type DocserveEvent,
  hmacHex,
  iso,
  type WebhookFormatter,
  type WebhookView,
} from '../../src/plugin-api.ts';

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
type OcrivaEventName = `ocriva.${OcrivaEvent}`;

const isOcrivaEvent = (e: DocserveEvent): e is DocserveEvent<OcrivaEventName> =>
  e.type.startsWith(PREFIX) && OCRIVA_EVENTS.includes(e.type.slice(PREFIX.length) as OcrivaEvent);

/** Raises an Ocriva event (audit log + webhook outbox) with its payload. */
export async function emitOcriva(
  api: DialectApi,
  event: OcrivaEvent,
  projectId: string,
  payload: unknown,
  opts: { documentId?: string; keyId?: string } = {},
): Promise<void> {
  const organizationId = (await api.tenancy.project(projectId))?.orgId ?? null;
  await api.events.emit({
    type: `${PREFIX}${event}` as OcrivaEventName,
    projectId,
    documentId: opts.documentId,
    keyId: opts.keyId,
    data: { organizationId, payload },
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
  build(event) {
    if (!isOcrivaEvent(event)) return null;
    const name = event.type.slice(PREFIX.length);
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

export function customHeaders(hook: WebhookView): Record<string, string> {
  const h = hook.config.headers;
  return h && typeof h === 'object' ? (h as Record<string, string>) : {};
}
