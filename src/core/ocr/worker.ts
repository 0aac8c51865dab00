/**
 * The embedded OCR worker (a worker thread; an extra entry point of the binary, see scripts/build.ts).
 * It drives tesseract.js's WebAssembly build of tesseract directly through its bindings: the core's
 * `.wasm` and the traineddata are files embedded in the binary, nothing is read from node_modules or
 * the network. Messages follow the protocol of ./protocol.ts. The core is the relaxed-SIMD build with the legacy engine (measured ~10% faster than
 * plain SIMD under Bun; the legacy engine is there for orientation detection only, whose data is loaded
 * the first time a page needs it).
 */
import TesseractCore from 'tesseract.js-core/tesseract-core-relaxedsimd.js';
import coreWasm from 'tesseract.js-core/tesseract-core-relaxedsimd.wasm' with { type: 'file' };
import {
  answer,
  deskew,
  type Packet,
  type PageInput,
  type Recognition,
  type StageTimes,
  type Tesseract,
  timed,
  timedAsync,
  turnOfOrientationId,
} from './page-reader.ts';
import type { InkImage } from './ink.ts';
import { pixToGray } from './raster.ts';
import { traineddata } from './traineddata.ts';
import type { BBox } from './types.ts';
import { lowerWorkerPriority } from '../workers.ts';

declare const self: Worker;

lowerWorkerPriority();

/** OEM 1: LSTM only (the best_int data has no legacy models); OSD alone uses the legacy engine (OEM 0). */
const LSTM_ONLY = 1;
const LEGACY_ONLY = 0;
/** Fully automatic page segmentation, as the tesseract command line does. */
const PSM_AUTO = '3';
/** Page segmentation for a region read again: one uniform block of text, or a single line. */
const PSM_BLOCK = '6';
const PSM_LINE = '7';
/** Page segmentation for a code read again with the English model: a single word. */
const PSM_WORD = '8';

interface TessApi {
  Init(datapath: string | null, lang: string, oem: number): number;
  End(): void;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exifOrientation: number, angle: number): number;
  SetRectangle(left: number, top: number, width: number, height: number): void;
  GetThresholdedImage(): Pix | null;
  /** The image as set (tesseract's own reference: not to be destroyed). */
  GetInputImage(): Pix | null;
  FindLines(): number;
  GetGradient(): number;
  Recognize(monitor: null): number;
  GetUTF8Text(): string;
  GetTSVText(page: number): string;
  MeanTextConf(): number;
  DetectOS(results: OsResults): boolean;
  Clear(): void;
}
/** leptonica's image, as the bindings wrap it: `data` is its address in the module's memory. */
interface Pix {
  w: number;
  h: number;
  d: number;
  wpl: number;
  data: number;
  /** A palette image's colours (its pixels are indices into it). */
  colormap: unknown;
}
interface OsResults {
  best_result: { orientation_id: number; oconfidence: number };
}
interface TessModule {
  TessBaseAPI: new () => TessApi;
  OSResults: new () => OsResults;
  FS: { writeFile(path: string, data: Uint8Array): void };
  getPointer(obj: unknown): number;
  _malloc(bytes: number): number;
  _free(address: number): void;
  _pixDestroy(pixAddressAddress: number): void;
  /** Frees an object made with `new` (WebIDL bindings). */
  destroy(obj: unknown): void;
}

/** tesseract.js's WebAssembly tesseract, one instance per worker thread. */
class WasmTesseract implements Tesseract {
  private core?: TessModule;
  private memory?: WebAssembly.Memory;
  private api?: TessApi;
  private osdApi?: TessApi;
  /** The English model alone, for codes read again (./code-words.ts); made the first time one is. */
  private latinApi?: TessApi;
  /** The page last recognized, until {@link WasmTesseract.release}. */
  private page?: { dpi?: number; skewRadians: number; latinSet: boolean };
  private lang?: string;
  private readonly written = new Set<string>();
  private readonly stderr: string[] = [];

  private async start(): Promise<TessModule> {
    if (this.core) return this.core;
    const wasmBinary = await Bun.file(coreWasm).bytes();
    this.core = (await TesseractCore({
      wasmBinary,
      // Instantiated here to keep hold of the module's memory (its size drives worker recycling).
      instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => {
        WebAssembly.instantiate(wasmBinary, imports).then(({ instance }) => {
          const candidates = [
            ...Object.values(instance.exports),
            ...Object.values(imports).flatMap(Object.values),
          ];
          this.memory = candidates.find((v): v is WebAssembly.Memory => v instanceof WebAssembly.Memory);
          done(instance);
        });
        return {};
      },
      print: () => {},
      printErr: (line: string) => {
        this.stderr.push(line);
        if (this.stderr.length > 20) this.stderr.shift();
      },
    })) as TessModule;
    return this.core;
  }

  private async load(core: TessModule, langs: string[]): Promise<void> {
    for (const lang of langs.filter((l) => !this.written.has(l))) {
      core.FS.writeFile(`/${lang}.traineddata`, await traineddata(lang));
      this.written.add(lang);
    }
  }

  async use(lang: string, ms: StageTimes): Promise<void> {
    if (this.lang === lang) return;
    const core = await timedAsync(ms, 'start', () => this.start());
    await timedAsync(ms, 'languages', async () => {
      await this.load(core, [...lang.split('+'), 'eng']);
      this.api?.End();
      const api = new core.TessBaseAPI();
      if (api.Init(null, lang, LSTM_ONLY) !== 0) throw new Error(`Traineddata for ${lang} failed to load`);
      api.SetVariable('tessedit_pageseg_mode', PSM_AUTO);
      this.api = api;
      this.lang = lang;
    });
  }

  private setImage(api: TessApi, page: PageInput): void {
    (this.core as TessModule).FS.writeFile('/input', page.image);
    api.SetVariable('user_defined_dpi', page.dpi ? String(Math.round(page.dpi)) : '0');
    if (api.SetImageFile(1, 0) === 1) throw new Error('The page image could not be read');
  }

  recognize(page: PageInput, ms: StageTimes): Recognition {
    const api = this.api as TessApi;
    timed(ms, 'image', () => this.setImage(api, page));
    this.page = { dpi: page.dpi, skewRadians: 0, latinSet: false };
    const skewRadians = deskew(
      ms,
      () => {
        api.FindLines();
        return api.GetGradient();
      },
      // Reads the page file again, turned by `radians` (leptonica's pixRotate, as tesseract.js does).
      (radians) => {
        if (api.SetImageFile(1, radians) === 1) throw new Error('The page image could not be read');
      },
    );
    this.page.skewRadians = skewRadians;
    timed(ms, 'recognize', () => api.Recognize(null));
    const result = timed(ms, 'layout', () => ({
      text: api.GetUTF8Text() ?? '',
      tsv: api.GetTSVText(0) ?? '',
      confidence: api.MeanTextConf() ?? 0,
      skewRadians,
    }));
    return result;
  }

  binarized(): InkImage | undefined {
    const core = this.core as TessModule;
    const pix = this.api?.GetThresholdedImage();
    if (!pix || !this.memory) return undefined;
    try {
      const { w: width, h: height, wpl, d, data } = pix;
      if (d !== 1 || !data || width <= 0 || height <= 0) return undefined;
      return {
        width,
        height,
        wpl,
        words: new Uint32Array(this.memory.buffer.slice(data, data + wpl * height * 4)),
      };
    } finally {
      // The image is a new reference to tesseract's: leptonica frees it through a pointer to it.
      const slot = core._malloc(4);
      new Uint32Array(this.memory.buffer, slot, 1)[0] = core.getPointer(pix);
      core._pixDestroy(slot);
      core._free(slot);
    }
  }

  readRegion([x0, y0, x1, y1]: BBox, singleLine: boolean) {
    const api = this.api as TessApi;
    api.SetVariable('tessedit_pageseg_mode', singleLine ? PSM_LINE : PSM_BLOCK);
    try {
      api.SetRectangle(x0, y0, x1 - x0, y1 - y0);
      api.Recognize(null);
      return { text: api.GetUTF8Text() ?? '', tsv: api.GetTSVText(0) ?? '' };
    } finally {
      api.SetVariable('tessedit_pageseg_mode', PSM_AUTO);
    }
  }

  inputGray() {
    const pix = this.page && !this.page.skewRadians ? this.api?.GetInputImage() : undefined;
    const core = this.core as TessModule;
    if (!pix?.data || !this.memory || (pix.colormap && core.getPointer(pix.colormap))) return undefined;
    const words = new Uint32Array(this.memory.buffer, pix.data, pix.wpl * pix.h);
    return pixToGray(words, pix.w, pix.h, pix.d, pix.wpl);
  }

  readRegionsFrom(image: Uint8Array): void {
    if (!this.page) throw new Error('No page to read again');
    this.setImage(this.api as TessApi, { image, dpi: this.page.dpi });
    this.page.latinSet = false;
  }

  readLatin([x0, y0, x1, y1]: BBox, as: 'line' | 'word') {
    const page = this.page;
    if (!page) throw new Error('No page to read again');
    if (!this.latinApi) {
      const api = new (this.core as TessModule).TessBaseAPI();
      if (api.Init(null, 'eng', LSTM_ONLY) !== 0) throw new Error('Traineddata for eng failed to load');
      this.latinApi = api;
    }
    const api = this.latinApi;
    if (!page.latinSet) {
      // The page file is still there: read it again, turned as the page was.
      api.SetVariable('user_defined_dpi', page.dpi ? String(Math.round(page.dpi)) : '0');
      if (api.SetImageFile(1, page.skewRadians) === 1) throw new Error('The page image could not be read');
      page.latinSet = true;
    }
    api.SetVariable('tessedit_pageseg_mode', as === 'line' ? PSM_LINE : PSM_WORD);
    api.SetRectangle(x0, y0, x1 - x0, y1 - y0);
    api.Recognize(null);
    return { text: api.GetUTF8Text() ?? '', tsv: api.GetTSVText(0) ?? '' };
  }

  release(): void {
    this.api?.Clear();
    this.latinApi?.Clear();
    this.page = undefined;
  }

  async orientation(page: PageInput, ms: StageTimes) {
    const core = await this.start();
    return timedAsync(ms, 'orientation', async () => {
      if (!this.osdApi) {
        await this.load(core, ['osd']);
        const api = new core.TessBaseAPI();
        if (api.Init(null, 'osd', LEGACY_ONLY) !== 0)
          throw new Error('Orientation detection data failed to load');
        this.osdApi = api;
      }
      this.setImage(this.osdApi, page);
      const results = new core.OSResults();
      try {
        if (!this.osdApi.DetectOS(results)) return undefined;
        const best = results.best_result;
        return { turn: turnOfOrientationId(best.orientation_id), confidence: best.oconfidence };
      } finally {
        core.destroy(results);
      }
    });
  }

  heapBytes(): number {
    return this.memory?.buffer.byteLength ?? 0;
  }

  diagnostics(): string {
    return this.stderr.slice(-3).join(' | ');
  }
}

const tesseract = new WasmTesseract();
self.onmessage = (event: MessageEvent<Packet>) => answer(tesseract, event.data, (m) => self.postMessage(m));
