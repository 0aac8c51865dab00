import { PDFDocument } from 'pdf-lib';
import type { DocumentRow, Storage } from '../db/port/index.ts';
import type { BlobStore } from './blobs.ts';
import { AppError } from '../errors.ts';

/** Longer side of a derived page in PDF points (the long side of A4). */
const PAGE_LONG_SIDE = 842;

/**
 * A one-page PDF showing an image, scaled so the page's longer side is that of A4. JPEG and PNG are
 * embedded as they are; WebP, GIF and BMP are decoded and re-encoded as PNG first. Other formats
 * (TIFF) throw. The output is deterministic (fixed dates), so the same image gives the same PDF.
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
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  return pdf.save();
}

async function reencodeAsPng(bytes: Uint8Array, mime: string): Promise<Uint8Array> {
  if (!['image/webp', 'image/gif', 'image/bmp'].includes(mime))
    throw new AppError('unsupported_media_type', `No PDF conversion for ${mime} images`);
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const img = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(img.width, img.height);
  canvas.getContext('2d').drawImage(img, 0, 0);
  return canvas.encode('png');
}

/** Image types {@link imageToPdf} converts. */
const CONVERTIBLE = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/bmp'];

/**
 * PDF renditions of image documents, made on first request and kept like any derived file
 * (`documents.pdf_sha256`, blob store). PDFs are their own rendition; office files, text and TIFF have
 * none. Conversion happens off the upload path, so uploads stay fast and unchanged.
 */
export class DerivedPdfs {
  private readonly inflight = new Map<string, Promise<DocumentRow | undefined>>();

  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
  ) {}

  /** True when documents of this type can get a PDF rendition. */
  canConvert(mime: string): boolean {
    return mime === 'application/pdf' || CONVERTIBLE.includes(mime);
  }

  /**
   * Makes sure a document has its PDF rendition when one can be made; returns the (updated) row, or
   * undefined for a document of another project.
   */
  async ensure(projectId: string, id: string): Promise<DocumentRow | undefined> {
    const doc = await this.storage.documents.get(projectId, id);
    if (!doc || doc.pdfSha256 || !CONVERTIBLE.includes(doc.mime)) return doc;
    let job = this.inflight.get(doc.id);
    if (!job) {
      job = this.convert(doc).finally(() => this.inflight.delete(doc.id));
      this.inflight.set(doc.id, job);
    }
    return job;
  }

  private async convert(doc: DocumentRow): Promise<DocumentRow | undefined> {
    const pdf = await imageToPdf(await this.blobs.bytes(doc.sha256), doc.mime);
    const staged = await this.blobs.stageBytes(pdf);
    await this.blobs.commit(staged);
    if (!(await this.storage.documents.getUnscoped(doc.id))) {
      if (!(await this.storage.documents.isReferenced(staged.sha256))) await this.blobs.delete(staged.sha256);
      return undefined;
    }
    await this.storage.documents.update(doc.id, { pdfSha256: staged.sha256 });
    return this.storage.documents.getUnscoped(doc.id);
  }
}
