import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dialects } from '../../plugins/index.ts';
import { createExpiredKey } from '../helpers/keys.ts';
import { reliability } from '../helpers/reliability.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';
import { type MatrixContext, tenancyTargets } from './tenancy-targets.ts';

/**
 * The tenancy matrix: every route of every dialect (enumerated from the running app, so new routes are
 * covered automatically) x {no key, revoked key, expired key, other project's key, other org's key,
 * project key on an org-only route}. A victim project holds a document, a tag and a webhook with a
 * marker; no response may contain the marker and the victim's state must be unchanged afterwards.
 */
const MARKER = 'VICTIM-SECRET-7f3a';

let s: TestServer;
let ctx: MatrixContext;

beforeAll(async () => {
  s = await startTestServer({ plugins: dialects as never, fakeExtraction: true });
  const victim = await s.newProject(`${MARKER} project`);
  const up = await s.fetch('/api/v1/documents', {
    method: 'POST',
    key: victim.key,
    body: form({ name: `${MARKER}.txt`, content: `${MARKER} confidential invoice` }, { tags: MARKER }),
  });
  const victimDoc = (await up.json()).data.id as string;
  const hook = await s.services.webhooks.create({
    projectId: victim.projectId,
    dialect: 'docinth',
    url: 'https://example.com/victim',
  });
  await s.drain();
  const attacker = await s.newProject('Attacker project');
  const otherOrg = await s.services.tenancy.createOrg('Other org');
  const otherOrgProject = await s.services.tenancy.createProject(otherOrg.id, 'Other org project');
  const keys = s.services.keys;
  const revoked = await keys.create({ orgId: s.orgId, projectId: victim.projectId, label: 'revoked' });
  await keys.revoke(revoked.row.id);
  const expired = await createExpiredKey(s.services, {
    orgId: s.orgId,
    projectId: victim.projectId,
    label: 'expired',
  });
  ctx = {
    victimProjectId: victim.projectId,
    victimKey: victim.key,
    victimDocId: victimDoc,
    victimWebhookId: hook.id,
    orgId: s.orgId,
    keys: {
      none: null,
      revoked: revoked.key,
      expired: expired.key,
      'other-project': attacker.key,
      'other-org': (await keys.create({ orgId: otherOrg.id, projectId: otherOrgProject.id })).key,
      'project-on-org-route': victim.key,
    },
    projects: { 'other-project': attacker.projectId, 'other-org': otherOrgProject.id },
  };
});
afterAll(() => s.close());

for (const target of tenancyTargets) {
  describe(`${target.name} tenancy matrix`, () => {
    for (const credential of target.credentials) {
      test(`every route with ${credential}`, async () => {
        const routes = (s.app as unknown as { routes: { method: string; path: string }[] }).routes.filter(
          (r) =>
            target.prefixes.some((p) => r.path.startsWith(`${p}/`)) &&
            !r.path.endsWith('/*') &&
            r.method !== 'ALL',
        );
        expect(routes.length).toBeGreaterThan(3);
        let checked = 0;
        for (const route of routes) {
          const req = target.request(route, credential, ctx);
          if (!req) continue;
          const res = await fetch(s.url + req.path, {
            method: route.method,
            headers: req.headers,
            body: req.body,
          });
          const text = await res.text();
          const where = `${credential} ${route.method} ${req.path} -> ${res.status} ${text.slice(0, 200)}`;
          if (text.includes(MARKER)) reliability.leaks++;
          expect(text.includes(MARKER), where).toBe(false);
          expect(target.allowed(route, credential, res.status), where).toBe(true);
          reliability.tenancyChecks++;
          checked++;
        }
        expect(checked).toBeGreaterThan(0);
      });
    }

    test('the victim project is unchanged', async () => {
      const doc = await s.services.documents.get(ctx.victimProjectId, ctx.victimDocId);
      expect(doc.name).toBe(`${MARKER}.txt`);
      expect(doc.deletedAt).toBeNull();
      expect(doc.tags.map((t) => t.name)).toEqual([MARKER]);
      expect((await s.services.webhooks.list(ctx.victimProjectId)).map((h) => h.id)).toEqual([
        ctx.victimWebhookId,
      ]);
      expect((await s.services.documents.list({ projectId: ctx.victimProjectId })).total).toBe(1);
    });
  });
}
