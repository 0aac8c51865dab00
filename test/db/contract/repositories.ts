/** The repository contract: what every aggregate's repository does, on any driver. */
import { describe, expect, test } from 'bun:test';
import type { Storage } from '../../../src/db/port/index.ts';
import { type DriverFactory, useDatabase } from './harness.ts';
import {
  auditRow,
  deliveryRow,
  docRow,
  extractionRow,
  jobRow,
  keyRow,
  newProject,
  nextId,
  orgRow,
  pageRow,
  projectRow,
  recordRow,
  T0,
  tagRow,
  webhookRow,
} from './rows.ts';

/** Runs `body` with a fresh database for the describe block. */
function withDatabase(factory: DriverFactory, name: string, body: (db: () => Storage) => void): void {
  describe(`${factory.name}: ${name}`, () => {
    const opened = useDatabase(factory);
    body(() => opened().storage);
  });
}

export function repositoryContract(factory: DriverFactory): void {
  withDatabase(factory, 'settings', (db) => {
    test('get, set, overwrite, getOrCreate keeps the first value', async () => {
      const s = db();
      expect(await s.settings.get('missing')).toBeUndefined();
      await s.settings.set('k', 'v1');
      await s.settings.set('k', 'v2');
      expect(await s.settings.get('k')).toBe('v2');
      expect(await s.settings.getOrCreate('secret', () => 'first')).toBe('first');
      expect(await s.settings.getOrCreate('secret', () => 'second')).toBe('first');
    });
  });

  withDatabase(factory, 'tenancy', (db) => {
    test('organizations and projects round-trip, in creation order, with counts', async () => {
      const s = db();
      expect(await s.tenancy.countOrgs()).toBe(0);
      const a = await s.tenancy.insertOrg(orgRow({ createdAt: T0 + 2 }));
      const b = await s.tenancy.insertOrg(orgRow({ name: 'Second', createdAt: T0 + 1 }));
      expect(await s.tenancy.getOrg(a.id)).toEqual(a);
      expect((await s.tenancy.listOrgs()).map((o) => o.id)).toEqual([b.id, a.id]);
      expect(await s.tenancy.countOrgs()).toBe(2);
      const p1 = await s.tenancy.insertProject(
        projectRow(a.id, { settings: { lang: 'tha', pages: [1, 2] }, active: false }),
      );
      const p2 = await s.tenancy.insertProject(projectRow(b.id, { createdAt: T0 + 5 }));
      expect(await s.tenancy.getProject(p1.id)).toEqual(p1);
      expect((await s.tenancy.listProjects(a.id)).map((p) => p.id)).toEqual([p1.id]);
      expect((await s.tenancy.listProjects()).map((p) => p.id)).toEqual([p1.id, p2.id]);
      await s.tenancy.setDefaultProject(a.id, p1.id);
      expect((await s.tenancy.getOrg(a.id))?.defaultProjectId).toBe(p1.id);
      await s.tenancy.updateProject(p1.id, { name: 'บัญชี', active: true, settings: { x: null } });
      const updated = await s.tenancy.getProject(p1.id);
      expect(updated).toMatchObject({ name: 'บัญชี', active: true, settings: { x: null }, description: '' });
      expect(updated?.updatedAt).toBeGreaterThan(T0);
      expect(await s.tenancy.getProject('000000000000000000000000')).toBeUndefined();
    });
  });

  withDatabase(factory, 'keys', (db) => {
    test('lookup by hash and id, filters, revoke once, touch, unique hashes', async () => {
      const s = db();
      const { orgId, projectId } = await newProject(s);
      const orgKey = keyRow(orgId, null, { rateLimit: { '*': 60, docflo: 10 }, createdAt: T0 });
      const projectKey = keyRow(orgId, projectId, { readOnly: true, createdBy: 'api', createdAt: T0 + 1 });
      await s.keys.insert(orgKey);
      await s.keys.insert(projectKey);
      expect(await s.keys.byHash(orgKey.hash)).toEqual(orgKey);
      expect(await s.keys.byId(projectKey.id)).toEqual(projectKey);
      expect(await s.keys.byHash('nope')).toBeUndefined();
      expect((await s.keys.list({ orgId })).map((k) => k.id)).toEqual([projectKey.id, orgKey.id]);
      expect((await s.keys.list({ projectId })).map((k) => k.id)).toEqual([projectKey.id]);
      expect((await s.keys.list({ orgId, createdBy: 'cli' })).map((k) => k.id)).toEqual([orgKey.id]);
      expect(await s.keys.revoke(orgKey.id, T0 + 9)).toBe(true);
      expect(await s.keys.revoke(orgKey.id, T0 + 10)).toBe(false);
      expect((await s.keys.byId(orgKey.id))?.revokedAt).toBe(T0 + 9);
      await s.keys.touch(projectKey.id, T0 + 20);
      expect((await s.keys.byId(projectKey.id))?.lastUsedAt).toBe(T0 + 20);
      await expect(s.keys.insert(keyRow(orgId, null, { hash: orgKey.hash }))).rejects.toThrow();
    });
  });

  withDatabase(factory, 'documents', (db) => {
    test('every field round-trips exactly; reads are scoped to the project', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const other = await newProject(s);
      const row = docRow(projectId, {
        name: 'ใบเสนอราคา 2567.pdf',
        size: 3_000_000_123,
        metadata: { customer: 'สมชาย ใจดี', n: 7, nested: { ok: true } },
        confidence: 0.123456789012,
        favorite: true,
        reviewStatus: 'CONFIRMED',
        pageCount: 3,
        ocrStartedAt: T0 + 1,
      });
      await s.documents.insert(row);
      expect(await s.documents.get(projectId, row.id)).toEqual(row);
      expect(await s.documents.getUnscoped(row.id)).toEqual(row);
      expect(await s.documents.get(other.projectId, row.id)).toBeUndefined();
    });

    test('update patches fields and stamps updatedAt unless given', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const row = docRow(projectId);
      await s.documents.insert(row);
      await s.documents.update(row.id, { ocrStatus: 'completed', pageCount: 2, updatedAt: T0 + 5 });
      expect(await s.documents.get(projectId, row.id)).toEqual({
        ...row,
        ocrStatus: 'completed',
        pageCount: 2,
        updatedAt: T0 + 5,
      });
      await s.documents.update(row.id, { docType: 'invoice' });
      expect((await s.documents.get(projectId, row.id))?.updatedAt).toBeGreaterThan(T0 + 5);
    });

    test('the plain list is newest first, paged, and its total follows trash, restore and purge', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const rows = [0, 1, 2, 3, 4].map((i) => docRow(projectId, { createdAt: T0 + i }));
      for (const r of rows) await s.documents.insert(r);
      const first = await s.documents.list({ projectId }, { limit: 2 });
      expect(first.total).toBe(5);
      expect(first.rows.map((r) => r.id)).toEqual([rows[4]?.id, rows[3]?.id]);
      const rest = await s.documents.list({ projectId }, { limit: 10, offset: 2 });
      expect(rest.rows.map((r) => r.id)).toEqual([rows[2]?.id, rows[1]?.id, rows[0]?.id]);
      await s.documents.update(rows[0]?.id as string, { deletedAt: T0 + 100 });
      expect((await s.documents.list({ projectId })).total).toBe(4);
      expect((await s.documents.list({ projectId, state: 'trash' })).rows.map((r) => r.id)).toEqual([
        rows[0]?.id,
      ]);
      expect((await s.documents.list({ projectId, state: 'any' })).total).toBe(5);
      await s.documents.update(rows[0]?.id as string, { deletedAt: null });
      expect((await s.documents.list({ projectId })).total).toBe(5);
      await s.documents.purge(rows[1]?.id as string);
      expect((await s.documents.list({ projectId })).total).toBe(4);
      expect(await s.maintenance.countDrift()).toEqual([]);
    });

    test('filters: ids, folder, kinds, statuses, review (null too), favorite, name, metadata, dates, tags', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const a = docRow(projectId, {
        name: 'Invoice-March.PDF',
        folderId: 'fld1',
        kind: 'pdf',
        ocrStatus: 'completed',
        reviewStatus: 'APPROVED',
        favorite: true,
        metadata: { customer: 'ACME', year: 2024 },
        createdAt: T0 + 10,
        docType: 'invoice',
        source: 'email',
        emailId: 'mail-1',
        keyId: 'key-1',
      });
      const b = docRow(projectId, {
        name: 'ใบเสร็จรับเงิน.png',
        mime: 'image/png',
        kind: 'image',
        ocrStatus: 'failed',
        metadata: { customer: 'ACME Thai', year: '2024' },
        createdAt: T0 + 20,
      });
      const c = docRow(projectId, { name: 'notes.txt', kind: 'text', createdAt: T0 + 30 });
      for (const r of [a, b, c]) await s.documents.insert(r);
      const t1 = tagRow(projectId, 'paid');
      const t2 = tagRow(projectId, 'urgent');
      await s.tags.insert(t1);
      await s.tags.insert(t2);
      await s.documents.setTags(a.id, [t1.id, t2.id]);
      await s.documents.setTags(b.id, [t1.id]);
      const ids = async (f: Omit<Parameters<Storage['documents']['list']>[0], 'projectId'>) =>
        (
          await s.documents.list({ projectId, ...f }, { sort: [{ field: 'created_at', dir: 'asc' }] })
        ).rows.map((r) => r.id);
      expect(await ids({ ids: [c.id, a.id] })).toEqual([a.id, c.id]);
      expect(await ids({ ids: [] })).toEqual([]);
      expect(await ids({ folderId: 'fld1' })).toEqual([a.id]);
      expect(await ids({ kinds: ['image', 'text'] })).toEqual([b.id, c.id]);
      expect(await ids({ mimes: ['image/png'] })).toEqual([b.id]);
      expect(await ids({ ocrStatuses: ['completed', 'failed'] })).toEqual([a.id, b.id]);
      expect(await ids({ reviewStatuses: [null] })).toEqual([b.id, c.id]);
      expect(await ids({ reviewStatuses: ['APPROVED', null] })).toEqual([a.id, b.id, c.id]);
      expect(await ids({ favorite: true })).toEqual([a.id]);
      expect(await ids({ favorite: false })).toEqual([b.id, c.id]);
      expect(await ids({ nameContains: 'invoice-m' })).toEqual([a.id]);
      expect(await ids({ nameContains: 'เสร็จ' })).toEqual([b.id]);
      expect(await ids({ metadata: { customer: 'ACME' } })).toEqual([a.id]);
      expect(await ids({ metadata: { year: '2024' } })).toEqual([b.id]);
      expect(await ids({ createdFrom: T0 + 20 })).toEqual([b.id, c.id]);
      expect(await ids({ createdBefore: T0 + 20 })).toEqual([a.id]);
      expect(await ids({ tagIds: [t1.id] })).toEqual([a.id, b.id]);
      expect(await ids({ tagIds: [t1.id, t2.id] })).toEqual([a.id]);
      expect(await ids({ docTypes: ['invoice'] })).toEqual([a.id]);
      expect(await ids({ sources: ['email'], emailId: 'mail-1', keyId: 'key-1' })).toEqual([a.id]);
      const total = await s.documents.list({ projectId, kinds: ['pdf', 'image'] }, { limit: 1 });
      expect(total.total).toBe(2);
      expect(total.rows.map((r) => r.id)).toEqual([b.id]);
    });

    test('sorting: by name either way, ties by id, NULL review states first ascending and last descending', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const x = docRow(projectId, { name: 'b', reviewStatus: 'APPROVED' });
      const y = docRow(projectId, { name: 'a', reviewStatus: null });
      const z = docRow(projectId, { name: 'b', reviewStatus: 'REJECTED' });
      for (const r of [x, y, z]) await s.documents.insert(r);
      const order = async (field: 'name' | 'review_status', dir: 'asc' | 'desc') =>
        (await s.documents.list({ projectId }, { sort: [{ field, dir }] })).rows.map((r) => r.id);
      expect(await order('name', 'asc')).toEqual([y.id, x.id, z.id]);
      expect(await order('name', 'desc')).toEqual([z.id, x.id, y.id]);
      expect(await order('review_status', 'asc')).toEqual([y.id, x.id, z.id]);
      expect(await order('review_status', 'desc')).toEqual([z.id, x.id, y.id]);
    });

    test('tags of documents, live-by-content lookup, status counts, references, keyset ids, purge', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const zeta = tagRow(projectId, 'zeta');
      const alpha = tagRow(projectId, 'alpha');
      await s.tags.insert(zeta);
      await s.tags.insert(alpha);
      const a = docRow(projectId, { sha256: 'same', ocrStatus: 'completed', pdfSha256: 'pdf-of-a' });
      const b = docRow(projectId, { sha256: 'same', deletedAt: T0 + 1 });
      const c = docRow(projectId, { ocrStatus: 'completed' });
      for (const r of [a, b, c]) await s.documents.insert(r);
      await s.documents.setTags(a.id, [zeta.id, alpha.id, zeta.id]);
      const tagsOf = await s.documents.tagsOf([a.id, c.id]);
      expect([...tagsOf.keys()].sort()).toEqual([a.id, c.id].sort());
      expect(tagsOf.get(a.id)?.map((t) => t.name)).toEqual(['alpha', 'zeta']);
      expect(tagsOf.get(c.id)).toEqual([]);
      expect((await s.documents.tagsOf([])).size).toBe(0);
      await s.documents.setTags(a.id, [alpha.id]);
      expect((await s.documents.tagsOf([a.id])).get(a.id)?.map((t) => t.name)).toEqual(['alpha']);
      expect((await s.documents.findLiveBySha(projectId, 'same'))?.id).toBe(a.id);
      expect(await s.documents.findLiveBySha(projectId, 'other')).toBeUndefined();
      expect(await s.documents.countByOcrStatus(projectId)).toEqual({ completed: 2 });
      expect(await s.documents.isReferenced('pdf-of-a')).toBe(true);
      expect(await s.documents.isReferenced('same')).toBe(true);
      expect(await s.documents.isReferenced('nothing')).toBe(false);
      const shas = await s.documents.referencedShas();
      for (const sha of ['same', 'pdf-of-a', c.sha256]) expect(shas.has(sha)).toBe(true);
      const live = [a.id, c.id].sort();
      const all: string[] = [];
      for (let page = await s.documents.liveIdsAfter('', 1); page.length; ) {
        all.push(...page);
        page = await s.documents.liveIdsAfter(page.at(-1) as string, 1);
      }
      expect(all.filter((id) => [a.id, b.id, c.id].includes(id))).toEqual(live);
      const before = await s.documents.countAllLive();
      await s.pages.replaceAll(a.id, [pageRow(a.id, 1, 'หน้า 1')]);
      await s.extractions.upsert(extractionRow(a.id, 'generic'));
      await s.documents.purge(a.id);
      expect(await s.documents.getUnscoped(a.id)).toBeUndefined();
      expect(await s.pages.list(a.id)).toEqual([]);
      expect(await s.extractions.list(a.id)).toEqual([]);
      expect(await s.tags.usageCount(alpha.id)).toBe(0);
      expect(await s.documents.countAllLive()).toBe(before - 1);
    });
  });

  withDatabase(factory, 'tags', (db) => {
    test('unique names per project, lookups, list by name with a filter, usage, detach from trash, delete', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const other = await newProject(s);
      const paid = tagRow(projectId, 'Paid', { color: '#10B981', description: 'จ่ายแล้ว' });
      const urgent = tagRow(projectId, 'urgent');
      const archive = tagRow(projectId, 'archive');
      for (const t of [paid, urgent, archive]) await s.tags.insert(t);
      await s.tags.insert(tagRow(other.projectId, 'Paid'));
      await expect(s.tags.insert(tagRow(projectId, 'Paid'))).rejects.toThrow();
      expect(await s.tags.get(projectId, paid.id)).toEqual(paid);
      expect(await s.tags.get(other.projectId, paid.id)).toBeUndefined();
      expect((await s.tags.byNames(projectId, ['Paid', 'urgent', 'none'])).map((t) => t.id).sort()).toEqual(
        [paid.id, urgent.id].sort(),
      );
      expect(await s.tags.byNames(projectId, [])).toEqual([]);
      expect((await s.tags.byIds(projectId, [archive.id])).map((t) => t.name)).toEqual(['archive']);
      const listed = await s.tags.list(projectId);
      expect(listed.total).toBe(3);
      expect(listed.rows.map((t) => t.name)).toEqual(['Paid', 'archive', 'urgent']);
      const filtered = await s.tags.list(projectId, { nameContains: 'PAI', limit: 5 });
      expect(filtered.rows.map((t) => t.name)).toEqual(['Paid']);
      expect((await s.tags.list(projectId, { offset: 1, limit: 1 })).rows.map((t) => t.name)).toEqual([
        'archive',
      ]);
      await s.tags.update(urgent.id, { name: 'ด่วน', color: '#EF4444' });
      expect(await s.tags.get(projectId, urgent.id)).toEqual({ ...urgent, name: 'ด่วน', color: '#EF4444' });
      const live = docRow(projectId);
      const trashed = docRow(projectId, { deletedAt: T0 });
      await s.documents.insert(live);
      await s.documents.insert(trashed);
      await s.documents.setTags(live.id, [paid.id]);
      await s.documents.setTags(trashed.id, [paid.id, archive.id]);
      expect(await s.tags.usageCount(paid.id)).toBe(2);
      expect(await s.tags.usageCount(paid.id, true)).toBe(1);
      expect(await s.tags.usageCount(archive.id, true)).toBe(0);
      await s.tags.detachFromTrashed(archive.id);
      expect(await s.tags.usageCount(archive.id)).toBe(0);
      expect(await s.tags.usageCount(paid.id)).toBe(2);
      await s.tags.delete(archive.id);
      expect(await s.tags.get(projectId, archive.id)).toBeUndefined();
    });
  });

  withDatabase(factory, 'pages', (db) => {
    test('replace all pages, list in order, one page, full text keeps Thai spacing exactly', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const doc = docRow(projectId);
      await s.documents.insert(doc);
      await s.pages.replaceAll(doc.id, [pageRow(doc.id, 1, 'old')]);
      const p2 = pageRow(doc.id, 2, 'ยอดรวม 1,250.00 บาท', { layout: '[{"t":"x"}]', confidence: 0.5 });
      const p1 = pageRow(doc.id, 1, 'บริษัท ตัวอย่าง จำกัด  ใบแจ้งหนี้', { error: null, width: null });
      await s.pages.replaceAll(doc.id, [p2, p1]);
      expect(await s.pages.list(doc.id)).toEqual([p1, p2]);
      expect(await s.pages.get(doc.id, 2)).toEqual(p2);
      expect(await s.pages.get(doc.id, 3)).toBeUndefined();
      expect(await s.pages.fullText(doc.id)).toBe('บริษัท ตัวอย่าง จำกัด  ใบแจ้งหนี้\nยอดรวม 1,250.00 บาท');
      await s.pages.replaceAll(doc.id, []);
      expect(await s.pages.fullText(doc.id)).toBe('');
    });

    test('documents with pages after a cursor: distinct, in id order, trash included', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const [a, b, c] = [docRow(projectId), docRow(projectId), docRow(projectId)].sort((x, y) =>
        x.id < y.id ? -1 : 1,
      ) as [ReturnType<typeof docRow>, ReturnType<typeof docRow>, ReturnType<typeof docRow>];
      for (const d of [a, b, c]) await s.documents.insert(d);
      await s.pages.replaceAll(a.id, [pageRow(a.id, 1, 'a1'), pageRow(a.id, 2, 'a2')]);
      await s.pages.replaceAll(c.id, [pageRow(c.id, 1, 'c1')]);
      await s.documents.update(c.id, { deletedAt: 1 });
      expect(await s.pages.documentsAfter('', 10)).toEqual([a.id, c.id]);
      expect(await s.pages.documentsAfter('', 1)).toEqual([a.id]);
      expect(await s.pages.documentsAfter(a.id, 10)).toEqual([c.id]);
      expect(await s.pages.documentsAfter(c.id, 10)).toEqual([]);
    });

    test('full texts of several documents in one read: page order per document, empty without pages', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const [a, b, none] = [docRow(projectId), docRow(projectId), docRow(projectId)];
      for (const d of [a, b, none]) await s.documents.insert(d);
      await s.pages.replaceAll(a.id, [pageRow(a.id, 2, 'หน้าสอง'), pageRow(a.id, 1, 'หน้า หนึ่ง')]);
      await s.pages.replaceAll(b.id, [pageRow(b.id, 1, 'invoice 42')]);
      const texts = await s.pages.fullTexts([b.id, none.id, a.id]);
      expect(Object.fromEntries(texts)).toEqual({
        [a.id]: 'หน้า หนึ่ง\nหน้าสอง',
        [b.id]: 'invoice 42',
        [none.id]: '',
      });
      expect((await s.pages.fullTexts([])).size).toBe(0);
      const rows = await s.documents.getManyUnscoped([none.id, a.id, 'f'.repeat(24)]);
      expect(rows.map((r) => r.id).sort()).toEqual([a.id, none.id].sort());
      expect(rows.find((r) => r.id === a.id)).toEqual(a);
      expect(await s.documents.getManyUnscoped([])).toEqual([]);
    });
  });

  withDatabase(factory, 'extractions', (db) => {
    test('upsert keeps createdAt, JSON results round-trip, list oldest first, delete once', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const doc = docRow(projectId);
      await s.documents.insert(doc);
      const first = extractionRow(doc.id, 'generic', { status: 'processing', createdAt: T0 + 1 });
      await s.extractions.upsert(first);
      await s.extractions.upsert(
        extractionRow(doc.id, 'invoice', { createdAt: T0 + 2, result: 'plain string' }),
      );
      const result = { fields: { total: 1250.5, vendor: 'บริษัท ก', lines: [{ qty: 2 }] }, ok: true };
      await s.extractions.upsert({
        ...first,
        status: 'completed',
        result,
        editedResult: { total: 1300 },
        isEdited: true,
        createdAt: T0 + 99,
        updatedAt: T0 + 3,
      });
      expect(await s.extractions.get(doc.id, 'generic')).toEqual({
        ...first,
        status: 'completed',
        result,
        editedResult: { total: 1300 },
        isEdited: true,
        updatedAt: T0 + 3,
      });
      expect((await s.extractions.get(doc.id, 'invoice'))?.result).toBe('plain string');
      expect((await s.extractions.list(doc.id)).map((e) => e.schemaKey)).toEqual(['generic', 'invoice']);
      expect(await s.extractions.delete(doc.id, 'invoice')).toBe(true);
      expect(await s.extractions.delete(doc.id, 'invoice')).toBe(false);
      expect(await s.extractions.get(doc.id, 'missing')).toBeUndefined();
    });
  });

  withDatabase(factory, 'records', (db) => {
    test('put replaces data, reads are scoped, where matches top-level JSON fields, order and paging', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const other = await newProject(s);
      const r1 = recordRow(
        'templates',
        projectId,
        { name: 'ใบกำกับภาษี', pages: 2, active: true, owner: null },
        {
          createdAt: T0 + 1,
        },
      );
      const r2 = recordRow(
        'templates',
        projectId,
        { name: 'receipt', pages: 1, active: false },
        { createdAt: T0 + 2 },
      );
      const r3 = recordRow('batches', projectId, { name: 'receipt' }, { createdAt: T0 + 3 });
      for (const r of [r1, r2, r3]) await s.records.put(r);
      expect(await s.records.get('templates', projectId, r1.id)).toEqual(r1);
      expect(await s.records.get('templates', other.projectId, r1.id)).toBeUndefined();
      expect(await s.records.get('batches', projectId, r1.id)).toBeUndefined();
      const ids = async (where: Record<string, string | number | boolean | null>) =>
        (await s.records.list('templates', projectId, { where, order: 'asc' })).rows.map((r) => r.id);
      expect(await ids({})).toEqual([r1.id, r2.id]);
      expect(await ids({ name: 'receipt' })).toEqual([r2.id]);
      expect(await ids({ pages: 2 })).toEqual([r1.id]);
      expect(await ids({ active: true })).toEqual([r1.id]);
      expect(await ids({ active: false })).toEqual([r2.id]);
      expect(await ids({ owner: null })).toEqual([r1.id, r2.id]);
      expect(await ids({ name: 'ใบกำกับภาษี', pages: 1 })).toEqual([]);
      const newest = await s.records.list('templates', projectId, { limit: 1 });
      expect(newest.total).toBe(2);
      expect(newest.rows.map((r) => r.id)).toEqual([r2.id]);
      await s.records.put({ ...r1, data: { name: 'renamed' }, updatedAt: T0 + 50, createdAt: T0 + 77 });
      expect(await s.records.get('templates', projectId, r1.id)).toEqual({
        ...r1,
        data: { name: 'renamed' },
        updatedAt: T0 + 50,
      });
      expect(await s.records.delete('templates', other.projectId, r1.id)).toBe(false);
      expect(await s.records.delete('templates', projectId, r1.id)).toBe(true);
      expect(await s.records.delete('templates', projectId, r1.id)).toBe(false);
    });
  });

  withDatabase(factory, 'webhooks', (db) => {
    test('subscriptions: scoped reads, per dialect, active only, update, delete takes the deliveries along', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const other = await newProject(s);
      const a = webhookRow(projectId, { createdAt: T0 + 1, config: { format: 'ocriva' } });
      const b = webhookRow(projectId, { dialect: 'ocriva', active: false, createdAt: T0 + 2, events: [] });
      await s.webhooks.insert(a);
      await s.webhooks.insert(b);
      expect(await s.webhooks.get(projectId, a.id)).toEqual(a);
      expect(await s.webhooks.get(other.projectId, a.id)).toBeUndefined();
      expect((await s.webhooks.list(projectId)).map((w) => w.id)).toEqual([a.id, b.id]);
      expect((await s.webhooks.list(projectId, 'ocriva')).map((w) => w.id)).toEqual([b.id]);
      expect((await s.webhooks.active(projectId)).map((w) => w.id)).toEqual([a.id]);
      await s.webhooks.update(b.id, { active: true, events: ['ocr.completed'] });
      expect(await s.webhooks.get(projectId, b.id)).toMatchObject({
        active: true,
        events: ['ocr.completed'],
      });
      const d = deliveryRow(a.id, projectId);
      await s.webhooks.insertDelivery(d);
      expect(await s.webhooks.delete(other.projectId, a.id)).toBe(false);
      expect(await s.webhooks.delete(projectId, a.id)).toBe(true);
      expect(await s.webhooks.getDeliveryUnscoped(d.id)).toBeUndefined();
      expect(await s.webhooks.delete(projectId, a.id)).toBe(false);
    });

    test('deliveries: scoped and unscoped reads, update, filters newest first, reset stuck ones, counts', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const other = await newProject(s);
      const hook = webhookRow(projectId);
      await s.webhooks.insert(hook);
      const d1 = deliveryRow(hook.id, projectId, { createdAt: T0 + 1 });
      const d2 = deliveryRow(hook.id, projectId, {
        createdAt: T0 + 2,
        event: 'ocr.completed',
        status: 'processing',
      });
      const d3 = deliveryRow(hook.id, projectId, { createdAt: T0 + 3, status: 'delivered' });
      for (const d of [d1, d2, d3]) await s.webhooks.insertDelivery(d);
      expect(await s.webhooks.getDelivery(projectId, d1.id)).toEqual(d1);
      expect(await s.webhooks.getDelivery(other.projectId, d1.id)).toBeUndefined();
      expect(await s.webhooks.getDeliveryUnscoped(d1.id)).toEqual(d1);
      const all = await s.webhooks.listDeliveries(projectId);
      expect(all.total).toBe(3);
      expect(all.rows.map((d) => d.id)).toEqual([d3.id, d2.id, d1.id]);
      expect(
        (await s.webhooks.listDeliveries(projectId, { event: 'ocr.completed' })).rows.map((d) => d.id),
      ).toEqual([d2.id]);
      const paged = await s.webhooks.listDeliveries(projectId, { webhookId: hook.id, offset: 1, limit: 1 });
      expect(paged).toMatchObject({ total: 3 });
      expect(paged.rows.map((d) => d.id)).toEqual([d2.id]);
      await s.webhooks.updateDelivery(d1.id, {
        status: 'failed',
        attempts: 8,
        lastStatus: 500,
        failedAt: T0 + 9,
      });
      expect(await s.webhooks.getDeliveryUnscoped(d1.id)).toMatchObject({
        status: 'failed',
        attempts: 8,
        lastStatus: 500,
        failedAt: T0 + 9,
      });
      expect(await s.webhooks.countByStatus(['processing', 'failed'])).toBe(2);
      expect(await s.webhooks.resetProcessing(T0 - 1)).toBe(0);
      expect(await s.webhooks.resetProcessing(Date.now() + 1000)).toBe(1);
      expect(await s.webhooks.getDeliveryUnscoped(d2.id)).toMatchObject({ status: 'pending' });
    });
  });

  withDatabase(factory, 'audit', (db) => {
    test('newest first with filters on type, area, message, metadata, document and time', async () => {
      const s = db();
      const { projectId } = await newProject(s);
      const docId = nextId();
      const a = auditRow(projectId, {
        createdAt: T0 + 1,
        message: 'Document uploaded: ใบแจ้งหนี้',
        documentId: docId,
      });
      const b = auditRow(projectId, {
        createdAt: T0 + 2,
        type: 'error',
        area: 'ocr',
        subArea: 'page',
        message: 'OCR FAILED on page 2',
        metadata: { page: 2, engine: 'tesseract' },
      });
      const c = auditRow(projectId, { createdAt: T0 + 3, metadata: { engine: 'pdf' } });
      for (const r of [a, b, c]) await s.audit.insert(r);
      await s.audit.insert(auditRow((await newProject(s)).projectId));
      const ids = async (f: Omit<Parameters<Storage['audit']['list']>[0], 'projectId'>) =>
        (await s.audit.list({ projectId, ...f })).rows.map((r) => r.id);
      expect(await ids({})).toEqual([c.id, b.id, a.id]);
      expect(await ids({ type: 'error' })).toEqual([b.id]);
      expect(await ids({ area: 'ocr', subArea: 'page' })).toEqual([b.id]);
      expect(await ids({ message: 'ocr failed' })).toEqual([b.id]);
      expect(await ids({ message: 'ใบแจ้ง' })).toEqual([a.id]);
      expect(await ids({ metadata: { engine: 'tesseract' } })).toEqual([b.id]);
      expect(await ids({ metadata: { page: '2' } })).toEqual([b.id]);
      expect(await ids({ documentId: docId })).toEqual([a.id]);
      expect(await ids({ from: T0 + 2, before: T0 + 3 })).toEqual([b.id]);
      const page = await s.audit.list({ projectId, offset: 1, limit: 1 });
      expect(page.total).toBe(3);
      expect(page.rows.map((r) => r.id)).toEqual([b.id]);
    });
  });

  withDatabase(factory, 'maintenance', (db) => {
    test('integrity, document blobs, live count, expired running jobs, no count drift after recount', async () => {
      const s = db();
      expect(await s.maintenance.integrityCheck()).toEqual(['ok']);
      const { projectId } = await newProject(s);
      const a = docRow(projectId, { pdfSha256: 'pdf-a' });
      const b = docRow(projectId, { deletedAt: T0 });
      await s.documents.insert(a);
      await s.documents.insert(b);
      expect((await s.maintenance.documentBlobs()).sort((x, y) => x.id.localeCompare(y.id))).toEqual([
        { id: a.id, projectId, sha256: a.sha256, pdfSha256: 'pdf-a' },
        { id: b.id, projectId, sha256: b.sha256, pdfSha256: null },
      ]);
      expect(await s.maintenance.liveDocuments()).toBe(1);
      await s.jobs.insert(jobRow('ocr', { status: 'running', lockedUntil: T0 + 10, attempts: 1 }));
      expect(await s.maintenance.expiredRunningJobs(T0 + 5)).toBe(0);
      expect(await s.maintenance.expiredRunningJobs(T0 + 11)).toBe(1);
      expect(await s.maintenance.countDrift()).toEqual([]);
      await s.maintenance.recount();
      expect(await s.maintenance.countDrift()).toEqual([]);
      expect((await s.documents.list({ projectId })).total).toBe(1);
    });
  });
}
