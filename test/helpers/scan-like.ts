import { convert } from './pango.ts';

/** How scanLike finishes a page; by default 8-bit grayscale, not turned. */
export interface ScanLook {
  /** Degrees the page is turned clockwise, the corners filled white, as a page lies crooked on the glass. */
  turn?: number;
  /** Drops the canvas offset the turn leaves (`+repage`). */
  repage?: boolean;
  /** A light Gaussian blur (`radius x sigma`, e.g. `0x0.4`), as a scanner's optics soften the print. */
  blur?: string;
  /** Keeps the colours (a colour scan); grayscale otherwise. */
  colour?: boolean;
  /** Bits per channel written: 8, or `null` for what ImageMagick chooses. */
  depth?: 8 | null;
}

/**
 * Runs ImageMagick on `page` (the arguments that compose it, e.g. `-size 1600x500 xc:white` and layers)
 * and writes it to `out` the way a scanner delivers it: turned, blurred, grayscale and 8-bit as `look`
 * says, tagged 200 dpi. Returns `out`.
 */
export function scanLike(page: string[], out: string, look: ScanLook = {}): string {
  convert([
    ...page,
    ...(look.turn === undefined ? [] : ['-background', 'white', '-rotate', String(look.turn)]),
    ...(look.repage ? ['+repage'] : []),
    ...(look.blur ? ['-blur', look.blur] : []),
    ...(look.colour ? [] : ['-colorspace', 'Gray']),
    ...(look.depth === null ? [] : ['-depth', String(look.depth ?? 8)]),
    '-units',
    'PixelsPerInch',
    '-density',
    '200',
    out,
  ]);
  return out;
}
