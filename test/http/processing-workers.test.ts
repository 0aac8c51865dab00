import { afterAll, beforeAll, expect, test } from 'bun:test';
import { ProcessingPool, spawnProcessingWorker } from '../../src/core/processing/pool.ts';
import type { TaskRequest } from '../../src/core/processing/protocol.ts';
import { sampleEml } from '../core/email-fixture.ts';
import { tinyDocx, tinyXlsx } from '../helpers/office.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

/** Every task the server sent to a processing worker thread. */
const sent: string[] = [];
let s: TestServer;
beforeAll(async () => {
  const processing = new ProcessingPool({
    size: 2,
    spawn: () => {
      const worker = spawnProcessingWorker();
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (msg: TaskRequest) => {
        sent.push(msg.task);
        post(msg);
      };
      return worker;
    },
  });
  s = await startTestServer({ overrides: { processing } });
});
afterAll(() => s.close());

test('text, DOCX, XLSX and e-mail are read, and fields extracted, in processing worker threads', async () => {
  const files = [
    { name: 'note.txt', content: 'บันทึกข้อความ ใบกำกับภาษี\n' as string | Uint8Array, text: 'บันทึกข้อความ' },
    { name: 'contract.docx', content: tinyDocx(['สัญญาเช่าอาคาร']), text: 'สัญญาเช่าอาคาร' },
    { name: 'sheet.xlsx', content: await tinyXlsx({ ยอดขาย: [['มกราคม', 1250]] }), text: 'มกราคม' },
    { name: 'mail.eml', content: sampleEml('workers'), text: 'billing@acme.example' },
  ];
  const ids: string[] = [];
  for (const f of files) {
    const res = await s.fetch('/api/v1/documents', { method: 'POST', body: form(f) });
    expect(res.status).toBe(201);
    ids.push((await res.json()).data.id);
  }
  await s.drain();
  for (const [i, f] of files.entries()) {
    const doc = (await (await s.fetch(`/api/v1/documents/${ids[i]}`)).json()).data;
    expect([f.name, doc.status]).toEqual([f.name, 'completed']);
    expect(await (await s.fetch(`/api/v1/documents/${ids[i]}/text`)).text()).toContain(f.text);
    expect((await s.services.extraction.get(s.projectId, ids[i] as string))?.status).toBe('completed');
  }
  for (const task of ['text', 'docx', 'xlsx', 'email', 'page', 'extract']) expect(sent).toContain(task);
});
