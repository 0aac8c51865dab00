import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { TestServer } from '../helpers/server.ts';
import { sampleEml } from '../core/email-fixture.ts';
import { tinyPdf } from '../helpers/files.ts';
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
  const other = await s.newProject('Mail elsewhere');
  expect((await client(s, other).get(`/docs/v1/document/download/${pdf._id}/email`)).status).toBe(404);
});

/** A mail with the given attachments (base64 parts of one multipart/mixed body). */
function mailWith(files: { name: string; bytes: Uint8Array }[]): string {
  const parts = files.flatMap((f) => [
    '--MIX',
    `Content-Type: application/pdf; name="${f.name}"`,
    `Content-Disposition: attachment; filename="${f.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(f.bytes).toString('base64'),
  ]);
  return [
    'From: billing@acme.example',
    'To: ap@example.co.th',
    `Subject: copies ${Math.random()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="MIX"',
    '',
    '--MIX',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'see attached',
    ...parts,
    '--MIX--',
    '',
  ].join('\r\n');
}

test('every attachment is its own email document, even with bytes the tenant already holds', async () => {
  const pdf = tinyPdf(`FAKE-OCR: InvoiceId: COPY-${Math.random()}`);
  const standalone = await c.upload({ name: 'uploaded-before.pdf', content: pdf }, { type: 'invoice' });
  expect(standalone.status).toBe(201);
  const eml = mailWith([
    { name: 'invoice.pdf', bytes: pdf },
    { name: 'invoice.pdf', bytes: pdf },
    { name: 'copy.pdf', bytes: pdf },
  ]);
  const res = await c.upload({ name: 'copies.eml', content: eml });
  const emailId = (await res.json())._id as string;
  await s.drain();

  const children = async () =>
    (await c.json(`/docs/v1/document?source=email&top=100`)).body.items.filter(
      (d: { emailId: string }) => d.emailId === emailId,
    );
  const docs = await children();
  expect(docs.map((d: { fileName: string }) => d.fileName).sort()).toEqual([
    'copy.pdf',
    'invoice.pdf',
    'invoice.pdf',
  ]);
  for (const d of docs) {
    const dl = await c.get(`/docs/v1/document/download/${d._id}/email`);
    expect(dl.status).toBe(200);
    expect(await dl.text()).toBe(eml);
  }
  // Reading the mail again finds the documents it made rather than adding more.
  expect((await c.patch(`/docs/v1/document/info/${emailId}`, { status: 'PROCESSING' })).status).toBe(200);
  await s.drain();
  expect((await children()).length).toBe(3);
  const text = await s.services.documents.text(s.projectId, emailId);
  expect(text.match(/already stored/g)?.length).toBe(3);
});
