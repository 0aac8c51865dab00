import { afterAll, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/server.ts';

const tmp = tempDir('docserve-detect-');
afterAll(() => tmp.cleanup());

/** The system's tesseract version as its own command prints it, or null when it is not installed. */
function systemVersion(): string | null {
  const p = Bun.spawnSync(['tesseract', '--version'], { stdout: 'pipe', stderr: 'pipe' });
  const out = `${p.stdout.toString()}${p.stderr.toString()}`;
  return p.exitCode === 0 ? (/tesseract (\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null) : null;
}

/** What a fresh process decides, with `env` on top of this one's. */
function detectIn(env: Record<string, string>): string {
  const code = `import { nativeTesseractVersion } from ${JSON.stringify(join(import.meta.dir, '../../../src/core/ocr/native.ts'))};
console.log(String(nativeTesseractVersion()));`;
  const p = Bun.spawnSync([process.execPath, '-e', code], {
    env: { ...process.env, ...env },
    stdout: 'pipe',
  });
  return p.stdout.toString().trim();
}

test.skipIf(systemVersion() === null)(
  'the native engine is detected with the version the tesseract command prints, remembered across runs and per library path',
  () => {
    const expected = systemVersion() as string;
    expect(detectIn({ TMPDIR: tmp.path })).toBe(expected);
    const remembered = readdirSync(join(tmp.path, `docserve-${process.getuid?.() ?? 0}`)).filter((f) =>
      f.startsWith('libtesseract-'),
    );
    expect(remembered).toHaveLength(1);
    expect(detectIn({ TMPDIR: tmp.path })).toBe(expected);
    // A library search path that has no libtesseract of its own still finds the system's.
    expect(detectIn({ TMPDIR: tmp.path, LD_LIBRARY_PATH: tmp.path })).toBe(expected);
    expect(
      readdirSync(join(tmp.path, `docserve-${process.getuid?.() ?? 0}`)).filter((f) =>
        f.startsWith('libtesseract-'),
      ),
    ).toHaveLength(2);
  },
);
