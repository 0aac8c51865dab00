import { readFile } from 'node:fs/promises';
import PostalMime, { type Address, type Email } from 'postal-mime';
import { AppError } from '../../errors.ts';
import type { ContentReader } from './reader.ts';
import type { DocumentService, DocumentView } from '../documents.ts';
import type { PageResult } from '../ocr/types.ts';
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

/** What the e-mail reader needs of a parsed `.eml` (made off the main thread by the processing pool). */
export interface ParsedEmail {
  /** `From: …`, `To: …`, `Cc: …`, `Subject: …`, `Date: …` lines (those present). */
  headers: string[];
  /** The plain-text body (or the HTML body as text), trimmed. */
  body: string;
  /** Attachments that are files of their own (not the inline images of an HTML body). */
  attachments: { filename: string | null; mimeType: string; content: ArrayBuffer }[];
}

/** Parses an `.eml` file; `invalid_file` when it cannot be read as an e-mail. */
export async function parseEmailFile(path: string): Promise<ParsedEmail> {
  let email: Email;
  try {
    email = await PostalMime.parse(await readFile(path), { attachmentEncoding: 'arraybuffer' });
  } catch (err) {
    throw new AppError('invalid_file', `Unreadable e-mail: ${(err as Error).message}`);
  }
  return {
    headers: headerText(email),
    body: (email.text ?? '').trim(),
    attachments: email.attachments.flatMap((att) =>
      att.related || !(att.content instanceof ArrayBuffer)
        ? []
        : [{ filename: att.filename ?? null, mimeType: att.mimeType, content: att.content }],
    ),
  };
}

/**
 * Reads an uploaded `.eml`: the page text is the headers, the body (the plain-text part, or the HTML
 * part as text) and the list of attachments. Each attachment (not the inline images of an HTML body)
 * is ingested as its own document of the same project with `source: 'email'` and `emailId` = the
 * e-mail document, inheriting its folder, document type and uploader, even when the project already
 * holds the same bytes (the blob store keeps them once). Re-reading the e-mail finds the documents
 * made the first time (same name and content, in the trash too) instead of adding new ones; an
 * attachment of a type docserve does not accept is listed as skipped. `parse` and `page` do the
 * CPU-heavy parts (the processing pool's workers in the server).
 */
export function emailReader(
  documents: DocumentService,
  opts: {
    maxBytes: number;
    parse?: (path: string) => Promise<ParsedEmail>;
    page?: (raw: string) => Promise<PageResult>;
  },
): ContentReader {
  const parse = opts.parse ?? parseEmailFile;
  const page = opts.page ?? (async (raw: string) => textPage(1, raw));
  return async (file) => {
    const email = await parse(file.path);
    const listed: string[] = [];
    const parent = file.document
      ? await documents.get(file.document.projectId, file.document.id, { includeTrashed: true })
      : undefined;
    const earlier = parent ? await attachmentsOf(documents, parent) : [];
    for (const [i, att] of email.attachments.entries()) {
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
    const raw = [
      ...email.headers,
      '',
      email.body,
      ...(listed.length ? ['', 'Attachments:', ...listed.map((l) => `- ${l}`)] : []),
    ].join('\n');
    return [{ ...(await page(raw)), page: 1 }];
  };
}

/** The documents an earlier reading of the e-mail made (trashed ones too), oldest first. */
async function attachmentsOf(documents: DocumentService, parent: DocumentView): Promise<DocumentView[]> {
  const { items } = await documents.list(
    { projectId: parent.projectId, emailId: parent.id, state: 'any' },
    { limit: 10_000, sort: [{ field: 'created_at', dir: 'asc' }] },
  );
  return items;
}
