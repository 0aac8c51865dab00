import { dialectRouter } from '../../../src/plugin-api.ts';
import type { Ctx, DocfloCaller } from '../context.ts';

const GUEST_TTL = 900;

/** `POST /auth/v1/guest-token`: a read-only token for the caller's tenant. */
export function guestTokenRoute(ctx: Ctx) {
  return dialectRouter<DocfloCaller>().post(
    '/guest-token',
    async ({ caller }) => {
      const { token } = await ctx.api.tokens.issue(caller.principal, {
        ttlSeconds: GUEST_TTL,
        projectId: caller.projectId,
        readOnly: true,
      });
      return { token, expiresIn: GUEST_TTL, tokenType: 'Bearer', tenantId: caller.projectId };
    },
    { detail: { summary: 'A read-only guest token (15 minutes) usable as Authorization: Bearer' } },
  );
}
