import type { DialectApi } from '../../src/plugin-api.ts';
import { DocfloError } from './envelope.ts';

const COLLECTION = 'docflo.approvers';

export interface Approver extends Record<string, unknown> {
  documentId: string;
  /** The id of an API key with access to the tenant. */
  approverId: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  decidedAt: number | null;
}

/** Approvers per document, one record per (document, approver) in the `docflo.approvers` collection. */
export class Approvals {
  constructor(private readonly api: DialectApi) {}

  async of(projectId: string, documentId: string): Promise<Approver[]> {
    const { items } = await this.api.records.list<Approver>(COLLECTION, projectId, {
      where: { documentId },
      order: 'asc',
      limit: 1000,
    });
    return items.map((r) => r.data);
  }

  /** Approvers of many documents at once (list pages). */
  async ofMany(projectId: string, documentIds: string[]): Promise<Map<string, Approver[]>> {
    const out = new Map<string, Approver[]>();
    for (const id of documentIds) out.set(id, await this.of(projectId, id));
    return out;
  }

  /** Ids of documents with this approver (only where the approval is pending when `pendingOnly`). */
  async documentIds(projectId: string, approverId: string, pendingOnly: boolean): Promise<string[]> {
    const where: Record<string, string> = { approverId };
    if (pendingOnly) where.status = 'PENDING';
    const { items } = await this.api.records.list<Approver>(COLLECTION, projectId, { where, limit: 100_000 });
    return items.map((r) => r.data.documentId);
  }

  /** Throws `INVALID_APPROVER` unless every id is a live API key with access to the tenant. */
  async validate(projectId: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids.map((i) => i.trim().toLowerCase()).filter(Boolean))];
    const bad: string[] = [];
    for (const id of unique) {
      const p = /^[0-9a-f]{24}$/.test(id) ? await this.api.keys.resolveId(id) : 'unknown';
      if (typeof p === 'string' || !(await this.api.tenancy.canAccess(p, projectId))) bad.push(id);
    }
    if (bad.length)
      throw new DocfloError(
        'bad_request',
        'INVALID_APPROVER',
        `Unknown approvers for this tenant: ${bad.join(', ')}`,
        'Approver ids are ids of API keys with access to the tenant (see `docserve keys list`)',
      );
    return unique;
  }

  /** Replaces the approver list: new ones start PENDING, kept ones keep their decision. */
  async set(projectId: string, documentId: string, ids: string[]): Promise<Approver[]> {
    const current = await this.of(projectId, documentId);
    for (const a of current)
      if (!ids.includes(a.approverId)) await this.api.records.delete(COLLECTION, projectId, recordId(a));
    for (const approverId of ids)
      if (!current.some((a) => a.approverId === approverId)) {
        const a: Approver = { documentId, approverId, status: 'PENDING', decidedAt: null };
        await this.api.records.create(COLLECTION, projectId, a, recordId(a));
      }
    return this.of(projectId, documentId);
  }

  async decide(projectId: string, a: Approver, status: 'APPROVED' | 'REJECTED'): Promise<void> {
    await this.api.records.update(COLLECTION, projectId, recordId(a), {
      ...a,
      status,
      decidedAt: Date.now(),
    });
  }
}

const recordId = (a: Pick<Approver, 'documentId' | 'approverId'>) => `${a.documentId}:${a.approverId}`;
