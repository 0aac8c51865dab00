import { afterAll, beforeAll, expect, spyOn, test } from 'bun:test';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { SNAPSHOT_FILE } from '../../src/core/search/search-index.ts';
import { main } from '../../src/main.ts';
import { createServices } from '../../src/services.ts';
import { FakeOcrEngine } from '../helpers/fake-ocr.ts';
import { tempDir } from '../helpers/server.ts';

let dir: ReturnType<typeof tempDir>;
let projectId: string;
let otherProject: string;

beforeAll(async () => {
  dir = tempDir();
  const s = createServices(loadConfig({ data: dir.path }, {}), { ocr: new FakeOcrEngine() });
  await s.start();
  const boot = await s.tenancy.bootstrapIfEmpty();
  projectId = boot?.project.id as string;
  otherProject = (await s.tenancy.createProject(boot?.org.id as string, 'Other')).id;
  const put = (project: string, filename: string, text: string) =>
    s.documents.ingestBytes({ projectId: project, filename, bytes: new TextEncoder().encode(text) });
  await put(projectId, 'lease.txt', 'สัญญาเช่าที่ดินในประเทศไทย <ฉบับจริง>');
  await put(projectId, 'memo.txt', 'บันทึกข้อความ');
  await put(otherProject, 'other.txt', 'สัญญาเช่ารถยนต์');
  await s.runner.drain();
  await s.close();
});
afterAll(() => dir.cleanup());

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  try {
    const code = await main(['bun', 'docserve', ...args, '--data', dir.path]);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

test('docserve search --json searches every project, --project one', async () => {
  const all = await run('search', 'สัญญาเช่า', '--json');
  expect(all.code).toBe(0);
  const body = JSON.parse(all.out);
  expect(body.total).toBe(2);
  expect(body.hits.map((h: { name: string }) => h.name).sort()).toEqual(['lease.txt', 'other.txt']);
  const one = JSON.parse((await run('search', 'สัญญาเช่า', '--project', otherProject, '--json')).out);
  expect(one.hits.map((h: { name: string; project_id: string }) => [h.name, h.project_id])).toEqual([
    ['other.txt', otherProject],
  ]);
});

test('plain output shows names and snippets with matches in brackets', async () => {
  const { code, out } = await run('search', 'ไทย', '--project', projectId);
  expect(code).toBe(0);
  expect(out).toContain('1 document(s) match');
  expect(out).toContain('lease.txt');
  expect(out).toContain('สัญญาเช่าที่ดินในประเทศ[ไทย] <ฉบับจริง>');
  expect((await run('search', 'ไม่มีคำนี้เลย')).out).toBe('No documents match.');
});

test('works without a snapshot (rebuilds from the database) and reports unknown projects', async () => {
  rmSync(join(dir.path, 'index', SNAPSHOT_FILE), { force: true });
  const body = JSON.parse((await run('search', 'บันทึก', '--json')).out);
  expect(body).toMatchObject({ total: 1, partial: false });
  const errors: string[] = [];
  const err = spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    errors.push(a.join(' '));
  });
  try {
    expect((await run('search', 'x', '--project', 'nope')).code).toBe(1);
  } finally {
    err.mockRestore();
  }
  expect(errors.join('\n')).toContain('Project nope not found');
});

test('a snapshot with a corrupt body is reported, not trusted: exit code 1, rebuilt for the next search', async () => {
  expect((await run('search', 'บันทึก', '--json')).code).toBe(0);
  const path = join(dir.path, 'index', SNAPSHOT_FILE);
  const bytes = readFileSync(path);
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = (bytes[middle] as number) ^ 0xff;
  writeFileSync(path, bytes);
  const errors: string[] = [];
  const err = spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    errors.push(a.join(' '));
  });
  let corrupt: { code: number; out: string };
  try {
    corrupt = await run('search', 'บันทึก', '--json');
  } finally {
    err.mockRestore();
  }
  expect(corrupt.code).toBe(1);
  expect(errors.join('\n')).toContain('The search index snapshot is corrupt');
  expect(errors.join('\n')).toContain('run the search again');
  const again = await run('search', 'บันทึก', '--json');
  expect(again.code).toBe(0);
  expect(JSON.parse(again.out)).toMatchObject({ total: 1, partial: false, hits: [{ name: 'memo.txt' }] });
});
