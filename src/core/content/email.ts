import { readFile } from 'node:fs/promises';
import PostalMime, { type Address, type Email } from 'postal-mime';
import { AppError } from '../../errors.ts';
import type { ContentReader } from '../content.ts';
import type { DocumentService, DocumentView } from '../documents.ts';
import { textPage } from './text-page.ts';

const EXT: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/tiff': '.tif',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'text/plain': '.txt',
  'text/csv': '.csv',
  'message/rfc822': '.eml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
};

function addresses(list: Address | Address[] | undefined): string {
  const all = Array.isArray(list) ? list : list ? [list] : [];
  return all
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((m) => (m.name ? `${m.name} <${m.address}>` : (m.address ?? '')))
    .join(', ');
}

function headerText(email: Email): string[] {
  const lines: [string, string][] = [
    ['From', addresses(email.from)],
    ['To', addresses(email.to)],
    ['Cc', addresses(email.cc)],
    ['Subject', email.subject ?? ''],
    ['Date', email.date ?? ''],
  ];
  return lines.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
}

/**
 * Reads an uploaded `.eml`: the page text is the headers, the body (the plain-text part, or the HTML
 * part as text) and the list of attachments. Each attachment (not the inline images of an HTML body)
 * is ingested as its own document of the same project with `source: 'email'` and `emailId` = the
 * e-mail document, inheriting its folder, document type and uploader, even when the project already
 * holds the same bytes (the blob store keeps them once). Re-reading the e-mail finds the documents
 * made the first time (same name and content, in the trash too) instead of adding new ones; an
 * attachment of a type docserve does not accept is listed as skipped.
 */
export function emailReader(documents: DocumentService, opts: { maxBytes: number }): ContentReader {
  return async (file) => {
    let email: Email;
    try {
      email = await PostalMime.parse(await readFile(file.path), { attachmentEncoding: 'arraybuffer' });
    } catch (err) {
      throw new AppError('invalid_file', `Unreadable e-mail: ${(err as Error).message}`);
    }
    const listed: string[] = [];
    const parent = file.document
      ? documents.get(file.document.projectId, file.document.id, { includeTrashed: true })
      : undefined;
    const earlier = parent ? attachmentsOf(documents, parent) : [];
    for (const [i, att] of email.attachments.entries()) {
      if (att.related || !(att.content instanceof ArrayBuffer)) continue;
      const name = att.filename || `attachment-${i + 1}${EXT[att.mimeType] ?? '.bin'}`;
      if (!parent) {
        listed.push(name);
        continue;
      }
      const bytes = new Uint8Array(att.content);
      const sha256 = new Bun.CryptoHasher('sha256').update(bytes).digest('hex');
      const again = earlier.findIndex((d) => d.sha256 === sha256 && d.name === name);
      if (again >= 0) {
        listed.push(`${name} (document ${earlier.splice(again, 1)[0]?.id}, already stored)`);
        continue;
      }
      try {
        const { document } = await documents.ingestBytes(
          {
            projectId: parent.projectId,
            filename: name,
            bytes,
            source: 'email',
            emailId: parent.id,
            docType: parent.docType,
            folderId: parent.folderId,
            actor: { keyId: parent.keyId ?? undefined, label: parent.uploadedBy ?? undefined },
          },
          opts.maxBytes,
        );
        listed.push(`${name} (document ${document.id})`);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        listed.push(`${name} (skipped: ${err.message})`);
      }
    }
    const body = (email.text ?? '').trim();
    const raw = [
      ...headerText(email),
      '',
      body,
      ...(listed.length ? ['', 'Attachments:', ...listed.map((l) => `- ${l}`)] : []),
    ].join('\n');
    return [textPage(1, raw)];
  };
}

/** The documents an earlier reading of the e-mail made (trashed ones too), oldest first. */
function attachmentsOf(documents: DocumentService, parent: DocumentView): DocumentView[] {
  return documents.list(
    { projectId: parent.projectId, emailId: parent.id, state: 'any' },
    { limit: 10_000, sort: [{ field: 'created_at', dir: 'asc' }] },
  ).items;
}
