import type { AuditFilter, AuditLogRow, AuditRepository, Storage } from '../db/port/index.ts';
import { newId } from './ids.ts';

/** Something that happened to a project, fanned out to the audit log and to webhook subscriptions. */
export interface DomainEvent {
  id: string;
  /** Core event type, e.g. `document.uploaded`, `ocr.completed`, `review.changed`, or a dialect's own. */
  type: string;
  projectId: string;
  documentId?: string;
  keyId?: string;
  at: number;
  /** Event data; document events carry a `document` snapshot. */
  data: Record<string, unknown>;
}

export type EventInput = Omit<DomainEvent, 'id' | 'at'> & { at?: number };

/** An entry for the audit log, derived from an event or written directly. */
export interface AuditEntry {
  projectId: string;
  type?: 'info' | 'warning' | 'error';
  area: string;
  subArea?: string;
  message: string;
  metadata?: Record<string, unknown>;
  documentId?: string;
  keyId?: string;
}

/** Append-only project log (the Docflo logs API reads it). */
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async log(e: AuditEntry): Promise<AuditLogRow> {
    const row: AuditLogRow = {
      id: newId(),
      projectId: e.projectId,
      type: e.type ?? 'info',
      area: e.area,
      subArea: e.subArea ?? null,
      message: e.message,
      metadata: e.metadata ?? {},
      documentId: e.documentId ?? null,
      keyId: e.keyId ?? null,
      createdAt: this.now(),
    };
    await this.repo.insert(row);
    return row;
  }

  list(filter: AuditFilter) {
    return this.repo.list(filter);
  }
}

/** Receives every event inside the emitter's transaction (its writes commit or roll back with it). */
export type EventSink = (event: DomainEvent) => Promise<void> | void;

/** Hears every event once the emitter's transaction committed (never for a rolled-back one). */
export type EventListener = (event: DomainEvent) => void;

const AREAS: Record<string, [area: string, subArea: string]> = {
  document: ['document', 'lifecycle'],
  ocr: ['document-processing', 'ocr'],
  extraction: ['document-processing', 'extraction'],
  review: ['document', 'review'],
  fields: ['document', 'fields'],
};

/**
 * Dispatches domain events: the audit row and the sinks' writes (webhook deliveries) in the emitter's
 * transaction, the listeners (dialects' handlers) after it committed.
 */
export class EventBus {
  private readonly sinks: EventSink[] = [];
  private readonly listeners: EventListener[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly audit: AuditService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a sink that writes with the event; the returned function removes it. */
  subscribe(sink: EventSink): () => void {
    return addTo(this.sinks, sink);
  }

  /** Adds a listener called after the event's transaction committed; the returned function removes it. */
  listen(listener: EventListener): () => void {
    return addTo(this.listeners, listener);
  }

  /** Records the event (in the caller's transaction, or one of its own). */
  emit(input: EventInput): Promise<DomainEvent> {
    return this.storage.transaction(async (tx) => {
      const event = await this.record(input);
      if (this.listeners.length)
        tx.afterCommit(() => {
          for (const listener of [...this.listeners]) listener(event);
        });
      return event;
    });
  }

  private async record(input: EventInput): Promise<DomainEvent> {
    const event: DomainEvent = { ...input, id: newId(), at: input.at ?? this.now() };
    const family = event.type.split('.')[0] ?? event.type;
    const [area, subArea] = AREAS[family] ?? [family, event.type.split('.').slice(1).join('.') || family];
    const failed = /(failed|error)$/.test(event.type);
    const { document: _snapshot, ...meta } = event.data;
    await this.audit.log({
      projectId: event.projectId,
      type: failed ? 'error' : 'info',
      area,
      subArea,
      message: describe(event),
      metadata: { event: event.type, ...meta },
      documentId: event.documentId,
      keyId: event.keyId,
    });
    for (const sink of this.sinks) await sink(event);
    return event;
  }
}

function addTo<T>(list: T[], item: T): () => void {
  list.push(item);
  return () => {
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
  };
}

function describe(e: DomainEvent): string {
  const doc = e.data.document as { name?: string } | undefined;
  const subject = doc?.name ? ` "${doc.name}"` : e.documentId ? ` ${e.documentId}` : '';
  const extra = typeof e.data.error === 'string' ? `: ${e.data.error}` : '';
  return `${e.type}${subject}${extra}`;
}
