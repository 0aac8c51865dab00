import {
  type DocserveEvent,
  type DocumentView,
  hmacHex,
  iso,
  type WebhookFormatter,
  type WebhookView,
} from '../../src/plugin-api.ts';
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

function eventName(event: DocserveEvent, hook: WebhookView): string | null {
  if (event.type !== 'review.changed') return SIMPLE[event.type] ?? null;
  const approved = String(event.data.to ?? '').toLowerCase() === 'approved';
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
  build(event, hook) {
    const name = eventName(event, hook);
    const doc =
      'document' in event.data
        ? (event.data.document as (DocumentView & { results?: { fields: Fields } }) | undefined)
        : undefined;
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
