import type { Principal } from '../../core/auth/keys.ts';
import type { DialectRouter } from '../../plugin-api.ts';

/** The caller of a native API request: every native route acts on one project. */
export type NativeCaller = { principal: Principal; projectId: string };

/** The authenticated native app that route modules add their routes to. */
export type NativeApp = DialectRouter<NativeCaller>;
