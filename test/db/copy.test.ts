import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { copyDatabase, digestTable } from '../../src/db/copy.ts';
import { type Storage, TABLES } from '../../src/db/port/index.ts';
import { type OpenedDatabase, postgresFactory, sqliteFactory } from './contract/harness.ts';
import {
  auditRow,
  deliveryRow,
  docRow,
  extractionRow,
  jobRow,
  keyRow,
  newProject,
  pageRow,
  recordRow,
  T0,
  tagRow,
  webhookRow,
} from './contract/rows.ts';

/** Puts at least one row in every table, with the awkward values: Thai, JSON, floats, big sizes, nulls. */
async function populate(s: Storage): Promise<{ projectId: string; docId: string }> {
  const { orgId, projectId } = await newProject(s);
  await s.settings.set('token_secret', 'abc');
  await s.keys.insert(keyRow(orgId, projectId, { rateLimit: { '*': 120 } }));
  const doc = docRow(projectId, {
    name: 'ใบกำกับภาษี เลขที่ 0012.pdf',
    size: 4_500_000_000,
    metadata: { vendor: 'บริษัท ก จำกัด', total: 1250.75, tags: ['a', 'b'] },
    confidence: 0.873333333333,
    pdfSha256: 'pdf-sha',
  });
  await s.documents.insert(doc);
  await s.documents.insert(docRow(projectId, { deletedAt: T0 + 5 }));
  const tag = tagRow(projectId, 'ชำระแล้ว');
  await s.tags.insert(tag);
  await s.documents.setTags(doc.id, [tag.id]);
  await s.pages.replaceAll(doc.id, [
    pageRow(doc.id, 1, 'บริษัท ก จำกัด  ใบกำกับภาษี', { layout: '[{"x":1}]' }),
    pageRow(doc.id, 2, 'รวม 1,250.75 บาท', { confidence: null, error: 'blurred' }),
  ]);
  await s.jobs.insert(
    jobRow('ocr', { projectId, documentId: doc.id, payload: { lang: 'tha+eng' }, result: { ok: 1 } }),
  );
  await s.extractions.upsert(extractionRow(doc.id, 'generic', { result: { fields: { total: 1250.75 } } }));
  await s.records.put(recordRow('templates', projectId, { name: 'แบบฟอร์ม', n: 1, on: true, none: null }));
  const hook = webhookRow(projectId);
  await s.webhooks.insert(hook);
  await s.webhooks.insertDelivery(deliveryRow(hook.id, projectId));
  await s.audit.insert(auditRow(projectId, { metadata: { page: 2 } }));
  return { projectId, docId: doc.id };
}

describe('copying a whole database between drivers', () => {
  const opened: OpenedDatabase[] = [];
  let sqlite: Storage;
  let postgres: Storage;
  let back: Storage;
  let seeded: { projectId: string; docId: string };

  beforeAll(async () => {
    for (const f of [sqliteFactory, postgresFactory, sqliteFactory]) opened.push(await f.open());
    [sqlite, postgres, back] = opened.map((o) => o.storage) as [Storage, Storage, Storage];
    seeded = await populate(sqlite);
  });
  afterAll(async () => {
    for (const o of opened) await o.close();
  });

  test('SQLite to PostgreSQL: every table verified by row count and checksum, rows read back equal', async () => {
    const tables: string[] = [];
    const report = await copyDatabase(sqlite, postgres, { batchSize: 1, onTable: (t) => tables.push(t) });
    expect(tables).toEqual([...TABLES]);
    expect(report.ok).toBe(true);
    expect(report.sourceChanged).toEqual([]);
    expect(report.countDrift).toBe(0);
    for (const t of report.tables) {
      expect(t.source.rows, t.table).toBeGreaterThan(0);
      expect(t.target, t.table).toEqual(t.source);
    }
    const { projectId, docId } = seeded;
    expect(await postgres.documents.get(projectId, docId)).toEqual(
      (await sqlite.documents.get(projectId, docId)) as never,
    );
    expect(await postgres.pages.list(docId)).toEqual(await sqlite.pages.list(docId));
    expect(await postgres.documents.list({ projectId })).toEqual(await sqlite.documents.list({ projectId }));
    expect(await postgres.records.list('templates', projectId, { where: { on: true } })).toEqual(
      await sqlite.records.list('templates', projectId, { where: { on: true } }),
    );
  });

  test('and back to SQLite: the same checksums on all three databases', async () => {
    const report = await copyDatabase(postgres, back);
    expect(report.ok).toBe(true);
    for (const table of TABLES)
      expect(await digestTable(back, table)).toEqual(await digestTable(sqlite, table));
  });

  test('a changed value changes the checksum; a non-empty target is refused and left alone', async () => {
    const before = await digestTable(postgres, 'documents');
    await postgres.documents.update(seeded.docId, { name: 'renamed.pdf', updatedAt: T0 });
    const after = await digestTable(postgres, 'documents');
    expect(after.rows).toBe(before.rows);
    expect(after.checksum).not.toBe(before.checksum);
    await expect(copyDatabase(sqlite, postgres)).rejects.toThrow(/not empty/);
    expect((await postgres.documents.getUnscoped(seeded.docId))?.name).toBe('renamed.pdf');
  });
});
