declare module '*.sql' {
  const text: string;
  export default text;
}

declare module '*.css' {
  const path: string;
  export default path;
}

declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const path: string;
  export default path;
}

/** Binary assets embedded with `with { type: 'file' }`: the import is a path (`/$bunfs/...` inside the binary). */
declare module '*.wasm' {
  const path: string;
  export default path;
}

declare module '*.gz' {
  const path: string;
  export default path;
}

declare module '*.pfb' {
  const path: string;
  export default path;
}

declare module '*.ttf' {
  const path: string;
  export default path;
}
