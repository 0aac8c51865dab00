import { and, asc, count, desc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { changes } from '../util.ts';
import { type WebhookDeliveryRow, type WebhookRow, webhookDeliveries, webhooks } from '../schema.ts';

/** Webhook subscriptions and their delivery log (the durable outbox). */
export class WebhooksRepo {
  constructor(private readonly db: Db) {}

  insert(row: WebhookRow): void {
    this.db.insert(webhooks).values(row).run();
  }

  get(projectId: string, id: string): WebhookRow | undefined {
    return this.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.projectId, projectId), eq(webhooks.id, id)))
      .get();
  }

  list(projectId: string, dialect?: string): WebhookRow[] {
    return this.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.projectId, projectId), dialect ? eq(webhooks.dialect, dialect) : undefined))
      .orderBy(asc(webhooks.createdAt), asc(webhooks.id))
      .all();
  }

  /** Active subscriptions of a project (every dialect). */
  active(projectId: string): WebhookRow[] {
    return this.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.projectId, projectId), eq(webhooks.active, true)))
      .all();
  }

  update(id: string, patch: Partial<WebhookRow>): void {
    this.db
      .update(webhooks)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(webhooks.id, id))
      .run();
  }

  delete(projectId: string, id: string): boolean {
    return this.db.transaction((tx) => {
      tx.delete(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.projectId, projectId)))
        .run();
      return (
        changes(
          tx
            .delete(webhooks)
            .where(and(eq(webhooks.projectId, projectId), eq(webhooks.id, id)))
            .run(),
        ) > 0
      );
    });
  }

  insertDelivery(row: WebhookDeliveryRow): void {
    this.db.insert(webhookDeliveries).values(row).run();
  }

  getDelivery(projectId: string, id: string): WebhookDeliveryRow | undefined {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.projectId, projectId), eq(webhookDeliveries.id, id)))
      .get();
  }

  getDeliveryUnscoped(id: string): WebhookDeliveryRow | undefined {
    return this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
  }

  updateDelivery(id: string, patch: Partial<WebhookDeliveryRow>): void {
    this.db
      .update(webhookDeliveries)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(webhookDeliveries.id, id))
      .run();
  }

  listDeliveries(
    projectId: string,
    f: { webhookId?: string; status?: string; event?: string; offset?: number; limit?: number } = {},
  ): { rows: WebhookDeliveryRow[]; total: number } {
    const c: (SQL | undefined)[] = [eq(webhookDeliveries.projectId, projectId)];
    if (f.webhookId) c.push(eq(webhookDeliveries.webhookId, f.webhookId));
    if (f.status) c.push(eq(webhookDeliveries.status, f.status));
    if (f.event) c.push(eq(webhookDeliveries.event, f.event));
    const where = and(...c);
    const total = this.db.select({ n: count() }).from(webhookDeliveries).where(where).get()?.n ?? 0;
    const rows = this.db
      .select()
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(f.limit ?? 25)
      .offset(f.offset ?? 0)
      .all();
    return { rows, total };
  }

  /** Deliveries stuck in `processing` (the process died mid-attempt) go back to pending. */
  resetProcessing(now: number): number {
    return changes(
      this.db
        .update(webhookDeliveries)
        .set({ status: 'pending', nextAttemptAt: now, updatedAt: now })
        .where(and(eq(webhookDeliveries.status, 'processing'), lte(webhookDeliveries.updatedAt, now)))
        .run(),
    );
  }

  countByStatus(statuses: string[]): number {
    return (
      this.db
        .select({ n: count() })
        .from(webhookDeliveries)
        .where(inArray(webhookDeliveries.status, statuses))
        .get()?.n ?? 0
    );
  }
}
