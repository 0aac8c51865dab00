/** A UUID-formatted id derived from a seed (stable across calls, like stored Textract/event ids). */
export function uuidFrom(seed: string): string {
  const h = new Bun.CryptoHasher('sha1').update(seed).digest('hex');
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A random URL-safe token with DocRouter's prefix style (`whs_…`). */
export function randomSecret(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return prefix + Buffer.from(bytes).toString('base64url');
}
