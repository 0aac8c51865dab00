import { and, asc, count, desc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import type { DeliveryFilter } from '../../port/filters.ts';
import type { WebhookDeliveryRow, WebhookRow, WebhooksRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { webhookDeliveries, webhooks } from '../schema.ts';

/** Webhook subscriptions and their delivery outbox on PostgreSQL. */
export class PgWebhooks implements WebhooksRepository {
  constructor(private readonly db: PgDb) {}

  async insert(row: WebhookRow) {
    await this.db.insert(webhooks).values(row);
  }

  async get(projectId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.projectId, projectId), eq(webhooks.id, id)));
    return row;
  }

  list(projectId: string, dialect?: string) {
    return this.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.projectId, projectId), dialect ? eq(webhooks.dialect, dialect) : undefined))
      .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
  }

  active(projectId: string) {
    return this.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.projectId, projectId), eq(webhooks.active, true)));
  }

  async update(id: string, patch: Partial<WebhookRow>) {
    await this.db
      .update(webhooks)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(webhooks.id, id));
  }

  delete(projectId: string, id: string) {
    return this.db.transaction(async (tx) => {
      await tx
        .delete(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.projectId, projectId)));
      const done = await tx
        .delete(webhooks)
        .where(and(eq(webhooks.projectId, projectId), eq(webhooks.id, id)))
        .returning({ id: webhooks.id });
      return done.length > 0;
    });
  }

  async insertDelivery(row: WebhookDeliveryRow) {
    await this.db.insert(webhookDeliveries).values(row);
  }

  async getDelivery(projectId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.projectId, projectId), eq(webhookDeliveries.id, id)));
    return row;
  }

  async getDeliveryUnscoped(id: string) {
    const [row] = await this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    return row;
  }

  async updateDelivery(id: string, patch: Partial<WebhookDeliveryRow>) {
    await this.db
      .update(webhookDeliveries)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(webhookDeliveries.id, id));
  }

  async listDeliveries(projectId: string, f: DeliveryFilter = {}) {
    const c: (SQL | undefined)[] = [eq(webhookDeliveries.projectId, projectId)];
    if (f.webhookId) c.push(eq(webhookDeliveries.webhookId, f.webhookId));
    if (f.status) c.push(eq(webhookDeliveries.status, f.status));
    if (f.event) c.push(eq(webhookDeliveries.event, f.event));
    const where = and(...c);
    const [counted, rows] = await Promise.all([
      this.db.select({ n: count() }).from(webhookDeliveries).where(where),
      this.db
        .select()
        .from(webhookDeliveries)
        .where(where)
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(f.limit ?? 25)
        .offset(f.offset ?? 0),
    ]);
    return { rows, total: counted[0]?.n ?? 0 };
  }

  async resetProcessing(now: number) {
    const done = await this.db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: now, updatedAt: now })
      .where(and(eq(webhookDeliveries.status, 'processing'), lte(webhookDeliveries.updatedAt, now)))
      .returning({ id: webhookDeliveries.id });
    return done.length;
  }

  async countByStatus(statuses: string[]) {
    const [row] = await this.db
      .select({ n: count() })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.status, statuses));
    return row?.n ?? 0;
  }
}
