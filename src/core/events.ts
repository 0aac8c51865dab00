import type { AuditRepo } from '../db/repos/audit.ts';
import type { AuditLogRow } from '../db/schema.ts';
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
    private readonly repo: AuditRepo,
    private readonly now: () => number = Date.now,
  ) {}

  log(e: AuditEntry): AuditLogRow {
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
    this.repo.insert(row);
    return row;
  }

  list(filter: Parameters<AuditRepo['list']>[0]) {
    return this.repo.list(filter);
  }
}

/** Receives every event synchronously, inside the emitter's transaction. */
export type EventSink = (event: DomainEvent) => void;

const AREAS: Record<string, [area: string, subArea: string]> = {
  document: ['document', 'lifecycle'],
  ocr: ['document-processing', 'ocr'],
  extraction: ['document-processing', 'extraction'],
  review: ['document', 'review'],
  fields: ['document', 'fields'],
};

/** Dispatches domain events to the audit log and the registered sinks (webhooks). */
export class EventBus {
  private readonly sinks: EventSink[] = [];

  constructor(
    private readonly audit: AuditService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a sink; the returned function removes it. */
  subscribe(sink: EventSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  emit(input: EventInput): DomainEvent {
    const event: DomainEvent = { ...input, id: newId(), at: input.at ?? this.now() };
    const family = event.type.split('.')[0] ?? event.type;
    const [area, subArea] = AREAS[family] ?? [family, event.type.split('.').slice(1).join('.') || family];
    const failed = /(failed|error)$/.test(event.type);
    const { document: _snapshot, ...meta } = event.data;
    this.audit.log({
      projectId: event.projectId,
      type: failed ? 'error' : 'info',
      area,
      subArea,
      message: describe(event),
      metadata: { event: event.type, ...meta },
      documentId: event.documentId,
      keyId: event.keyId,
    });
    for (const sink of this.sinks) sink(event);
    return event;
  }
}

function describe(e: DomainEvent): string {
  const doc = e.data.document as { name?: string } | undefined;
  const subject = doc?.name ? ` "${doc.name}"` : e.documentId ? ` ${e.documentId}` : '';
  const extra = typeof e.data.error === 'string' ? `: ${e.data.error}` : '';
  return `${e.type}${subject}${extra}`;
}
