/** tesseract.js 7's Emscripten build of tesseract (CommonJS, no types): a factory of the WebAssembly module. */
declare module 'tesseract.js-core/tesseract-core-relaxedsimd.js' {
  const TesseractCore: (moduleArg: object) => Promise<unknown>;
  export default TesseractCore;
}
