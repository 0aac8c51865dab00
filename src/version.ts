import pkg from '../package.json' with { type: 'json' };

/** docserve's version, from package.json (inlined at build time). */
export const VERSION: string = pkg.version;
