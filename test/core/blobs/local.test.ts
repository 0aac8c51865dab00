import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobs } from '../../../src/core/blobs/local.ts';
import { blobContract } from './contract.ts';

blobContract({
  name: 'local',
  async open() {
    const root = mkdtempSync(join(tmpdir(), 'docserve-blobs-'));
    return { store: new LocalBlobs(root), close: async () => rmSync(root, { recursive: true, force: true }) };
  },
});
