import { expect, test } from 'bun:test';
import type { ChangeFeed } from '../../../src/db/port/index.ts';
import { ChangeFollower } from '../../../src/core/search/follow.ts';
import type { IndexSync, SearchIndex } from '../../../src/core/search/types.ts';

/** A change feed whose "other node committed" notifications the test sends itself. */
function feed() {
  let listener: (c: { tables: string[] }) => void = () => {};
  const changes = {
    subscribe(l: (c: { tables: string[] }) => void) {
      listener = l;
      return () => {};
    },
  } as unknown as ChangeFeed;
  return { changes, commit: (tables: string[]) => listener({ tables }) };
}

test('a failed pass is tried again from the same point, and the lag shows until it succeeds', async () => {
  let clock = 1_000;
  const calls: number[] = [];
  let fail = true;
  const search = {
    follow: async (since: number) => {
      calls.push(since);
      if (fail) throw new Error('database went away');
    },
  } as unknown as SearchIndex;
  const { changes, commit } = feed();
  const logged: string[] = [];
  const follower = new ChangeFollower(
    changes,
    search,
    {} as IndexSync,
    () => clock,
    (m) => logged.push(m),
  );
  expect(follower.status()).toEqual({ behind_ms: 0, applied_at: null });

  clock = 2_000;
  commit(['jobs']);
  await Bun.sleep(0);
  clock = 2_500;
  expect(follower.status()).toEqual({ behind_ms: 500, applied_at: null });
  expect(logged[0]).toContain('database went away');

  fail = false;
  clock = 3_000;
  commit(['jobs']);
  await Bun.sleep(0);
  expect(calls).toEqual([1_000, 1_000]);
  expect(follower.status()).toEqual({ behind_ms: 0, applied_at: 3_000 });

  commit(['documents']);
  await Bun.sleep(0);
  expect(calls).toHaveLength(2);
});
