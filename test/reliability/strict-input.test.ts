import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dialects } from '../../plugins/index.ts';
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

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ plugins: dialects as never, fakeExtraction: true });
});
afterAll(() => s.close());

for (const target of badInputTargets)
  describe(`${target.name}: strict answers`, () => {
    let t: ReturnType<BadInputTarget['context']>;
    beforeAll(() => {
      t = target.context(s);
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
  });
