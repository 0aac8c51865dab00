import { describe, expect, test } from 'bun:test';
import { dialects } from '../../plugins/index.ts';
import type { WebhookFormatter, WebhookView } from '../../src/plugin-api.ts';
import { nativeWebhooks } from '../../src/http/native/webhooks.ts';
import { hmacHex } from '../../src/plugin-api.ts';
import { expectedHmac } from '../helpers/hmac.ts';

// Fixed vectors, computed outside the code:
//   printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'whsec_fixed_vector_1'
//   printf '%s' "1767225600.$BODY" | openssl dgst -sha256 -hmac 'whsec_fixed_vector_1'
const SECRET = 'whsec_fixed_vector_1';
const BODY = '{"event":"ocr.completed","data":{"id":"doc_6a1f00000000000000000001","name":"ใบเสร็จ.pdf"}}';
const AT = Date.UTC(2026, 0, 1); // 1767225600 s
const BODY_SIG = '1092d1ec8ccf8856e50d335765c7ccf1a7b7a4d42ea47adc3ec780ada38c453f';
const TS_BODY_SIG = '0767572878abe14eced5052a6e116b05a75731c6cda55f5b02337f7983dc8f31';

/** RFC 4231, test case 2. */
const RFC4231 = {
  key: 'Jefe',
  data: 'what do ya want for nothing?',
  mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
};

const hook = {
  id: 'h1',
  secret: SECRET,
  config: {},
  events: [],
  url: 'https://x.example/',
} as unknown as WebhookView & { dialect: string };
const delivery = { id: 'd1', event: 'ocr.completed', eventId: 'e1' };

function formatter(id: string): WebhookFormatter {
  const f = dialects.find((d) => d.id === id)?.webhooks;
  if (!f) throw new Error(`no webhook formatter for ${id}`);
  return f;
}

describe('webhook signatures match fixed test vectors', () => {
  test('HMAC-SHA256: RFC 4231 test case 2 (the helper and the tests’ own check)', () => {
    expect(hmacHex(RFC4231.key, RFC4231.data)).toBe(RFC4231.mac);
    expect(expectedHmac(RFC4231.key, RFC4231.data)).toBe(RFC4231.mac);
    expect(hmacHex(SECRET, BODY)).toBe(BODY_SIG);
  });

  test('native: X-Docserve-Signature is sha256=<HMAC(secret, raw body)>', () => {
    const h = nativeWebhooks.headers(BODY, hook as never, delivery as never, AT);
    expect(h['X-Docserve-Signature']).toBe(`sha256=${BODY_SIG}`);
    expect(h['X-Docserve-Timestamp']).toBe('1767225600');
  });

  test('DOC.IN.TH: X-DocInTh-Signature is sha256=<HMAC(secret, raw body)>', () => {
    const h = formatter('docinth').headers(BODY, hook, delivery, AT);
    expect(h['X-DocInTh-Signature']).toBe(`sha256=${BODY_SIG}`);
    expect(h['X-DocInTh-Timestamp']).toBe('1767225600');
  });

  test('Ocriva: X-Webhook-Signature is <HMAC(secret, raw body)>', () => {
    expect(formatter('ocriva').headers(BODY, hook, delivery, AT)['X-Webhook-Signature']).toBe(BODY_SIG);
  });

  test('Docflo: X-Docflo-Signature is <HMAC(secret, raw body)>', () => {
    expect(formatter('docflo').headers(BODY, hook, delivery, AT)['X-Docflo-Signature']).toBe(BODY_SIG);
  });

  test('DocRouter: X-DocRouter-Signature is sha256=<HMAC(secret, "<timestamp>.<raw body>")>', () => {
    const h = formatter('docrouter').headers(BODY, hook, delivery, AT);
    expect(h['X-DocRouter-Timestamp']).toBe('1767225600');
    expect(h['X-DocRouter-Signature']).toBe(`sha256=${TS_BODY_SIG}`);
  });
});
