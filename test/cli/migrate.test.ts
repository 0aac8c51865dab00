import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { openStorage } from '../../src/db/storage.ts';
import { runCli } from '../helpers/cli.ts';
import { tinyPdf } from '../helpers/files.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { form, startTestServer } from '../helpers/server.ts';

let dataDir: string;
let projectId: string;
/** The PostgreSQL database the first test migrates into. */
let migrated: string | undefined;
const ids: string[] = [];

beforeAll(async () => {
  const s = await startTestServer();
  dataDir = s.dataDir;
  projectId = s.projectId;
  for (let i = 0; i < 3; i++) {
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: `ใบแจ้งหนี้-${i}.pdf`, content: tinyPdf(`FAKE-OCR: ยอดรวม ${i} บาท`) }),
    });
    ids.push((await res.json()).data.id);
  }
  await s.drain();
  await s.app.stop(true);
  await s.services.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('docserve migrate', () => {
  test('copies a real installation from SQLite to PostgreSQL and says every table was verified', async () => {
    const url = await freshPostgresDatabase();
    migrated = url;
    const r = await runCli(['migrate', '--data', dataDir, '--to', url, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    const byTable = Object.fromEntries(
      report.tables.map((t: { table: string; target: { rows: number } }) => [t.table, t.target.rows]),
    );
    expect(byTable.documents).toBe(3);
    expect(byTable.pages).toBeGreaterThanOrEqual(3);
    expect(byTable.organizations).toBe(1);
    const sqlite = await openStorage(`sqlite:${dataDir}/docserve.db`);
    const pg = await openStorage(url);
    try {
      for (const id of ids) {
        expect(await pg.documents.get(projectId, id)).toEqual(
          (await sqlite.documents.get(projectId, id)) as never,
        );
        expect(await pg.pages.fullText(id)).toContain('ยอดรวม');
      }
      expect(await pg.settings.get('token_secret')).toBe(
        (await sqlite.settings.get('token_secret')) as string,
      );
    } finally {
      await sqlite.close();
      await pg.close();
    }
    const again = await runCli(['migrate', '--data', dataDir, '--to', url]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('not empty');
  });

  test('refuses without --to, with the same database twice, and with an unknown URL scheme', async () => {
    const noTarget = await runCli(['migrate', '--data', dataDir]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('--to');
    const same = await runCli(['migrate', '--data', dataDir, '--to', `sqlite:${dataDir}/docserve.db`]);
    expect(same.stderr).toContain('same database');
    const bad = await runCli(['migrate', '--data', dataDir, '--to', 'mysql://u@h/d']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'docserve: Unsupported database URL "mysql://u@h/d": use sqlite:<file> or postgres://user:pass@host:port/database\n',
    );
  });

  test('admin commands run on the migrated PostgreSQL database; backup and restore point to its own tools', async () => {
    const url = migrated ?? (await freshPostgresDatabase());
    const orgs = await runCli(['orgs', 'list', '--data', dataDir, '--database', url, '--json']);
    expect(orgs.code).toBe(0);
    expect(JSON.parse(orgs.stdout)).toHaveLength(1);
    const found = await runCli(['search', 'ยอดรวม', '--data', dataDir, '--database', url, '--json']);
    expect(found.code).toBe(0);
    expect(
      JSON.parse(found.stdout)
        .hits.map((h: { document_id: string }) => h.document_id)
        .sort(),
    ).toEqual([...ids].sort());
    const backup = await runCli(['backup', `${dataDir}/b.tar`, '--data', dataDir, '--database', url]);
    expect(backup.code).not.toBe(0);
    expect(backup.stderr).toContain('pg_dump');
    const unreachable = await runCli([
      'orgs',
      'list',
      '--database',
      'postgres://docserve@127.0.0.1:1/docserve',
    ]);
    expect(unreachable.code).not.toBe(0);
  });
});
