import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type ExportInput, flatten } from './formats.ts';

const text = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
const cell = (v: unknown, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: text(v), bold })] })] });

function table(rows: unknown[][], header?: unknown[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      ...(header ? [new TableRow({ children: header.map((h) => cell(h, true)), tableHeader: true })] : []),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, !header && i === 0)) })),
    ],
  });
}

/** A Word document: the extracted fields, each list of items as a table, then the page text. */
export async function toDocx(input: ExportInput): Promise<Uint8Array> {
  const { fields, tables } = flatten(input.data);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: input.document.name, heading: HeadingLevel.HEADING_1 }),
  ];
  if (input.kind) children.push(new Paragraph({ text: input.kind }));
  if (fields.length) children.push(table(fields.map(([k, v]) => [k, v])));
  for (const [name, items] of tables) {
    const cols = [...new Set(items.flatMap((r) => Object.keys(r)))];
    children.push(new Paragraph({ text: name, heading: HeadingLevel.HEADING_2 }));
    children.push(
      table(
        items.map((it) => cols.map((c) => it[c])),
        cols,
      ),
    );
  }
  input.pages.forEach((page, i) => {
    children.push(new Paragraph({ text: `Page ${i + 1}`, heading: HeadingLevel.HEADING_2 }));
    for (const line of page.split('\n')) children.push(new Paragraph({ text: line }));
  });
  const doc = new Document({
    creator: 'docserve',
    title: input.document.name,
    styles: { default: { document: { run: { font: 'Tahoma' } } } },
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
