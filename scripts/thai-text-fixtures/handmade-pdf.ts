/**
 * Writes a PDF text layer by hand (pdf-lib for the file structure, the content stream written here), the
 * way producers other than Chromium do: one glyph per text object, legacy private-use mark glyphs, marks
 * drawn in visual order, words placed by position without space characters, runs drawn out of order,
 * kerning inside TJ arrays, a line drawn twice (fake bold), rotated text, table cells on one baseline.
 * Each line is given twice: as typed (the expected text) and as drawn (code points in drawing order).
 */
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { TrueType } from './truetype.ts';

export interface HandmadeLine {
  /** The text as typed: what a reader of the page must get back. */
  typed: string;
  draw(pen: Pen): void;
}

const SIZE = 14;

/** Draws glyphs of one embedded font into a content stream, in PDF points. */
export class Pen {
  readonly ops: string[] = [];
  readonly used = new Map<number, number>();

  constructor(private readonly font: TrueType) {}

  /** Advance of a code point in points (0 for marks, which the font gives no advance). */
  advance(cp: number): number {
    return (this.font.advance(this.gid(cp)) / this.font.unitsPerEm) * SIZE;
  }

  width(drawn: string): number {
    return Array.from(drawn).reduce((w, ch) => w + this.advance(ch.codePointAt(0) as number), 0);
  }

  private gid(cp: number): number {
    const g = this.font.glyph(cp);
    if (!g) throw new Error(`the font has no glyph for U+${cp.toString(16)}`);
    this.used.set(g, cp);
    return g;
  }

  private hex(drawn: string): string {
    return Array.from(drawn)
      .map((ch) =>
        this.gid(ch.codePointAt(0) as number)
          .toString(16)
          .padStart(4, '0'),
      )
      .join('');
  }

  /** One text object per glyph, each placed with its own text matrix; `markShift` moves marks left (em). */
  glyphByGlyph(
    drawn: string,
    x: number,
    y: number,
    opts: { wordGap?: number; markShift?: number } = {},
  ): number {
    let pen = x;
    for (const ch of Array.from(drawn)) {
      const cp = ch.codePointAt(0) as number;
      if (ch === ' ' && opts.wordGap !== undefined) {
        pen += opts.wordGap * SIZE;
        continue;
      }
      const advance = this.advance(cp);
      const at = advance === 0 && opts.markShift ? pen - opts.markShift * SIZE : pen;
      this.ops.push(`BT /F1 ${SIZE} Tf 1 0 0 1 ${at.toFixed(2)} ${y} Tm <${this.hex(ch)}> Tj ET`);
      pen += advance;
    }
    return pen;
  }

  /** One TJ array: `kerns[i]` (thousandths of an em, positive moves left) follows glyph i. */
  kerned(drawn: string, x: number, y: number, kerns: Record<number, number>): void {
    const parts = Array.from(drawn).map((ch, i) => `<${this.hex(ch)}>${kerns[i] ? ` ${kerns[i]} ` : ''}`);
    this.ops.push(`BT /F1 ${SIZE} Tf 1 0 0 1 ${x} ${y} Tm [${parts.join('')}] TJ ET`);
  }

  /** One Tj string with the text matrix `m` (rotations, offsets). */
  shown(drawn: string, m: number[]): void {
    this.ops.push(`BT /F1 ${SIZE} Tf ${m.join(' ')} Tm <${this.hex(drawn)}> Tj ET`);
  }
}

function toUnicodeCMap(used: Map<number, number>): string {
  const entries = [...used].sort((a, b) => a[0] - b[0]);
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(
      `${part.length} beginbfchar\n${part.map(([g, cp]) => `<${hex(g)}> <${hex(cp)}>`).join('\n')}\nendbfchar`,
    );
  }
  return [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    ...chunks,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
}

/** An A4 page with the lines drawn, the font embedded (Type0, Identity-H, ToUnicode). */
export async function handmadePdf(
  font: TrueType,
  fontName: string,
  lines: HandmadeLine[],
): Promise<Uint8Array> {
  const pen = new Pen(font);
  for (const line of lines) line.draw(pen);
  const doc = await PDFDocument.create();
  doc.setProducer('docserve handmade text-layer fixture');
  const ctx = doc.context;
  const scale = 1000 / font.unitsPerEm;
  const widths = [...pen.used.keys()]
    .sort((a, b) => a - b)
    .flatMap((g) => [g, [Math.round(font.advance(g) * scale)]]);
  const file = ctx.register(ctx.flateStream(font.bytes, { Length1: font.bytes.length }));
  const descriptor = ctx.register(
    ctx.obj({
      Type: 'FontDescriptor',
      FontName: fontName,
      Flags: 32,
      FontBBox: [-500, -400, 1500, 1100],
      ItalicAngle: 0,
      Ascent: 1000,
      Descent: -300,
      CapHeight: 700,
      StemV: 80,
      FontFile2: file,
    }),
  );
  const cidFont = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: fontName,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      CIDToGIDMap: 'Identity',
      DW: 0,
      W: widths,
    }),
  );
  const toUnicode = ctx.register(ctx.flateStream(toUnicodeCMap(pen.used)));
  const type0 = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: fontName,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    }),
  );
  const page = doc.addPage([595, 842]);
  page.node.set(PDFName.of('Resources'), ctx.obj({ Font: { F1: type0 } }));
  page.node.set(PDFName.of('Contents'), ctx.register(ctx.flateStream(pen.ops.join('\n'))));
  return doc.save({ useObjectStreams: false });
}
