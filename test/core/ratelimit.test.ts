import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { RateLimiter } from '../../src/core/ratelimit.ts';
import type { Storage } from '../../src/db/port/index.ts';
import { openPostgresStorage } from '../../src/db/postgres/storage.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';

describe('rate limiter', () => {
  test('when the shared counter fails, the node counts the request itself and logs once', async () => {
    const logged: string[] = [];
    const down = {
      increment: () => Promise.reject(new Error('connection refused')),
      prune: () => Promise.resolve(0),
    };
    const limiter = new RateLimiter(
      () => 90_000,
      down,
      (m) => logged.push(m),
    );
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push(await limiter.take('k', 2, 60_000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(decisions[0]).toMatchObject({ limit: 2, remaining: 1, resetAt: 120_000 });
    expect(decisions[2]).toMatchObject({ remaining: 0, retryAfter: 30 });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('connection refused');
  });
});

describe('PostgreSQL shared counters', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await openPostgresStorage(await freshPostgresDatabase());
  });
  afterAll(() => storage?.close());

  test('count per bucket and window; expired windows are pruned, current ones kept', async () => {
    const counters = storage.sharedCounters;
    if (!counters) throw new Error('PostgreSQL storage must share its counters');
    expect(await counters.increment('a', 0, 60_000)).toBe(1);
    expect(await counters.increment('a', 0, 60_000)).toBe(2);
    expect(await counters.increment('b', 0, 60_000)).toBe(1);
    expect(await counters.increment('a', 60_000, 120_000)).toBe(1);
    expect(await counters.prune(90_000)).toBe(2);
    expect(await counters.increment('a', 60_000, 120_000)).toBe(2);
    expect(await counters.increment('a', 0, 60_000)).toBe(1);
  });

  test('counting is not a change other nodes are told about', async () => {
    const before = storage.changes.stamp();
    await storage.sharedCounters?.increment('c', 0, 60_000);
    expect(storage.changes.stamp()).toBe(before);
  });
});
