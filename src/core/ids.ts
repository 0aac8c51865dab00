import { randomBytes } from 'node:crypto';

// Starts in the lower half: with 8 million ids before the counter wraps, ids made within one second
// by this process keep the order they were made in (lists break equal timestamps on the id).
let counter = randomBytes(3).readUIntBE(0, 3) >>> 1;
const processPart = randomBytes(5).toString('hex');

/**
 * A new 24-hex ObjectId-style id: 4 bytes of seconds since the epoch, 5 random bytes fixed per process,
 * a 3-byte counter. Ids sort roughly by creation time, like MongoDB's.
 */
export function newId(now = Date.now()): string {
  counter = (counter + 1) % 0xffffff;
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + processPart + counter.toString(16).padStart(6, '0');
}

/** True for a 24-character lowercase or uppercase hex string. */
export function isObjectId(value: string): boolean {
  return /^[0-9a-fA-F]{24}$/.test(value);
}

/** Random URL-safe token of `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
