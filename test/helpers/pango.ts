/** The Thai fonts Debian's fonts-thai-tlwg installs (the fixed-width ones are {@link FIXED_WIDTH_FONTS}). */
export const TLWG_FONTS = [
  'Garuda',
  'Kinnari',
  'Laksaman',
  'Loma',
  'Norasi',
  'Purisa',
  'Sawasdee',
  'Tlwg Mono',
  'Tlwg Typewriter',
  'Tlwg Typist',
  'Tlwg Typo',
  'Umpush',
  'Waree',
];
export const FIXED_WIDTH_FONTS = ['Tlwg Mono', 'Tlwg Typewriter', 'Tlwg Typist'];

/** Times `convert` is run when it dies by a signal: its pango coder now and then aborts (SIGABRT) on a busy machine. */
const ATTEMPTS = 3;

/** Runs ImageMagick's `convert` with `args` (again when it dies by a signal); throws with its stderr when it fails. */
export function convert(args: string[]): void {
  for (let attempt = 1; ; attempt++) {
    const p = Bun.spawnSync(['convert', ...args]);
    if (p.exitCode === 0) return;
    if (p.signalCode && attempt < ATTEMPTS) continue;
    const stderr = p.stderr.toString();
    const hint = stderr.includes('pango:')
      ? " (ImageMagick's pango coder is missing: apt-get install libmagickcore-6.q16-6-extra fonts-thai-tlwg)"
      : '';
    const how = p.signalCode ? `signal ${p.signalCode}, ${attempt} attempts` : `exit ${p.exitCode}`;
    throw new Error(`convert failed (${how})${hint}: ${stderr}`);
  }
}

/** Renders Pango `markup` (Thai shaped by Pango) in Garuda at `points` pt, 200 dpi, on white, to `out`. */
export function pangoText(markup: string, out: string, points: number): void {
  convert([
    '-background',
    'white',
    '-density',
    '200',
    '-font',
    'Garuda',
    '-pointsize',
    String(points),
    `pango:${markup}`,
    out,
  ]);
}
