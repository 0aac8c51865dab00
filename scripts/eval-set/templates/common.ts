/**
 * Pieces every template uses: page sizes and fonts, logos, company stamps, "paid" stamps, signatures,
 * check boxes and bilingual labels. Logos, stamps and signatures are inline SVG drawn from the RNG.
 */
import type { Rng } from '../rng.ts';
import { esc } from '../truth.ts';
import type { Pair } from '../vocab.ts';

export type PageName = 'A4' | 'A5' | 'A5L' | 'Letter' | 'slip';

/** Width and height in mm, and the CSS `@page size`. */
export function pageSize(name: PageName, slipHeight = 200): { w: number; h: number; css: string } {
  switch (name) {
    case 'A4':
      return { w: 210, h: 297, css: 'A4' };
    case 'A5':
      return { w: 148, h: 210, css: 'A5' };
    case 'A5L':
      return { w: 210, h: 148, css: 'A5 landscape' };
    case 'Letter':
      return { w: 215.9, h: 279.4, css: 'letter' };
    case 'slip':
      return { w: 80, h: slipHeight, css: `80mm ${slipHeight}mm` };
  }
}

/** Base font size (pt) that makes each TLWG face read at a similar size. */
const FONT_PT: Record<string, number> = {
  Garuda: 9.5,
  Loma: 10,
  Waree: 9.5,
  Umpush: 10,
  Sawasdee: 10,
  Norasi: 11,
  Kinnari: 11,
  Laksaman: 13.5,
  'Tlwg Typist': 10.5,
  'Tlwg Typo': 10.5,
  'Tlwg Mono': 10.5,
  'Tlwg Typewriter': 10.5,
  Purisa: 10.5,
};

export function fontPt(font: string, scale = 1): number {
  return Math.round((FONT_PT[font] ?? 10) * scale * 10) / 10;
}

/** The HTML page around a body. */
export function htmlPage(opts: {
  page: PageName;
  slipHeight?: number;
  margin: string;
  font: string;
  scale?: number;
  css: string;
  body: string;
  lang?: string;
}): string {
  const size = pageSize(opts.page, opts.slipHeight);
  return `<!doctype html><html lang="${opts.lang ?? 'th'}"><head><meta charset="utf-8"><style>
@page { size: ${size.css}; margin: ${opts.margin}; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: '${opts.font}', 'Loma', sans-serif; font-size: ${fontPt(opts.font, opts.scale)}pt; line-height: 1.35; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table { border-collapse: collapse; }
.r { text-align: right; } .c { text-align: center; } .b { font-weight: bold; } .nw { white-space: nowrap; }
.muted { color: #555; } .small { font-size: 0.85em; } .big { font-size: 1.35em; }
.cb { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #222; line-height: 0.85em; text-align: center; font-size: 0.9em; margin-right: 0.25em; vertical-align: -0.1em; }
.pb { break-after: page; }
section { padding-top: 2mm; }
.info td.val, .meta td.val { white-space: nowrap; } .narrow { white-space: normal; }
.avoid { break-inside: avoid; }
${opts.css}
</style></head><body>${opts.body}</body></html>`;
}

/** Label text in the document's language: Thai, English, or both (`sep` between them). */
export function bi(lang: 'th' | 'en' | 'bi', pair: Pair, sep = ' / '): string {
  if (lang === 'th' || !pair[1] || pair[0] === pair[1]) return esc(pair[0]);
  if (lang === 'en' || !pair[0]) return esc(pair[1]);
  return sep === '<br>'
    ? `${esc(pair[0])}<br><span class="small muted">${esc(pair[1])}</span>`
    : `${esc(pair[0])}${esc(sep)}${esc(pair[1])}`;
}

export function checkbox(checked: boolean): string {
  return `<span class="cb">${checked ? '✓' : '&nbsp;'}</span>`;
}

const PALETTE = ['#1f4e79', '#0f766e', '#9a3412', '#4d7c0f', '#6d28d9', '#b91c1c', '#334155', '#0e7490'];

/** A colour for a company's letterhead. */
export function brandColor(rng: Rng): string {
  return rng.pick(PALETTE);
}

/** A company logo: a shape and its initials. */
export function logo(rng: Rng, initials: string, color: string, size = 18, ink = '#fff'): string {
  const mm = `${size}mm`;
  const kind = rng.int(0, 4);
  const t = esc(initials);
  const fs = initials.length > 3 ? 24 : 30;
  const text = (fill: string, y = 60) =>
    `<text x="50" y="${y}" font-family="Loma, sans-serif" font-weight="bold" font-size="${fs}" text-anchor="middle" fill="${fill}">${t}</text>`;
  let shapes: string;
  if (kind === 0) shapes = `<circle cx="50" cy="50" r="46" fill="${color}"/>${text(ink)}`;
  else if (kind === 1)
    shapes = `<rect x="4" y="4" width="92" height="92" rx="16" fill="none" stroke="${color}" stroke-width="7"/><rect x="4" y="72" width="92" height="10" fill="${color}"/>${text(color, 56)}`;
  else if (kind === 2)
    shapes = `<path d="M6 88 L38 24 L58 60 L70 42 L94 88 Z" fill="${color}"/><circle cx="74" cy="20" r="9" fill="${color}" opacity="0.6"/>`;
  else if (kind === 3)
    shapes = `<ellipse cx="38" cy="50" rx="16" ry="40" transform="rotate(-30 38 50)" fill="${color}"/><ellipse cx="62" cy="50" rx="16" ry="40" transform="rotate(30 62 50)" fill="${color}" opacity="0.7"/>`;
  else
    shapes = `<polygon points="50,4 92,27 92,73 50,96 8,73 8,27" fill="none" stroke="${color}" stroke-width="8"/>${text(color)}`;
  return `<svg class="logo" width="${mm}" height="${mm}" viewBox="0 0 100 100">${shapes}</svg>`;
}

/** A round company stamp (ink colour, name along the rim, initials in the middle), slightly rotated. */
export function roundStamp(rng: Rng, name: Pair, initials: string, sizeMm = 30): string {
  const color = rng.pick(['#1e3a8a', '#1d4ed8', '#b91c1c', '#6b21a8']);
  const id = `s${rng.int(0, 1e9)}`;
  const rot = rng.int(-35, 35);
  return `<svg class="stamp" width="${sizeMm}mm" height="${sizeMm}mm" viewBox="0 0 120 120" style="transform: rotate(${rot}deg); opacity: ${rng.float(0.65, 0.85).toFixed(2)}">
<defs><path id="${id}t" d="M 18,60 A 42,42 0 0,1 102,60"/><path id="${id}b" d="M 16,62 A 44,44 0 0,0 104,62"/></defs>
<circle cx="60" cy="60" r="57" fill="none" stroke="${color}" stroke-width="3"/><circle cx="60" cy="60" r="33" fill="none" stroke="${color}" stroke-width="1.5"/>
<text font-size="10.5" fill="${color}" font-family="Garuda, sans-serif"><textPath href="#${id}t" startOffset="50%" text-anchor="middle">${esc(name[0])}</textPath></text>
<text font-size="8.5" fill="${color}" font-family="Loma, sans-serif"><textPath href="#${id}b" startOffset="50%" text-anchor="middle">${esc(name[1].toUpperCase())}</textPath></text>
<text x="60" y="67" font-size="18" font-weight="bold" text-anchor="middle" fill="${color}" font-family="Loma, sans-serif">${esc(initials)}</text></svg>`;
}

/** A rectangular rubber stamp (PAID / ได้รับเงินแล้ว / สำเนา...), optional date line. */
export function boxStamp(rng: Rng, lines: string[]): string {
  const color = rng.pick(['#b91c1c', '#1d4ed8']);
  return `<div class="boxstamp" style="display:inline-block; border: 2.5px double ${color}; color: ${color}; padding: 1mm 3mm; text-align:center; font-weight:bold; transform: rotate(${rng.int(-12, 8)}deg); opacity:0.8; line-height:1.25">${lines.map(esc).join('<br>')}</div>`;
}

/** A handwritten signature scribble. */
export function signature(rng: Rng, widthMm = 32): string {
  let d = `M ${rng.int(2, 12)} ${rng.int(22, 32)}`;
  let x = 10;
  for (let i = 0; i < rng.int(3, 6); i++) {
    x += rng.int(12, 26);
    d += ` C ${x - rng.int(18, 30)} ${rng.int(-6, 10)}, ${x - rng.int(0, 12)} ${rng.int(30, 46)}, ${x} ${rng.int(12, 30)}`;
  }
  d += ` M ${rng.int(5, 25)} ${rng.int(30, 38)} L ${x + rng.int(0, 10)} ${rng.int(24, 34)}`;
  const color = rng.pick(['#1e3a8a', '#111827', '#1d4ed8']);
  return `<svg class="sig" width="${widthMm}mm" height="${(widthMm * 40) / 140}mm" viewBox="0 0 140 40"><path d="${d}" fill="none" stroke="${color}" stroke-width="1.8" stroke-linecap="round"/></svg>`;
}

/** A line to sign on with the caption below; `signed` draws a signature on it. */
export function signBox(
  rng: Rng,
  caption: string,
  opts: { signed?: boolean; date?: string; name?: string } = {},
): string {
  const sig = opts.signed ? signature(rng) : '';
  return `<div class="signbox" style="text-align:center">
<div style="height:12mm; display:flex; align-items:flex-end; justify-content:center">${sig}</div>
<div style="border-top: 1px dotted #333; margin: 0 4mm; padding-top: 1mm">${opts.name ? `(${esc(opts.name)})<br>` : ''}${caption}</div>
${opts.date !== undefined ? `<div class="small">${opts.date}</div>` : ''}</div>`;
}
