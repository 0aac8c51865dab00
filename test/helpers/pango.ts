/** Runs ImageMagick's `convert` with `args`; throws with its stderr when it fails. */
export function convert(args: string[]): void {
  const p = Bun.spawnSync(['convert', ...args]);
  if (p.exitCode === 0) return;
  const stderr = p.stderr.toString();
  const hint = stderr.includes('pango:')
    ? " (ImageMagick's pango coder is missing: apt-get install libmagickcore-6.q16-6-extra fonts-thai-tlwg)"
    : '';
  const how = p.signalCode ? `signal ${p.signalCode}` : `exit ${p.exitCode}`;
  throw new Error(`convert failed (${how})${hint}: ${stderr}`);
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
