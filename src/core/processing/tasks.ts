/**
 * The CPU-heavy steps of processing a document, as named tasks with serializable arguments and results:
 * reading plain text, DOCX, XLSX and e-mail, normalizing extracted text, and the field-extraction rules.
 * The processing workers run them (./worker.ts); {@link runTaskHere} runs one in the calling thread
 * (command-line tools, tests).
 */
import { docxReader, xlsxReader } from '../content/office.ts';
import { type ParsedEmail, parseEmailFile } from '../content/email.ts';
import { readPlainText } from '../content/plain-text.ts';
import { textPage } from '../content/text-page.ts';
import { extractGeneric } from '../extract/rules.ts';
import type { ExtractionResult } from '../extract/types.ts';
import type { PageResult } from '../ocr/types.ts';

/** Every task: its arguments and its result. */
export interface ProcessingTasks {
  /** Plain text, Markdown, CSV, JSON: one normalized page (the first 8 MB). */
  text: { args: { path: string }; result: PageResult[] };
  docx: { args: { path: string }; result: PageResult[] };
  xlsx: { args: { path: string }; result: PageResult[] };
  email: { args: { path: string }; result: ParsedEmail };
  /** One page of extracted text, normalized per the Thai text rules. */
  page: { args: { raw: string }; result: PageResult };
  /** The generic field extraction (rules engine) over a document's pages. */
  extract: { args: { pages: PageResult[] }; result: ExtractionResult };
}

export type TaskName = keyof ProcessingTasks;
export type TaskArgs<K extends TaskName> = ProcessingTasks[K]['args'];
export type TaskResult<K extends TaskName> = ProcessingTasks[K]['result'];

const handlers: { [K in TaskName]: (args: TaskArgs<K>) => Promise<TaskResult<K>> } = {
  text: (a) => readPlainText(a),
  docx: (a) => docxReader()({ path: a.path, mime: '' }, {}),
  xlsx: (a) => xlsxReader()({ path: a.path, mime: '' }, {}),
  email: (a) => parseEmailFile(a.path),
  page: async (a) => textPage(1, a.raw),
  extract: async (a) => extractGeneric(a.pages),
};

/** Runs a task in the calling thread. */
export function runTaskHere<K extends TaskName>(task: K, args: TaskArgs<K>): Promise<TaskResult<K>> {
  const handler = handlers[task] as ((args: TaskArgs<K>) => Promise<TaskResult<K>>) | undefined;
  if (!handler) return Promise.reject(new Error(`Unknown processing task ${String(task)}`));
  return handler(args);
}
