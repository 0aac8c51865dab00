import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The layering of DESIGN.md, checked on the real import graph of src/ and plugins/ (type-only imports
 * included: a plugin may not even name a core type):
 * - a plugin imports only src/plugin-api.ts, its own folder and npm packages (never another plugin);
 * - core (src/core, src/db and the base modules) never imports the HTTP layer, plugins, the CLI or the
 *   server;
 * - the plugin port imports nothing above it (services, HTTP, database, the plugin host);
 * - no module of src/ or plugins/ is part of an import cycle.
 */

const ROOT = resolve(import.meta.dir, '../..');

interface Graph {
  /** Every source file, relative to the repository root (`src/core/jobs.ts`). */
  files: string[];
  /** Internal imports of each file (type-only ones included), as repository-relative paths. */
  imports: Map<string, string[]>;
}

/** Every source file of src/ and plugins/ with its text, keyed by its repository path. */
function repositorySources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of ['src', 'plugins'])
    for (const f of new Bun.Glob('**/*.{ts,tsx}').scanSync({ cwd: join(ROOT, dir) }))
      out.set(`${dir}/${f}`, readFileSync(join(ROOT, dir, f), 'utf8'));
  return out;
}

/** Import specifiers of a module: static, type-only, re-exports and dynamic imports. */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The module a relative specifier names (packages and non-code files are not followed). */
function resolveSpecifier(from: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const path = relative(ROOT, resolve(ROOT, dirname(from), spec));
  return [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts')].find((c) => known.has(c)) ?? path;
}

/** The import graph of a set of modules (repository path -> source). */
function graphOf(sources: Map<string, string>): Graph {
  const files = [...sources.keys()].sort();
  const known = new Set(files);
  const imports = new Map<string, string[]>();
  for (const file of files) {
    const targets = specifiersOf(sources.get(file) as string)
      .map((s) => resolveSpecifier(file, s, known))
      .filter((t): t is string => t !== undefined);
    imports.set(file, [...new Set(targets)]);
  }
  return { files, imports };
}

const pluginOf = (file: string) => /^plugins\/([^/]+)\//.exec(file)?.[1];
const isCore = (f: string) =>
  f.startsWith('src/core/') ||
  f.startsWith('src/db/') ||
  ['src/errors.ts', 'src/config.ts', 'src/version.ts'].includes(f);
const ABOVE_CORE = [
  /^src\/http\//,
  /^plugins\//,
  /^src\/cli\//,
  /^src\/server\.ts$/,
  /^src\/main\.ts$/,
  /^src\/services\.ts$/,
  /^src\/plugin-api\.ts$/,
  /^src\/plugin-host\//,
  /^src\/console\//,
];
const ABOVE_PORT = [
  /^src\/services\.ts$/,
  /^src\/http\//,
  /^src\/db\//,
  /^src\/server\.ts$/,
  /^src\/main\.ts$/,
  /^src\/cli\//,
  /^src\/plugin-host\//,
  /^src\/console\//,
  /^plugins\//,
];

/** Every import that breaks a layering rule, as `from -> to: rule`. */
function layeringViolations(g: Graph): string[] {
  const out: string[] = [];
  for (const [from, targets] of g.imports)
    for (const to of targets) {
      const plugin = pluginOf(from);
      if (plugin) {
        const other = pluginOf(to);
        if (other && other !== plugin) out.push(`${from} -> ${to}: a plugin imports another plugin`);
        else if (!other && to !== 'src/plugin-api.ts')
          out.push(`${from} -> ${to}: a plugin imports src/ other than src/plugin-api.ts`);
      } else if (from === 'plugins/index.ts') {
        if (!/^plugins\/[^/]+\/index\.ts$/.test(to) && to !== 'src/plugin-api.ts')
          out.push(`${from} -> ${to}: the plugin list imports more than each plugin's index.ts`);
      } else if (isCore(from) && ABOVE_CORE.some((r) => r.test(to)))
        out.push(`${from} -> ${to}: core imports a layer above it`);
      else if (from === 'src/plugin-api.ts' && ABOVE_PORT.some((r) => r.test(to)))
        out.push(`${from} -> ${to}: the plugin port imports a layer above it`);
    }
  return out.sort();
}

/** Every import cycle among internal modules (strongly connected components), each as `a -> b -> ... -> a`. */
function importCycles(g: Graph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[] = [];
  let next = 0;
  const internal = new Set(g.files);
  const strong = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.imports.get(v) ?? []) {
      if (!internal.has(w)) continue;
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || (g.imports.get(v) ?? []).includes(v)) cycles.push(cyclePath(g, component));
  };
  for (const f of g.files) if (!index.has(f)) strong(f);
  return cycles.sort();
}

/** One concrete loop through a strongly connected component, for a readable failure. */
function cyclePath(g: Graph, component: string[]): string {
  const members = new Set(component);
  const start = [...members].sort()[0] as string;
  const path = [start];
  const seen = new Set([start]);
  for (let at = start; ; ) {
    const nextHop = (g.imports.get(at) ?? []).filter((t) => members.has(t));
    const back =
      nextHop.find((t) => t === start && path.length > 1) ?? (nextHop.length === 1 ? nextHop[0] : undefined);
    const step = back ?? nextHop.find((t) => !seen.has(t)) ?? start;
    path.push(step);
    if (step === start) return path.join(' -> ');
    seen.add(step);
    at = step;
  }
}

describe('import graph of src/ and plugins/', () => {
  const graph = graphOf(repositorySources());

  test('plugins import only the port; core never imports the layers above it; the port imports nothing above it', () => {
    expect(layeringViolations(graph)).toEqual([]);
  });

  test('no import cycles', () => {
    expect(importCycles(graph)).toEqual([]);
  });
});

describe('the check itself', () => {
  const bad = graphOf(
    new Map([
      ['src/plugin-api.ts', "import type { Services } from './services.ts';"],
      ['src/services.ts', "import type { X } from './plugin-api.ts';\nimport './core/a.ts';"],
      ['src/core/a.ts', "import { mountDialect } from '../http/dialect.ts';"],
      ['src/http/dialect.ts', "import 'elysia';"],
      ['plugins/index.ts', "import { x } from './x/index.ts';"],
      [
        'plugins/x/index.ts',
        "import type { DocumentView } from '../../src/core/a.ts';\nimport '../y/ids.ts';",
      ],
      [
        'plugins/y/ids.ts',
        "import { AppError } from '../../src/plugin-api.ts';\nimport type { T } from './a';",
      ],
      ['plugins/y/a.ts', "const loaded = await import('./ids.ts');"],
    ]),
  );

  test('names every kind of layering violation (type-only imports included)', () => {
    expect(layeringViolations(bad)).toEqual([
      'plugins/x/index.ts -> plugins/y/ids.ts: a plugin imports another plugin',
      'plugins/x/index.ts -> src/core/a.ts: a plugin imports src/ other than src/plugin-api.ts',
      'src/core/a.ts -> src/http/dialect.ts: core imports a layer above it',
      'src/plugin-api.ts -> src/services.ts: the plugin port imports a layer above it',
    ]);
  });

  test('names every cycle, dynamic imports included', () => {
    expect(importCycles(bad)).toEqual([
      'plugins/y/a.ts -> plugins/y/ids.ts -> plugins/y/a.ts',
      'src/plugin-api.ts -> src/services.ts -> src/plugin-api.ts',
    ]);
  });
});
