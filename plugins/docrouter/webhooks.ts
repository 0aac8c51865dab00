import { hmacHex, type WebhookFormatter, type WebhookView } from '../../src/plugin-api.ts';
import { uuidFrom } from './ids.ts';
import { stringMap } from './mappers.ts';

export const DOCROUTER_EVENTS = [
  'document.uploaded',
  'document.error',
  'llm.completed',
  'llm.error',
  'webhook.test',
];

/** Core event -> DocRouter event type. */
const EVENT_TYPES: Record<string, string> = {
  'document.uploaded': 'document.uploaded',
  'ocr.failed': 'document.error',
  'llm.completed': 'llm.completed',
  'llm.failed': 'llm.error',
  'webhook.test': 'webhook.test',
};

/** DocRouter settings of a subscription, kept in the core row's `config`. */
export interface HookConfig {
  name?: string | null;
  auth_type?: 'hmac' | 'header';
  auth_header_name?: string | null;
  auth_header_value?: string | null;
  /** False while the endpoint has no URL yet (the row then holds a placeholder and stays disabled). */
  url_set?: boolean;
}

/** Stands in for the URL of an endpoint created without one (never delivered to: such hooks are disabled). */
export const NO_URL = 'https://unset.invalid/';

export const configOf = (h: WebhookView) => h.config as HookConfig;

/**
 * DocRouter's outgoing webhooks: compact JSON `{event_id, event_type, timestamp, organization_id,
 * document?, prompt?, llm_output?, error?}` with `X-DocRouter-Event`, `-Event-Id`, `-Timestamp` and
 * `X-DocRouter-Signature: sha256=<hex HMAC-SHA256(secret, "<ts>.<body>")>` (or the endpoint's own
 * header when `auth_type` is `header`). An empty event list means every event.
 */
export const docrouterWebhooks: WebhookFormatter = {
  emptyMeansAll: true,
  build(event) {
    const type = EVENT_TYPES[event.type];
    if (!type) return null;
    const eventId = uuidFrom(`event:${event.id}`);
    const body: Record<string, unknown> = {
      event_id: eventId,
      event_type: type,
      timestamp: Math.floor(event.at / 1000),
      organization_id: event.projectId,
    };
    // The events of EVENT_TYPES: a document, and a prompt with its output or error for the LLM ones.
    const data = event.data as {
      document?: unknown;
      prompt?: unknown;
      llm_output?: unknown;
      error?: unknown;
    };
    const doc = data.document as
      | { id: string; name: string; tags?: { id: string }[]; metadata?: Record<string, unknown> }
      | undefined;
    if (doc)
      body.document = {
        document_id: doc.id,
        document_name: doc.name,
        tag_ids: (doc.tags ?? []).map((t) => t.id),
        metadata: stringMap(doc.metadata ?? {}),
      };
    if (data.prompt) body.prompt = data.prompt;
    if (data.llm_output !== undefined) body.llm_output = data.llm_output;
    if (type === 'document.error') body.error = { stage: 'ocr', message: String(data.error ?? '') };
    else if (data.error) body.error = data.error;
    return { event: type, eventId, body };
  },
  headers(body, hook, delivery, at) {
    const ts = String(Math.floor(at / 1000));
    const headers: Record<string, string> = {
      'X-DocRouter-Event': delivery.event,
      'X-DocRouter-Event-Id': delivery.eventId,
      'X-DocRouter-Timestamp': ts,
    };
    const cfg = configOf(hook);
    if (cfg.auth_type === 'header') {
      if (cfg.auth_header_name && cfg.auth_header_value)
        headers[cfg.auth_header_name] = cfg.auth_header_value;
    } else headers['X-DocRouter-Signature'] = `sha256=${hmacHex(hook.secret, `${ts}.${body}`)}`;
    return headers;
  },
};
