import type { Readable } from 'node:stream';
import Busboy from 'busboy';
import { AppError } from '../../errors.ts';
import type { BlobStore, StagedFile } from '../blobs.ts';

/** One file part of a multipart request, already streamed to the temp area. */
export interface UploadedFile {
  field: string;
  /** Client filename as sent (checked by ingest with `validateFilename`). */
  filename: string;
  /** Content-Type the client declared for the part (not trusted). */
  declaredMime: string;
  staged: StagedFile;
}

/** A parsed multipart body: files on disk, text fields in memory (repeated fields kept in order). */
export interface MultipartBody {
  files: UploadedFile[];
  fields: Record<string, string[]>;
  /** First value of a field, if present. */
  field(name: string): string | undefined;
  /** Removes every staged file (call when the request fails). */
  discard(): Promise<void>;
}

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles?: number;
  maxFields?: number;
  maxFieldBytes?: number;
}

/**
 * Streams a multipart/form-data request to disk: each file part is hashed and written to a temp file
 * as it arrives, never held whole in memory. Errors: 415 when the body is not multipart, 413 past the
 * size or count limits, 400 when the body is malformed. On error nothing staged is left behind.
 */
export async function parseMultipart(
  request: Request,
  blobs: BlobStore,
  limits: MultipartLimits,
): Promise<MultipartBody> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type))
    throw new AppError('unsupported_media_type', 'Expected a multipart/form-data body');
  if (!/boundary=/i.test(type)) throw new AppError('bad_request', 'Malformed multipart body: no boundary');
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  const maxFiles = limits.maxFiles ?? 1;
  const overhead = 1024 * 1024 + maxFiles * 64 * 1024;
  if (Number.isFinite(declared) && declared > limits.maxFileBytes * maxFiles + overhead)
    throw tooLarge(limits.maxFileBytes);
  if (!request.body) throw new AppError('bad_request', 'Malformed multipart body: the body is empty');

  const files: UploadedFile[] = [];
  const fields: Record<string, string[]> = {};
  const discard = async () => {
    await Promise.all(files.map((f) => blobs.discard(f.staged)));
  };

  let bb: Busboy.Busboy;
  try {
    bb = Busboy({
      headers: Object.fromEntries(request.headers),
      defParamCharset: 'utf8',
      preservePath: true,
      limits: {
        fileSize: limits.maxFileBytes + 1,
        files: maxFiles,
        fields: limits.maxFields ?? 200,
        fieldSize: limits.maxFieldBytes ?? 1024 * 1024,
        parts: maxFiles + (limits.maxFields ?? 200),
      },
    });
  } catch (err) {
    throw new AppError('bad_request', `Malformed multipart body: ${(err as Error).message}`);
  }

  const pending: Promise<void>[] = [];
  let failure: unknown;
  /** A parse error seen while stopping: only reported when nothing more specific failed. */
  let malformed: AppError | undefined;
  let finish: () => void = () => {};
  let unblock: () => void = () => {};
  const reader = request.body.getReader();
  /** File parts still streaming to disk: an abort ends them so their temp files are closed and removed. */
  const streaming = new Set<Readable>();
  let aborted = false;
  const fail = (err: unknown) => {
    failure ??= err;
  };
  /**
   * Stops reading the request at once (the rest of a too-large upload is never read) and ends every
   * file part still streaming, so no staging write waits forever on a client that went away.
   */
  const abort = (err: unknown) => {
    if (err instanceof AppError && err.code === 'bad_request') malformed ??= err;
    else fail(err);
    if (aborted) return;
    aborted = true;
    reader.cancel().catch(() => {});
    for (const stream of streaming) stream.destroy(new Error('upload stopped'));
    unblock();
    finish();
  };
  const onClientGone = () =>
    abort(new AppError('bad_request', 'Upload interrupted: the client disconnected'));
  request.signal?.addEventListener('abort', onClientGone, { once: true });

  const done = new Promise<void>((resolve) => {
    finish = resolve;
    bb.on('file', (field, stream, info) => {
      if (failure || aborted) {
        stream.resume();
        return;
      }
      streaming.add(stream);
      stream.once('close', () => streaming.delete(stream));
      stream.on('error', (err: Error) =>
        abort(new AppError('bad_request', `Malformed multipart body: ${err.message}`)),
      );
      const filename = info.filename ?? '';
      const limited = async function* () {
        let size = 0;
        for await (const chunk of stream as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > limits.maxFileBytes) {
            abort(tooLarge(limits.maxFileBytes));
            return;
          }
          yield chunk;
        }
      };
      const p = blobs
        .stage(limited())
        .then((staged) => {
          files.push({ field, filename, declaredMime: info.mimeType, staged });
        })
        .catch((err: Error) =>
          abort(
            err instanceof AppError
              ? err
              : new AppError('bad_request', `Malformed multipart body: ${err.message}`),
          ),
        );
      pending.push(p);
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError('payload_too_large', `Form field "${name}" is too long`));
      fields[name] = [...(fields[name] ?? []), value];
    });
    bb.on('filesLimit', () =>
      abort(new AppError('payload_too_large', `Too many files: at most ${maxFiles} per request`)),
    );
    bb.on('fieldsLimit', () => abort(new AppError('payload_too_large', 'Too many form fields')));
    bb.on('partsLimit', () => abort(new AppError('payload_too_large', 'Too many form parts')));
    bb.on('error', (err) =>
      abort(new AppError('bad_request', `Malformed multipart body: ${(err as Error).message}`)),
    );
    bb.on('close', () => resolve());
  });

  // Feed busboy by hand so the socket is read only as fast as files reach the disk (backpressure).
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end || aborted) break;
        if (!bb.write(value))
          await new Promise<void>((resolve) => {
            unblock = resolve;
            bb.once('drain', resolve);
          });
      }
      if (!aborted) bb.end();
    } catch (err) {
      abort(new AppError('bad_request', `Upload interrupted: ${(err as Error).message}`));
    }
  })();
  await done;
  await pump;
  await Promise.all(pending);
  request.signal?.removeEventListener('abort', onClientGone);
  if (failure || malformed) {
    await discard();
    throw failure ?? malformed;
  }
  return {
    files,
    fields,
    field: (name) => fields[name]?.[0],
    discard,
  };
}

function tooLarge(max: number): AppError {
  return new AppError('payload_too_large', `Upload exceeds the ${Math.round(max / 1048576)} MB limit`);
}
