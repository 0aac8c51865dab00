import { createHmac } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type {
  DeliveryFilter,
  Storage,
  WebhookDeliveryRow,
  WebhookRow,
  WebhooksRepository,
} from '../../db/port/index.ts';
import { AppError } from '../../errors.ts';
import type { DomainEvent } from '../events.ts';
import { newId, randomToken } from '../ids.ts';
import { type JobQueue, PermanentJobError } from '../jobs.ts';
import {
  connectUrl,
  type HostResolver,
  parseWebhookUrl,
  resolveWebhookTarget,
  systemResolver,
  type WebhookTarget,
} from './ssrf.ts';

/** A dialect's rendering of core events into its own webhook payloads and signatures. */
export interface WebhookFormatter {
  dialect: string;
  /**
   * The vendor payload for a core event, or null when the event has no counterpart in this dialect.
   * `event` is the vendor's event name, matched against the subscription's event list.
   */
  build(event: DomainEvent, hook: WebhookRow): { event: string; eventId: string; body: unknown } | null;
  /** Headers for one delivery attempt of a serialized body (signature, timestamp, event name...). */
  headers(
    body: string,
    hook: WebhookRow,
    delivery: WebhookDeliveryRow,
    attemptAt: number,
  ): Record<string, string>;
  /** True when an empty event list on a subscription means "every event" (DocRouter). */
  emptyMeansAll?: boolean;
}

/** Hex HMAC-SHA256 of `data` keyed by `secret`. */
export function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

export interface CreateWebhookInput {
  projectId: string;
  dialect: string;
  url: string;
  events?: string[];
  secret?: string | null;
  active?: boolean;
  config?: Record<string, unknown>;
}

export const WEBHOOK_JOB = 'webhook.deliver';

/**
 * Webhook subscriptions (one per dialect) and the durable outbox: every matching event becomes a
 * delivery row plus a job, retried with backoff and dead-lettered after the last attempt. Delivery never
 * runs on the request path.
 */
export class WebhookService {
  private readonly formatters = new Map<string, WebhookFormatter>();

  private readonly repo: WebhooksRepository;

  constructor(
    private readonly storage: Storage,
    private readonly jobs: JobQueue,
    private readonly cfg: {
      allowPrivate: boolean;
      maxAttempts: number;
      timeoutMs: number;
      backoffMs: number;
    },
    private readonly now: () => number = Date.now,
    private readonly resolve: HostResolver = systemResolver,
  ) {
    this.repo = storage.webhooks;
  }

  registerFormatter(f: WebhookFormatter): void {
    this.formatters.set(f.dialect, f);
  }

  async create(input: CreateWebhookInput): Promise<WebhookRow> {
    parseWebhookUrl(input.url, this.cfg.allowPrivate);
    const now = this.now();
    const row: WebhookRow = {
      id: newId(now),
      projectId: input.projectId,
      dialect: input.dialect,
      url: input.url,
      events: input.events ?? [],
      secret: input.secret || randomToken(24),
      active: input.active ?? true,
      config: input.config ?? {},
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insert(row);
    return row;
  }

  async update(
    projectId: string,
    id: string,
    patch: Partial<Pick<WebhookRow, 'url' | 'events' | 'secret' | 'active' | 'config'>>,
  ): Promise<WebhookRow> {
    const hook = await this.get(projectId, id);
    if (patch.url !== undefined) parseWebhookUrl(patch.url, this.cfg.allowPrivate);
    await this.repo.update(hook.id, patch);
    return this.get(projectId, id);
  }

  async get(projectId: string, id: string): Promise<WebhookRow> {
    const hook = await this.repo.get(projectId, id);
    if (!hook) throw new AppError('not_found', 'Webhook not found');
    return hook;
  }

  list(projectId: string, dialect?: string): Promise<WebhookRow[]> {
    return this.repo.list(projectId, dialect);
  }

  delete(projectId: string, id: string): Promise<boolean> {
    return this.repo.delete(projectId, id);
  }

  deliveries(projectId: string, f: DeliveryFilter = {}) {
    return this.repo.listDeliveries(projectId, f);
  }

  async delivery(projectId: string, id: string): Promise<WebhookDeliveryRow> {
    const d = await this.repo.getDelivery(projectId, id);
    if (!d) throw new AppError('not_found', 'Delivery not found');
    return d;
  }

  /**
   * Queues another attempt of a delivery (also after it was dead-lettered) and returns it as queued:
   * read again, it could already be on its way (the runner claims the job as soon as it commits).
   */
  async retry(projectId: string, id: string): Promise<WebhookDeliveryRow> {
    const d = await this.delivery(projectId, id);
    const now = this.now();
    const queued = { status: 'pending', nextAttemptAt: now, failedAt: null } as const;
    await this.storage.transaction(async () => {
      await this.repo.updateDelivery(d.id, queued);
      await this.jobs.enqueue(WEBHOOK_JOB, { projectId, payload: { deliveryId: d.id }, maxAttempts: 1 });
    });
    return { ...d, ...queued, updatedAt: now };
  }

  /** Queues a synthetic event to one subscription (DocRouter's "test" button). */
  async sendTest(projectId: string, id: string, event: DomainEvent): Promise<WebhookDeliveryRow | undefined> {
    return this.enqueueFor(await this.get(projectId, id), event, true);
  }

  /** Event sink: fans a core event out to every active subscription of its project. */
  readonly onEvent = async (event: DomainEvent): Promise<void> => {
    for (const hook of await this.repo.active(event.projectId)) await this.enqueueFor(hook, event, false);
  };

  /** The delivery row and its job, written together (in the caller's transaction when there is one). */
  private async enqueueFor(
    hook: WebhookRow,
    event: DomainEvent,
    force: boolean,
  ): Promise<WebhookDeliveryRow | undefined> {
    const f = this.formatters.get(hook.dialect);
    const built = f?.build(event, hook);
    if (!f || !built) return undefined;
    const subscribed = hook.events.length ? hook.events.includes(built.event) : f.emptyMeansAll === true;
    if (!subscribed && !force) return undefined;
    const now = this.now();
    const row: WebhookDeliveryRow = {
      id: newId(now),
      webhookId: hook.id,
      projectId: hook.projectId,
      event: built.event,
      eventId: built.eventId,
      documentId: event.documentId ?? null,
      url: hook.url,
      body: JSON.stringify(built.body),
      headers: {},
      status: 'pending',
      attempts: 0,
      maxAttempts: this.cfg.maxAttempts,
      nextAttemptAt: now,
      lastStatus: null,
      lastError: null,
      lastResponse: null,
      createdAt: now,
      updatedAt: now,
      deliveredAt: null,
      failedAt: null,
    };
    await this.storage.transaction(async () => {
      await this.repo.insertDelivery(row);
      await this.jobs.enqueue(WEBHOOK_JOB, {
        projectId: hook.projectId,
        payload: { deliveryId: row.id },
        maxAttempts: this.cfg.maxAttempts,
      });
    });
    return row;
  }

  /** Job handler: one delivery attempt. Throws to retry; PermanentJobError when retrying is pointless. */
  async deliver(deliveryId: string, signal?: AbortSignal): Promise<{ status: number }> {
    const d = await this.repo.getDeliveryUnscoped(deliveryId);
    if (!d || d.status === 'delivered') return { status: d?.lastStatus ?? 0 };
    const hook = await this.repo.get(d.projectId, d.webhookId);
    if (!hook) throw new PermanentJobError('Webhook subscription was deleted');
    const f = this.formatters.get(hook.dialect);
    if (!f) throw new PermanentJobError(`No webhook formatter for dialect ${hook.dialect}`);
    const attemptAt = this.now();
    await this.repo.updateDelivery(d.id, { status: 'processing', attempts: d.attempts + 1 });
    const fail = async (msg: string, status: number | null, response: string | null, permanent: boolean) => {
      const dead = permanent || d.attempts + 1 >= d.maxAttempts;
      await this.repo.updateDelivery(d.id, {
        status: dead ? 'failed' : 'pending',
        lastError: msg,
        lastStatus: status,
        lastResponse: response,
        failedAt: dead ? this.now() : null,
        nextAttemptAt: dead ? null : this.now() + this.backoff(d.attempts + 1),
      });
      throw permanent ? new PermanentJobError(msg) : new Error(msg);
    };
    let target: WebhookTarget;
    try {
      target = await resolveWebhookTarget(hook.url, this.cfg.allowPrivate, this.resolve);
    } catch (err) {
      const permanent = err instanceof AppError && err.code === 'bad_request';
      return fail((err as Error).message, null, null, permanent);
    }
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'docserve-webhooks/1',
      ...f.headers(d.body, hook, d, attemptAt),
    };
    let res: Response;
    try {
      const timeout = AbortSignal.timeout(this.cfg.timeoutMs);
      res = await post(target, headers, d.body, signal ? AbortSignal.any([signal, timeout]) : timeout);
    } catch (err) {
      return fail(`Request failed: ${(err as Error).message}`, null, null, false);
    }
    const text = (await res.text().catch(() => '')).slice(0, 2000);
    if (res.status >= 200 && res.status < 300) {
      await this.repo.updateDelivery(d.id, {
        status: 'delivered',
        lastStatus: res.status,
        lastResponse: text,
        lastError: null,
        deliveredAt: this.now(),
        headers,
      });
      return { status: res.status };
    }
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    return fail(`Receiver answered HTTP ${res.status}`, res.status, text, !retryable);
  }

  /** Delay before the next attempt: exponential from the configured base, capped at 15 minutes. */
  backoff(attempt: number): number {
    return Math.min(this.cfg.backoffMs * 2 ** Math.max(0, attempt - 1), 900_000);
  }

  /** Marks a delivery dead-lettered when its job died without recording it (e.g. crash on last attempt). */
  async markDead(deliveryId: string, error: string): Promise<void> {
    const d = await this.repo.getDeliveryUnscoped(deliveryId);
    if (d && d.status !== 'delivered' && d.status !== 'failed')
      await this.repo.updateDelivery(d.id, {
        status: 'failed',
        lastError: error,
        failedAt: this.now(),
        nextAttemptAt: null,
      });
  }
}

/**
 * POSTs to the target's checked addresses in turn (the next one only when connecting failed), never
 * following a redirect. The Host header and TLS name are the URL's; the connection is to the address.
 */
async function post(
  target: WebhookTarget,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<Response> {
  let error: unknown;
  const name = target.serverName;
  const tls =
    name && target.url.protocol === 'https:'
      ? {
          serverName: name,
          checkServerIdentity: (_: string, cert: PeerCertificate) => checkServerIdentity(name, cert),
        }
      : undefined;
  for (const address of target.addresses) {
    try {
      return await fetch(connectUrl(target, address), {
        method: 'POST',
        headers: { ...headers, host: target.url.host },
        body,
        redirect: 'manual',
        signal,
        tls,
      });
    } catch (err) {
      error = err;
      if (signal.aborted) break;
    }
  }
  throw error;
}
