import { join } from 'node:path';

/** One built file of the web console. */
export interface ConsoleFile {
  bytes: Uint8Array;
  type: string;
}

/** The built console: `index.html` plus the hashed script and style sheet it names. */
export interface ConsoleBundle {
  files: Map<string, ConsoleFile>;
}

/** URL path under which the console's files are served. */
export const CONSOLE_ASSET_PATH = '/console/';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** The HTML shell: no inline script or style, so the CSP can forbid both. */
function indexHtml(script: string, style: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>docserve</title>
<link rel="icon" href="data:,">
${style ? `<link rel="stylesheet" href="${CONSOLE_ASSET_PATH}${style}">\n` : ''}<script type="module" src="${CONSOLE_ASSET_PATH}${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>docserve's console needs JavaScript. The API is documented at /docs.</noscript>
</body>
</html>
`;
}

/**
 * Bundles the console from its source with Bun's bundler, in memory (no network, nothing written):
 * used by `npm run build` before embedding and by a server run from source. `sourceDir` defaults to
 * the console's own source folder next to this file.
 */
export async function bundleConsole(sourceDir = join(import.meta.dir, 'app')): Promise<ConsoleBundle> {
  const result = await Bun.build({
    entrypoints: [join(sourceDir, 'main.tsx')],
    target: 'browser',
    format: 'esm',
    minify: true,
    sourcemap: 'none',
    naming: { entry: 'app-[hash].[ext]', asset: '[name]-[hash].[ext]', chunk: 'chunk-[hash].[ext]' },
    define: { 'process.env.NODE_ENV': '"production"' },
    throw: false,
  });
  if (!result.success)
    throw new Error(`The console does not build:\n${result.logs.map((l) => String(l)).join('\n')}`);
  const files = new Map<string, ConsoleFile>();
  for (const out of result.outputs) {
    const name = out.path.replace(/^.*[\\/]/, '');
    files.set(name, { bytes: new Uint8Array(await out.arrayBuffer()), type: typeOf(name) });
  }
  const names = [...files.keys()];
  const script = names.find((n) => n.startsWith('app-') && n.endsWith('.js'));
  if (!script) throw new Error('The console bundle has no script');
  const html = indexHtml(
    script,
    names.find((n) => n.endsWith('.css')),
  );
  files.set('index.html', { bytes: new TextEncoder().encode(html), type: TYPES.html as string });
  return { files };
}

/**
 * The console as embedded in the single binary (`npm run build` writes it to dist/console and embeds
 * that folder), or undefined when running from source.
 */
export async function embeddedConsole(): Promise<ConsoleBundle | undefined> {
  const files = new Map<string, ConsoleFile>();
  for (const blob of Bun.embeddedFiles as (Blob & { name?: string })[]) {
    const m = blob.name?.match(/(?:^|\/)console\/([^/]+)$/);
    if (m?.[1]) files.set(m[1], { bytes: new Uint8Array(await blob.arrayBuffer()), type: typeOf(m[1]) });
  }
  return files.has('index.html') ? { files } : undefined;
}

/** The embedded console when there is one, else a fresh bundle of the source. */
export async function loadConsole(): Promise<ConsoleBundle> {
  return (await embeddedConsole()) ?? (await bundleConsole());
}
