/**
 * Shapes of field extraction shared by the engine, the service, the exports and the dialects (which see
 * them through src/plugin-api.ts).
 */
import type { BBox, PageResult } from '../ocr/types.ts';

/** JSON Schema (draft-7 style, or an Ocriva template / Docflo type written like one) as plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * Document kinds the rules recognize: ใบแจ้งหนี้, ใบกำกับภาษี (also combined with ใบเสร็จรับเงิน, and
 * the abbreviated form), ใบเสร็จรับเงิน, ใบเสนอราคา, ใบสั่งซื้อ, ใบลดหนี้, ใบเพิ่มหนี้, ใบวางบิล,
 * ใบส่งของ, หนังสือรับรองการหักภาษี ณ ที่จ่าย (50 ทวิ), and letters/memos.
 */
export type DocumentKind =
  | 'invoice'
  | 'tax_invoice'
  | 'receipt'
  | 'quotation'
  | 'purchase_order'
  | 'credit_note'
  | 'debit_note'
  | 'billing_note'
  | 'delivery_note'
  | 'withholding_tax_certificate'
  | 'letter';

/** One extracted value with how sure the engine is and where on which page it came from. */
export interface ExtractedField {
  value: unknown;
  /** 0..1 */
  confidence: number;
  /** The text it was read from, as printed. */
  text?: string;
  /** 1-based page. */
  page?: number;
  bbox?: BBox;
  /** `rules` read it from the page, `derived` computed it from other fields, `llm` asked the model. */
  source?: 'rules' | 'derived' | 'llm';
  /** Per-item fields of an array value (line items), in order. */
  items?: Record<string, ExtractedField>[];
  /** Per-property fields of an object value. */
  properties?: Record<string, ExtractedField>;
}

/**
 * One consistency check run over the extracted values (subtotal + VAT = total, amount in words...), or
 * a value withheld because its confidence is below the field's threshold (`low_confidence`: the field
 * is null and its candidate is here).
 */
export interface ExtractionCheck {
  name: string;
  passed: boolean;
  detail: string;
  /** The field the check is about (withheld values). */
  field?: string;
  /** The withheld value with its confidence, source text, page and bbox. */
  candidate?: ExtractedField;
}

/** Output of the extraction engine for one document. */
export interface ExtractionResult {
  /** Detected document kind, or null. */
  kind: DocumentKind | null;
  /** Typed fields with confidence and origin (generic names, or the schema's property names). */
  fields: Record<string, ExtractedField>;
  /** Plain values: schema-shaped when a schema was given, else the generic field set. */
  data: Record<string, unknown>;
  /** Mean confidence 0..1 of the fields found. */
  confidence: number;
  /** Cross-checks and their outcome. */
  checks?: ExtractionCheck[];
  /** Schema validation of `data` (only when a schema was given). */
  validation?: { valid: boolean; errors: { path: string; message: string }[] };
}

/** A stored extraction of a document for one schema key (`generic`, a template id, a prompt revision...). */
export interface ExtractionRecord {
  documentId: string;
  schemaKey: string;
  status: 'queued' | 'processing' | 'completed' | 'failed';
  result: ExtractionResult | null;
  editedResult: unknown;
  isEdited: boolean;
  isVerified: boolean;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Field extraction as the rest of the server uses it (tests may stand in for it). */
export interface ExtractionFacade {
  run(
    projectId: string,
    documentId: string,
    opts?: { schemaKey?: string; schema?: JsonSchema; instructions?: string },
  ): Promise<ExtractionRecord>;
  get(projectId: string, documentId: string, schemaKey?: string): Promise<ExtractionRecord | undefined>;
  update(
    projectId: string,
    documentId: string,
    schemaKey: string,
    patch: { editedResult?: unknown; isVerified?: boolean },
  ): Promise<ExtractionRecord>;
  delete(projectId: string, documentId: string, schemaKey: string): Promise<boolean>;
  list(projectId: string, documentId: string): Promise<ExtractionRecord[]>;
  /** Extraction without storage (analyze endpoints). */
  extractPages(pages: PageResult[], opts?: { schema?: JsonSchema; name?: string }): Promise<ExtractionResult>;
}
