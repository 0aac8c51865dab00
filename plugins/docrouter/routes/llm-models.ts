import { t } from 'elysia';
import { AppError, type DialectApi, dialectRouter } from '../../../src/plugin-api.ts';
import type { DocRouterCaller } from '../auth.ts';
import { q } from '../envelope.ts';
import { featureUnavailable } from './unsupported.ts';

/** The model name of docserve's own extraction engine. */
export const RULES_MODEL = 'docserve-rules';

/** A provider as DocRouter lists it (`GET /v0/account/llm/providers`). */
interface Provider {
  name: string;
  display_name: string;
  litellm_provider: string;
  litellm_models_available: string[];
  litellm_models_enabled: string[];
  litellm_models_chat_agent: string[];
  enabled: boolean;
  token: string | null;
  token_created_at: string | null;
}

/**
 * What actually extracts on this server: the local rules engine, always, and the configured
 * OpenAI-compatible endpoint when there is one (it fills what the rules left empty). Neither chats.
 */
function providers(api: DialectApi): Provider[] {
  const list: Provider[] = [
    {
      name: 'docserve',
      display_name: 'docserve rules engine (local)',
      litellm_provider: 'docserve',
      litellm_models_available: [RULES_MODEL],
      litellm_models_enabled: [RULES_MODEL],
      litellm_models_chat_agent: [],
      enabled: true,
      token: null,
      token_created_at: null,
    },
  ];
  const llm = api.config.llm;
  if (llm)
    list.push({
      name: 'openai_compatible',
      display_name: `OpenAI-compatible endpoint${llm.host ? ` (${llm.host})` : ''}`,
      litellm_provider: 'openai',
      litellm_models_available: [llm.model],
      litellm_models_enabled: [llm.model],
      litellm_models_chat_agent: [],
      enabled: true,
      token: llm.hasKey ? '******' : null,
      token_created_at: null,
    });
  return list.sort((a, b) => a.display_name.toLowerCase().localeCompare(b.display_name.toLowerCase()));
}

function chatModel(model: string, p: Provider) {
  return {
    litellm_model: model,
    litellm_provider: p.litellm_provider,
    max_input_tokens: 0,
    max_output_tokens: 0,
    input_cost_per_token: 0,
    output_cost_per_token: 0,
    provider_name: p.name,
    provider_display_name: p.display_name,
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** `GET /orgs/{id}/llm/models`: the enabled model names (`chat_only`: the chat models, none here). */
export function orgLlmModelRoutes(api: DialectApi) {
  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/llm' }).get(
    '/models',
    ({ query }) => {
      const chatOnly = q.bool(query, 'chat_only', false);
      const excludeEmbeddings = q.bool(query, 'exclude_embeddings', false);
      const enabled = providers(api).filter((p) => p.enabled);
      const models = enabled.flatMap((p) =>
        chatOnly && !excludeEmbeddings ? p.litellm_models_chat_agent : p.litellm_models_enabled,
      );
      return { models };
    },
  );
}

/**
 * Account-level LLM routes: models and providers as they are (the rules engine and the optional
 * endpoint), and provider configuration, which only the server's environment changes: a request that
 * would change something answers DocRouter's unavailable-feature 403.
 */
export function accountLlmRoutes(api: DialectApi) {
  return dialectRouter<DocRouterCaller>({ prefix: '/account/llm' })
    .get('/models', ({ query }) => {
      const chatAgentOnly = q.bool(query, 'chat_agent_only', false);
      const ocrOnly = q.bool(query, 'ocr_only', false);
      const providerEnabled = q.bool(query, 'provider_enabled', false);
      const llmEnabled = q.bool(query, 'llm_enabled', true);
      if (chatAgentOnly && ocrOnly)
        throw new AppError('unprocessable', 'Use only one of ocr_only or chat_agent_only');
      const chat_models = providers(api)
        .filter((p) => !(providerEnabled && !p.enabled))
        .filter((p) => !query.provider_name || query.provider_name === p.litellm_provider)
        .flatMap((p) => {
          const models = ocrOnly
            ? []
            : chatAgentOnly
              ? p.litellm_models_chat_agent.length
                ? p.litellm_models_chat_agent
                : p.litellm_models_enabled
              : llmEnabled
                ? p.litellm_models_enabled
                : p.litellm_models_available;
          return models.map((m) => chatModel(m, p));
        });
      return { chat_models, embedding_models: [] };
    })
    .get('/providers', () => ({ providers: providers(api) }))
    .put(
      '/provider/:provider_name',
      ({ params, body }) => {
        const name = params.provider_name;
        const p = providers(api).find((x) => x.name === name);
        if (!p) throw new AppError('bad_request', `Provider '${name}' not found`);
        for (const model of [
          ...(body.litellm_models_enabled ?? []),
          ...(body.litellm_models_chat_agent ?? []),
        ])
          if (!p.litellm_models_available.includes(model))
            throw new AppError('bad_request', `Model '${model}' is not available for provider '${name}'`);
        const changes =
          (body.enabled != null && body.enabled !== p.enabled) ||
          (body.litellm_models_enabled != null &&
            !sameSet(body.litellm_models_enabled, p.litellm_models_enabled)) ||
          (body.litellm_models_chat_agent != null &&
            !sameSet(body.litellm_models_chat_agent, p.litellm_models_chat_agent)) ||
          (body.token != null && (body.token !== '' || p.token !== null));
        if (changes)
          throw featureUnavailable(
            'llm_provider_config',
            'Its LLM providers are set by the server: the local rules engine, and DOCSERVE_LLM_URL, DOCSERVE_LLM_MODEL and DOCSERVE_LLM_KEY.',
          );
        return { message: 'LLM provider config updated successfully' };
      },
      {
        body: t.Object({
          litellm_models_enabled: t.Optional(t.Nullable(t.Array(t.String()))),
          litellm_models_chat_agent: t.Optional(t.Nullable(t.Array(t.String()))),
          enabled: t.Optional(t.Nullable(t.Boolean())),
          token: t.Optional(t.Nullable(t.String())),
        }),
      },
    );
}
