import {
  AppError,
  type AuthRequest,
  bearerOf,
  type DialectApi,
  type DialectCaller,
} from '../../src/plugin-api.ts';
import { bare } from './ids.ts';

/** Every DOC.IN.TH request acts on one workspace (a docserve project). */
export type DocinthCaller = DialectCaller & { projectId: string };

/**
 * `Authorization: Bearer` with the raw API key (workspace from `X-Workspace-Id`, else the key's) or a
 * token from `/v2/auth/token`, which works for its workspace only.
 */
export async function authenticate({ headers }: AuthRequest, api: DialectApi): Promise<DocinthCaller> {
  const bearer = bearerOf(headers.authorization);
  if (!bearer)
    throw new AppError('unauthorized', 'Missing credentials: send Authorization: Bearer YOUR_API_KEY');
  if (api.tokens.looksLikeToken(bearer)) {
    const { principal, projectId } = await api.tokens.verify(bearer);
    if (!projectId || !(await api.tenancy.canAccess(principal, projectId)))
      throw new AppError('unauthorized', 'Token is not valid for this workspace');
    return { principal, projectId };
  }
  const principal = await api.keys.require(bearer);
  const requested = headers['x-workspace-id'];
  const project = await api.tenancy.resolveProject(
    principal,
    requested ? bare('workspace', requested) : null,
  );
  return { principal, projectId: project.id };
}
