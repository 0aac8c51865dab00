import { type CreateKeyInput, KeyService } from '../../src/core/auth/keys.ts';
import type { ApiKeyRow } from '../../src/db/port/index.ts';
import type { Services } from '../../src/services.ts';

const DAY = 86_400_000;

/**
 * An API key that expired a day ago, on either database driver: created through the storage port by a
 * key service whose clock runs two days behind (a one-day key made then), so the test needs no SQL.
 * The server's key cache is dropped so it sees the new key.
 */
export async function createExpiredKey(
  services: Services,
  input: Omit<CreateKeyInput, 'expiresInDays'>,
): Promise<{ key: string; row: ApiKeyRow }> {
  const past = new KeyService(
    services.storage.keys,
    services.storage.tenancy,
    services.storage.changes,
    () => Date.now() - 2 * DAY,
  );
  const created = await past.create({ ...input, expiresInDays: 1 });
  services.keys.invalidate();
  return created;
}
