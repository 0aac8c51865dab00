import { afterAll, beforeAll, expect, test } from 'bun:test';
import { chromiumPath, chromiumRequired, headlessFlags } from '../helpers/chromium.ts';
import { startTestServer, type TestServer, tempDir } from '../helpers/server.ts';

const chromium = chromiumPath();
if (!chromium && chromiumRequired) throw new Error('REQUIRE_CHROMIUM=1 but no chromium is installed');

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

test.skipIf(!chromium)('the /docs UI renders in headless Chromium with no network access', async () => {
  const profile = tempDir('docserve-chromium-');
  try {
    const proc = Bun.spawn(
      [
        chromium as string,
        ...headlessFlags(profile.path),
        '--virtual-time-budget=15000',
        '--dump-dom',
        `${s.url}/docs`,
      ],
      { stdout: 'pipe', stderr: 'pipe' },
    );
    const dom = await new Response(proc.stdout).text();
    await proc.exited;
    expect(dom).toContain('swagger-ui');
    // Rendered operations (not just the empty container): the native document routes appear.
    expect(dom).toMatch(/class="[^"]*opblock[^"]*"/);
    expect(dom).toContain('/api/v1/documents');
    expect(dom).not.toContain('Failed to load API definition');
  } finally {
    profile.cleanup();
  }
});
