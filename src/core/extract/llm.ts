/**
 * Optional OpenAI-compatible chat endpoint (`config.llm`) that fills schema properties the rules left
 * empty. Only missing values are taken from the model; a failing or slow endpoint leaves the rules'
 * result unchanged.
 */
import type { JsonSchema } from './types.ts';

export interface LlmConfig {
  url: string;
  model: string;
  apiKey?: string;
}

/** Asks the model for the listed properties of the schema; returns the values it gave (may be empty). */
export async function llmFill(
  llm: LlmConfig,
  input: {
    schema: JsonSchema;
    text: string;
    missing: string[];
    known: Record<string, unknown>;
    instructions?: string;
  },
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const url = /\/chat\/completions\/?$/.test(llm.url)
    ? llm.url
    : `${llm.url.replace(/\/+$/, '')}/chat/completions`;
  const system = [
    'You extract fields from Thai and English business documents (invoices, receipts, quotations).',
    'Answer with one JSON object only, holding exactly the requested properties; use null when absent.',
    'Dates as YYYY-MM-DD (convert Buddhist-era years by subtracting 543); amounts as numbers.',
    input.instructions ?? '',
  ].join('\n');
  const user = [
    `JSON Schema: ${JSON.stringify(input.schema)}`,
    `Already known: ${JSON.stringify(input.known)}`,
    `Fill these properties: ${input.missing.join(', ')}`,
    `Document text:\n${input.text.slice(0, 12_000)}`,
  ].join('\n\n');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(llm.apiKey ? { authorization: `Bearer ${llm.apiKey}` } : {}),
    },
    body: JSON.stringify({
      model: llm.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`LLM endpoint answered ${res.status}`);
  const body = (await res.json()) as { choices?: { message?: { content?: string } }[] };
  const content = body.choices?.[0]?.message?.content ?? '';
  const json = content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1);
  const parsed = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed).filter(([k, v]) => input.missing.includes(k) && v !== null && v !== undefined),
  );
}
