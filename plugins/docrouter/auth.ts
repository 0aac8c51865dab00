import {
  AppError,
  type AuthRequest,
  bearerOf,
  type DialectApi,
  type DialectCaller,
} from '../../src/plugin-api.ts';

/**
 * A DocRouter caller. Account tokens are docserve organization keys (`acc_…`) and act on
 * `/v0/account/*`; org tokens are project keys (`org_…`) and act on `/v0/orgs/{their project}/*`.
 */
export type DocRouterCaller = DialectCaller & { scope: 'account' | 'org' };

const ACCOUNT_PATH = /^(?:\/fastapi)?\/v0\/account(?:\/|$)/;
const ORG_PATH = /^(?:\/fastapi)?\/v0\/orgs\/([^/]+)(?:\/|$)/;

const invalidToken = () => new AppError('unauthorized', 'Invalid authentication credentials: invalid token');

/**
 * `Authorization: Bearer` first, then `X-Api-Key`. The path decides which kind of token is accepted;
 * a token of the wrong kind or of another organization is an invalid token (401), as in DocRouter.
 */
export async function authenticate(
  { path, headers }: AuthRequest,
  api: DialectApi,
): Promise<DocRouterCaller> {
  const raw = bearerOf(headers.authorization) ?? headers['x-api-key']?.trim();
  if (!raw) throw new AppError('unauthorized', 'No authentication credentials provided');
  const principal = await api.keys.resolve(raw);
  if (principal === 'expired') throw new AppError('unauthorized', 'API token expired');
  if (typeof principal === 'string') throw invalidToken();
  if (ACCOUNT_PATH.test(path)) {
    if (principal.projectId) throw invalidToken();
    return { principal, projectId: null, scope: 'account' };
  }
  const org = ORG_PATH.exec(path)?.[1];
  if (!org) throw new AppError('unauthorized', 'Invalid API context');
  const projectId = decodeURIComponent(org).toLowerCase();
  if (principal.projectId !== projectId || !(await api.tenancy.project(projectId))?.active)
    throw invalidToken();
  return { principal, projectId, scope: 'org' };
}

/** The DocRouter organization (docserve project) of an org-level request. */
export function orgOf(caller: DocRouterCaller): string {
  if (!caller.projectId) throw invalidToken();
  return caller.projectId;
}
