import { type DocserveEvent, hmacHex, isoSeconds, type WebhookFormatter } from '../../src/plugin-api.ts';
import { show } from './ids.ts';
import { round3 } from './mappers.ts';

/** The events of the DOC.IN.TH page. `user.*` exist there but docserve has no users, so they never fire. */
export const DOCINTH_EVENTS = [
  'document.uploaded',
  'document.deleted',
  'ocr.completed',
  'workflow.approved',
  'workflow.rejected',
  'user.invited',
  'user.removed',
];

function vendorEvent(event: DocserveEvent): string | null {
  if (
    event.type === 'document.uploaded' ||
    event.type === 'document.deleted' ||
    event.type === 'ocr.completed'
  )
    return event.type;
  if (event.type === 'review.changed') {
    const to = String(event.data.to ?? '').toLowerCase();
    if (to === 'approved') return 'workflow.approved';
    if (to === 'rejected') return 'workflow.rejected';
  }
  return null;
}

/**
 * Payload `{event, document_id, workspace_id, timestamp, data}` as on the DOC.IN.TH page, signed with
 * `X-DocInTh-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` (docserve's documented extension).
 */
export const docinthWebhooks: WebhookFormatter = {
  build(event) {
    const name = vendorEvent(event);
    if (!name) return null;
    const data: Record<string, unknown> = {};
    if (event.type === 'ocr.completed') {
      data.confidence = typeof event.data.confidence === 'number' ? round3(event.data.confidence) : null;
      data.pages = event.data.pages ?? null;
    }
    const doc = 'document' in event.data ? (event.data.document as { name?: string } | undefined) : undefined;
    if (doc?.name) data.name = doc.name;
    return {
      event: name,
      eventId: event.id,
      body: {
        event: name,
        document_id: event.documentId ? show('document', event.documentId) : null,
        workspace_id: show('workspace', event.projectId),
        timestamp: isoSeconds(event.at),
        data,
      },
    };
  },
  headers: (body, hook, delivery, at) => ({
    'X-DocInTh-Event': delivery.event,
    'X-DocInTh-Delivery': delivery.id,
    'X-DocInTh-Timestamp': String(Math.floor(at / 1000)),
    'X-DocInTh-Signature': `sha256=${hmacHex(hook.secret, body)}`,
  }),
};
