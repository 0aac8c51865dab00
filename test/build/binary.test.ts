import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cer, FIXTURES, truth } from '../helpers/cer.ts';
import { startServerProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/server.ts';

// Real OCR on two shared cores: generous per-test time.
setDefaultTimeout(120_000);

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
