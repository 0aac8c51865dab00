import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { CAC } from 'cac';
import { type ConfigFlags, loadConfig } from '../config.ts';
import type { JsonSchema } from '../core/extract/types.ts';
import { CliError, printJson } from './output.ts';

interface ExtractFlags extends ConfigFlags {
  schema?: string;
  format?: string;
  lang?: string;
}

async function readSchema(path: string): Promise<JsonSchema> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`Cannot read schema file ${path}`);
  }
  try {
    const schema = JSON.parse(text);
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('not an object');
    return schema;
  } catch (err) {
    throw new CliError(`The schema file ${path} is not a JSON object: ${(err as Error).message}`);
  }
}

/**
 * Registers `docserve extract <file>`: reads the file through the content readers (OCR for scans,
 * text for plain text), runs field extraction (filling `--schema` when given) and prints JSON or CSV.
 * Nothing is stored: without `--data` a temporary data directory is used and removed.
 */
export function registerExtractCommand(cli: CAC): void {
  cli
    .command(
      'extract <file>',
      'Extract invoice/receipt fields from a file and print them (nothing is stored)',
    )
    .option('--schema <file>', 'JSON Schema to fill (Ocriva template, DocRouter schema, Docflo type)')
    .option('--format <format>', 'json (default) or csv')
    .option('--lang <lang>', 'OCR languages, tesseract style (default tha+eng)')
    .action(async (file: string, flags: ExtractFlags) => {
      const format = flags.format ?? 'json';
      if (format !== 'json' && format !== 'csv')
        throw new CliError(`Unknown format "${format}" (use json or csv)`);
      const path = resolve(file);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) throw new CliError(`No such file: ${file}`, 1);
      const schema = flags.schema ? await readSchema(flags.schema) : undefined;
      const temp = flags.data ? undefined : mkdtempSync(join(tmpdir(), 'docserve-extract-'));
      const [{ openServices }, { sniffFile }, { toCsv }, { processHere }] = await Promise.all([
        import('../services.ts'),
        import('../core/files/mime.ts'),
        import('../core/export/formats.ts'),
        import('../core/processing/pool.ts'),
      ]);
      // One file, then exit: the processing steps run in this thread (no worker to start).
      const services = await openServices(loadConfig({ ...flags, data: flags.data ?? temp }), {
        processing: processHere,
      });
      try {
        const name = basename(path);
        const sniff = await sniffFile(path, name);
        const pages = await services.readers.read(
          sniff.kind,
          { path, mime: sniff.mime, name },
          { lang: flags.lang },
        );
        const result = await services.extraction.extractPages(pages, { schema, name });
        if (format === 'csv')
          process.stdout.write(
            toCsv({
              document: { id: '', name, docType: result.kind },
              schemaKey: schema ? 'schema' : 'generic',
              kind: result.kind,
              data: result.data,
              confidence: result.confidence,
              checks: result.checks ?? [],
              pages: pages.map((p) => p.text),
            }),
          );
        else printJson({ file: name, ...result });
      } finally {
        await services.close();
        if (temp) rmSync(temp, { recursive: true, force: true });
      }
    });
}
