/**
 * Turns a document's HTML into the files of the set: a PDF printed by headless Chromium (a real text
 * layer), and page images that look scanned (pdftoppm at 300 and 200 dpi, then ImageMagick: skew,
 * blur, noise, paper tone, JPEG compression, sometimes a quarter turn or bi-level thresholding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printToPdfCommand } from '../../test/helpers/chromium.ts';
import type { Rng } from './rng.ts';

/** Runs a command; rejects with its stderr when it fails or outlives `timeoutMs`. */
export async function run(cmd: string[], timeoutMs = 180_000): Promise<string> {
  const proc = Bun.spawn(cmd, { stdout: 'pipe', stderr: 'pipe' });
  const timer = setTimeout(() => proc.kill(), timeoutMs);
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${cmd[0]} exited with ${code}: ${err.slice(-600)}`);
  return out;
}

/** Prints `html` (a file path) to `pdf` with a throw-away Chromium profile, offline. */
export async function printPdf(html: string, pdf: string): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'eval-set-chromium-'));
  try {
    const cmd = printToPdfCommand(html, pdf);
    cmd.splice(
      cmd.length - 1,
      0,
      `--user-data-dir=${profile}`,
      '--host-resolver-rules=MAP * ~NOTFOUND',
      '--no-first-run',
    );
    for (let attempt = 0; ; attempt++) {
      try {
        await run(cmd);
        return;
      } catch (e) {
        if (attempt >= 1) throw e;
      }
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function pdfPageCount(pdf: string): Promise<number> {
  const info = await run(['pdfinfo', pdf]);
  const m = info.match(/^Pages:\s+(\d+)/m);
  if (!m) throw new Error(`pdfinfo gave no page count for ${pdf}`);
  return Number(m[1]);
}

/** How one document's scans are degraded (the same paper scanned at two resolutions). */
export interface ScanParams {
  /** Degrees, small skew of the sheet on the glass. */
  skew: number;
  /** A whole turn of the page: 0, 90, 180 or 270 degrees clockwise. */
  orientation: 0 | 90 | 180 | 270;
  blur: number;
  noise: number;
  /** Salt-and-pepper dust (ImageMagick impulse noise attenuation), 0 for none. */
  speckle: number;
  /** Grey level of the paper, 0 (white) .. 12 percent. */
  paper: number;
  /** JPEG quality the scanner saved with, null for lossless. */
  jpegQuality: number | null;
  /** The 200 dpi scan is thresholded to black and white (fax-like). */
  bilevel200: boolean;
}

export function scanParams(rng: Rng): ScanParams {
  return {
    skew: Math.round(rng.float(-1.8, 1.8) * 100) / 100,
    orientation: rng.weighted([
      [0, 17],
      [90, 1],
      [180, 1],
      [270, 1],
    ] as const),
    blur: Math.round(rng.float(0, 0.9) * 100) / 100,
    noise: Math.round(rng.float(0.1, 0.85) * 100) / 100,
    speckle: rng.chance(0.3) ? Math.round(rng.float(0.01, 0.04) * 1000) / 1000 : 0,
    paper: rng.int(0, 12),
    jpegQuality: rng.chance(0.6) ? rng.int(30, 80) : null,
    bilevel200: rng.chance(0.15),
  };
}

/** Rasterizes page `page` of `pdf` at `dpi` and degrades it into `out` (PNG). */
export async function scanPage(
  pdf: string,
  page: number,
  dpi: number,
  s: ScanParams,
  out: string,
): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'eval-set-scan-'));
  try {
    const base = join(work, 'page');
    await run([
      'pdftoppm',
      '-r',
      String(dpi),
      '-gray',
      '-png',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      pdf,
      base,
    ]);
    const bilevel = dpi < 250 && s.bilevel200;
    const args = [
      `${base}.png`,
      '-colorspace',
      'Gray',
      '-virtual-pixel',
      'white',
      '-distort',
      'SRT',
      String(s.skew),
      ...(s.blur > 0.05 ? ['-blur', `0x${s.blur * (dpi / 300)}`] : []),
      '-attenuate',
      String(s.noise),
      '+noise',
      'Gaussian',
      ...(s.speckle ? ['-attenuate', String(s.speckle), '+noise', 'Impulse'] : []),
      '+level',
      `${s.paper}%,${100 - Math.round(s.paper / 3)}%`,
      ...(bilevel ? ['-threshold', '58%'] : []),
      ...(s.orientation ? ['-rotate', String(s.orientation)] : []),
      '-depth',
      '8',
      '-strip',
    ];
    if (s.jpegQuality && !bilevel) {
      const jpg = join(work, 'scan.jpg');
      await run(['convert', ...args, '-quality', String(s.jpegQuality), jpg]);
      await run(['convert', jpg, '-colorspace', 'Gray', '-depth', '8', '-strip', out]);
    } else {
      await run(['convert', ...args, out]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
