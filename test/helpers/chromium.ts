import { existsSync } from 'node:fs';

/** Path of a headless-capable Chromium, if installed. */
export function chromiumPath(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
    existsSync(p),
  );
}

/** True when tests must not skip for lack of Chromium (CI installs it). */
export const chromiumRequired = process.env.REQUIRE_CHROMIUM === '1';

/** Flags for a sandboxed, offline, quiet headless run. `offline` makes every non-loopback host unresolvable. */
export function headlessFlags(profileDir: string, offline = true): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profileDir}`,
    ...(offline ? ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] : []),
  ];
}

/** The command that prints an HTML file (path or URL) to `pdf` with headless Chromium, no page headers. */
export function printToPdfCommand(html: string, pdf: string): string[] {
  return [
    'chromium',
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    html,
  ];
}

/**
 * Debian's Chromium driven by playwright-core (no browser download): a headless persistent context in
 * a fresh profile directory, with the same quiet, offline flags as {@link headlessFlags}.
 */
export async function launchChromium(
  executablePath: string,
  profileDir: string,
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    // Playwright passes --user-data-dir itself (the profile directory above).
    args: headlessFlags(profileDir).filter((a) => !a.startsWith('--user-data-dir')),
    locale: options.locale,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: true,
  });
}
