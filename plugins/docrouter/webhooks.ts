import { Elysia, t } from 'elysia';
import {
  AppError,
  type DialectServices,
  hmacHex,
  iso,
  type WebhookDeliveryRow,
  type WebhookFormatter,
  type WebhookRow,
} from '../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from './auth.ts';
import { q, validationError } from './envelope.ts';
import { randomSecret, uuidFrom } from './ids.ts';
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
interface HookConfig {
  name?: string | null;
  auth_type?: 'hmac' | 'header';
  auth_header_name?: string | null;
  auth_header_value?: string | null;
  /** False while the endpoint has no URL yet (the row then holds a placeholder and stays disabled). */
  url_set?: boolean;
}

/** Stands in for the URL of an endpoint created without one (never delivered to: such hooks are disabled). */
const NO_URL = 'https://unset.invalid/';

const configOf = (h: WebhookRow) => h.config as HookConfig;

/**
 * DocRouter's outgoing webhooks: compact JSON `{event_id, event_type, timestamp, organization_id,
 * document?, prompt?, llm_output?, error?}` with `X-DocRouter-Event`, `-Event-Id`, `-Timestamp` and
 * `X-DocRouter-Signature: sha256=<hex HMAC-SHA256(secret, "<ts>.<body>")>` (or the endpoint's own
 * header when `auth_type` is `header`). An empty event list means every event.
 */
export const docrouterWebhooks: WebhookFormatter = {
  dialect: 'docrouter',
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
    const doc = event.data.document as
      | { id: string; name: string; tags?: { id: string }[]; metadata?: Record<string, unknown> }
      | undefined;
    if (doc)
      body.document = {
        document_id: doc.id,
        document_name: doc.name,
        tag_ids: (doc.tags ?? []).map((t) => t.id),
        metadata: stringMap(doc.metadata ?? {}),
      };
    if (event.data.prompt) body.prompt = event.data.prompt;
    if (event.data.llm_output !== undefined) body.llm_output = event.data.llm_output;
    if (type === 'document.error') body.error = { stage: 'ocr', message: String(event.data.error ?? '') };
    else if (event.data.error) body.error = event.data.error;
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

function webhookJson(h: WebhookRow, generatedSecret: string | null = null) {
  const cfg = configOf(h);
  return {
    id: h.id,
    name: cfg.name ?? null,
    enabled: h.active,
    url: cfg.url_set === false ? null : h.url,
    events: h.events,
    auth_type: cfg.auth_type ?? 'hmac',
    auth_header_name: cfg.auth_header_name ?? null,
    created_at: iso(h.createdAt),
    updated_at: iso(h.updatedAt),
    secret_set: !!h.secret,
    secret_preview: h.secret ? `${h.secret.slice(0, 16)}...` : null,
    auth_header_set: !!cfg.auth_header_value,
    auth_header_preview: cfg.auth_header_value ? `${cfg.auth_header_value.slice(0, 5)}...` : null,
    generated_secret: generatedSecret,
  };
}

function bodyOf(d: WebhookDeliveryRow): Record<string, unknown> {
  try {
    return JSON.parse(d.body);
  } catch {
    return {};
  }
}

function deliveryJson(d: WebhookDeliveryRow) {
  const prompt = (bodyOf(d).prompt ?? {}) as Record<string, unknown>;
  return {
    id: d.id,
    event_id: d.eventId,
    event_type: d.event,
    webhook_id: d.webhookId,
    status: d.status,
    attempts: d.attempts,
    max_attempts: d.maxAttempts,
    document_id: d.documentId,
    prompt_revid: prompt.prompt_revid ?? null,
    prompt_id: prompt.prompt_id ?? null,
    prompt_version: prompt.prompt_version ?? null,
    last_http_status: d.lastStatus,
    last_error: d.lastError,
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    next_attempt_at: iso(d.nextAttemptAt),
  };
}

const hookFields = {
  name: t.Optional(t.Nullable(t.String())),
  enabled: t.Optional(t.Nullable(t.Boolean())),
  url: t.Optional(t.Nullable(t.String())),
  events: t.Optional(t.Nullable(t.Array(t.String()))),
  auth_type: t.Optional(t.Nullable(t.Union([t.Literal('hmac'), t.Literal('header')]))),
  auth_header_name: t.Optional(t.Nullable(t.String())),
  auth_header_value: t.Optional(t.Nullable(t.String())),
  secret: t.Optional(t.Nullable(t.String())),
};
type HookBody = { [K in keyof typeof hookFields]?: (typeof hookFields)[K]['static'] };

function checkEvents(events: string[] | null | undefined): string[] | undefined {
  if (!events) return events === null ? [] : undefined;
  const bad = events.findIndex((e) => !DOCROUTER_EVENTS.includes(e));
  if (bad >= 0)
    throw validationError([
      {
        type: 'literal_error',
        loc: ['body', 'events', bad],
        msg: `Input should be ${DOCROUTER_EVENTS.map((e) => `'${e}'`).join(', ')}`,
        input: events[bad],
      },
    ]);
  return [...new Set(events)];
}

function checkUrl(url: string | null | undefined): void {
  if (url && !/^https?:\/\/[^\s/]+/i.test(url))
    throw validationError([
      {
        type: 'url_parsing',
        loc: ['body', 'url'],
        msg: 'Input should be a valid URL, relative URL without a base',
        input: url,
      },
    ]);
}

const enabledWithoutUrl = () =>
  validationError([
    { type: 'value_error', loc: ['body'], msg: 'Value error, an enabled webhook needs a url', input: null },
  ]);

/** Webhook endpoints, their deliveries (list, detail, retry) and test sends. */
export function webhookRoutes(api: DialectServices) {
  const hookOf = (projectId: string, id: string) => {
    const hook = api.webhooks.list(projectId, 'docrouter').find((h) => h.id === id);
    if (!hook) throw new AppError('not_found', 'Webhook not found');
    return hook;
  };
  const deliveryOf = (projectId: string, id: string) => {
    const hooks = new Set(api.webhooks.list(projectId, 'docrouter').map((h) => h.id));
    let d: WebhookDeliveryRow | undefined;
    try {
      d = api.webhooks.delivery(projectId, id);
    } catch {}
    if (!d || !hooks.has(d.webhookId)) throw new AppError('not_found', 'Delivery not found');
    return d;
  };
  const authConfig = (prev: HookConfig, body: HookBody): HookConfig => {
    const cfg: HookConfig = { ...prev };
    if (body.name !== undefined) cfg.name = body.name;
    if (body.auth_type) cfg.auth_type = body.auth_type;
    if (body.auth_header_name !== undefined) cfg.auth_header_name = body.auth_header_name?.trim() || null;
    if (body.auth_header_value !== undefined) cfg.auth_header_value = body.auth_header_value || null;
    return cfg;
  };

  return new Elysia({ prefix: '/orgs/:organization_id/webhooks' })
    .get('', (ctx) => {
      const { caller } = ctx as typeof ctx & { caller: DocRouterCaller };
      return api.webhooks.list(orgOf(caller), 'docrouter').map((h) => webhookJson(h));
    })
    .post(
      '',
      (ctx) => {
        const { caller, body, set } = ctx as typeof ctx & { caller: DocRouterCaller };
        const events = checkEvents(body.events) ?? [];
        checkUrl(body.url);
        if (body.enabled && !body.url) throw enabledWithoutUrl();
        const generated = body.secret ? null : randomSecret('whs_');
        const hook = api.webhooks.create({
          projectId: orgOf(caller),
          dialect: 'docrouter',
          url: body.url || NO_URL,
          events,
          secret: body.secret || generated,
          active: body.enabled ?? false,
          config: authConfig({ auth_type: 'hmac', url_set: !!body.url }, body) as Record<string, unknown>,
        });
        set.status = 201;
        return webhookJson(hook, generated);
      },
      { body: t.Object(hookFields) },
    )
    .get('/deliveries', (ctx) => {
      const { caller, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const skip = q.int(query, 'skip', 0, 0);
      const limit = q.int(query, 'limit', 25, 1, 100);
      const hooks = api.webhooks
        .list(projectId, 'docrouter')
        .filter((h) => !query.webhook_id || h.id === query.webhook_id);
      let total = 0;
      const rows: WebhookDeliveryRow[] = [];
      for (const h of hooks) {
        const page = api.webhooks.deliveries(projectId, {
          webhookId: h.id,
          status: query.status || undefined,
          event: query.event_type || undefined,
          offset: 0,
          limit: skip + limit,
        });
        total += page.total;
        rows.push(...page.rows);
      }
      rows.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      return { deliveries: rows.slice(skip, skip + limit).map(deliveryJson), total_count: total, skip };
    })
    .get('/deliveries/:delivery_id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const d = deliveryOf(projectId, params.delivery_id);
      const cfg = configOf(hookOf(projectId, d.webhookId));
      return {
        ...deliveryJson(d),
        payload: bodyOf(d),
        target_url: d.url,
        auth_type: cfg.auth_type ?? 'hmac',
        auth_header_name: cfg.auth_header_name ?? null,
        auth_header_value: cfg.auth_header_value ? `${cfg.auth_header_value.slice(0, 4)}...` : null,
        last_response_text: d.lastResponse,
        delivered_at: iso(d.deliveredAt),
        failed_at: iso(d.failedAt),
      };
    })
    .post('/deliveries/:delivery_id/retry', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const d = api.webhooks.retry(projectId, deliveryOf(projectId, params.delivery_id).id);
      return { status: 'enqueued', delivery_id: d.id };
    })
    .get('/:webhook_id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      return webhookJson(hookOf(orgOf(caller), params.webhook_id));
    })
    .put(
      '/:webhook_id',
      (ctx) => {
        const { caller, params, body } = ctx as typeof ctx & { caller: DocRouterCaller };
        const projectId = orgOf(caller);
        const hook = hookOf(projectId, params.webhook_id);
        const prev = configOf(hook);
        const events = checkEvents(body.events);
        checkUrl(body.url);
        const urlSet = body.url ? true : prev.url_set !== false;
        const enabled = body.enabled ?? hook.active;
        if (enabled && !urlSet) throw enabledWithoutUrl();
        const generated = body.secret === '' ? randomSecret('whs_') : null;
        const updated = api.webhooks.update(projectId, hook.id, {
          url: body.url || undefined,
          events,
          active: enabled,
          secret: generated ?? (body.secret || undefined),
          config: authConfig({ ...prev, url_set: urlSet }, body) as Record<string, unknown>,
        });
        return webhookJson(updated, generated);
      },
      { body: t.Object(hookFields) },
    )
    .delete('/:webhook_id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      api.webhooks.delete(projectId, hookOf(projectId, params.webhook_id).id);
      return new Response(null, { status: 204 });
    })
    .post('/:webhook_id/test', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const hook = hookOf(projectId, params.webhook_id);
      if (configOf(hook).url_set === false)
        throw new AppError('bad_request', 'Webhook URL is not configured');
      const delivery = api.webhooks.sendTest(projectId, hook.id, {
        id: api.records.newId(),
        type: 'webhook.test',
        projectId,
        keyId: caller.principal.keyId,
        at: Date.now(),
        data: {},
      });
      return { status: 'enqueued', delivery_id: delivery?.id ?? null };
    });
}
