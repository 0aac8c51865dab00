import { eq } from 'drizzle-orm';
import type { SettingsRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { settings } from '../schema.ts';

/** Key/value settings on PostgreSQL. */
export class PgSettings implements SettingsRepository {
  constructor(private readonly db: PgDb) {}

  async get(key: string) {
    const [row] = await this.db.select().from(settings).where(eq(settings.key, key));
    return row?.value;
  }

  async set(key: string, value: string) {
    await this.db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value } });
  }

  async getOrCreate(key: string, make: () => string) {
    const existing = await this.get(key);
    if (existing !== undefined) return existing;
    await this.db.insert(settings).values({ key, value: make() }).onConflictDoNothing();
    return (await this.get(key)) as string;
  }
}
