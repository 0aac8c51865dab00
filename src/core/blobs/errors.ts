import { AppError } from '../../errors.ts';

/** Maps a storage failure to the error a client sees: `unavailable` when the disk is full or read-only. */
export function storageError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError('unavailable', 'The server is out of disk space; the upload was not stored', {
      cause: err,
    });
  if (code === 'EIO' || code === 'EROFS' || code === 'EACCES')
    return new AppError('unavailable', 'The server could not write the file; the upload was not stored', {
      cause: err,
    });
  return err;
}
