import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cer, FIXTURES, truth } from '../helpers/cer.ts';
import { startServerProcess } from '../helpers/cli.ts';
import { tinyDocx } from '../helpers/office.ts';
import { form, tempDir } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

// Real OCR on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

const dir = tempDir('docserve-binary-');
afterAll(() => dir.cleanup());

/** Runs in a fresh network namespace when the machine allows it, so any download would fail. */
const offline = Bun.spawnSync(['unshare', '-n', 'true']).exitCode === 0 ? ['unshare', '-n'] : [];

/** Builds the binary once and copies it alone into an empty directory. */
beforeAll(() => {
  const build = Bun.spawnSync([process.execPath, 'scripts/build.ts'], { stdout: 'pipe', stderr: 'pipe' });
  if (build.exitCode !== 0) throw new Error(`npm run build failed: ${build.stderr.toString()}`);
  copyFileSync('dist/docserve', join(dir.path, 'docserve'));
  Bun.spawnSync(['chmod', '+x', join(dir.path, 'docserve')]);
}, 300_000);

test('the compiled binary OCRs a scan alone in an empty directory, offline', () => {
  copyFileSync(join(FIXTURES, 'scanned.pdf'), join(dir.path, 'scan.pdf'));
  const run = Bun.spawnSync([...offline, './docserve', 'ocr', 'scan.pdf', '--format', 'json'], {
    cwd: dir.path,
    env: { PATH: '/usr/bin:/bin', HOME: dir.path, TMPDIR: dir.path },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  expect(run.stderr.toString()).toBe('');
  expect(run.exitCode).toBe(0);
  const page = JSON.parse(run.stdout.toString()).pages[0];
  expect(page.source).toBe('ocr');
  expect(cer(page.text, truth('scanned.pdf')[0] as string)).toBeLessThan(0.05);
});

test('the compiled binary reads text and DOCX and extracts fields in its embedded processing workers', async () => {
  const binary = join(dir.path, 'docserve');
  const data = join(dir.path, 'data-workers');
  const server = await startServerProcess(data, { command: [binary], cwd: dir.path });
  try {
    const auth = { authorization: `Bearer ${server.adminKey}` };
    const ids: string[] = [];
    for (const f of [
      { name: 'quote.txt', content: 'ใบเสนอราคา เลขที่ QT-9\n' as string | Uint8Array },
      { name: 'lease.docx', content: tinyDocx(['สัญญาเช่าอาคาร']) },
    ]) {
      const res = await fetch(`${server.url}/api/v1/documents`, {
        method: 'POST',
        headers: auth,
        body: form(f),
      });
      expect(res.status).toBe(201);
      ids.push((await res.json()).data.id);
    }
    for (const id of ids) {
      const doc = await until(`document ${id} processed and extracted`, async () => {
        const d = (await (await fetch(`${server.url}/api/v1/documents/${id}`, { headers: auth })).json())
          .data;
        return d.extraction_status === 'completed' || d.status === 'failed' ? d : undefined;
      });
      expect([doc.status, doc.extraction_status]).toEqual(['completed', 'completed']);
    }
    const text = await (
      await fetch(`${server.url}/api/v1/documents/${ids[1]}/text`, { headers: auth })
    ).text();
    expect(text).toContain('สัญญาเช่าอาคาร');
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health.workers.processing.started).toBeGreaterThan(0);
    expect(health.db.checkpoints).toBe('worker');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test('the compiled binary serves the web console from an empty directory', async () => {
  const server = await startServerProcess(join(dir.path, 'data'), { command: ['./docserve'], cwd: dir.path });
  try {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="app">');
    const script = html.match(/src="(\/console\/app-\w+\.js)"/)?.[1];
    expect(script).toBeString();
    const js = await fetch(server.url + (script as string));
    expect(js.status).toBe(200);
    expect(await js.text()).toContain('/api/v1/');
  } finally {
    await server.stop();
  }
});
