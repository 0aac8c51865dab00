import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { TestServer } from '../helpers/server.ts';
import { sampleEml } from '../core/email-fixture.ts';
import { client, startDocflo } from './docflo-helpers.ts';

let s: TestServer;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  s = await startDocflo();
  c = client(s, { projectId: s.projectId, key: s.adminKey });
});
afterAll(() => s.close());

test('an uploaded .eml: attachments are listed with source email and download the original e-mail', async () => {
  const eml = sampleEml('DF');
  const res = await c.upload({ name: 'mail.eml', content: eml }, { type: 'invoice' });
  expect(res.status).toBe(201);
  const emailId = (await res.json())._id as string;
  await s.drain();

  const fromEmail = await c.json('/docs/v1/document?source=email&includeResults=true');
  expect(fromEmail.body.total).toBe(2);
  for (const d of fromEmail.body.items)
    expect(d).toMatchObject({ source: 'email', emailId, type: 'invoice' });
  const pdf = fromEmail.body.items.find((d: { fileName: string }) => d.fileName === 'invoice.pdf');
  expect(pdf.results.fields.InvoiceId.value).toBe('EML-DF');

  for (const id of [pdf._id, emailId]) {
    const dl = await c.get(`/docs/v1/document/download/${id}/email`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('message/rfc822');
    expect(await dl.text()).toBe(eml);
  }
  const other = s.newProject('Mail elsewhere');
  expect((await client(s, other).get(`/docs/v1/document/download/${pdf._id}/email`)).status).toBe(404);
});
