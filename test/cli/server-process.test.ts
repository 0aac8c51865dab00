import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startServerProcess } from '../helpers/cli.ts';
import { form, tempDir } from '../helpers/server.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());

describe('docserve start as a process', () => {
  test('first start bootstraps and prints a one-time admin key; SIGTERM shuts down cleanly; restart keeps data', async () => {
    const first = await startServerProcess(dir.path);
    expect(first.adminKey).toMatch(/^org_/);
    expect(first.projectId).toMatch(/^[0-9a-f]{24}$/);
    const health = await (await fetch(`${first.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', db: { ok: true }, workers: { running: true } });
    const auth = { authorization: `Bearer ${first.adminKey}` };
    const up = await fetch(`${first.url}/api/v1/documents`, {
      method: 'POST',
      headers: auth,
      body: form({ name: 'a.txt', content: 'persist me' }),
    });
    expect(up.status).toBe(201);
    const id = (await up.json()).data.id;

    // The admin CLI works against the data dir of the running server; a new key works at once.
    const created = await runCli([
      'keys',
      'create',
      '--project',
      first.projectId as string,
      '--json',
      '--data',
      dir.path,
    ]);
    const key = JSON.parse(created.stdout);
    expect(
      (
        await fetch(`${first.url}/api/v1/documents/${id}`, {
          headers: { authorization: `Bearer ${key.key}` },
        })
      ).status,
    ).toBe(200);
    await runCli(['keys', 'revoke', key.id, '--data', dir.path]);
    expect(
      (
        await fetch(`${first.url}/api/v1/documents/${id}`, {
          headers: { authorization: `Bearer ${key.key}` },
        })
      ).status,
    ).toBe(401);

    // A second server on the same data dir is refused.
    const second = await runCli(['start', '--port', '0', '--data', dir.path]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('Another docserve server');

    expect(existsSync(join(dir.path, 'docserve.pid'))).toBe(true);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.log()).toContain('shutting down');
    expect(existsSync(join(dir.path, 'docserve.pid'))).toBe(false);

    const again = await startServerProcess(dir.path);
    try {
      expect(again.adminKey).toBeUndefined();
      const doc = await fetch(`${again.url}/api/v1/documents/${id}`, { headers: auth });
      expect(doc.status).toBe(200);
      expect((await doc.json()).data.name).toBe('a.txt');
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
    }
  });

  test('a lock left by a killed server is taken over', async () => {
    const d = tempDir();
    try {
      const s = await startServerProcess(d.path);
      s.proc.kill('SIGKILL');
      await s.proc.exited;
      expect(existsSync(join(d.path, 'docserve.pid'))).toBe(true);
      const again = await startServerProcess(d.path);
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      await again.stop();
    } finally {
      d.cleanup();
    }
  });
});
