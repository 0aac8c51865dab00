import { AppError } from '../../errors.ts';
import { Limiter } from '../limiter.ts';
import { basicInspector } from '../files/inspect.ts';
import { kindOf, sniffFile } from '../files/mime.ts';
import { openPdfSource } from '../pdf/source.ts';
import { spawnWorker } from '../workers.ts';
import { mapLayout, type Point, rotatePoint } from './geometry.ts';
import { type EngineKind, NativeWorkerProcess } from './native.ts';
import { type OcrWorker, OcrPool, PageFailedError } from './pool.ts';
import type { PageReply } from './protocol.ts';
import { encodePgm, type GrayImage, type QuarterTurn, rotateGray } from './raster.ts';
import { confidentText } from './recover.ts';
import { blocksText, spaceBlocks } from './spacing.ts';
import { type DocumentSource, openImageSource, type PageImage, pixelToPage, unsupported } from './source.ts';
import { darkInkOnly, inkTones, withLinesOutside } from './tone.ts';
import type { FileRef, OcrEngine, OcrMode, OcrOptions, PageResult } from './types.ts';

/** Languages whose traineddata is embedded in the binary. */
export const AVAILABLE_LANGUAGES = ['tha', 'eng'] as const;

/** Starts an OCR worker: the embedded entry inside the binary, the source file next to this one otherwise. */
export function spawnOcrWorker(): Worker {
  return spawnWorker('core/ocr/worker', new URL('./worker.ts', import.meta.url));
}

/** OSD confidence needed before a page is recognized again turned upright. */
const MIN_ORIENTATION_CONFIDENCE = 5;
/** The upright reading is kept unless it is clearly worse than the reading as scanned. */
const TURNED_CONFIDENCE_SLACK = 5;
/**
 * The reading of a page's dark ink alone (see ./tone.ts) replaces the page's reading when it reads with
 * more confidence and keeps at least this share of its confident letters (the stamp's junk letters go)...
 */
const DARK_INK_KEEPS = 0.9;
/** ...or when it reads this many times the confident letters (lines the stamp had garbled come back). */
const DARK_INK_GAINS = 1.1;

export interface TesseractEngineOptions {
  workers: number;
  pageTimeoutMs: number;
  /** Default languages, e.g. `tha+eng`. */
  lang: string;
  /** Images (and rendered pages) above this many pixels are refused before decoding. */
  maxPixels: number;
  /** Pages after which a worker is replaced (default 200). */
  recycleAfterPages?: number;
  /** WebAssembly heap size after which a worker is replaced (default 512 MiB). */
  recycleAboveBytes?: number;
  /** Which tesseract reads pages (default `embedded`; `resolveEngine` in ./native.ts picks one). */
  engine?: EngineKind;
  /** Starts a worker (tests inject faulty ones); overrides `engine`. */
  spawn?: () => OcrWorker;
  /** Opens a PDF's pages (default: pdf.js in this thread; the server reads them in its processing workers). */
  openPdf?: (path: string, maxPixels: number) => Promise<DocumentSource>;
}

/** Checks a tesseract language string against the embedded languages. */
export function checkLanguages(lang: string): string {
  const parts = lang.split('+');
  const unknown = parts.filter((p) => !(AVAILABLE_LANGUAGES as readonly string[]).includes(p));
  if (!lang || unknown.length || new Set(parts).size !== parts.length)
    throw new AppError(
      'bad_request',
      `Unsupported OCR language "${lang}": use ${AVAILABLE_LANGUAGES.join(', ')} joined by + (e.g. tha+eng)`,
    );
  return lang;
}

/** The 1-based pages to read: all of them, or the requested ones (each must exist). */
export function selectPages(requested: number[] | undefined, count: number): number[] {
  if (!requested?.length) return Array.from({ length: count }, (_, i) => i + 1);
  const bad = requested.find((p) => !Number.isInteger(p) || p < 1 || p > count);
  if (bad !== undefined)
    throw new AppError('bad_request', `Page ${bad} does not exist: the file has ${count} page(s)`);
  return [...new Set(requested)].sort((a, b) => a - b);
}

const emptyPage = (page: number, error?: string): PageResult => ({
  page,
  source: error ? 'ocr' : 'none',
  width: 0,
  height: 0,
  text: '',
  rawText: '',
  confidence: null,
  blocks: [],
  ...(error ? { error } : {}),
});

/**
 * OCR with tesseract in a pool of workers: PDFs page by page (text layers taken as they are in `auto`
 * mode), images frame by frame, pages turned upright when tesseract's orientation detection says so.
 * Pages of every file being read share one queue: at most one page per worker plus one is decoded or
 * being recognized at a time, whatever the number of files and pages, so memory stays bounded and one-page
 * files still keep every worker busy.
 */
export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';
  private pool: OcrPool | undefined;
  private readonly pages: Limiter;

  constructor(private readonly opts: TesseractEngineOptions) {
    this.pages = new Limiter(opts.workers + 1);
  }

  async recognize(file: FileRef, opts: OcrOptions = {}): Promise<PageResult[]> {
    const lang = checkLanguages(opts.lang ?? this.opts.lang);
    const mode: OcrMode = opts.mode ?? 'auto';
    const source = await this.open(file);
    try {
      const pages = selectPages(opts.pages, source.pageCount);
      const results: PageResult[] = new Array(pages.length);
      let done = 0;
      let failure: unknown;
      await Promise.all(
        pages.map((n, i) =>
          this.pages.run(async () => {
            if (failure !== undefined) return;
            try {
              opts.signal?.throwIfAborted();
              const page = await this.readPage(source, n, mode, lang, opts.signal);
              results[i] = page;
              opts.onPage?.(page, ++done, pages.length);
            } catch (err) {
              failure ??= err;
            }
          }),
        ),
      );
      if (failure !== undefined) throw failure;
      return results;
    } finally {
      await source.close();
    }
  }

  /** The pool's {@link OcrPool.status} (also served by /healthz); zeros until the first page starts it. */
  status() {
    return (
      this.pool?.status() ?? {
        workers: this.opts.workers,
        started: 0,
        spawned: 0,
        busy: 0,
        queued: 0,
        pages: 0,
        restarts: 0,
      }
    );
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private get workers(): OcrPool {
    this.pool ??= new OcrPool({
      size: this.opts.workers,
      pageTimeoutMs: this.opts.pageTimeoutMs,
      recycleAfterPages: this.opts.recycleAfterPages ?? 200,
      recycleAboveBytes: this.opts.recycleAboveBytes ?? 512 * 1024 ** 2,
      spawn:
        this.opts.spawn ?? (this.opts.engine === 'native' ? () => new NativeWorkerProcess() : spawnOcrWorker),
    });
    return this.pool;
  }

  private async open(file: FileRef): Promise<DocumentSource> {
    const mime =
      file.mime && file.mime !== 'application/octet-stream' ? file.mime : (await sniffFile(file.path)).mime;
    const kind = kindOf(mime);
    if (kind !== 'pdf' && kind !== 'image') throw unsupported(mime);
    await basicInspector(this.opts.maxPixels)(file.path, mime, kind);
    if (kind === 'pdf') return (this.opts.openPdf ?? openPdfSource)(file.path, this.opts.maxPixels);
    return openImageSource({ ...file, mime }, this.opts.maxPixels);
  }

  private async readPage(
    source: DocumentSource,
    n: number,
    mode: OcrMode,
    lang: string,
    signal?: AbortSignal,
  ): Promise<PageResult> {
    const started = performance.now();
    try {
      if (mode !== 'force') {
        const text = await source.text(n);
        if (text) return { ...text, timings: { totalMs: Math.round(performance.now() - started) } };
      }
      if (mode === 'skip') return emptyPage(n);
      const image = await source.image(n);
      const decodeMs = Math.round(performance.now() - started);
      const page = await this.ocr(n, image, lang, signal);
      page.timings = { ...page.timings, decodeMs, totalMs: Math.round(performance.now() - started) };
      return page;
    } catch (err) {
      if (signal?.aborted) throw err;
      // One unreadable page of a longer document fails that page only; a lone page fails the file.
      const pageLevel = source.pageCount > 1 && (!(err instanceof AppError) || err.code === 'invalid_file');
      if (err instanceof PageFailedError || pageLevel) return emptyPage(n, (err as Error).message);
      throw err;
    }
  }

  private async ocr(n: number, image: PageImage, lang: string, signal?: AbortSignal): Promise<PageResult> {
    const run = (bytes: Uint8Array, detectOrientation: boolean) =>
      this.workers.run({ image: bytes, lang, detectOrientation, dpi: image.dpi }, signal);
    const pixels = async () => (typeof image.gray === 'function' ? image.gray() : image.gray);
    const sent = performance.now();
    let reply: PageReply = await run(image.encoded ?? encodePgm(await pixels()), true);
    // Size of the image recognized: the encoded file's pixels are page space.
    let size = image.encoded ? { width: image.width, height: image.height } : await pixels();
    let turn: QuarterTurn = 0;
    // Stages the worker reports, and `poolMs`: waiting for a worker, starting it and messaging included.
    const timings: Record<string, number> = { ...reply.ms, poolMs: Math.round(performance.now() - sent) };
    const o = reply.orientation;
    if (o && o.turn !== 0 && o.confidence >= MIN_ORIENTATION_CONFIDENCE) {
      const rotated = rotateGray(await pixels(), o.turn);
      const second = await run(encodePgm(rotated), false);
      timings.recognizeTurned = second.ms.recognize ?? 0;
      if (second.confidence + TURNED_CONFIDENCE_SLACK >= reply.confidence)
        [reply, size, turn] = [second, rotated, o.turn];
    }
    // A lighter second ink (a stamp scanned in gray) over the text: the page read again with the dark ink alone.
    const read: GrayImage = turn ? (size as GrayImage) : await pixels();
    const tones = inkTones(read);
    if (tones) {
      const dark = await run(encodePgm(darkInkOnly(read, tones.cut)), false);
      timings.recognizeDarkInk = dark.ms.recognize ?? 0;
      const blocks = withLinesOutside(dark.blocks, reply.blocks);
      const [was, now] = [confidentText(reply.blocks), confidentText(blocks)];
      const cleaner = now.letters >= was.letters * DARK_INK_KEEPS && now.confidence > was.confidence;
      if (cleaner || now.letters > was.letters * DARK_INK_GAINS) reply = { ...dark, blocks };
    }
    const assembling = performance.now();
    const { width: W, height: H } = image;
    const back = ((360 - turn) % 360) as QuarterTurn;
    const toPage = (p: Point): Point => {
      const unturned = rotatePoint(p, back, size.width, size.height);
      const onPage = image.toPage ? pixelToPage(image.toPage, unturned) : unturned;
      return rotatePoint(onPage, turn, W, H);
    };
    // The worker took each line's text (with tesseract's spaces, which the TSV loses) from its text.
    const spaced = spaceBlocks(reply.blocks);
    const blocks = turn || image.toPage ? mapLayout(spaced, toPage) : spaced;
    timings.assembleMs = Math.round(performance.now() - assembling);
    return {
      page: n,
      source: 'ocr',
      width: turn % 180 ? H : W,
      height: turn % 180 ? W : H,
      text: blocksText(blocks),
      rawText: reply.text,
      confidence: blocks.length ? reply.confidence / 100 : null,
      blocks,
      rotation: Math.round((turn + (reply.skewRadians * 180) / Math.PI) * 100) / 100,
      timings,
    };
  }
}
