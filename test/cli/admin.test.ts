import { afterAll, describe, expect, test } from 'bun:test';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/server.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());
const cli = (...args: string[]) => runCli([...args, '--data', dir.path]);

describe('admin CLI', () => {
  let orgId: string;
  let projectId: string;

  test('orgs create/list with --json', async () => {
    const created = await cli('orgs', 'create', 'บริษัท ตัวอย่าง จำกัด', '--json');
    expect(created.code).toBe(0);
    orgId = JSON.parse(created.stdout).id;
    expect(orgId).toMatch(/^[0-9a-f]{24}$/);
    const list = await cli('orgs', 'list', '--json');
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ id: orgId, name: 'บริษัท ตัวอย่าง จำกัด' }),
    );
    const table = await cli('orgs', 'list');
    expect(table.stdout).toContain('บริษัท ตัวอย่าง จำกัด');
  });

  test('projects create/list scoped by --org', async () => {
    const created = await cli('projects', 'create', 'Invoices', '--org', orgId, '--json');
    expect(created.code).toBe(0);
    projectId = JSON.parse(created.stdout).id;
    const list = JSON.parse((await cli('projects', 'list', '--org', orgId, '--json')).stdout);
    expect(list.map((p: { id: string }) => p.id)).toEqual([projectId]);
    const orgs = JSON.parse((await cli('orgs', 'list', '--json')).stdout);
    expect(orgs.find((o: { id: string }) => o.id === orgId).default_project_id).toBe(projectId);
  });

  test('keys create shows the key once; list never shows it; revoke', async () => {
    const created = await cli(
      'keys',
      'create',
      '--project',
      projectId,
      '--label',
      'erp',
      '--prefix',
      'acc_',
      '--expires',
      '30',
      '--json',
    );
    expect(created.code).toBe(0);
    const k = JSON.parse(created.stdout);
    expect(k.key).toMatch(/^acc_[\w-]{43}$/);
    expect(k).toMatchObject({ scope: 'project', project_id: projectId, label: 'erp', status: 'active' });
    expect(Date.parse(k.expires_at) - Date.parse(k.created_at)).toBe(30 * 86_400_000);
    const list = await cli('keys', 'list', '--json');
    expect(list.stdout).not.toContain(k.key);
    expect(JSON.parse(list.stdout).map((r: { id: string }) => r.id)).toContain(k.id);
    const org = JSON.parse((await cli('keys', 'create', '--org', orgId, '--json')).stdout);
    expect(org).toMatchObject({ scope: 'organization', project_id: null });
    expect(org.key).toMatch(/^org_/);
    const revoked = await cli('keys', 'revoke', k.id, '--json');
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: k.id, revoked: true });
    const after = JSON.parse((await cli('keys', 'list', '--project', projectId, '--json')).stdout);
    expect(after.find((r: { id: string }) => r.id === k.id).status).toBe('revoked');
  });

  test('usage errors exit 2 with a message; unknown ids exit 1', async () => {
    const both = await cli('keys', 'create', '--project', projectId, '--org', orgId);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --project or --org');
    const none = await cli('keys', 'create');
    expect(none.code).toBe(2);
    const bad = await cli('orgs', 'explode');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown action');
    const unknown = await cli('keys', 'revoke', '5f0000000000000000000000');
    expect(unknown.code).toBe(1);
    const missingProject = await cli('keys', 'create', '--project', '5f0000000000000000000000');
    expect(missingProject.code).toBe(1);
    const cmd = await runCli(['frobnicate']);
    expect(cmd.code).toBe(2);
  });

  test('keys create --expires takes only a positive number of days (0 would mean "never")', async () => {
    const before = JSON.parse((await cli('keys', 'list', '--project', projectId, '--json')).stdout).length;
    for (const days of ['0', '-3', 'abc', '', '1e9', 'Infinity', 'NaN']) {
      const res = await cli('keys', 'create', '--project', projectId, `--expires=${days}`, '--json');
      expect([days, res.code]).toEqual([days, 2]);
      expect(res.stderr).toContain('--expires');
      expect(res.stdout).not.toMatch(/"key"/);
    }
    const noValue = await cli('keys', 'create', '--project', projectId, '--json', '--expires');
    expect(noValue.code).toBe(2);
    expect(JSON.parse((await cli('keys', 'list', '--project', projectId, '--json')).stdout).length).toBe(
      before,
    );
    const half = JSON.parse(
      (await cli('keys', 'create', '--project', projectId, '--expires', '0.5', '--json')).stdout,
    );
    expect(Date.parse(half.expires_at) - Date.parse(half.created_at)).toBe(12 * 3_600_000);
  });

  test('--help lists every command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['start', 'orgs', 'projects', 'keys']) expect(help.stdout).toContain(c);
  });
});
