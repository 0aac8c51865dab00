import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dialects } from '../../plugins/index.ts';
import { reliability } from '../helpers/reliability.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { badInputTargets, type BadInputTarget } from './targets.ts';

const FIXTURES = join(import.meta.dir, '../fixtures/bad');
const corpus = readdirSync(FIXTURES).map((name) => ({
  name,
  bytes: new Uint8Array(readFileSync(join(FIXTURES, name))),
}));

const BAD_NAMES = [
  '../../etc/passwd.txt',
  '..\\..\\windows\\win.ini.txt',
  'nul\u0000byte.txt',
  `${'ยาว'.repeat(40)}.txt`,
  'invoice\u202Efdp.exe.txt',
];
const SQL = [
  "' OR 1=1 --",
  '"; DROP TABLE documents; --',
  "x') UNION SELECT * FROM api_keys --",
  '%27%20OR%20%271%27=%271',
];

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ plugins: dialects as never, fakeExtraction: true });
});
afterAll(() => s.close());

function countBlobs(): number {
  const root = join(s.dataDir, 'blobs');
  let n = 0;
  for (const a of readdirSync(root))
    for (const b of readdirSync(join(root, a))) n += readdirSync(join(root, a, b)).length;
  return n;
}

const totalDocuments = () =>
  s.services.repos.db.$client.query<{ n: number }, []>('SELECT count(*) AS n FROM documents').get()?.n ?? 0;

for (const target of badInputTargets) {
  describe(`${target.name}: bad input is refused in the dialect's envelope and leaves no trace`, () => {
    let t: Awaited<ReturnType<BadInputTarget['context']>>;
    beforeAll(async () => {
      t = await target.context(s);
    });

    test('every file of the bad corpus', async () => {
      const before = { docs: totalDocuments(), blobs: countBlobs() };
      for (const f of corpus) {
        const res = await target.upload(s, t, f.name, f.bytes);
        const body = await res.text();
        expect(res.status, `${f.name}: ${body}`).toBeGreaterThanOrEqual(400);
        expect(res.status, f.name).toBeLessThan(500);
        target.expectEnvelope(res.status, JSON.parse(body));
        reliability.badInputs++;
      }
      expect(totalDocuments()).toBe(before.docs);
      expect(countBlobs()).toBe(before.blobs);
      expect(readdirSync(join(s.dataDir, 'tmp'))).toEqual([]);
    });

    test('dangerous file names (paths, NUL, overlong, bidi overrides)', async () => {
      const before = totalDocuments();
      for (const name of BAD_NAMES) {
        const res = await target.upload(s, t, name, new TextEncoder().encode(`named ${Math.random()}`));
        expect(res.status, name).toBe(400);
        target.expectEnvelope(res.status, await res.json());
        reliability.badInputs++;
      }
      expect(totalDocuments()).toBe(before);
    });

    test('Thai and right-to-left names are kept exactly', async () => {
      for (const name of ['ใบกำกับภาษี เลขที่ ๑๒๓.txt', 'فاتورة ضريبية.txt', 'חשבונית.txt']) {
        const res = await target.upload(s, t, name, new TextEncoder().encode(`kept ${Math.random()}`));
        expect(res.status, name).toBeLessThan(300);
        expect(target.nameOf(await res.json())).toBe(name);
      }
    });

    test('malformed multipart and deeply nested JSON', async () => {
      const mp = await fetch(s.url + target.uploadPath(t), {
        method: 'POST',
        headers: { ...target.headers(t), 'content-type': 'multipart/form-data; boundary=ZZ' },
        body: '--ZZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nno closing boundary',
      });
      expect(mp.status).toBe(400);
      target.expectEnvelope(mp.status, await mp.json());
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      for (const path of target.jsonPaths(t)) {
        const res = await fetch(s.url + path, {
          method: 'POST',
          headers: { ...target.headers(t), 'content-type': 'application/json' },
          body: deep,
        });
        expect(res.status, path).toBe(400);
        target.expectEnvelope(res.status, await res.json());
        reliability.badInputs += 2;
      }
    });

    test('huge query strings and SQL-injection strings in every filter', async () => {
      const long = await fetch(`${s.url}${target.listPath(t)}&${target.filters[0]}=${'x'.repeat(6000)}`, {
        headers: target.headers(t),
      });
      expect(long.status).toBe(414);
      target.expectEnvelope(long.status, await long.json());
      const before = totalDocuments();
      const unfiltered = target.listCount(
        await (await fetch(`${s.url}${target.listPath(t)}`, { headers: target.headers(t) })).json(),
      );
      for (const filter of target.filters)
        for (const value of SQL) {
          const res = await fetch(`${s.url}${target.listPath(t)}&${filter}=${encodeURIComponent(value)}`, {
            headers: target.headers(t),
          });
          expect(res.status, `${filter}=${value}`).toBeLessThan(500);
          if (res.status >= 400) target.expectEnvelope(res.status, await res.json());
          // A value either matches nothing or is ignored as meaningless (DocRouter skips pairs without '=').
          else expect([0, unfiltered], `${filter}=${value}`).toContain(target.listCount(await res.json()));
          reliability.badInputs++;
        }
      expect(totalDocuments()).toBe(before);
      expect(s.services.repos.maintenance.integrityCheck()).toEqual(['ok']);
    });
  });
}
