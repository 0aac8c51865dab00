import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { hashKey, KeyService } from '../../src/core/auth/keys.ts';
import { TokenService } from '../../src/core/auth/tokens.ts';
import { TenancyService } from '../../src/core/tenancy.ts';
import { ChangeClock } from '../../src/db/changes.ts';
import { createRepos, openDatabase } from '../../src/db/index.ts';
import { AppError } from '../../src/errors.ts';
import { tempDir } from '../helpers/server.ts';

function setup(path = ':memory:', now = () => Date.now()) {
  const repos = createRepos(openDatabase(path));
  const clock = new ChangeClock(repos.db.$client);
  const keys = new KeyService(repos.keys, repos.tenancy, clock, now);
  const tenancy = new TenancyService(repos.tenancy, keys, clock, now);
  return { repos, keys, tenancy };
}

describe('API keys', () => {
  test('the raw key is never stored; only its SHA-256 is', () => {
    const { repos, keys, tenancy } = setup();
    const boot = tenancy.bootstrapIfEmpty();
    if (!boot) throw new Error('no bootstrap');
    const dump = JSON.stringify(repos.db.$client.query('SELECT * FROM api_keys').all());
    expect(dump).not.toContain(boot.adminKey);
    expect(dump).toContain(hashKey(boot.adminKey));
    expect(keys.resolve(boot.adminKey)).toMatchObject({ orgId: boot.org.id, projectId: null });
    expect(tenancy.bootstrapIfEmpty()).toBeUndefined();
  });

  test('scopes: project keys are bound to one project; org keys reach every project of the org only', () => {
    const { keys, tenancy } = setup();
    const org = tenancy.createOrg('Acme');
    const p1 = tenancy.createProject(org.id, 'One');
    const p2 = tenancy.createProject(org.id, 'Two');
    const other = tenancy.createProject(tenancy.createOrg('Other').id, 'X');
    const pk = keys.require(keys.create({ orgId: org.id, projectId: p1.id }).key);
    const ok = keys.require(keys.create({ orgId: org.id }).key);
    expect(tenancy.resolveProject(pk).id).toBe(p1.id);
    expect(() => tenancy.resolveProject(pk, p2.id)).toThrow(AppError);
    expect(tenancy.resolveProject(ok).id).toBe(p1.id);
    expect(tenancy.resolveProject(ok, p2.id).id).toBe(p2.id);
    expect(() => tenancy.resolveProject(ok, other.id)).toThrow(/outside the scope/);
    expect(tenancy.canAccess(ok, other.id)).toBe(false);
    expect(tenancy.projectsOf(ok).map((p) => p.id)).toEqual([p1.id, p2.id]);
  });

  test('revoked and expired keys are refused with their reason', () => {
    let clock = Date.now();
    const { keys, tenancy } = setup(':memory:', () => clock);
    const org = tenancy.createOrg('Acme');
    const a = keys.create({ orgId: org.id, expiresInDays: 1 });
    expect(typeof keys.resolve(a.key)).toBe('object');
    clock += 86_400_001;
    expect(keys.resolve(a.key)).toBe('expired');
    const b = keys.create({ orgId: org.id });
    keys.revoke(b.row.id);
    expect(keys.resolve(b.key)).toBe('revoked');
    expect(keys.resolve('org_nonsense')).toBe('unknown');
    expect(() => keys.require(b.key)).toThrow(/revoked/);
  });

  test('a revoke from another process (the admin CLI) is seen within a millisecond despite the cache', async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'k.db');
      const server = setup(path);
      const org = server.tenancy.createOrg('Acme');
      const { key, row } = server.keys.create({ orgId: org.id });
      expect(typeof server.keys.resolve(key)).toBe('object');
      const cli = setup(path);
      cli.keys.revoke(row.id);
      await Bun.sleep(2);
      expect(server.keys.resolve(key)).toBe('revoked');
    } finally {
      dir.cleanup();
    }
  });

  test('bad prefixes and unknown projects are refused', () => {
    const { keys, tenancy } = setup();
    const org = tenancy.createOrg('Acme');
    expect(() => keys.create({ orgId: org.id, prefix: 'bad prefix' })).toThrow(/prefix/);
    expect(() => keys.create({ orgId: org.id, projectId: '5f0000000000000000000000' })).toThrow(/not found/);
  });
});

describe('tokens', () => {
  test('a token works for its audience only, expires, and dies with its key', () => {
    let clock = Date.now();
    const { keys, tenancy } = setup(':memory:', () => clock);
    const org = tenancy.createOrg('Acme');
    const p = tenancy.createProject(org.id, 'P');
    const { key, row } = keys.create({ orgId: org.id, projectId: p.id });
    const tokens = new TokenService('secret', keys, () => clock);
    const { token } = tokens.issue(keys.require(key), { aud: 'docinth', ttlSeconds: 3600, projectId: p.id });
    expect(tokens.verify(token, 'docinth').claims.prj).toBe(p.id);
    expect(() => tokens.verify(token, 'ocriva')).toThrow(/not issued for this API/);
    expect(() => tokens.verify(`${token.slice(0, -2)}xx`, 'docinth')).toThrow(/signature/);
    expect(() => new TokenService('other', keys, () => clock).verify(token, 'docinth')).toThrow(/signature/);
    clock += 3_600_001;
    expect(() => tokens.verify(token, 'docinth')).toThrow(/expired/);
    clock -= 3_600_001;
    keys.revoke(row.id);
    expect(() => tokens.verify(token, 'docinth')).toThrow(/revoked/);
  });

  test('read-only tokens stay read-only', () => {
    const { keys, tenancy } = setup();
    const org = tenancy.createOrg('Acme');
    const { key } = keys.create({ orgId: org.id });
    const tokens = new TokenService('s', keys);
    const { token } = tokens.issue(keys.require(key), { aud: 'docflo', ttlSeconds: 60, readOnly: true });
    expect(tokens.verify(token, 'docflo').principal.readOnly).toBe(true);
  });
});
