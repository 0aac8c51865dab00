/**
 * The native engine's side in the server or CLI process: whether the system has libtesseract 5, and
 * OCR workers that are child processes (src/core/ocr/native-worker.ts) behind the interface the pool
 * uses for worker threads.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { AppError } from '../../errors.ts';
import { installedVersion } from './libtesseract.ts';
import { userCacheDir } from './traineddata.ts';
import type { OcrWorker } from './pool.ts';

/** Which tesseract reads pages: `embedded` (WebAssembly, always there) or `native` (the system's). */
export type EngineKind = 'embedded' | 'native';
/** What the configuration asks for; `auto` is native when the system has it, else embedded. */
export type EngineChoice = EngineKind | 'auto';

/** Set in the environment of the binary to make it run as a native OCR worker (see src/main.ts). */
export const NATIVE_WORKER_ENV = 'DOCSERVE_OCR_NATIVE_WORKER';

let detected: string | null | undefined;

/** The version of the system's libtesseract when it is 5.x (the only one docserve drives) and leptonica is there too, else null. */
export function nativeTesseractVersion(): string | null {
  if (detected !== undefined) return detected;
  const version = rememberedVersion();
  detected = version && /^5\./.test(version) ? version : null;
  return detected;
}

/** The dynamic linker's cache: installing or removing a library rewrites it (ldconfig). */
const LINKER_CACHE = '/etc/ld.so.cache';

/**
 * {@link installedVersion}, remembered in the user's cache directory until the linker's cache or the
 * library search path changes: loading libtesseract only to read its version costs a one-shot
 * `docserve ocr` 0.1-0.3 s. Where there is no linker cache (macOS) it is asked every time.
 */
function rememberedVersion(): string | null {
  const file = versionFile();
  if (file && existsSync(file)) return readFileSync(file, 'utf8') || null;
  const version = installedVersion();
  try {
    if (file) {
      writeFileSync(`${file}.${process.pid}`, version ?? '');
      renameSync(`${file}.${process.pid}`, file);
    }
  } catch {
    // Not remembered: asked again next time.
  }
  return version;
}

/** Where the version is remembered for this linker cache and search path, or undefined. */
function versionFile(): string | undefined {
  try {
    const cache = statSync(LINKER_CACHE);
    const key = [cache.size, cache.mtimeMs, cache.ino, process.env.LD_LIBRARY_PATH ?? ''].join(':');
    return join(userCacheDir(), `libtesseract-${Bun.hash(key).toString(36)}`);
  } catch {
    return undefined;
  }
}

/** Resolves the configured choice to the engine that will run; `native` without libtesseract 5 is an error. */
export function resolveEngine(choice: EngineChoice): EngineKind {
  if (choice === 'embedded') return 'embedded';
  const native = nativeTesseractVersion() !== null;
  if (choice === 'native' && !native)
    throw new AppError(
      'bad_request',
      'The native OCR engine needs libtesseract 5 (Debian: apt-get install tesseract-ocr); use --engine embedded',
    );
  return native ? 'native' : 'embedded';
}

/** Where the compiled binary keeps its own entry; in a source checkout the worker file itself runs. */
function childCommand(): string[] {
  if (Bun.embeddedFiles.length > 0) return [process.execPath];
  return [process.execPath, join(import.meta.dir, 'native-worker.ts')];
}

type Listener = (event: Event) => void;

/**
 * A native OCR worker process behind the Worker interface the pool drives: messages go over Bun's IPC
 * channel, page images through a temporary file, `terminate()` kills the process, and its exit is the
 * `close` event (a crash inside libtesseract ends only this process).
 */
export class NativeWorkerProcess implements OcrWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  private readonly listeners: Record<string, Listener[]> = { error: [], close: [] };
  private readonly child: Subprocess;
  private readonly files = new Set<string>();
  private seq = 0;
  private closed = false;
  /** Messages leave in the order they were posted, each after its page image is on disk. */
  private outbox: Promise<void> = Promise.resolve();

  constructor() {
    this.child = Bun.spawn(childCommand(), {
      env: { ...process.env, [NATIVE_WORKER_ENV]: '1', OMP_THREAD_LIMIT: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
      ipc: (message) => this.onmessage?.(new MessageEvent('message', { data: message })),
      onExit: () => this.exited(),
    });
  }

  postMessage(message: { payload?: { image?: Uint8Array } & Record<string, unknown> }): void {
    const image = message.payload?.image;
    if (!(image instanceof Uint8Array)) {
      this.outbox = this.outbox.then(() => this.send(message));
      return;
    }
    const imagePath = join(tmpdir(), `docserve-page-${process.pid}-${this.child.pid}-${++this.seq}.pgm`);
    this.files.add(imagePath);
    this.outbox = this.outbox
      .then(() => Bun.write(imagePath, image))
      .then(() => this.send({ ...message, payload: { ...message.payload, image: undefined, imagePath } }))
      .catch((error) => this.failed(error));
  }

  private send(message: unknown): void {
    if (!this.closed) this.child.send(message as object);
  }

  private failed(error: unknown): void {
    const event = new ErrorEvent('error', {
      error,
      message: error instanceof Error ? error.message : String(error),
    });
    for (const l of this.listeners.error ?? []) l(event);
  }

  terminate(): void {
    this.child.kill('SIGKILL');
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners[type]?.push(listener);
  }

  private exited(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.files) if (existsSync(f)) rmSync(f, { force: true });
    for (const l of this.listeners.close ?? []) l(new Event('close'));
  }
}
