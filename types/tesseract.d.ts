/** The internals of tesseract.js 7 that docserve's own OCR worker reuses (CommonJS modules without types). */

declare module 'tesseract.js/src/worker-script/index.js' {
  /** A protocol message: `{ workerId, jobId, action, payload }`. */
  export interface Packet {
    workerId: string;
    jobId: string;
    action: string;
    payload?: unknown;
  }
  /** A reply: `status` is `resolve`, `reject` or `progress`. */
  export interface Reply {
    workerId: string;
    jobId: string;
    action: string;
    status: 'resolve' | 'reject' | 'progress';
    data: unknown;
  }
  export interface Adapter {
    getCore(
      lstmOnly: boolean,
      corePath: string | undefined,
      res: unknown,
    ): Promise<(arg: object) => Promise<unknown>>;
    gunzip(data: Uint8Array): Uint8Array;
    fetch(url: string): Promise<Response>;
    readCache(path: string): Promise<Uint8Array | undefined>;
    writeCache(path: string, data: Uint8Array): Promise<void>;
    deleteCache(path: string): Promise<void>;
    checkCache(path: string): Promise<boolean>;
  }
  export function dispatchHandlers(packet: Packet, send: (reply: Reply) => void): void;
  export function setAdapter(adapter: Adapter): void;
}

declare module 'tesseract.js/src/worker-script/utils/setImage.js' {
  const setImage: (module: unknown, api: unknown, image: Uint8Array, angle?: number) => void;
  export default setImage;
}

declare module 'tesseract.js-core/tesseract-core-relaxedsimd.js' {
  const TesseractCore: (moduleArg: object) => Promise<unknown>;
  export default TesseractCore;
}
