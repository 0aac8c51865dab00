import { afterAll, describe, expect, test } from 'bun:test';
import { hashKey, KeyService } from '../../src/core/auth/keys.ts';
import { TokenService } from '../../src/core/auth/tokens.ts';
import { TenancyService } from '../../src/core/tenancy.ts';
import type { Storage } from '../../src/db/port/index.ts';
import { AppError } from '../../src/errors.ts';
import {
  type DriverFactory,
  type OpenedDatabase,
  postgresFactory,
  sqliteFactory,
} from '../db/contract/harness.ts';

/** Key and tenancy services over a storage, as the server builds them. */
function services(storage: Storage, now = () => Date.now()) {
  const keys = new KeyService(storage.keys, storage.tenancy, storage.changes, now);
  const tenancy = new TenancyService(storage, keys, storage.changes, now);
  return { keys, tenancy };
}

/** The suite on one driver: every test gets a fresh database. */
function keysAndTenancy(factory: DriverFactory): void {
  const opened: OpenedDatabase[] = [];
  async function setup(now?: () => number) {
    const db = await factory.open();
    opened.push(db);
    return { storage: db.storage, db, ...services(db.storage, now) };
  }
  afterAll(async () => {
    for (const db of opened) await db.close();
  });

  describe(`${factory.name}: API keys`, () => {
    test('the raw key is never stored; only its SHA-256 is', async () => {
      const { storage, keys, tenancy } = await setup();
      const boot = await tenancy.bootstrapIfEmpty();
      if (!boot) throw new Error('no bootstrap');
      const rows: unknown[] = [];
      for await (const batch of storage.tables.scan('api_keys')) rows.push(...batch);
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(boot.adminKey);
      expect(dump).toContain(hashKey(boot.adminKey));
      expect(await keys.resolve(boot.adminKey)).toMatchObject({ orgId: boot.org.id, projectId: null });
      expect(await tenancy.bootstrapIfEmpty()).toBeUndefined();
    });

    // Several nodes share one database only on PostgreSQL; SQLite is one node's embedded store.
    test.if(factory.name === 'postgres')(
      'nodes starting together on one empty database bootstrap it once: one admin key, one organization',
      async () => {
        const { db } = await setup();
        const nodes = [db.storage, await db.openAgain(), await db.openAgain()].map(
          (s) => services(s).tenancy,
        );
        const boots = await Promise.all(nodes.map((t) => t.bootstrapIfEmpty()));
        expect(boots.filter(Boolean)).toHaveLength(1);
        expect(await db.storage.tenancy.listOrgs()).toHaveLength(1);
        expect(
          await db.storage.keys.list({ orgId: (boots.find(Boolean) as { org: { id: string } }).org.id }),
        ).toHaveLength(1);
      },
    );

    test('scopes: project keys are bound to one project; org keys reach every project of the org only', async () => {
      const { keys, tenancy } = await setup();
      const org = await tenancy.createOrg('Acme');
      const p1 = await tenancy.createProject(org.id, 'One');
      const p2 = await tenancy.createProject(org.id, 'Two');
      const other = await tenancy.createProject((await tenancy.createOrg('Other')).id, 'X');
      const pk = await keys.require((await keys.create({ orgId: org.id, projectId: p1.id })).key);
      const ok = await keys.require((await keys.create({ orgId: org.id })).key);
      expect((await tenancy.resolveProject(pk)).id).toBe(p1.id);
      await expect(tenancy.resolveProject(pk, p2.id)).rejects.toThrow(AppError);
      expect((await tenancy.resolveProject(ok)).id).toBe(p1.id);
      expect((await tenancy.resolveProject(ok, p2.id)).id).toBe(p2.id);
      await expect(tenancy.resolveProject(ok, other.id)).rejects.toThrow(/outside the scope/);
      expect(await tenancy.canAccess(ok, other.id)).toBe(false);
      expect((await tenancy.projectsOf(ok)).map((p) => p.id)).toEqual([p1.id, p2.id]);
    });

    test('revoked and expired keys are refused with their reason', async () => {
      let clock = Date.now();
      const { keys, tenancy } = await setup(() => clock);
      const org = await tenancy.createOrg('Acme');
      const a = await keys.create({ orgId: org.id, expiresInDays: 1 });
      expect(typeof (await keys.resolve(a.key))).toBe('object');
      clock += 86_400_001;
      expect(await keys.resolve(a.key)).toBe('expired');
      const b = await keys.create({ orgId: org.id });
      await keys.revoke(b.row.id);
      expect(await keys.resolve(b.key)).toBe('revoked');
      expect(await keys.resolve('org_nonsense')).toBe('unknown');
      await expect(keys.require(b.key)).rejects.toThrow(/revoked/);
    });

    test('a revoke from another process (the admin CLI) is seen despite the cache', async () => {
      const { db, keys, tenancy } = await setup();
      const org = await tenancy.createOrg('Acme');
      const { key, row } = await keys.create({ orgId: org.id });
      expect(typeof (await keys.resolve(key))).toBe('object');
      const cli = services(await db.openAgain());
      await cli.keys.revoke(row.id);
      let seen = await keys.resolve(key);
      for (let i = 0; i < 600 && seen !== 'revoked'; i++) {
        await Bun.sleep(50);
        seen = await keys.resolve(key);
      }
      expect(seen).toBe('revoked');
    });

    test('bad prefixes and unknown projects are refused', async () => {
      const { keys, tenancy } = await setup();
      const org = await tenancy.createOrg('Acme');
      await expect(keys.create({ orgId: org.id, prefix: 'bad prefix' })).rejects.toThrow(/prefix/);
      await expect(keys.create({ orgId: org.id, projectId: '5f0000000000000000000000' })).rejects.toThrow(
        /not found/,
      );
    });
  });

  describe(`${factory.name}: tokens`, () => {
    test('a token works for its audience only, expires, and dies with its key', async () => {
      let clock = Date.now();
      const { keys, tenancy } = await setup(() => clock);
      const org = await tenancy.createOrg('Acme');
      const p = await tenancy.createProject(org.id, 'P');
      const { key, row } = await keys.create({ orgId: org.id, projectId: p.id });
      const tokens = new TokenService('secret', keys, () => clock);
      const { token } = tokens.issue(await keys.require(key), {
        aud: 'docinth',
        ttlSeconds: 3600,
        projectId: p.id,
      });
      expect((await tokens.verify(token, 'docinth')).claims.prj).toBe(p.id);
      await expect(tokens.verify(token, 'ocriva')).rejects.toThrow(/not issued for this API/);
      await expect(tokens.verify(`${token.slice(0, -2)}xx`, 'docinth')).rejects.toThrow(/signature/);
      await expect(new TokenService('other', keys, () => clock).verify(token, 'docinth')).rejects.toThrow(
        /signature/,
      );
      clock += 3_600_001;
      await expect(tokens.verify(token, 'docinth')).rejects.toThrow(/expired/);
      clock -= 3_600_001;
      await keys.revoke(row.id);
      await expect(tokens.verify(token, 'docinth')).rejects.toThrow(/revoked/);
    });

    test('read-only tokens stay read-only', async () => {
      const { keys, tenancy } = await setup();
      const org = await tenancy.createOrg('Acme');
      const { key } = await keys.create({ orgId: org.id });
      const tokens = new TokenService('s', keys);
      const { token } = tokens.issue(await keys.require(key), {
        aud: 'docflo',
        ttlSeconds: 60,
        readOnly: true,
      });
      expect((await tokens.verify(token, 'docflo')).principal.readOnly).toBe(true);
    });
  });
}

keysAndTenancy(sqliteFactory);
keysAndTenancy(postgresFactory);
