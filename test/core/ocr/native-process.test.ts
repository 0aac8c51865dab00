import { afterEach, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeWorkerProcess } from '../../../src/core/ocr/native.ts';

const savedTmp = process.env.TMPDIR;
function restoreTmp(): void {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
}
afterEach(restoreTmp);

test('a page image that cannot be written to disk becomes the worker error event, not a crash', async () => {
  const notADirectory = join(tmpdir(), `docserve-not-a-dir-${process.pid}`);
  writeFileSync(notADirectory, 'x');
  const worker = new NativeWorkerProcess();
  process.env.TMPDIR = notADirectory;
  const error = new Promise<ErrorEvent>((resolve) =>
    worker.addEventListener('error', (e) => resolve(e as ErrorEvent)),
  );
  worker.postMessage({ payload: { image: new Uint8Array([1, 2, 3]) } });
  restoreTmp();
  const event = await error;
  expect(event.message).toMatch(/ENOTDIR|not a directory/i);
  worker.terminate();
});
