import { createHash } from 'node:crypto';
import type {
  ApiKeyRow,
  ChangeFeed,
  KeysRepository,
  RateLimitSetting,
  TenancyRepository,
} from '../../db/port/index.ts';
import { AppError } from '../../errors.ts';
import { newId, randomToken } from '../ids.ts';

/** Who is calling: the key (or token minted from it) and the scope it grants. */
export interface Principal {
  keyId: string;
  orgId: string;
  /** The project a project-scoped key is bound to; null for an organization-scoped key. */
  projectId: string | null;
  label: string;
  readOnly: boolean;
  rateLimit: RateLimitSetting | null;
  expiresAt: number | null;
  createdAt: number;
  /** `key` for a raw API key, `token` for a token minted from one. */
  via: 'key' | 'token';
}

/** Why a credential was refused. */
export type KeyRejection = 'unknown' | 'revoked' | 'expired';

export interface CreateKeyInput {
  orgId: string;
  projectId?: string | null;
  label?: string;
  prefix?: string;
  expiresInDays?: number | null;
  readOnly?: boolean;
  createdBy?: string;
  rateLimit?: RateLimitSetting | null;
}

/** SHA-256 of a raw key: keys are 256-bit random, so a fast hash is enough and lookup is by equality. */
export function hashKey(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

const PREFIX = /^[a-z][a-z0-9]{0,9}_$/;

/** Longest key lifetime in days (100 years): later expiry times are not representable dates. */
export const MAX_KEY_DAYS = 36_500;

/**
 * Creates, resolves and revokes API keys. A key is shown once; only its hash is stored. Resolution is
 * cached in memory and the cache is dropped whenever another connection (the admin CLI) writes to the
 * database (see {@link ChangeFeed.external}).
 */
export class KeyService {
  private cache = new Map<string, ApiKeyRow | null>();
  private dataVersion = -1;

  constructor(
    private readonly keys: KeysRepository,
    private readonly tenancy: TenancyRepository,
    private readonly clock: Pick<ChangeFeed, 'external'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a key and returns the raw value (the only time it exists) with its stored row. */
  async create(input: CreateKeyInput): Promise<{ key: string; row: ApiKeyRow }> {
    const prefix = input.prefix ?? (input.projectId ? 'ocr_' : 'org_');
    if (!PREFIX.test(prefix))
      throw new AppError('bad_request', `Invalid key prefix "${prefix}" (expected like ocr_, org_, acc_)`);
    const org = await this.tenancy.getOrg(input.orgId);
    if (!org) throw new AppError('not_found', `Organization ${input.orgId} not found`);
    if (input.projectId) {
      const project = await this.tenancy.getProject(input.projectId);
      if (!project || project.orgId !== org.id)
        throw new AppError('not_found', `Project ${input.projectId} not found in organization ${org.id}`);
    }
    const days = input.expiresInDays;
    if (days !== undefined && days !== null && (!Number.isFinite(days) || days < 0 || days > MAX_KEY_DAYS))
      throw new AppError(
        'bad_request',
        `Expiry must be a number of days between 0 (never) and ${MAX_KEY_DAYS}`,
      );
    const key = prefix + randomToken(32);
    const now = this.now();
    const row: ApiKeyRow = {
      id: newId(now),
      orgId: org.id,
      projectId: input.projectId ?? null,
      label: input.label ?? '',
      prefix,
      hash: hashKey(key),
      preview: key.slice(0, prefix.length + 6),
      readOnly: input.readOnly ?? false,
      rateLimit: input.rateLimit ?? null,
      createdBy: input.createdBy ?? 'cli',
      createdAt: now,
      expiresAt: days ? now + days * 86_400_000 : null,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.keys.insert(row);
    this.invalidate();
    return { key, row };
  }

  /** Resolves a raw key to a principal, or says why it was refused. */
  async resolve(raw: string): Promise<Principal | KeyRejection> {
    const row = await this.lookup(hashKey(raw));
    return row ? this.check(row) : 'unknown';
  }

  /** Resolves a key id (for tokens minted from a key): the key must still be valid. */
  async resolveId(keyId: string): Promise<Principal | KeyRejection> {
    const row = await this.keys.byId(keyId);
    return row ? this.check(row) : 'unknown';
  }

  /** Like {@link resolve} but throws `unauthorized` with a message naming the reason. */
  async require(raw: string): Promise<Principal> {
    const p = await this.resolve(raw);
    if (typeof p === 'string') throw rejection(p);
    return p;
  }

  async revoke(id: string): Promise<boolean> {
    const ok = await this.keys.revoke(id, this.now());
    this.invalidate();
    return ok;
  }

  list(filter: { orgId?: string; projectId?: string; createdBy?: string } = {}): Promise<ApiKeyRow[]> {
    return this.keys.list(filter);
  }

  get(id: string): Promise<ApiKeyRow | undefined> {
    return this.keys.byId(id);
  }

  /** Drops cached resolutions (after this process changes keys). */
  invalidate(): void {
    this.cache.clear();
  }

  private async lookup(hash: string): Promise<ApiKeyRow | undefined> {
    const version = this.clock.external();
    if (version !== this.dataVersion) {
      this.cache.clear();
      this.dataVersion = version;
    }
    let row = this.cache.get(hash);
    if (row === undefined) {
      row = (await this.keys.byHash(hash)) ?? null;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, row);
    }
    return row ?? undefined;
  }

  private check(row: ApiKeyRow): Principal | KeyRejection {
    if (row.revokedAt) return 'revoked';
    if (row.expiresAt && row.expiresAt <= this.now()) return 'expired';
    return {
      keyId: row.id,
      orgId: row.orgId,
      projectId: row.projectId,
      label: row.label,
      readOnly: row.readOnly,
      rateLimit: row.rateLimit,
      expiresAt: row.expiresAt,
      createdAt: row.createdAt,
      via: 'key',
    };
  }
}

/** The unauthorized error for a refused key. */
export function rejection(reason: KeyRejection): AppError {
  const message =
    reason === 'revoked'
      ? 'API key has been revoked'
      : reason === 'expired'
        ? 'API key has expired'
        : 'Invalid API key';
  return new AppError('unauthorized', message, { details: { reason } });
}
