import { type Actor, AppError, type DialectApi, type DialectCaller } from '../../src/plugin-api.ts';
import { Approvals } from './approvals.ts';
import { DocfloError } from './envelope.ts';
import { Results } from './results.ts';
import { TypeStore } from './types.ts';

/** The caller of a Docflo request: a tenant (project) and whether it holds a read-only guest token. */
export type DocfloCaller = DialectCaller & { projectId: string; guest: boolean };

/** What every Docflo route module shares (built once per mount, no module state). */
export interface Ctx {
  api: DialectApi;
  types: TypeStore;
  results: Results;
  approvals: Approvals;
}

export function createCtx(api: DialectApi): Ctx {
  const types = new TypeStore(api);
  return { api, types, results: new Results(api, types), approvals: new Approvals(api) };
}

export const actorOf = (c: DocfloCaller): Actor => ({ keyId: c.principal.keyId, label: c.principal.label });

/**
 * Runs a mutating handler and records a failure in the tenant's log (`type: error`) before the error
 * reaches the client, so `GET /logs/v1/log?type=error` shows rejected uploads and edits too.
 */
export async function logged<T>(
  ctx: Ctx,
  caller: DocfloCaller,
  where: { area: string; subArea: string; documentId?: string },
  fn: () => Promise<T> | T,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err instanceof AppError ? err : undefined;
    await ctx.api.audit.log({
      projectId: caller.projectId,
      type: 'error',
      area: where.area,
      subArea: where.subArea,
      message: e ? e.message : 'Internal server error',
      metadata: {
        code: e instanceof DocfloError ? e.docfloCode : (e?.code ?? 'internal'),
        status: e?.status ?? 500,
      },
      documentId: where.documentId,
      keyId: caller.principal.keyId,
    });
    throw err;
  }
}
