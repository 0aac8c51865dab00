import { Elysia } from 'elysia';
import type { DialectApi } from '../../../src/plugin-api.ts';
import { TOKEN_TTL, tokenInfo } from '../auth.ts';
import { bodyObject, Validator } from '../validate.ts';

/** `POST /auth/login {token}`: the legacy exchange of an API key for a short-lived JWT. */
export function loginRoute(api: DialectApi) {
  return new Elysia().post(
    '/auth/login',
    async ({ body }) => {
      const v = new Validator(bodyObject(body));
      const token = v.string('token', { required: true, max: 4096 }) as string;
      v.done();
      const principal = await api.keys.require(token);
      const { token: accessToken, expiresIn } = await api.tokens.issue(principal, { ttlSeconds: TOKEN_TTL });
      return { accessToken, expiresIn, tokenInfo: tokenInfo(principal) };
    },
    { detail: { summary: 'Exchange an API key for a short-lived JWT (legacy)' } },
  );
}
