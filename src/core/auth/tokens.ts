import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { randomToken } from '../ids.ts';
import type { KeyService, Principal } from './keys.ts';

/** Claims carried by a docserve token (HS256 JWT). */
export interface TokenClaims {
  /** The key the token was minted from. */
  sub: string;
  /** Audience: the dialect that issued it; a token only works in that dialect. */
  aud: string;
  /** Project the token is bound to, when any. */
  prj?: string;
  /** Read-only token (guest tokens). */
  ro?: boolean;
  iat: number;
  exp: number;
  jti: string;
  [extra: string]: unknown;
}

const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Mints and verifies short-lived HS256 tokens tied to an API key, signed with the server secret. */
export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly keys: KeyService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Mints a token for `principal`, valid `ttlSeconds` for the dialect `aud`. */
  issue(
    principal: Principal,
    opts: {
      aud: string;
      ttlSeconds: number;
      projectId?: string;
      readOnly?: boolean;
      extra?: Record<string, unknown>;
    },
  ): { token: string; claims: TokenClaims } {
    const iat = Math.floor(this.now() / 1000);
    let exp = iat + opts.ttlSeconds;
    if (principal.expiresAt) exp = Math.min(exp, Math.floor(principal.expiresAt / 1000));
    const claims: TokenClaims = {
      ...opts.extra,
      sub: principal.keyId,
      aud: opts.aud,
      iat,
      exp,
      jti: randomToken(9),
    };
    if (opts.projectId) claims.prj = opts.projectId;
    if (opts.readOnly || principal.readOnly) claims.ro = true;
    const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
    return { token: `${body}.${this.sign(body)}`, claims };
  }

  /** True when the string has the shape of a JWT (three base64url parts). */
  looksLikeToken(value: string): boolean {
    return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);
  }

  /**
   * Verifies a token for a dialect and returns its claims and the principal of its key (which must still
   * be valid). Throws `unauthorized` otherwise.
   */
  async verify(token: string, aud: string): Promise<{ claims: TokenClaims; principal: Principal }> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new AppError('unauthorized', 'Malformed token');
    const [h, p, s] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${h}.${p}`));
    const given = Buffer.from(s);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new AppError('unauthorized', 'Invalid token signature');
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw new AppError('unauthorized', 'Malformed token');
    }
    if (claims.aud !== aud) throw new AppError('unauthorized', 'Token was not issued for this API');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now())
      throw new AppError('unauthorized', 'Token has expired');
    const principal = await this.keys.resolveId(claims.sub);
    if (typeof principal === 'string')
      throw new AppError(
        'unauthorized',
        `The key behind this token is ${principal === 'unknown' ? 'unknown' : principal}`,
      );
    return {
      claims,
      principal: { ...principal, readOnly: principal.readOnly || claims.ro === true, via: 'token' },
    };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
