import { t } from 'elysia';
import {
  AppError,
  type DialectApi,
  dialectRouter,
  iso,
  type WebhookDeliveryView,
  type WebhookView,
} from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { q, validationError } from '../envelope.ts';
import { randomSecret } from '../ids.ts';
import { configOf, DOCROUTER_EVENTS, type HookConfig, NO_URL } from '../webhooks.ts';

function webhookJson(h: WebhookView, generatedSecret: string | null = null) {
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

function bodyOf(d: WebhookDeliveryView): Record<string, unknown> {
  try {
    return JSON.parse(d.body);
  } catch {
    return {};
  }
}

function deliveryJson(d: WebhookDeliveryView) {
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
export function webhookRoutes(api: DialectApi) {
  const hookOf = async (projectId: string, id: string) => {
    const hook = (await api.webhooks.list(projectId)).find((h) => h.id === id);
    if (!hook) throw new AppError('not_found', 'Webhook not found');
    return hook;
  };
  const deliveryOf = async (projectId: string, id: string) => {
    const d = await api.webhooks.delivery(projectId, id);
    if (!d) throw new AppError('not_found', 'Delivery not found');
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

  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/webhooks' })
    .get('', async ({ caller }) => {
      return (await api.webhooks.list(orgOf(caller))).map((h) => webhookJson(h));
    })
    .post(
      '',
      async ({ caller, body, set }) => {
        const events = checkEvents(body.events) ?? [];
        checkUrl(body.url);
        if (body.enabled && !body.url) throw enabledWithoutUrl();
        const generated = body.secret ? null : randomSecret('whs_');
        const hook = await api.webhooks.create({
          projectId: orgOf(caller),
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
    .get('/deliveries', async ({ caller, query }) => {
      const projectId = orgOf(caller);
      const skip = q.int(query, 'skip', 0, 0);
      const limit = q.int(query, 'limit', 25, 1, 100);
      const hooks = (await api.webhooks.list(projectId)).filter(
        (h) => !query.webhook_id || h.id === query.webhook_id,
      );
      let total = 0;
      const rows: WebhookDeliveryView[] = [];
      for (const h of hooks) {
        const page = await api.webhooks.deliveries(projectId, {
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
    .get('/deliveries/:delivery_id', async ({ caller, params }) => {
      const projectId = orgOf(caller);
      const d = await deliveryOf(projectId, params.delivery_id);
      const cfg = configOf(await hookOf(projectId, d.webhookId));
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
    .post('/deliveries/:delivery_id/retry', async ({ caller, params }) => {
      const projectId = orgOf(caller);
      const d = await api.webhooks.retry(projectId, (await deliveryOf(projectId, params.delivery_id)).id);
      return { status: 'enqueued', delivery_id: d.id };
    })
    .get('/:webhook_id', async ({ caller, params }) => {
      return webhookJson(await hookOf(orgOf(caller), params.webhook_id));
    })
    .put(
      '/:webhook_id',
      async ({ caller, params, body }) => {
        const projectId = orgOf(caller);
        const hook = await hookOf(projectId, params.webhook_id);
        const prev = configOf(hook);
        const events = checkEvents(body.events);
        checkUrl(body.url);
        const urlSet = body.url ? true : prev.url_set !== false;
        const enabled = body.enabled ?? hook.active;
        if (enabled && !urlSet) throw enabledWithoutUrl();
        const generated = body.secret === '' ? randomSecret('whs_') : null;
        const updated = await api.webhooks.update(projectId, hook.id, {
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
    .delete('/:webhook_id', async ({ caller, params }) => {
      const projectId = orgOf(caller);
      await api.webhooks.delete(projectId, (await hookOf(projectId, params.webhook_id)).id);
      return new Response(null, { status: 204 });
    })
    .post('/:webhook_id/test', async ({ caller, params }) => {
      const projectId = orgOf(caller);
      const hook = await hookOf(projectId, params.webhook_id);
      if (configOf(hook).url_set === false)
        throw new AppError('bad_request', 'Webhook URL is not configured');
      const delivery = await api.webhooks.sendTest(projectId, hook.id, caller.principal.keyId);
      return { status: 'enqueued', delivery_id: delivery?.id ?? null };
    });
}
