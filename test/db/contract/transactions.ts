/** The transaction contract: atomicity, isolation from outside calls, joining, after-commit hooks. */
import { beforeAll, describe, expect, test } from 'bun:test';
import type { Storage } from '../../../src/db/port/index.ts';
import { type DriverFactory, useDatabase } from './harness.ts';
import { docRow, newProject, orgRow, pageRow, projectRow } from './rows.ts';

/** A promise and the function that resolves it. */
export function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => {
    fire = r;
  });
  return { promise, fire };
}

export function transactionContract(factory: DriverFactory): void {
  describe(`${factory.name}: transactions`, () => {
    const db = useDatabase(factory);
    let s: Storage;
    beforeAll(() => {
      s = db().storage;
    });

    test('commits every write and returns the callback result; reads inside see the writes', async () => {
      const { projectId } = await newProject(s);
      const doc = docRow(projectId);
      const result = await s.transaction(async (tx) => {
        await tx.documents.insert(doc);
        await tx.pages.replaceAll(doc.id, [pageRow(doc.id, 1, 'หน้าแรก')]);
        await tx.documents.update(doc.id, { ocrStatus: 'completed' });
        return (await tx.documents.getUnscoped(doc.id))?.ocrStatus;
      });
      expect(result).toBe('completed');
      expect((await s.documents.get(projectId, doc.id))?.ocrStatus).toBe('completed');
      expect(await s.pages.fullText(doc.id)).toBe('หน้าแรก');
    });

    test('a callback that throws rolls every write back and rejects with its error', async () => {
      const { projectId } = await newProject(s);
      const doc = docRow(projectId);
      const boom = new Error('boom');
      const outcome = s.transaction(async (tx) => {
        await tx.documents.insert(doc);
        await tx.pages.replaceAll(doc.id, [pageRow(doc.id, 1, 'x')]);
        await tx.settings.set('rolled-back', 'yes');
        throw boom;
      });
      await expect(outcome).rejects.toBe(boom);
      expect(await s.documents.getUnscoped(doc.id)).toBeUndefined();
      expect(await s.pages.list(doc.id)).toEqual([]);
      expect(await s.settings.get('rolled-back')).toBeUndefined();
      expect((await s.documents.list({ projectId })).total).toBe(0);
    });

    test('nobody outside reads what an open transaction wrote and then rolled back', async () => {
      const inserted = signal();
      const release = signal();
      const outcome = s.transaction(async (tx) => {
        await tx.settings.set('uncommitted', 'visible?');
        inserted.fire();
        await release.promise;
        throw new Error('roll back');
      });
      await inserted.promise;
      const outside = s.settings.get('uncommitted');
      release.fire();
      await expect(outcome).rejects.toThrow('roll back');
      expect(await outside).toBeUndefined();
    });

    test('calls on the storage from inside the callback, nested transactions too, join it', async () => {
      const org = orgRow();
      await expect(
        s.transaction(async () => {
          await s.tenancy.insertOrg(org);
          await s.transaction(async (inner) => {
            await inner.tenancy.insertProject(projectRow(org.id));
          });
          expect((await s.tenancy.listProjects(org.id)).length).toBe(1);
          throw new Error('undo all');
        }),
      ).rejects.toThrow('undo all');
      expect(await s.tenancy.getOrg(org.id)).toBeUndefined();
      expect(await s.tenancy.listProjects(org.id)).toEqual([]);
      await s.transaction(async () => {
        await s.tenancy.insertOrg(org);
      });
      expect(await s.tenancy.getOrg(org.id)).toEqual(org);
    });

    test('a transaction handle used after the transaction ended throws', async () => {
      let leaked: Parameters<Parameters<Storage['transaction']>[0]>[0] | undefined;
      await s.transaction(async (tx) => {
        leaked = tx;
      });
      await expect((async () => leaked?.settings.get('x'))()).rejects.toThrow(/ended/);
    });

    test('after-commit callbacks run once the data is committed, and never after a rollback', async () => {
      const seen: (string | undefined)[] = [];
      const reads: Promise<string | undefined>[] = [];
      await s.transaction(async (tx) => {
        await tx.settings.set('hooked', 'committed');
        tx.afterCommit(() => {
          seen.push('ran');
          reads.push(s.settings.get('hooked'));
        });
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual(['ran']);
      expect(await Promise.all(reads)).toEqual(['committed']);
      await expect(
        s.transaction(async (tx) => {
          tx.afterCommit(() => seen.push('must not run'));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(seen).toEqual(['ran']);
    });

    test('concurrent transactions all commit, each whole', async () => {
      const orgs = Array.from({ length: 12 }, () => orgRow());
      await Promise.all(
        orgs.map((org) =>
          s.transaction(async (tx) => {
            await tx.tenancy.insertOrg(org);
            const project = projectRow(org.id);
            await tx.tenancy.insertProject(project);
            await tx.documents.insert(docRow(project.id));
            await tx.documents.insert(docRow(project.id));
          }),
        ),
      );
      for (const org of orgs) {
        const [project] = await s.tenancy.listProjects(org.id);
        expect((await s.documents.list({ projectId: project?.id as string })).total).toBe(2);
      }
      expect(await s.maintenance.countDrift()).toEqual([]);
    });
  });
}
