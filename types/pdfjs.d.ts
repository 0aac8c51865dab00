/** pdf.js's worker module, loaded into the main thread so parsing needs no separate worker file. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
