import type { DialectDefinition } from '../src/plugin-api.ts';
import { docflo } from './docflo/index.ts';
import { docinth } from './docinth/index.ts';
import { docrouter } from './docrouter/index.ts';
import { ocriva } from './ocriva/index.ts';

/**
 * Every dialect plugin, listed statically so the compiled binary contains them (no directory scan).
 * Each one owns its own path prefixes; they do not overlap.
 */
// biome-ignore lint/suspicious/noExplicitAny: each plugin has its own caller type
export const dialects: DialectDefinition<any, any>[] = [docinth, docflo, docrouter, ocriva];
