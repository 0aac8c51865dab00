import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { ReadCache } from '../../src/core/read-cache.ts';
import { ChangeClock } from '../../src/db/changes.ts';
import { openDatabase } from '../../src/db/open.ts';
import { tempDir } from '../helpers/server.ts';

describe('read cache', () => {
  test('serves the memo until any connection writes', async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'c.db');
      const db = openDatabase(path);
      const other = openDatabase(path);
      const cache = new ReadCache(new ChangeClock(db.$client));
      let computed = 0;
      const read = () => cache.memo('k', () => String(++computed));
      expect(read()).toBe('1');
      expect(read()).toBe('1');
      db.$client.exec("INSERT INTO settings VALUES ('a', '1')");
      expect(read()).toBe('2');
      other.$client.exec("INSERT INTO settings VALUES ('b', '1')");
      await Bun.sleep(2);
      expect(read()).toBe('3');
      db.$client.exec("UPDATE settings SET value = 'same' WHERE key = 'nothing'");
      expect(read()).toBe('3');
    } finally {
      dir.cleanup();
    }
  });

  test('evicts oldest entries past its size bound', () => {
    const cache = new ReadCache(new ChangeClock(openDatabase(':memory:').$client), 160);
    let computed = 0;
    for (let i = 0; i < 20; i++) cache.memo(`k${i}`, () => `${++computed}`.padEnd(10, '.'));
    const before = computed;
    cache.memo('k19', () => `${++computed}`);
    expect(computed).toBe(before);
    cache.memo('k0', () => `${++computed}`);
    expect(computed).toBe(before + 1);
  });
});
