/**
 * One docserve node for the multi-node test, run as its own process (`bun test/helpers/scale-node.ts
 * --data DIR --database URL --blobs s3://…`): the real server (`startServer`, every API, the job runner on
 * PostgreSQL) with one part replaced: OCR is the suite's fake engine (test/helpers/fake-ocr.ts), slowed
 * to `SCALE_NODE_OCR_MS` per document so a node can be killed while it is reading.
 */
import { cac } from 'cac';
import { startServer } from '../../src/cli/start.ts';
import { loadConfig } from '../../src/config.ts';
import type { FileRef, OcrOptions, PageResult } from '../../src/core/ocr/types.ts';
import { FakeOcrEngine } from './fake-ocr.ts';

/** The fake engine, taking a fixed time per document (as a page of real OCR would). */
class SlowFakeOcr extends FakeOcrEngine {
  constructor(private readonly ms: number) {
    super();
  }
  override async recognize(file: FileRef, opts: OcrOptions = {}): Promise<PageResult[]> {
    await Bun.sleep(this.ms);
    return super.recognize(file, opts);
  }
}

const cli = cac('scale-node');
cli.option('--data <dir>', '').option('--database <url>', '').option('--blobs <url>', '');
const { options } = cli.parse();
const config = loadConfig({ ...options, port: 0 }, process.env);
const running = await startServer(config, (line) => console.error(line), {
  ocr: new SlowFakeOcr(Number(process.env.SCALE_NODE_OCR_MS ?? 200)),
});
process.on('SIGTERM', () => running.stop().then(() => process.exit(0)));
