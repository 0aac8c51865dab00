import { AppError } from '../../errors.ts';
import type { DocumentService } from '../documents.ts';
import type { ExtractionService } from '../extract/service.ts';
import type { FileRef, PageResult } from '../ocr/types.ts';
import {
  EXPORT_TYPES,
  type ExportFormat,
  type ExportInput,
  isExportFormat,
  toCsv,
  toHtml,
  toJson,
  toText,
  toXml,
} from './formats.ts';

/**
 * Builds the searchable PDF of a file from its recognized pages (the OCR engine's
 * `buildSearchablePdf(file, pages)`; injected so exports do not depend on the engine).
 */
export type SearchablePdfBuilder = (file: FileRef, pages: PageResult[]) => Promise<Uint8Array>;

/** A rendered export. */
export interface RenderedExport {
  body: Uint8Array | string;
  mime: string;
  filename: string;
}

/** Result exports as the rest of the server uses them (tests may stand in for them). */
export interface ExportFacade {
  render(
    projectId: string,
    documentId: string,
    format: ExportFormat,
    opts?: { schemaKey?: string },
  ): Promise<RenderedExport>;
}

/** Renders a document's extraction result in any export format (shared by every dialect). */
export class ExportService implements ExportFacade {
  constructor(
    private readonly documents: DocumentService,
    private readonly extraction: ExtractionService,
    private readonly searchablePdf: SearchablePdfBuilder,
  ) {}

  /**
   * The export of a document. Uses the stored result for `schemaKey` (the user's edited result when
   * there is one) and runs the generic extraction first when nothing is stored yet.
   */
  async render(
    projectId: string,
    documentId: string,
    format: ExportFormat,
    opts: { schemaKey?: string } = {},
  ): Promise<RenderedExport> {
    if (!isExportFormat(format))
      throw new AppError(
        'bad_request',
        `Unknown export format "${format}" (use ${Object.keys(EXPORT_TYPES).join(', ')})`,
      );
    const doc = await this.documents.get(projectId, documentId);
    const { mime, ext } = EXPORT_TYPES[format];
    const filename = `${doc.name.replace(/\.[^.]+$/, '') || 'document'}.${ext}`;
    const pages = await this.extraction.pages(projectId, doc.id);
    if (format === 'pdf') {
      const file = await this.documents.file(projectId, doc.id);
      const body = await file.withFile((path) =>
        this.searchablePdf(
          { path, mime: file.mime, name: file.name, document: { id: doc.id, projectId } },
          pages,
        ),
      );
      return { body, mime, filename };
    }
    const schemaKey = opts.schemaKey ?? 'generic';
    let rec = await this.extraction.get(projectId, doc.id, schemaKey);
    if (!rec?.result && schemaKey === 'generic' && doc.ocrStatus === 'completed')
      rec = await this.extraction.run(projectId, doc.id);
    if (!rec && format !== 'text')
      throw new AppError('not_found', `No extraction "${schemaKey}" for this document`);
    const edited = rec?.isEdited && rec.editedResult && typeof rec.editedResult === 'object';
    const input: ExportInput = {
      document: { id: doc.id, name: doc.name, docType: doc.docType },
      schemaKey,
      kind: rec?.result?.kind ?? doc.docType,
      data: ((edited ? rec?.editedResult : rec?.result?.data) as Record<string, unknown>) ?? {},
      confidence: rec?.result?.confidence ?? null,
      checks: rec?.result?.checks ?? [],
      pages: pages.map((p) => p.text),
    };
    const body =
      format === 'docx'
        ? await (await import('./docx.ts')).toDocx(input)
        : { json: toJson, text: toText, xml: toXml, html: toHtml, csv: toCsv }[format](input);
    return { body, mime, filename };
  }
}
