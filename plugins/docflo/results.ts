import type { DialectApi, DocumentView, ExtractionRecord } from '../../src/plugin-api.ts';
import { docfloType } from './catalog.ts';
import { extractionSchema, type Fields, fromExtraction } from './fields.ts';
import type { TypeStore } from './types.ts';

const COLLECTION = 'docflo.results';

interface ResultsData extends Record<string, unknown> {
  type: string;
  /** `ocrCompletedAt` of the pages the fields were extracted from. */
  sourceAt: number | null;
  /** True once a client edited a field: the fields are then kept when the document is re-read. */
  edited: boolean;
  fields: Fields;
}

/**
 * A document's Docflo results (`{fields: {Name: {type, value, content, confidence}}}`), extracted with
 * the document type's schema the first time they are read after processing, and stored with their
 * edits in the `docflo.results` collection. They are extracted again when the pages or the type change,
 * unless a client edited them.
 */
export class Results {
  constructor(
    private readonly api: DialectApi,
    private readonly types: TypeStore,
  ) {}

  /** The stored fields, extracting them first when needed; null while there is nothing to read. */
  async ensure(projectId: string, doc: DocumentView): Promise<Fields | null> {
    const type = docfloType(doc.docType);
    const stored = await this.api.records.get<ResultsData>(COLLECTION, projectId, doc.id);
    const fresh =
      stored &&
      (stored.data.edited || (stored.data.type === type && stored.data.sourceAt === doc.ocrCompletedAt));
    if (fresh || doc.ocrStatus !== 'completed') return stored?.data.fields ?? null;
    const config = await this.types.get(projectId, type);
    let record: ExtractionRecord;
    try {
      record = await this.api.extraction.run(projectId, doc.id, {
        schemaKey: `docflo:${type}`,
        schema: extractionSchema(config),
      });
    } catch {
      return stored?.data.fields ?? null;
    }
    if (record.status !== 'completed') return stored?.data.fields ?? null;
    const latest = await this.api.records.get<ResultsData>(COLLECTION, projectId, doc.id);
    if (latest && latest.updatedAt !== stored?.updatedAt) return latest.data.fields;
    const fields = fromExtraction(config, record.result, () => this.api.records.newId());
    await this.save(projectId, doc.id, { type, sourceAt: doc.ocrCompletedAt, edited: false, fields });
    return fields;
  }

  /** Stores fields a client edited. */
  async saveEdited(projectId: string, doc: DocumentView, fields: Fields): Promise<void> {
    await this.save(projectId, doc.id, {
      type: docfloType(doc.docType),
      sourceAt: doc.ocrCompletedAt,
      edited: true,
      fields,
    });
  }

  private async save(projectId: string, documentId: string, data: ResultsData): Promise<void> {
    await this.api.records.put(COLLECTION, projectId, documentId, data);
  }
}
