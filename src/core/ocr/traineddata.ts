/**
 * The traineddata docserve embeds (tesseract.js-data 4.0.0_best_int), as gzip files inside the binary,
 * and a tessdata directory of them for the native engine: both engines read with the same model.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import eng from '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz' with { type: 'file' };
import osd from '@tesseract.js-data/osd/4.0.0_best_int/osd.traineddata.gz' with { type: 'file' };
import tha from '@tesseract.js-data/tha/4.0.0_best_int/tha.traineddata.gz' with { type: 'file' };

/** Embedded gzip traineddata by language (`osd` is orientation detection). */
export const EMBEDDED_TRAINEDDATA: Readonly<Record<string, string>> = { tha, eng, osd };

/** The embedded traineddata of `lang`, uncompressed; throws for a language that is not embedded. */
export async function traineddata(lang: string): Promise<Uint8Array> {
  const asset = EMBEDDED_TRAINEDDATA[lang];
  if (!asset) throw new Error(`No embedded traineddata for ${lang}`);
  return gunzipSync(await Bun.file(asset).bytes());
}

/**
 * docserve's per-user directory under the system's temp directory, which only this user can write
 * (created on first use; refused when someone else owns it).
 */
export function userCacheDir(): string {
  const uid = process.getuid?.() ?? 0;
  const home = join(tmpdir(), `docserve-${uid}`);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const owner = lstatSync(home);
  if (!owner.isDirectory() || owner.uid !== uid) throw new Error(`${home} is not a directory of this user`);
  chmodSync(home, 0o700);
  return home;
}

/**
 * A tessdata directory holding `langs` (written once, under a per-user directory of the system's temp
 * directory that only this user can write, named after the embedded files so an upgrade never reads
 * stale data). Files appear atomically, so processes may call this at the same time.
 */
export async function tessdataDir(langs: string[]): Promise<string> {
  // Named by the embedded files' sizes and first bytes: cheap to compute at every worker start.
  const stamp = (
    await Promise.all(
      Object.keys(EMBEDDED_TRAINEDDATA)
        .sort()
        .map(async (l) => {
          const file = Bun.file(EMBEDDED_TRAINEDDATA[l] as string);
          return `${file.size}:${Bun.hash(await file.slice(0, 65536).bytes()).toString(36)}`;
        }),
    )
  ).join('-');
  const dir = join(userCacheDir(), `tessdata-${Bun.hash(stamp).toString(36)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const lang of langs) {
    const file = join(dir, `${lang}.traineddata`);
    if (existsSync(file)) continue;
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, await traineddata(lang));
    renameSync(partial, file);
  }
  return dir;
}
