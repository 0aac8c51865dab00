/** DOC.IN.TH shows ids with typed prefixes and accepts them with or without. */
export const PREFIX = { document: 'doc_', workspace: 'ws_', folder: 'fld_', webhook: 'wh_' } as const;

export type IdKind = keyof typeof PREFIX;

/** The id as DOC.IN.TH shows it (`doc_<id>`). */
export function show(kind: IdKind, id: string): string;
export function show(kind: IdKind, id: string | null): string | null;
export function show(kind: IdKind, id: string | null): string | null {
  if (id === null) return null;
  return id.startsWith(PREFIX[kind]) ? id : PREFIX[kind] + id;
}

/** The bare id from a prefixed or bare one. */
export function bare(kind: IdKind, id: string): string {
  return id.startsWith(PREFIX[kind]) ? id.slice(PREFIX[kind].length) : id;
}
