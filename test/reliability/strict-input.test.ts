import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dialects } from '../../plugins/index.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { reliability } from '../helpers/reliability.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { type BadInputTarget, badInputTargets } from './targets.ts';

/** Dates a US-style or lenient parser would accept: never a real `YYYY-MM-DD`. */
const BAD_DATES = [
  '01/02/2026',
  '2026-02-30',
  '2025-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-1-5',
  '20260105',
  '2026-01-05x',
  'yesterday',
  'Jan 5 2026',
  '5 January 2026',
  '2026-01-05T25:00:00Z',
  '2026-01-05T10:61',
  '2026-01-05T10:00:00+25:00',
  '1767225600000',
];
const GOOD_DATES = ['2026-02-28', '2024-02-29', '2026-12-31'];
const GOOD_DATE_TIMES = ['2026-01-15T09:30:00Z', '2026-01-15T09:30', '2026-01-15T09:30:00.250+07:00'];

/** Percent-encoded byte runs that are not UTF-8 (or stand for bytes that were not). */
const BAD_UTF8 = [
  '%FF',
  '%C3%28',
  '%E0%B8',
  '%ED%A0%80',
  '%C0%AF',
  '%F8%88%80%80%80',
  '%E0%B8%81%FF',
  '%EF%BF%BD',
];

/** Integers no list parameter can take: beyond any range, or not integers at all. */
const BAD_INTS = [
  '99999999999999999999999',
  '-99999999999999999999999',
  '9007199254740993',
  '1e3',
  '1.5',
  '0x10',
];

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ plugins: dialects as never, fakeExtraction: true });
});
afterAll(() => s.close());

for (const target of badInputTargets)
  describe(`${target.name}: strict answers`, () => {
    let t: Awaited<ReturnType<BadInputTarget['context']>>;
    beforeAll(async () => {
      const { projectId } = await target.context(s);
      // Many requests per dialect: a key without the vendors' per-minute limits.
      const { key } = await s.services.keys.create({
        orgId: s.orgId,
        projectId,
        rateLimit: { '*': 1_000_000 },
      });
      t = { projectId, key };
    });
    const get = (path: string) => fetch(s.url + path, { headers: target.headers(t) });

    test('date filters take only real YYYY-MM-DD dates (and ISO date-times where documented)', async () => {
      for (const [path, param] of target.dateFilters(t)) {
        for (const date of [...BAD_DATES, ...(target.dateTimes ? [] : GOOD_DATE_TIMES)]) {
          const res = await get(`${path}&${param(date)}`);
          const body = await res.json();
          expect([`${path} ${date}`, res.status]).toEqual([`${path} ${date}`, 400]);
          target.expectEnvelope(res.status, body);
          reliability.badInputs++;
        }
        for (const date of [...GOOD_DATES, ...(target.dateTimes ? GOOD_DATE_TIMES : [])]) {
          const res = await get(`${path}&${param(date)}`);
          expect([`${path} ${date}`, res.status]).toEqual([`${path} ${date}`, 200]);
        }
      }
    });

    test('a query string over the limit answers 414 in the envelope (up to 64 KiB request heads)', async () => {
      const base = target.listPath(t);
      const unknown = `${base.split('?')[0]}/no-such-route?x=1`;
      for (const path of [base, unknown])
        for (const length of [4_200, 20_000, 60_000]) {
          const res = await get(`${path}&${target.filters[0]}=${'x'.repeat(length)}`);
          expect([path.slice(0, 40), length, res.status]).toEqual([path.slice(0, 40), length, 414]);
          target.expectEnvelope(res.status, await res.json());
          reliability.badInputs++;
        }
    });

    test('invalid UTF-8 in the query string is 400 in the envelope', async () => {
      const base = target.listPath(t);
      const unknown = `${base.split('?')[0]}/no-such-route?x=1`;
      for (const path of [base, unknown])
        for (const bytes of BAD_UTF8) {
          const res = await get(`${path}&${target.filters[0]}=a${bytes}b`);
          expect([path.slice(0, 40), bytes, res.status]).toEqual([path.slice(0, 40), bytes, 400]);
          target.expectEnvelope(res.status, await res.json());
          reliability.badInputs++;
        }
      const raw = await rawRequest(s.url, {
        target: Buffer.concat([
          Buffer.from(`${base}&${target.filters[0]}=`),
          Buffer.from([0xff, 0xe0, 0x41]),
        ]),
        headers: target.headers(t),
      });
      expect(raw.status).toBe(400);
      target.expectEnvelope(raw.status, JSON.parse(raw.body));
      const thai = await get(`${base}&${target.filters[0]}=${encodeURIComponent('ใบเสร็จ')}`);
      expect(thai.status).toBeLessThan(500);
      expect(thai.status).not.toBe(414);
    });

    test('a JSON body that is not valid UTF-8 is 400 in the envelope, on every JSON route', async () => {
      const valid = Buffer.from('{"name":"ใบเสร็จ ');
      for (const path of target.jsonPaths(t))
        for (const bad of [[0xff], [0xe0, 0xb8], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
          const body = Buffer.concat([valid, Buffer.from(bad), Buffer.from('"}')]);
          const res = await fetch(s.url + path, {
            method: 'POST',
            headers: { ...target.headers(t), 'content-type': 'application/json' },
            body,
          });
          const answer = await res.json();
          expect([path, bad, res.status]).toEqual([path, bad, 400]);
          expect(JSON.stringify(answer)).toMatch(/UTF-8/);
          target.expectEnvelope(res.status, answer);
          reliability.badInputs++;
        }
    });

    test('integers out of range are refused (422 DocRouter, 400 the others), never a 500', async () => {
      for (const [path, name] of target.intParams(t))
        for (const value of BAD_INTS) {
          const res = await get(`${path}&${name}=${value}`);
          const body = await res.json();
          expect([path, name, value, res.status]).toEqual([path, name, value, target.intStatus]);
          target.expectEnvelope(res.status, body);
          reliability.badInputs++;
        }
    });

    test('the Host header changes nothing: short, empty, IPv6 or odd hosts get the same answers', async () => {
      const path = target.listPath(t);
      const wrongKey = target.headers({ ...t, key: 'ocr_not_a_key' });
      for (const host of ['x', 'ab', '', 'a/b', '[::1]:9', 'evil.example']) {
        const ok = await rawRequest(s.url, { target: path, host, headers: target.headers(t) });
        expect([host, ok.status]).toEqual([host, 200]);
        const denied = await rawRequest(s.url, { target: path, host, headers: wrongKey });
        expect([host, denied.status]).toEqual([host, 401]);
        target.expectEnvelope(denied.status, JSON.parse(denied.body));
      }
    });
  });

describe('DocRouter: integers in JSON bodies', () => {
  test('an access token lifetime beyond 100 years is 422, not a token that breaks every later read', async () => {
    const { projectId, key } = await s.newProject('docrouter lifetimes');
    const create = (lifetime: number) =>
      fetch(`${s.url}/v0/orgs/${projectId}/access_tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ci', lifetime }),
      });
    for (const lifetime of [1e30, 99_999_999_999, 36_501]) {
      const res = await create(lifetime);
      expect([lifetime, res.status]).toEqual([lifetime, 422]);
      expect((await res.json()).detail[0].loc).toEqual(['body', 'lifetime']);
    }
    expect((await create(36_500)).status).toBe(200);
    const list = await fetch(`${s.url}/v0/orgs/${projectId}/access_tokens`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(list.status).toBe(200);
    expect((await list.json()).access_tokens).toHaveLength(1);
  });
});
