import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import type { Repos } from '../db/index.ts';
import type { BlobStore } from './blobs.ts';
import type { DomainEvent } from './events.ts';
import { type JobQueue, PermanentJobError } from './jobs.ts';
import type { JobRow } from '../db/schema.ts';

export const DERIVE_PDF_JOB = 'document.pdf';

/** Longer side of a derived page in PDF points (the long side of A4). */
const PAGE_LONG_SIDE = 842;

/**
 * A one-page PDF showing an image, scaled so the page's longer side is that of A4. JPEG and PNG are
 * embedded as they are; WebP, GIF and BMP are decoded and re-encoded as PNG first. Other formats
 * (TIFF) throw.
 */
export async function imageToPdf(bytes: Uint8Array, mime: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const image =
    mime === 'image/jpeg'
      ? await pdf.embedJpg(bytes)
      : await pdf.embedPng(mime === 'image/png' ? bytes : await reencodeAsPng(bytes, mime));
  const scale = PAGE_LONG_SIDE / Math.max(image.width, image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  pdf.setProducer('docserve');
  return pdf.save();
}

async function reencodeAsPng(bytes: Uint8Array, mime: string): Promise<Uint8Array> {
  if (!['image/webp', 'image/gif', 'image/bmp'].includes(mime))
    throw new PermanentJobError(`No PDF conversion for ${mime} images`);
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const img = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(img.width, img.height);
  canvas.getContext('2d').drawImage(img, 0, 0);
  return canvas.encode('png');
}

/**
 * Keeps a PDF rendition of every image document (`documents.pdf_sha256`, stored in the blob store like
 * any derived file). Uploads of images queue a background job; PDFs are their own rendition and other
 * kinds (office files, text) have none.
 */
export class DerivedPdfs {
  constructor(
    private readonly repos: Repos,
    private readonly blobs: BlobStore,
    private readonly jobs: JobQueue,
  ) {}

  /** Event sink: queues the conversion when an image document is uploaded (inside its transaction). */
  readonly onEvent = (event: DomainEvent): void => {
    if (event.type !== 'document.uploaded' || !event.documentId) return;
    const doc = event.data.document as { kind?: string; pdfSha256?: string | null } | undefined;
    if (doc?.kind !== 'image' || doc.pdfSha256) return;
    this.jobs.enqueue(DERIVE_PDF_JOB, {
      projectId: event.projectId,
      documentId: event.documentId,
      dedupe: true,
      priority: 1,
    });
  };

  /** Job handler: converts the image and records the PDF on the document. */
  async run(job: JobRow): Promise<unknown> {
    const doc = job.documentId ? this.repos.documents.getUnscoped(job.documentId) : undefined;
    if (!doc || doc.kind !== 'image') return { skipped: 'not an image document' };
    if (doc.pdfSha256) return { skipped: 'already has a PDF' };
    const pdf = await imageToPdf(await readFile(this.blobs.path(doc.sha256)), doc.mime);
    const staged = await this.blobs.stageBytes(pdf);
    await this.blobs.commit(staged);
    if (!this.repos.documents.getUnscoped(doc.id)) {
      if (!this.repos.documents.referencedShas().has(staged.sha256)) await this.blobs.delete(staged.sha256);
      return { skipped: 'document was purged meanwhile' };
    }
    this.repos.documents.update(doc.id, { pdfSha256: staged.sha256 });
    return { pdfSha256: staged.sha256, bytes: staged.size };
  }
}
