import { createHash } from 'node:crypto';
import { S3Client } from 'bun';
import { startTestS3 } from './test/helpers/s3.ts';
const s3 = await startTestS3();
const c = new S3Client(s3);
const h = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const big = new Uint8Array(24 * 1024 * 1024); crypto.getRandomValues(big.subarray(0, 65536));
for (const [ps, mode] of [[8, 'flush'], [8, 'noflush'], [8, 'one']] as const) {
  const f = c.file(`big-${mode}`);
  const w = f.writer({ partSize: ps * 1024 * 1024, queueSize: 2, retry: 3 });
  if (mode === 'one') w.write(big);
  else for (let at = 0; at < big.length; at += ps * 1024 * 1024) { w.write(big.slice(at, at + ps * 1024 * 1024)); if (mode === 'flush') await w.flush(); }
  await w.end();
  const ab = new Uint8Array(await f.arrayBuffer());
  console.log(mode, ab.length, h(ab) === h(big));
}
await s3.stop();
