import { createHmac } from 'node:crypto';

/**
 * Hex HMAC-SHA256 computed with node:crypto directly, for tests that check a delivery's signature
 * without trusting the code under test (checked against RFC 4231 in webhook-signatures.test.ts).
 */
export function expectedHmac(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}
