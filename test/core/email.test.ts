import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sampleEml } from './email-fixture.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

test('an .eml becomes a text page and each attachment its own document that remembers the e-mail', async () => {
  const { document: email } = await s.services.documents.ingestBytes({
    projectId: s.projectId,
    filename: 'invoice-mail.eml',
    bytes: new TextEncoder().encode(sampleEml('T1')),
    docType: 'invoice',
    folderId: 'inbox',
  });
  expect(email.kind).toBe('email');
  await s.drain();

  const text = await s.services.documents.text(s.projectId, email.id);
  expect(text).toContain('From: ฝ่ายบัญชี ACME <billing@acme.example>');
  expect(text).toContain('Subject: ใบแจ้งหนี้ประจำเดือน T1');
  expect(text).toContain('เรียน ฝ่ายบัญชี\nแนบใบแจ้งหนี้เลขที่ EML-T1');
  expect(text).toContain('setup.exe (skipped:');
  expect(text).not.toContain('logo');

  const children = (await s.services.documents.list({ projectId: s.projectId, emailId: email.id })).items;
  expect(children.map((d) => d.name).sort()).toEqual(['invoice.pdf', 'note.txt']);
  for (const d of children)
    expect(d).toMatchObject({ source: 'email', emailId: email.id, docType: 'invoice', folderId: 'inbox' });
  const pdf = children.find((d) => d.name === 'invoice.pdf');
  expect(pdf?.ocrStatus).toBe('completed');
  expect(await s.services.documents.text(s.projectId, pdf?.id as string)).toBe('InvoiceId: EML-T1');
  expect(text).toContain(`invoice.pdf (document ${pdf?.id})`);

  await s.services.documents.reprocess(s.projectId, email.id);
  await s.drain();
  expect((await s.services.documents.list({ projectId: s.projectId, emailId: email.id })).total).toBe(2);
  expect(await s.services.documents.text(s.projectId, email.id)).toContain('already stored');
});
