/**
 * The native OCR worker: a child process (this file run by Bun, or the binary itself with
 * `DOCSERVE_OCR_NATIVE_WORKER=1`, see src/main.ts) that reads pages with the system's libtesseract 5
 * through FFI and the traineddata docserve embeds, answering the page protocol of ./protocol.ts over
 * Bun's IPC channel. Each page image (a PGM, or the PNG or JPEG file itself) arrives as a file (`imagePath`, deleted once read): IPC would copy
 * a large page far more slowly. The traineddata is loaded once per process, not per page.
 */
import { readFileSync, rmSync } from 'node:fs';
import { openLibraries, TessHandle } from './libtesseract.ts';
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
import { tessdataDir } from './traineddata.ts';
import type { BBox } from './types.ts';

/** Engine modes: LSTM for recognition, the legacy engine for orientation detection. */
const LSTM_ONLY = 1;
const LEGACY_ONLY = 0;
const PSM_AUTO = '3';
/** Page segmentation for a region read again: one uniform block of text, or a single line. */
const PSM_BLOCK = '6';
const PSM_LINE = '7';
/** Page segmentation for a code read again with the English model: a single word. */
const PSM_WORD = '8';

class NativeTesseract implements Tesseract {
  private readonly libs = openLibraries();
  private api?: TessHandle;
  private osd?: TessHandle;
  private lang?: string;
  private tessdata?: string;
  /** The English model alone, for codes read again (./code-words.ts); made the first time one is. */
  private latin?: TessHandle;
  /** The page last recognized, until {@link NativeTesseract.release}. */
  private page?: { input: PageInput; skewRadians: number; latinSet: boolean };

  async use(lang: string, ms: StageTimes): Promise<void> {
    if (this.lang === lang) return;
    const libs = this.installed();
    await timedAsync(ms, 'languages', async () => {
      const dir = await tessdataDir([...lang.split('+'), 'eng']);
      this.tessdata = dir;
      this.api?.delete();
      const api = new TessHandle(libs.lib, libs.lept);
      api.init(dir, lang, LSTM_ONLY);
      api.set('tessedit_pageseg_mode', PSM_AUTO);
      this.api = api;
      this.lang = lang;
    });
  }

  private installed() {
    if (!this.libs) throw new Error('libtesseract 5 and leptonica are not installed');
    return this.libs;
  }

  private setImage(api: TessHandle, page: PageInput): void {
    api.set('user_defined_dpi', page.dpi ? String(Math.round(page.dpi)) : '0');
    api.setImage(page.image);
  }

  recognize(page: PageInput, ms: StageTimes): Recognition {
    const api = this.api as TessHandle;
    timed(ms, 'image', () => this.setImage(api, page));
    this.page = { input: page, skewRadians: 0, latinSet: false };
    const skewRadians = deskew(
      ms,
      () => api.skew(),
      (radians) => api.rotateImage(radians),
    );
    this.page.skewRadians = skewRadians;
    timed(ms, 'recognize', () => api.recognize());
    const result = timed(ms, 'layout', () => ({
      text: api.text(),
      tsv: api.tsv(),
      confidence: api.meanConfidence(),
      skewRadians,
    }));
    return result;
  }

  binarized() {
    return this.api?.binarized();
  }

  readRegion([x0, y0, x1, y1]: BBox, singleLine: boolean) {
    const api = this.api as TessHandle;
    api.set('tessedit_pageseg_mode', singleLine ? PSM_LINE : PSM_BLOCK);
    try {
      api.setRectangle(x0, y0, x1 - x0, y1 - y0);
      api.recognize();
      return { text: api.text(), tsv: api.tsv() };
    } finally {
      api.set('tessedit_pageseg_mode', PSM_AUTO);
    }
  }

  inputGray() {
    return this.page?.skewRadians ? undefined : this.api?.inputGray();
  }

  readRegionsFrom(image: Uint8Array): void {
    if (!this.page) throw new Error('No page to read again');
    this.page = { ...this.page, input: { ...this.page.input, image }, latinSet: false };
    this.setImage(this.api as TessHandle, this.page.input);
  }

  readLatin([x0, y0, x1, y1]: BBox, as: 'line' | 'word') {
    const page = this.page;
    if (!page || !this.tessdata) throw new Error('No page to read again');
    if (!this.latin) {
      const { lib, lept } = this.installed();
      const latin = new TessHandle(lib, lept);
      latin.init(this.tessdata, 'eng', LSTM_ONLY);
      this.latin = latin;
    }
    const api = this.latin;
    if (!page.latinSet) {
      this.setImage(api, page.input);
      if (page.skewRadians) api.rotateImage(page.skewRadians);
      page.latinSet = true;
    }
    api.set('tessedit_pageseg_mode', as === 'line' ? PSM_LINE : PSM_WORD);
    api.setRectangle(x0, y0, x1 - x0, y1 - y0);
    api.recognize();
    return { text: api.text(), tsv: api.tsv() };
  }

  release(): void {
    this.api?.clear();
    this.latin?.clear();
    this.page = undefined;
  }

  async orientation(page: PageInput, ms: StageTimes) {
    return timedAsync(ms, 'orientation', async () => {
      if (!this.osd) {
        const { lib, lept } = this.installed();
        const osd = new TessHandle(lib, lept);
        osd.init(await tessdataDir(['osd']), 'osd', LEGACY_ONLY);
        this.osd = osd;
      }
      this.setImage(this.osd, page);
      const found = this.osd.detectOrientation();
      this.osd.clear();
      return found && { turn: turnOfOrientationId(found.degrees / 90), confidence: found.confidence };
    });
  }

  heapBytes(): number {
    return process.memoryUsage.rss();
  }

  diagnostics(): string {
    return '';
  }
}

/** Serves pages over the IPC channel until the parent closes it. */
export function serveNativeWorker(): void {
  const tess = new NativeTesseract();
  let queue = Promise.resolve();
  process.on('message', (packet: Packet) => {
    queue = queue.then(() => {
      const req = packet.payload as { imagePath?: string };
      if (req?.imagePath) {
        const image = new Uint8Array(readFileSync(req.imagePath));
        rmSync(req.imagePath, { force: true });
        packet = { ...packet, payload: { ...req, imagePath: undefined, image } };
      }
      return answer(tess, packet, (m) => process.send?.(m));
    });
  });
  process.on('disconnect', () => process.exit(0));
}

if (import.meta.main) serveNativeWorker();
