/**
 * A compact byte form of folded text, kept in memory to verify substring and phrase matches without
 * touching the database: ASCII stays one byte, Thai (U+0E01-U+0E5B) becomes one byte 0x81-0xDB, any
 * whitespace run becomes one space, and other characters become an escape (0xFE + 4 nibble bytes, or
 * 0xFF + 6 for astral ones) whose bytes never occur elsewhere. A packed pattern is a substring of a
 * packed text exactly when the folded pattern occurs in the folded text (modulo whitespace runs).
 */

/** Characters that packed text collapses into one space (whitespace, controls, zero-width spaces). */
export function isSpace(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x7f ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Packs folded text (see the module comment). Leading and trailing whitespace is dropped. */
export function packText(folded: string): Buffer {
  let out = new Uint8Array(folded.length + 16);
  let n = 0;
  let pendingSpace = false;
  const ensure = (extra: number) => {
    if (n + extra <= out.length) return;
    const next = new Uint8Array(Math.max(out.length * 2, n + extra));
    next.set(out.subarray(0, n));
    out = next;
  };
  for (let i = 0; i < folded.length; i++) {
    let c = folded.charCodeAt(i);
    if (isSpace(c)) {
      pendingSpace = n > 0;
      continue;
    }
    ensure(8);
    if (pendingSpace) {
      out[n++] = 0x20;
      pendingSpace = false;
    }
    if (c < 0x80) out[n++] = c;
    else if (c >= 0x0e01 && c <= 0x0e5b) out[n++] = 0x80 + (c - 0x0e00);
    else {
      const next = folded.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        i++;
        out[n++] = 0xff;
        for (let shift = 20; shift >= 0; shift -= 4) out[n++] = 0xe0 | ((c >> shift) & 0xf);
      } else {
        out[n++] = 0xfe;
        for (let shift = 12; shift >= 0; shift -= 4) out[n++] = 0xe0 | ((c >> shift) & 0xf);
      }
    }
  }
  return Buffer.from(out.slice(0, n).buffer);
}

/** Packed Thai marks that attach to the preceding character (above/below vowels, tone marks). */
export function isPackedMark(b: number | undefined): boolean {
  return (
    b === 0xb1 || (b !== undefined && b >= 0xb4 && b <= 0xba) || (b !== undefined && b >= 0xc7 && b <= 0xce)
  );
}

/**
 * Texts up to this many bytes are searched by a loop here: for a document name that is cheaper than
 * wrapping the bytes for `Buffer.indexOf` (about 0.5 µs a call on a view of the snapshot).
 */
export const SHORT_TEXT = 64;

/**
 * True when `pattern` occurs in `text` (both packed) without ending inside a grapheme cluster: `ดิ`
 * does not occur in `ดิ้น`, whose tone mark belongs to the same cluster.
 */
export function packedIncludes(text: Uint8Array, pattern: Uint8Array): boolean {
  if (pattern.length > text.length) return false;
  if (text.length <= SHORT_TEXT) return shortIncludes(text, pattern);
  const buf = text instanceof Buffer ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  for (let at = buf.indexOf(pattern); at >= 0; at = buf.indexOf(pattern, at + 1))
    if (!isPackedMark(buf[at + pattern.length])) return true;
  return false;
}

/** {@link packedIncludes} by direct comparison (for short texts). */
export function shortIncludes(text: Uint8Array, pattern: Uint8Array): boolean {
  return rangeIncludes(text, 0, text.length, pattern);
}

/**
 * {@link packedIncludes} on the packed text `bytes[from, to)`, by direct comparison and without a view
 * of it (for the short names of a snapshot, where making the view costs more than the comparison).
 */
export function rangeIncludes(bytes: Uint8Array, from: number, to: number, pattern: Uint8Array): boolean {
  const m = pattern.length;
  if (m === 0) return true;
  const first = pattern[0];
  const last = to - m;
  outer: for (let at = from; at <= last; at++) {
    if (bytes[at] !== first) continue;
    for (let k = 1; k < m; k++) if (bytes[at + k] !== pattern[k]) continue outer;
    if (at + m === to || !isPackedMark(bytes[at + m])) return true;
  }
  return false;
}

/** The folded text a packed text was made from (whitespace runs come back as single spaces). */
export function unpackText(packed: Uint8Array): string {
  let out = '';
  for (let i = 0; i < packed.length; ) {
    const b = packed[i++] as number;
    if (b < 0x80) out += String.fromCharCode(b);
    else if (b <= 0xdb) out += String.fromCharCode(0x0e00 + (b - 0x80));
    else {
      const digits = b === 0xff ? 6 : 4;
      let c = 0;
      for (let k = 0; k < digits; k++) c = (c << 4) | ((packed[i++] as number) & 0xf);
      out += String.fromCodePoint(c);
    }
  }
  return out;
}
