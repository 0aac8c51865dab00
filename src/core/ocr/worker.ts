/**
 * The OCR worker entry (embedded in the binary as an extra entry point, see scripts/build.ts).
 * It runs tesseract.js's own worker protocol with an adapter that never touches node_modules or the
 * network: the WebAssembly core and the traineddata are files embedded in the binary. The core is the
 * relaxed-SIMD build with the legacy engine (measured ~10% faster than plain SIMD under Bun; the
 * legacy engine is only there for orientation detection). On top of the
 * stock actions it answers {@link PAGE_ACTION}: recognize one page, with deskew and, when the result
 * looks poor, orientation detection (tesseract OSD, which needs the legacy-capable core).
 */
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import eng from '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz' with { type: 'file' };
import osd from '@tesseract.js-data/osd/4.0.0_best_int/osd.traineddata.gz' with { type: 'file' };
import tha from '@tesseract.js-data/tha/4.0.0_best_int/tha.traineddata.gz' with { type: 'file' };
import * as tesseract from 'tesseract.js/src/worker-script/index.js';
import setImage from 'tesseract.js/src/worker-script/utils/setImage.js';
import TesseractCore from 'tesseract.js-core/tesseract-core-relaxedsimd.js';
import coreWasm from 'tesseract.js-core/tesseract-core-relaxedsimd.wasm' with { type: 'file' };
import { type TessBlock, toOcrBlocks } from './layout.ts';
import { ORIENTATION_CHECK_BELOW, PAGE_ACTION, type PageReply, type PageRequest } from './protocol.ts';
import type { QuarterTurn } from './raster.ts';
import type { OcrBlock } from './types.ts';
import { lowerWorkerPriority } from '../workers.ts';

declare const self: Worker;

lowerWorkerPriority();

const TRAINEDDATA: Record<string, string> = { tha, eng, osd };
/** OEM 1: LSTM only (the best_int data has no legacy models); OSD alone uses the legacy engine (OEM 0). */
const LSTM_ONLY = 1;
const LEGACY_ONLY = 0;
/** Fully automatic page segmentation, as the tesseract command line does (tesseract.js defaults to one block). */
const PSM_AUTO = '3';

interface TessApi {
  Init(datapath: string | null, lang: string, oem: number): number;
  DetectOS(results: OsResults): boolean;
  SetVariable(name: string, value: string): boolean;
}
interface OsResults {
  best_result: { orientation_id: number; oconfidence: number };
}
interface TessModule {
  TessBaseAPI: new () => TessApi;
  OSResults: new () => OsResults;
  /** Frees an object made with `new` (WebIDL bindings). */
  destroy(obj: unknown): void;
}
interface Recognized {
  text: string;
  confidence: number;
  blocks: TessBlock[] | null;
  rotateRadians: number;
}

/** The worker's own state (one tesseract instance per worker thread). */
const state: {
  core?: TessModule;
  lang?: string;
  loaded: Set<string>;
  osdApi?: TessApi;
  memory?: WebAssembly.Memory;
  stderr: string[];
  seq: number;
} = { loaded: new Set(), stderr: [], seq: 0 };

tesseract.setAdapter({
  async getCore() {
    const wasmBinary = await Bun.file(coreWasm).bytes();
    return (arg: object) =>
      TesseractCore({
        ...arg,
        wasmBinary,
        // Instantiated here to keep hold of the module's memory (its size drives worker recycling).
        instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
          WebAssembly.instantiate(wasmBinary, imports).then(({ instance }) => {
            const candidates = [
              ...Object.values(instance.exports),
              ...Object.values(imports).flatMap(Object.values),
            ];
            state.memory = candidates.find((v): v is WebAssembly.Memory => v instanceof WebAssembly.Memory);
            done(instance);
          });
          return {};
        },
        print: () => {},
        printErr: (line: string) => {
          state.stderr.push(line);
          if (state.stderr.length > 20) state.stderr.shift();
        },
      }).then((m) => {
        state.core = m as TessModule;
        return m;
      });
  },
  gunzip: (data) => gunzipSync(data),
  fetch: async (url) => {
    throw new Error(`The OCR worker never downloads (${url})`);
  },
  async readCache(path) {
    const asset = TRAINEDDATA[basename(path).replace(/\.traineddata$/, '')];
    if (!asset) throw new Error(`No embedded traineddata for ${basename(path)}`);
    return Bun.file(asset).bytes();
  },
  writeCache: async () => {},
  deleteCache: async () => {},
  checkCache: async (path) => basename(path).replace(/\.traineddata$/, '') in TRAINEDDATA,
});

/** Runs one stock tesseract.js action inside this worker and resolves with its data. */
function call<T>(action: string, payload: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    tesseract.dispatchHandlers(
      { workerId: 'docserve', jobId: `internal-${++state.seq}`, action, payload },
      (reply) => {
        if (reply.status === 'resolve') resolve(reply.data as T);
        else if (reply.status === 'reject') reject(new Error(String(reply.data)));
      },
    );
  });
}

async function loadLanguages(langs: string[]): Promise<void> {
  const missing = langs.filter((l) => !state.loaded.has(l));
  if (!missing.length) return;
  await call('loadLanguage', {
    langs: missing.join('+'),
    options: { cacheMethod: 'readOnly', gzip: true, lstmOnly: true },
  });
  for (const l of missing) state.loaded.add(l);
}

async function useLanguage(lang: string): Promise<void> {
  if (state.lang === lang) return;
  if (!state.core) await call('load', { options: { lstmOnly: false, logging: false } });
  await loadLanguages(lang.split('+'));
  await call('initialize', { langs: lang, oem: LSTM_ONLY });
  await call('setParameters', { params: { tessedit_pageseg_mode: PSM_AUTO } });
  state.lang = lang;
}

/** Tesseract OSD on the image: the clockwise quarter turn that makes it upright, with its confidence. */
async function detectOrientation(image: Uint8Array, dpi = 300): Promise<PageReply['orientation']> {
  const core = state.core as TessModule;
  if (!state.osdApi) {
    await loadLanguages(['osd']);
    const api = new core.TessBaseAPI();
    if (api.Init(null, 'osd', LEGACY_ONLY) !== 0)
      throw new Error('Orientation detection data failed to load');
    state.osdApi = api;
  }
  state.osdApi.SetVariable('user_defined_dpi', String(Math.round(dpi)));
  setImage(core, state.osdApi, image);
  const results = new core.OSResults();
  try {
    if (!state.osdApi.DetectOS(results)) return undefined;
    const best = results.best_result;
    return {
      turn: ([0, 270, 180, 90] as QuarterTurn[])[best.orientation_id] ?? 0,
      confidence: best.oconfidence,
    };
  } finally {
    core.destroy(results);
  }
}

/** True when most text lines run top to bottom: tesseract read a page lying on its side. */
function mostlyVertical(blocks: OcrBlock[]): boolean {
  let vertical = 0;
  let total = 0;
  for (const line of blocks.flatMap((b) => b.lines)) {
    const [x0, y0, x1, y1] = line.bbox;
    total += line.words.length;
    if (y1 - y0 > (x1 - x0) * 1.5) vertical += line.words.length;
  }
  return total > 0 && vertical * 2 > total;
}

async function recognizePage(req: PageRequest): Promise<PageReply> {
  await useLanguage(req.lang);
  const started = performance.now();
  const options: Record<string, unknown> = { rotateAuto: req.deskew };
  if (req.dpi) options.user_defined_dpi = String(Math.round(req.dpi));
  const rec = await call<Recognized>('recognize', {
    image: req.image,
    options,
    output: { text: true, blocks: true },
  });
  const ms: PageReply['ms'] = { recognize: Math.round(performance.now() - started) };
  const blocks = toOcrBlocks(rec.blocks);
  let orientation: PageReply['orientation'];
  if (req.detectOrientation && (rec.confidence < ORIENTATION_CHECK_BELOW || mostlyVertical(blocks))) {
    const t = performance.now();
    orientation = await detectOrientation(req.image, req.dpi);
    ms.orientation = Math.round(performance.now() - t);
  }
  return {
    text: rec.text ?? '',
    confidence: rec.confidence ?? 0,
    blocks,
    skewRadians: rec.rotateRadians ?? 0,
    orientation,
    heapBytes: state.memory?.buffer.byteLength ?? 0,
    ms,
  };
}

self.onmessage = (event: MessageEvent<tesseract.Packet>) => {
  const packet = event.data;
  if (packet.action !== PAGE_ACTION) {
    tesseract.dispatchHandlers(packet, (reply) => self.postMessage(reply));
    return;
  }
  const reply = (status: 'resolve' | 'reject', data: unknown) =>
    self.postMessage({ workerId: packet.workerId, jobId: packet.jobId, action: packet.action, status, data });
  recognizePage(packet.payload as PageRequest).then(
    (data) => reply('resolve', data),
    (err: unknown) => {
      const detail = state.stderr.slice(-3).join(' | ');
      reply('reject', `${(err as Error)?.message ?? err}${detail ? ` (tesseract: ${detail})` : ''}`);
    },
  );
};
