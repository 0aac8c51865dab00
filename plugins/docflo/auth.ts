import { AppError, type AuthRequest, bearerOf, type DialectApi } from '../../src/plugin-api.ts';
import type { DocfloCaller } from './context.ts';

/**
 * `x-tenant-id` (the project) and `apiKey` on every request, or a read-only guest token as
 * `Authorization: Bearer` (valid for its tenant only).
 */
export async function authenticate({ headers }: AuthRequest, api: DialectApi): Promise<DocfloCaller> {
  const tenant = headers['x-tenant-id']?.trim().toLowerCase();
  const bearer = bearerOf(headers.authorization);
  if (bearer && api.tokens.looksLikeToken(bearer)) {
    const { principal, projectId } = await api.tokens.verify(bearer);
    if (
      !projectId ||
      (tenant && tenant !== projectId) ||
      !(await api.tenancy.canAccess(principal, projectId))
    )
      throw new AppError('unauthorized', 'This guest token is not valid for this tenant');
    return { principal, projectId, guest: true };
  }
  const key = headers.apikey?.trim();
  if (!key)
    throw new AppError('unauthorized', 'Missing credentials: send the x-tenant-id and apiKey headers');
  if (!tenant) throw new AppError('unauthorized', 'Missing the x-tenant-id header');
  const principal = await api.keys.require(key);
  if (!(await api.tenancy.canAccess(principal, tenant)))
    throw new AppError('unauthorized', 'This API key has no access to this tenant');
  return { principal, projectId: tenant, guest: false };
}
