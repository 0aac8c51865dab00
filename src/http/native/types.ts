import type { DialectApp, DialectCaller } from '../../plugin-api.ts';

/** The caller of a native API request: every native route acts on one project. */
export type NativeCaller = DialectCaller & { projectId: string };

/** The authenticated native app that route modules add their routes to. */
export type NativeApp = DialectApp<NativeCaller>;
