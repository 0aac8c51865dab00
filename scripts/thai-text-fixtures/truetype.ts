/**
 * Just enough of a TrueType file to write PDF text by hand: the Unicode cmap (format 4), advance widths
 * and units per em. Used by the text-layer fixture generator, not by docserve.
 */
export interface TrueType {
  bytes: Uint8Array;
  unitsPerEm: number;
  /** Glyph id of a code point (0 when the font has none). */
  glyph(codePoint: number): number;
  /** Advance of a glyph in font units. */
  advance(glyph: number): number;
}

export function readTrueType(bytes: Uint8Array): TrueType {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
    tables.set(tag, view.getUint32(at + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`no ${tag} table`);
    return at;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const metrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + i * 8;
    if (view.getUint16(rec) === 3 && view.getUint16(rec + 2) === 1) sub = cmap + view.getUint32(rec + 4);
  }
  if (sub < 0 || view.getUint16(sub) !== 4) throw new Error('no Unicode BMP cmap (format 4)');
  const segs = view.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const offsets = deltas + segs * 2;
  return {
    bytes,
    unitsPerEm,
    glyph(cp) {
      for (let i = 0; i < segs; i++) {
        if (cp > view.getUint16(ends + i * 2)) continue;
        const start = view.getUint16(starts + i * 2);
        if (cp < start) return 0;
        const delta = view.getInt16(deltas + i * 2);
        const ro = view.getUint16(offsets + i * 2);
        if (!ro) return (cp + delta) & 0xffff;
        const g = view.getUint16(offsets + i * 2 + ro + (cp - start) * 2);
        return g ? (g + delta) & 0xffff : 0;
      }
      return 0;
    },
    advance(g) {
      return view.getUint16(hmtx + Math.min(g, metrics - 1) * 4);
    },
  };
}
