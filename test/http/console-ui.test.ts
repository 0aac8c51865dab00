import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumPath, chromiumRequired, launchChromium } from '../helpers/chromium.ts';
import { realOcr, startTestServer, type TestServer, tempDir } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against a real server
 * with the real OCR engine: sign in, upload a Thai PDF and a scan, search, review, correct, approve,
 * export, revoke a key. Screenshots of every screen go to bench/.out/console (not in git).
 */

const chromium = chromiumPath();
if (!chromium && chromiumRequired) throw new Error('REQUIRE_CHROMIUM=1 but no chromium is installed');
if (!chromium)
  console.warn('console-ui: skipped, no Chromium at /usr/bin/chromium (apt-get install chromium)');

const E2E = 'test/fixtures/e2e';
const TRUTH = JSON.parse(readFileSync(`${E2E}/invoice-th.truth.json`, 'utf8'));
/** A Thai word printed on the invoice (in both company names). */
const THAI_WORD = 'วิศวกรรม';
const XSS_NAME = '<img src=x onerror=alert(1)>';
const SHOTS = 'bench/.out/console';
/** Font families that draw Thai on a Debian box (fonts-thai-tlwg) or on a desktop. */
const THAI_FONTS =
  /Loma|Garuda|Kinnari|Norasi|Sawasdee|Umpush|Waree|Tlwg|Purisa|Laksaman|Thai|Sarabun|Leelawadee|Tahoma|Thonburi/i;

let s: TestServer;
let context: BrowserContext;
let page: Page;
let profile: { path: string; cleanup: () => void };
const dialogs: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!chromium) return;
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ overrides: realOcr(2) });
  profile = tempDir('docserve-console-');
  context = await launchChromium(chromium, profile.path, { locale: 'th-TH' });
  page = context.pages()[0] ?? (await context.newPage());
  // Waits on real OCR (a PDF still reading after the scan finished) and a busy Chromium: only a hang
  // may reach the limit on a loaded machine.
  page.setDefaultTimeout(180_000);
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    if (d.type() === 'confirm') await d.accept();
    else await d.dismiss();
  });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  profile?.cleanup();
  await s?.close();
});

/** Screenshots of the screen at desktop and phone width. */
async function shoot(name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, `${name}.390.png`), fullPage: true });
  // Nothing sticks out sideways at phone width (wide tables scroll inside their own box).
  const wider = await page.evaluate(() =>
    document.documentElement.scrollWidth > window.innerWidth
      ? [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
          .concat(`page is ${document.documentElement.scrollWidth}px wide`)
      : [],
  );
  if (size) await page.setViewportSize(size);
  expect(wider).toEqual([]);
}

async function api<T>(path: string, init: RequestInit & { key?: string } = {}): Promise<T> {
  return (await s.fetch(path, init)).json() as Promise<T>;
}

test.skipIf(!chromium)(
  'the console: sign in, upload, search, review, correct, approve, export and revoke, in Thai',
  async () => {
    // Sign in: the browser asks for Thai, so the console speaks Thai.
    const res = await page.goto(`${s.url}/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
    await shoot('1-sign-in');
    await page.getByLabel('คีย์ API').fill(s.adminKey);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.getByRole('heading', { name: 'อัปโหลด' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('docserve.console.session'))).toBeNull();

    // Upload: the PDF and the scan through the file picker, a file named like markup by drag and drop.
    await page
      .locator('input[type=file]')
      .setInputFiles([`${E2E}/invoice-th.pdf`, `${E2E}/invoice-th.scan.png`]);
    await page.evaluate((name) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['บันทึก: เอกสารทดสอบ'], name, { type: 'text/plain' }));
      document
        .querySelector('.dropzone')
        ?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    }, XSS_NAME);
    await until('three uploads', async () =>
      (await page.locator('.uploads li.done').count()) === 3 ? true : undefined,
    );
    // The same PDF again: the console shows the API's duplicate answer.
    await page.locator('input[type=file]').setInputFiles([`${E2E}/invoice-th.pdf`]);
    await page.getByText('มีไฟล์นี้อยู่แล้ว').waitFor();

    // Wait for processing (real OCR of the scan): every row completed.
    const row = (name: string) => page.locator('table.docs tbody tr', { hasText: name });
    await until(
      'processing of the uploads',
      async () =>
        (await row('invoice-th.scan.png').locator('.badge-completed').count()) > 0 ? true : undefined,
      180_000,
    );
    await row('invoice-th.pdf').locator('.badge-completed').waitFor();
    // The markup-looking name is text: visible as written, no element made of it, no dialog.
    expect(await page.getByRole('link', { name: XSS_NAME, exact: true }).isVisible()).toBe(true);
    expect(await page.locator('.upload-name', { hasText: XSS_NAME }).isVisible()).toBe(true);
    expect(await page.locator('main img').count()).toBe(0);
    await shoot('2-documents');

    // Thai renders with a Thai font.
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '.card-head h2',
    });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => f.familyName).join(', ')).toMatch(THAI_FONTS);

    // Filters: type "image" lists only the scan.
    await page.getByLabel('ประเภท').selectOption('image');
    await page.getByRole('button', { name: 'กรอง' }).click();
    await until('the image filter', async () =>
      (await page.locator('table.docs tbody tr').count()) === 1 ? true : undefined,
    );
    await page.getByRole('button', { name: 'ล้าง' }).click();

    // Search as you type, Thai: highlighted snippets; open the scan.
    await page.getByRole('link', { name: 'ค้นหา' }).click();
    await page.getByLabel('ค้นหาเอกสาร').fill(THAI_WORD);
    await page.locator('.hits li').first().waitFor();
    expect(await page.locator('.hits mark').first().textContent()).toContain(THAI_WORD);
    expect(await page.locator('.hits li').count()).toBe(2);
    await shoot('3-search');
    await page.locator('.hits a', { hasText: 'invoice-th.scan.png' }).click();

    // Document view: the page image with the OCR words over it; a click on a word highlights it.
    await page.locator('.page img').waitFor();
    const words = await page
      .locator('.ocr-word')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-word') ?? ''));
    expect(words.length).toBeGreaterThan(50);
    expect(words.some((w) => w.includes('บริษัท'))).toBe(true);
    await page.locator('.page-text .word', { hasText: 'บริษัท' }).first().click();
    expect(await page.locator('.ocr-word.selected').count()).toBe(1);

    // Extracted total as printed on the invoice.
    const total = page.locator('#field-total');
    await total.waitFor();
    expect(Number(await total.inputValue())).toBe(TRUTH.total);
    // "Show on page" of the document number draws its box over the page.
    await page.getByRole('button', { name: 'ดูบนหน้า: เลขที่เอกสาร' }).click();
    await page.locator('.field-box').waitFor();
    await shoot('4-document');

    // Correct a field, save, approve.
    await page.locator('#field-documentNumber').fill('TX-EDITED-1');
    await page.getByRole('button', { name: 'บันทึกการแก้ไข' }).click();
    await page.getByText('บันทึกแล้ว').waitFor();
    await page.getByRole('button', { name: /อนุมัติ/ }).first().click();
    await until('approval', async () =>
      (await page.getByRole('button', { name: /อนุมัติ/ }).first().getAttribute('aria-pressed')) === 'true'
        ? true
        : undefined,
    );
    const docId = page.url().match(/documents\/([0-9a-f]{24})/)?.[1] as string;
    const doc = await api<{ data: { review_status: string } }>(`/api/v1/documents/${docId}`);
    expect(doc.data.review_status).toBe('approved');
    const fields = await api<{ data: { values: Record<string, unknown>; edited: boolean } }>(
      `/api/v1/documents/${docId}/fields`,
    );
    expect(fields.data).toMatchObject({
      edited: true,
      values: { documentNumber: 'TX-EDITED-1', total: TRUTH.total },
    });

    // The CSV export downloads with the corrected value.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('invoice-th.scan.csv');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv).toContain('TX-EDITED-1');

    // Jobs and health.
    await page.getByRole('link', { name: 'งานและสถานะระบบ' }).click();
    await page.getByRole('heading', { name: 'สถานะระบบ' }).waitFor();
    await page.getByText('document.process').first().waitFor();
    await shoot('5-jobs');

    // Keys: create one (shown once), revoke it; it stops working.
    await page.getByRole('link', { name: 'คีย์และเว็บฮุก' }).click();
    await page.getByLabel('ชื่อเรียก').fill('เครื่องสแกนชั้น 3');
    await page.getByRole('button', { name: 'สร้าง' }).first().click();
    const key = (await page.locator('.once .secret').textContent()) as string;
    expect((await s.fetch('/api/v1/me', { key })).status).toBe(200);
    await page.getByLabel('URL').fill('https://hooks.example.test/docserve');
    await page.getByRole('button', { name: 'สร้าง' }).nth(1).click();
    await page.locator('.hooks li').first().waitFor();
    await shoot('6-settings');
    await page.getByRole('button', { name: 'เพิกถอน: เครื่องสแกนชั้น 3' }).click();
    await page.locator('tr.revoked', { hasText: 'เครื่องสแกนชั้น 3' }).waitFor();
    expect((await s.fetch('/api/v1/me', { key })).status).toBe(401);

    // English on request; the console never raised a dialog other than the revoke confirmation.
    await page.getByRole('button', { name: 'Show in English' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    expect(dialogs.filter((d) => !d.startsWith('confirm'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  },
  600_000,
);
