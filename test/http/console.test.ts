import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { lineTokens } from '../../src/console/app/document.tsx';
import { gzipSync } from 'node:zlib';
import { snippetParts } from '../../src/console/app/format.ts';
import { bundleConsole } from '../../src/console/bundle.ts';
import { preferredLanguage } from '../../src/http/console.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Serving the web console: the HTML shell, its hashed files, the CSP, the language, the bundle size. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ jobs: false });
});
afterAll(() => s.close());

describe('serving', () => {
  test('/ is the console: HTML naming its script and style sheet, with a CSP and no inline script', async () => {
    const res = await fetch(`${s.url}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    const script = html.match(/src="(\/console\/app-[\w]+\.js)"/)?.[1] as string;
    const style = html.match(/href="(\/console\/[\w-]+\.css)"/)?.[1] as string;
    const js = await fetch(s.url + script);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toContain('/api/v1/');
    expect((await fetch(s.url + style)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${s.url}/console/nope.js`)).status).toBe(404);
    expect((await fetch(`${s.url}/console/index.html`)).status).toBe(404);
  });

  test('the page language follows Accept-Language; JSON clients still get the discovery document', async () => {
    const lang = async (al: string) =>
      (await (await fetch(`${s.url}/`, { headers: { 'accept-language': al } })).text()).match(
        /<html lang="(\w+)">/,
      )?.[1];
    expect(await lang('th-TH,th;q=0.9,en;q=0.8')).toBe('th');
    expect(await lang('en-US,en;q=0.9,th;q=0.8')).toBe('en');
    expect(await lang('ja')).toBe('en');
    const json = await fetch(`${s.url}/`, { headers: { accept: 'application/json' } });
    expect(await json.json()).toMatchObject({ name: 'docserve', api: '/api/v1', docs: '/docs' });
  });

  test('preferredLanguage weighs q-values', () => {
    expect(preferredLanguage('en;q=0.5, th;q=0.8')).toBe('th');
    expect(preferredLanguage('th;q=0, en')).toBe('en');
    expect(preferredLanguage(null)).toBe('en');
  });

  test('the console script stays small (goal: under 150 KB gzipped)', async () => {
    const { files } = await bundleConsole();
    const js = [...files].filter(([name]) => name.endsWith('.js')).map(([, f]) => f.bytes);
    const gzipped = js.reduce((n, b) => n + gzipSync(b).length, 0);
    expect(gzipped).toBeLessThan(150 * 1024);
  });
});

describe('rendering helpers', () => {
  test('a snippet becomes text pieces; markup in the document text stays text', () => {
    // As the API escapes it: the document said `<b>ค่าเช่า</b> & "ภาษี"`.
    const html = '&lt;b&gt;<mark>ค่าเช่า</mark>&lt;/b&gt; &amp; &quot;ภาษี&quot; &#39;x&#39;';
    expect(snippetParts(html)).toEqual([
      { text: '<b>', mark: false },
      { text: 'ค่าเช่า', mark: true },
      { text: '</b> & "ภาษี" \'x\'', mark: false },
    ]);
  });

  test('Thai OCR boxes per character cluster are joined into the words the line text spells', () => {
    // บริษัทไทย as tesseract boxes it, then a number.
    const w = (text: string, x: number) => ({
      text,
      bbox: [x, 0, x + 10, 20] as [number, number, number, number],
      confidence: 0.9,
    });
    const line = {
      text: 'บริษัทไทย 190',
      bbox: [0, 0, 100, 20] as [number, number, number, number],
      words: [
        w('บ', 0),
        w('ร', 10),
        w('ิ', 20),
        w('ษั', 30),
        w('ท', 40),
        w('ไท', 50),
        w('ย', 60),
        w('190', 80),
      ],
    };
    expect(lineTokens(line, '0.0').map((t) => [t.text, t.bbox])).toEqual([
      ['บริษัทไทย', [0, 0, 70, 20]],
      ['190', [80, 0, 90, 20]],
    ]);
    // Boxes that do not spell the line stay as they are.
    expect(lineTokens({ ...line, text: 'something else' }, '0.0')).toHaveLength(8);
  });
});
