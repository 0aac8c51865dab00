import {
  AppError,
  type AuthRequest,
  bearerOf,
  type DialectApi,
  type DialectCaller,
  iso,
  type Principal,
} from '../../src/plugin-api.ts';

/** The caller of an Ocriva route: `projectId` is null for an organization token without `projectId`. */
export type OcrivaCaller = DialectCaller;

/** Lifetime of a JWT from the legacy login endpoint, in seconds. */
export const TOKEN_TTL = 3600;

/**
 * Resolves `X-API-Key` or `Authorization: Bearer` (a raw key or a JWT from `/auth/login`) and the
 * `projectId` query parameter: a project token acts on its project, an organization token on the
 * `projectId` it names. A `projectId` outside the token's scope is 401, as the Ocriva overview says.
 */
export async function authenticate({ headers, query }: AuthRequest, api: DialectApi): Promise<OcrivaCaller> {
  const raw = headers['x-api-key']?.trim() || bearerOf(headers.authorization);
  if (!raw) throw new AppError('unauthorized', 'Missing API key: send X-API-Key or Authorization: Bearer');
  const principal = api.tokens.looksLikeToken(raw)
    ? (await api.tokens.verify(raw)).principal
    : await api.keys.require(raw);
  return { principal, projectId: await scopedProject(api, principal, query.projectId) };
}

/** The project a principal names (checked against its scope), its own project, or null. */
export async function scopedProject(
  api: DialectApi,
  principal: Principal,
  requested: string | undefined,
): Promise<string | null> {
  const id = requested?.trim();
  if (!id) return principal.projectId;
  if (!(await api.tenancy.canAccess(principal, id.toLowerCase())))
    throw new AppError('unauthorized', 'projectId is outside the scope of this token');
  return id.toLowerCase();
}

/**
 * The project a request acts on: `requested` (a body or form field) when given, else the caller's.
 * Organization tokens must name one.
 */
export async function projectOf(api: DialectApi, caller: OcrivaCaller, requested?: string): Promise<string> {
  const id = requested?.trim() ? await scopedProject(api, caller.principal, requested) : caller.projectId;
  if (!id) throw new AppError('bad_request', 'projectId is required for organization tokens');
  return id;
}

/** Metadata of an API token as the login response shows it. */
export function tokenInfo(p: Principal) {
  return {
    id: p.keyId,
    name: p.label,
    tokenType: p.projectId ? 'project' : 'organization',
    organizationId: p.orgId,
    projectId: p.projectId,
    permissions: p.readOnly ? ['read'] : ['read', 'write'],
    scopes: p.projectId ? [`project:${p.projectId}`] : [`organization:${p.orgId}`],
    expiresAt: iso(p.expiresAt),
  };
}
