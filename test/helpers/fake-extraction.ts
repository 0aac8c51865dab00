import type { ExportFacade, ExtractionFacade, Services } from '../../src/services.ts';
import type {
  ExportFormat,
  ExtractionRecord,
  ExtractionResult,
  JsonSchema,
  PageResult,
} from '../../src/plugin-api.ts';

/**
 * A deterministic stand-in for the extraction engine in dialect API tests: every `Key: value` line of
 * the document text becomes a field (numbers parsed); with a schema only its properties are kept, each
 * of them present (`null` when the text has no such line), as the real engine does.
 * The real engine has its own tests; dialect tests use this until they run against it.
 */
export function fakeExtraction(getServices: () => Services): {
  extraction: ExtractionFacade;
  exports: ExportFacade;
} {
  const store = new Map<string, ExtractionRecord>();
  const key = (doc: string, schemaKey: string) => `${doc}:${schemaKey}`;

  const extractPages = async (
    pages: PageResult[],
    opts: { schema?: JsonSchema } = {},
  ): Promise<ExtractionResult> => {
    const fields: ExtractionResult['fields'] = {};
    for (const p of pages)
      for (const line of p.rawText.split('\n')) {
        const m = line.match(/^\s*([A-Za-z_][\w]*)\s*:\s*(.+?)\s*$/);
        if (!m || m[1] === 'FAKE') continue;
        const raw = m[2] as string;
        const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
        fields[m[1] as string] = { value, confidence: 0.8, text: raw, page: p.page };
      }
    const props = (opts.schema?.properties ?? null) as Record<string, unknown> | null;
    const kept = props ? Object.fromEntries(Object.entries(fields).filter(([k]) => k in props)) : fields;
    const data = props
      ? Object.fromEntries(Object.keys(props).map((k) => [k, kept[k]?.value ?? null]))
      : Object.fromEntries(Object.entries(kept).map(([k, f]) => [k, f.value]));
    const kind =
      typeof fields.kind?.value === 'string' ? (fields.kind.value as ExtractionResult['kind']) : null;
    return { kind, fields: kept, data, confidence: Object.keys(kept).length ? 0.8 : 0 };
  };

  const pagesOf = async (projectId: string, documentId: string): Promise<PageResult[]> =>
    (await getServices().documents.pages(projectId, documentId)).map((p) => ({
      page: p.pageNo,
      source: p.source as PageResult['source'],
      width: p.width ?? 0,
      height: p.height ?? 0,
      text: p.text,
      rawText: p.rawText,
      confidence: p.confidence,
      blocks: p.blocks,
    }));

  const extraction: ExtractionFacade = {
    async run(projectId, documentId, opts = {}) {
      await getServices().documents.get(projectId, documentId);
      const schemaKey = opts.schemaKey ?? 'generic';
      const now = Date.now();
      const result = await extractPages(await pagesOf(projectId, documentId), { schema: opts.schema });
      const prev = store.get(key(documentId, schemaKey));
      const rec: ExtractionRecord = {
        documentId,
        schemaKey,
        status: 'completed',
        result,
        editedResult: null,
        isEdited: false,
        isVerified: false,
        error: null,
        createdAt: prev?.createdAt ?? now,
        updatedAt: now,
      };
      store.set(key(documentId, schemaKey), rec);
      return rec;
    },
    async get(projectId, documentId, schemaKey = 'generic') {
      await getServices().documents.get(projectId, documentId);
      return store.get(key(documentId, schemaKey));
    },
    async update(projectId, documentId, schemaKey, patch) {
      const rec = await extraction.get(projectId, documentId, schemaKey);
      if (!rec) throw new Error('not found');
      if (patch.editedResult !== undefined)
        Object.assign(rec, { editedResult: patch.editedResult, isEdited: true });
      if (patch.isVerified !== undefined) rec.isVerified = patch.isVerified;
      rec.updatedAt = Date.now();
      return rec;
    },
    async delete(projectId, documentId, schemaKey) {
      await getServices().documents.get(projectId, documentId);
      return store.delete(key(documentId, schemaKey));
    },
    async list(projectId, documentId) {
      await getServices().documents.get(projectId, documentId);
      return [...store.values()].filter((r) => r.documentId === documentId);
    },
    extractPages,
  };

  const MIME: Record<ExportFormat, string> = {
    json: 'application/json',
    text: 'text/plain',
    xml: 'application/xml',
    html: 'text/html',
    csv: 'text/csv',
    pdf: 'application/pdf',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
  const exports: ExportFacade = {
    async render(projectId, documentId, format, opts = {}) {
      const doc = await getServices().documents.get(projectId, documentId);
      const rec =
        (await extraction.get(projectId, documentId, opts.schemaKey)) ??
        (await extraction.run(projectId, documentId, opts));
      const data = rec.result?.data ?? {};
      const stem = doc.name.replace(/\.[^.]+$/, '');
      const body =
        format === 'csv'
          ? `field,value\n${Object.entries(data)
              .map(([k, v]) => `${k},${v}`)
              .join('\n')}\n`
          : format === 'text'
            ? await getServices().documents.text(projectId, documentId)
            : JSON.stringify(data);
      return { body, mime: MIME[format], filename: `${stem}.${format === 'text' ? 'txt' : format}` };
    },
  };
  return { extraction, exports };
}
