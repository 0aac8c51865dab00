import { eq } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { settings } from '../schema.ts';

/** Key/value settings stored in the database (server secret, index stamps, ...). */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    return this.db.select().from(settings).where(eq(settings.key, key)).get()?.value;
  }

  set(key: string, value: string): void {
    this.db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value } })
      .run();
  }

  /** Returns the stored value, or stores and returns `make()` when absent (atomic per connection). */
  getOrCreate(key: string, make: () => string): string {
    const existing = this.get(key);
    if (existing !== undefined) return existing;
    this.db.insert(settings).values({ key, value: make() }).onConflictDoNothing().run();
    return this.get(key) as string;
  }
}
