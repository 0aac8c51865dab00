import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { AppError } from '../../errors.ts';

/** Limits for ZIP-based documents (DOCX, XLSX) before a parser may open them. */
export interface ZipLimits {
  maxEntries: number;
  /** Total uncompressed bytes of every entry. */
  maxUncompressedBytes: number;
}

/** Defaults for office documents: generous for real files, far below what a zip bomb expands to. */
export const OFFICE_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxUncompressedBytes: 256 * 1024 * 1024 };

const MB = 1024 * 1024;

function refuse(message: string, reason: string): AppError {
  return new AppError('invalid_file', message, { details: { reason } });
}

/**
 * Refuses ZIP archives that are not archives, have too many entries, or expand beyond the limit. The
 * sizes the central directory declares are checked first, then every entry is actually inflated
 * (streaming, output discarded) and counted, so a header that lies about sizes is caught too.
 */
export function assertSafeZip(bytes: Uint8Array, limits: ZipLimits = OFFICE_ZIP_LIMITS): void {
  let entries = 0;
  let declared = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries++;
        declared += f.originalSize;
        return false;
      },
    });
  } catch {
    throw refuse('The file is not a valid ZIP-based document (corrupt or truncated)', 'corrupt_zip');
  }
  if (entries > limits.maxEntries)
    throw refuse(`The document has ${entries} parts, more than the ${limits.maxEntries} allowed`, 'zip_bomb');
  if (declared > limits.maxUncompressedBytes)
    throw refuse(
      `The document expands to ${Math.round(declared / MB)} MB, more than the ${Math.round(limits.maxUncompressedBytes / MB)} MB allowed`,
      'zip_bomb',
    );
  let total = 0;
  let failure: AppError | undefined;
  const unzip = new Unzip((file) => {
    let own = 0;
    file.ondata = (err, chunk) => {
      if (failure) return;
      if (err) {
        failure = refuse('The document is corrupt: a part cannot be decompressed', 'corrupt_zip');
        return;
      }
      own += chunk.length;
      total += chunk.length;
      if (
        total > limits.maxUncompressedBytes ||
        (file.originalSize !== undefined && own > file.originalSize)
      ) {
        failure = refuse(
          'The document expands beyond the sizes it declares or the allowed limit',
          'zip_bomb',
        );
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch {
    failure ??= refuse('The document is corrupt: a part cannot be decompressed', 'corrupt_zip');
  }
  if (failure) throw failure;
}
