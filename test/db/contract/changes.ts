/** The change-feed contract: the stamp moves on writes (ours at once, others' soon) and not on reads. */
import { afterEach, describe, expect, test } from 'bun:test';
import { until } from '../../helpers/until.ts';
import type { DriverFactory, OpenedDatabase } from './harness.ts';
import { docRow, newProject } from './rows.ts';

export function changeFeedContract(factory: DriverFactory): void {
  describe(`${factory.name}: change feed`, () => {
    let opened: OpenedDatabase | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });

    test('reads leave the stamp alone; a write moves it as soon as it returns, a transaction when it commits', async () => {
      opened = await factory.open();
      const s = opened.storage;
      const fresh = s.changes.stamp();
      await s.settings.get('x');
      await s.documents.list({ projectId: 'none' });
      await s.jobs.counts();
      expect(s.changes.stamp()).toBe(fresh);
      const { projectId } = await newProject(s);
      const afterWrite = s.changes.stamp();
      expect(afterWrite).not.toBe(fresh);
      await s.transaction(async (tx) => {
        await tx.documents.insert(docRow(projectId));
      });
      expect(s.changes.stamp()).not.toBe(afterWrite);
    });

    test("another process's commit moves external() and reaches subscribers", async () => {
      opened = await factory.open();
      const s = opened.storage;
      const other = await opened.openAgain();
      const heard: string[][] = [];
      const unsubscribe = s.changes.subscribe((c) => heard.push(c.tables));
      const before = s.changes.external();
      await other.settings.set('written-elsewhere', '1');
      await until('the change to reach the first storage', async () =>
        heard.length > 0 && s.changes.external() !== before ? true : undefined,
      );
      expect(heard.flat().every((t) => t === 'settings')).toBe(true);
      unsubscribe();
    });
  });
}
