import { existsSync, mkdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { CAC } from 'cac';
import { loadConfig } from '../config.ts';
import type { EngineKind } from '../core/ocr/native.ts';
import type { FileRef, PageResult } from '../core/ocr/types.ts';
import { AppError } from '../errors.ts';
import { CliError } from './output.ts';

/** Exit codes of `docserve ocr` (documented in the README; keep them stable). */
export const OCR_EXIT = {
  ok: 0,
  /** Unexpected internal error. */
  internal: 1,
  /** Bad usage or unreadable input (missing, unsupported, corrupt or encrypted file) and nothing else ran. */
  badInput: 2,
  /** Some pages or files could not be read; the rest was written. */
  partial: 3,
  /** OCR failed for every page. */
  failed: 4,
} as const;

const FORMATS = ['text', 'json', 'tsv', 'hocr', 'pdf'] as const;
const MODES = ['auto', 'force', 'skip'] as const;
type Format = (typeof FORMATS)[number];
const EXT: Record<Format, string> = { text: 'txt', json: 'json', tsv: 'tsv', hocr: 'hocr', pdf: 'pdf' };

export interface OcrFlags {
  lang?: string;
  format?: string;
  mode?: string;
  pages?: string | number;
  out?: string;
  workers?: string | number;
  engine?: string;
}

/** Parses `1-3,7` into page numbers. */
export function parsePageList(spec: string): number[] {
  const pages: number[] = [];
  for (const part of spec.split(',').map((p) => p.trim())) {
    const m = part.match(/^(\d+)(?:-(\d+))?$/);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from < 1 || to < from || to - from > 100_000)
      throw new CliError(`--pages: "${part}" is not a page or range (e.g. 1-3,7)`);
    for (let p = from; p <= to; p++) pages.push(p);
  }
  return pages;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new CliError(`${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Where each input's output goes: stdout, one file, or a file per input in a directory. */
function outputPlan(
  files: string[],
  out: string | undefined,
  format: Format,
): (file: string) => string | null {
  if (!out) {
    if (files.length > 1 && !['text', 'json'].includes(format))
      throw new CliError(`--format ${format} with several files needs --out DIR`);
    if (format === 'pdf' && process.stdout.isTTY)
      throw new CliError('Refusing to write a PDF to the terminal: give --out FILE or redirect stdout');
    return () => null;
  }
  const isDir = files.length > 1 || out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory());
  if (!isDir) return () => out;
  mkdirSync(out, { recursive: true });
  return (file) => join(out, `${basename(file, extname(file))}.${EXT[format]}`);
}

/** A one-line progress bar on stderr (only when stderr is a terminal). */
function progressBar(label: string) {
  const started = performance.now();
  return {
    update(done: number, total: number) {
      const secs = (performance.now() - started) / 1000;
      const rate = done / Math.max(secs, 0.001);
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      const width = 24;
      const fill = Math.round((done / Math.max(total, 1)) * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${done}/${total} pages  ${rate.toFixed(2)} pages/s  ETA ${eta}s `,
      );
    },
    end() {
      process.stderr.write('\n');
    },
  };
}

/** One file's output in the requested format. */
async function render(
  format: Format,
  ref: FileRef,
  pages: PageResult[],
  summary: object,
): Promise<string | Uint8Array> {
  const formats = await import('../core/ocr/formats.ts');
  if (format === 'json') return `${JSON.stringify(summary, null, 2)}\n`;
  if (format === 'tsv') return formats.pagesToTsv(pages);
  if (format === 'hocr') return formats.pagesToHocr(pages, ref.name);
  if (format === 'pdf') return (await import('../core/pdf/searchable.ts')).buildSearchablePdf(ref, pages);
  return formats.pagesToText(pages);
}

/** Runs `docserve ocr`; returns the exit code. */
export async function runOcr(files: string[], flags: OcrFlags): Promise<number> {
  if (!files.length) throw new CliError('Give at least one file: docserve ocr <file...>');
  const format = oneOf(flags.format, FORMATS, '--format', 'text');
  const mode = oneOf(flags.mode, MODES, '--mode', 'auto');
  const pages = flags.pages === undefined ? undefined : parsePageList(String(flags.pages));
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1))
    throw new CliError('--workers must be a positive integer');
  const { checkLanguages, TesseractEngine } = await import('../core/ocr/engine.ts');
  const { resolveEngine } = await import('../core/ocr/native.ts');
  const { Limiter } = await import('../core/limiter.ts');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ ocrWorkers: workers, ocrEngine: flags.engine });
  } catch (err) {
    throw new CliError(`--engine: ${(err as Error).message}`);
  }
  let lang: string;
  try {
    lang = checkLanguages(flags.lang ?? config.ocr.lang);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  let kind: EngineKind;
  try {
    kind = resolveEngine(config.ocr.engine);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const target = outputPlan(files, flags.out, format);
  const { sniffFile } = await import('../core/files/mime.ts');
  const engine = new TesseractEngine({
    workers: config.ocr.workers,
    pageTimeoutMs: config.ocr.pageTimeoutMs,
    lang,
    maxPixels: config.ocr.maxPixels,
    engine: kind,
  });
  const bar = process.stderr.isTTY
    ? progressBar(files.length === 1 ? basename(files[0] as string) : `${files.length} files`)
    : undefined;
  const progress = new Map<number, [number, number]>();
  const report = (i: number, done: number, total: number) => {
    progress.set(i, [done, total]);
    const sums = [...progress.values()].reduce((s, [d, t]) => [s[0] + d, s[1] + t], [0, 0]);
    bar?.update(sums[0] as number, sums[1] as number);
  };

  /** Reads one file and renders its output; bad input comes back as the AppError, not thrown. */
  const read = async (file: string, i: number) => {
    const started = performance.now();
    try {
      if (!existsSync(file) || !statSync(file).isFile())
        throw new AppError('invalid_file', `${file}: no such file`);
      const { mime } = await sniffFile(file, file);
      const ref = { path: file, mime, name: basename(file) };
      const result = await engine.recognize(ref, {
        lang,
        mode,
        pages,
        onPage: (_p, done, total) => report(i, done, total),
      });
      const summary = {
        file,
        mime,
        pages: result,
        timings: { totalMs: Math.round(performance.now() - started) },
      };
      return { file, result, summary, output: await render(format, ref, result, summary) };
    } catch (err) {
      if (err instanceof AppError) return { file, error: err };
      throw err;
    }
  };

  let badInput = 0;
  let failedFiles = 0;
  let pagesRead = 0;
  let pagesFailed = 0;
  const json: unknown[] = [];
  try {
    // Files are read side by side (their pages share the engine's queue); outputs appear in input order.
    const fileQueue = new Limiter(config.ocr.workers + 1);
    const reads = files.map((file, i) => fileQueue.run(() => read(file, i)));
    for (const pending of reads) {
      const r = await pending;
      if (r.error) {
        const err = r.error;
        console.error(`docserve: ${err.message.startsWith(r.file) ? '' : `${r.file}: `}${err.message}`);
        if (['invalid_file', 'unsupported_media_type', 'bad_request'].includes(err.code)) badInput++;
        else failedFiles++;
        continue;
      }
      const failed = r.result.filter((p) => p.error);
      pagesFailed += failed.length;
      pagesRead += r.result.length - failed.length;
      for (const p of failed) console.error(`docserve: ${r.file}: page ${p.page}: ${p.error}`);
      const dest = target(r.file);
      if (dest) await writeFile(dest, r.output);
      else if (format === 'json' && files.length > 1) json.push(r.summary);
      else {
        if (files.length > 1) process.stdout.write(`==> ${r.file} <==\n`);
        process.stdout.write(r.output);
      }
    }
    bar?.end();
    if (json.length) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } finally {
    await engine.close();
  }
  if (pagesRead === 0 && pagesFailed === 0 && failedFiles === 0)
    return badInput ? OCR_EXIT.badInput : OCR_EXIT.ok;
  if (pagesRead === 0) return OCR_EXIT.failed;
  return badInput || failedFiles || pagesFailed ? OCR_EXIT.partial : OCR_EXIT.ok;
}

/** Registers `docserve ocr`. */
export function registerOcrCommand(cli: CAC): void {
  cli
    .command('ocr [...files]', 'OCR images and PDFs (Thai + English) without a server')
    .option('--lang <langs>', 'Languages joined by + (default tha+eng)')
    .option('--format <format>', 'text | json | tsv | hocr | pdf (searchable PDF), default text')
    .option('--mode <mode>', 'auto: OCR pages without a text layer | force: OCR every page | skip: no OCR')
    .option('--pages <list>', 'Pages to read, e.g. 1-3,7 (default all)')
    .option('--out <path>', 'Write to FILE, or to DIR with one output per input (default stdout)')
    .option('--workers <n>', 'OCR workers (default: number of cores)')
    .option(
      '--engine <engine>',
      'auto | native (system libtesseract 5) | embedded (WebAssembly), default auto',
    )
    .example('docserve ocr scan.png')
    .example('docserve ocr invoice.pdf --format pdf --out invoice.searchable.pdf')
    .action(async (files: string[], flags: OcrFlags) => {
      const code = await runOcr(files, flags);
      if (code === OCR_EXIT.partial) throw new CliError('some pages or files could not be read', code);
      if (code === OCR_EXIT.failed) throw new CliError('no page could be read', code);
      if (code === OCR_EXIT.badInput) throw new CliError('no input could be read', code);
    });
}
