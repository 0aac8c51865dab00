import { afterAll, expect, setDefaultTimeout, test } from 'bun:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cer, FIXTURES, truth } from '../helpers/cer.ts';
import { tempDir } from '../helpers/server.ts';

// Real OCR on two shared cores: generous per-test time.
setDefaultTimeout(120_000);

const dir = tempDir('docserve-binary-');
afterAll(() => dir.cleanup());

/** Runs in a fresh network namespace when the machine allows it, so any download would fail. */
const offline = Bun.spawnSync(['unshare', '-n', 'true']).exitCode === 0 ? ['unshare', '-n'] : [];

test('the compiled binary OCRs a scan alone in an empty directory, offline', () => {
  const build = Bun.spawnSync([process.execPath, 'scripts/build.ts'], { stdout: 'pipe', stderr: 'pipe' });
  expect(build.exitCode).toBe(0);
  copyFileSync('dist/docserve', join(dir.path, 'docserve'));
  copyFileSync(join(FIXTURES, 'scanned.pdf'), join(dir.path, 'scan.pdf'));
  Bun.spawnSync(['chmod', '+x', join(dir.path, 'docserve')]);
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
