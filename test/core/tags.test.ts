import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ jobs: false });
});
afterAll(() => s.close());

describe('TagService', () => {
  test('create, rename, recolor; names are unique per project', async () => {
    const tags = s.services.tags;
    const a = await tags.create(s.projectId, { name: ' ลูกค้า ' }, { label: 'tester' });
    expect(a).toMatchObject({ name: 'ลูกค้า', color: '#3B82F6', description: '', createdBy: 'tester' });
    await expect(tags.create(s.projectId, { name: 'ลูกค้า' })).rejects.toThrow(
      "Tag with name 'ลูกค้า' already exists",
    );
    const other = await s.newProject('tags elsewhere');
    expect((await tags.create(other.projectId, { name: 'ลูกค้า' })).id).not.toBe(a.id);
    const b = await tags.update(s.projectId, a.id, {
      name: 'customers',
      color: '#FF0000',
      description: 'all',
    });
    expect(b).toMatchObject({ id: a.id, name: 'customers', color: '#FF0000', description: 'all' });
    expect((await tags.update(s.projectId, a.id, { color: null })).color).toBe('#FF0000');
    await expect(tags.update(s.projectId, a.id, { name: ' ' })).rejects.toThrow('must not be empty');
    await expect(tags.get(other.projectId, a.id)).rejects.toThrow('Tag not found');
    expect(await tags.find(s.projectId, 'not-an-id')).toBeUndefined();
  });

  test('a tag on a document cannot be deleted until it is removed', async () => {
    const tags = s.services.tags;
    const tag = await tags.create(s.projectId, { name: 'in-use' });
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 't.txt', content: `tagged ${Math.random()}` }, { tags: 'in-use' }),
    });
    const doc = (await res.json()).data;
    expect(await tags.usage(s.projectId, tag.id)).toBe(1);
    await expect(tags.delete(s.projectId, tag.id)).rejects.toThrow('assigned to one or more documents');
    await s.services.documents.update(s.projectId, doc.id, { tagIds: [] });
    await tags.delete(s.projectId, tag.id);
    expect(await tags.find(s.projectId, tag.id)).toBeUndefined();
  });

  test('list pages by name with a case-insensitive filter', async () => {
    const p = await s.newProject('tag list');
    for (const name of ['Beta', 'alpha', 'ALPHABET', 'gamma'])
      await s.services.tags.create(p.projectId, { name });
    const page = await s.services.tags.list(p.projectId, { nameContains: 'alpha', limit: 1 });
    expect(page.total).toBe(2);
    expect(page.items.length).toBe(1);
    expect((await s.services.tags.all(p.projectId)).map((t) => t.name)).toEqual([
      'ALPHABET',
      'Beta',
      'alpha',
      'gamma',
    ]);
  });
});
