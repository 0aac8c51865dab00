/**
 * The ImageMagick command that makes a clean page image look scanned: a slight rotation (0.3-1.5
 * degrees either way), Gaussian noise and a light blur (scaled to `dpi`, 300 by default), 8-bit
 * grayscale. When `output` is a JPEG it is also saved at quality 55-85, the way an office scanner and
 * e-mail deliver it. `random` draws the parameters in that order, so a seeded generator gives the same
 * scan every time.
 */
export function scanLikeCommand(input: string, output: string, random: () => number, dpi = 300): string[] {
  const angle = ((random() < 0.5 ? -1 : 1) * (0.3 + random() * 1.2)).toFixed(2);
  const attenuate = (0.2 + random() * 0.3).toFixed(2);
  const blur = `0x${((0.3 + random() * 0.4) * (dpi / 300)).toFixed(2)}`;
  const quality = /\.jpe?g$/i.test(output) ? ['-quality', String(55 + Math.floor(random() * 31))] : [];
  return [
    'convert',
    input,
    '-background',
    'white',
    '-rotate',
    angle,
    '-attenuate',
    attenuate,
    '+noise',
    'Gaussian',
    '-blur',
    blur,
    '-colorspace',
    'Gray',
    '-depth',
    '8',
    ...quality,
    output,
  ];
}
