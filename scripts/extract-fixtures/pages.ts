/**
 * Stand-in page readers for the fixtures and the benchmark until the OCR engine is merged: PDF text
 * layers through poppler's `pdftotext -bbox-layout` and scans through native `tesseract ... tsv`,
 * both turned into the engine's {@link PageResult} shape (words, lines, blocks with pixel boxes).
 */
import { XMLParser } from 'fast-xml-parser';
import type { BBox, OcrBlock, OcrLine, OcrWord, PageResult } from '../../src/core/ocr/types.ts';
import { normalizeThai } from '../../src/core/text/thai.ts';

/** Text layers are reported in 300 dpi units, like the engine's text-layer path. */
const PT_TO_300DPI = 300 / 72;

function run(cmd: string[]): string {
  const p = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe' });
  if (p.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${p.stderr.toString().slice(0, 500)}`);
  return p.stdout.toString();
}

const union = (boxes: BBox[]): BBox => [
  Math.min(...boxes.map((b) => b[0])),
  Math.min(...boxes.map((b) => b[1])),
  Math.max(...boxes.map((b) => b[2])),
  Math.max(...boxes.map((b) => b[3])),
];
const joinWords = (ws: { text: string }[]) => ws.map((w) => w.text).join(' ');
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function pageOf(page: number, source: PageResult['source'], w: number, h: number, blocks: OcrBlock[]) {
  const rawText = blocks.map((b) => b.text).join('\n');
  const confs = blocks.map((b) => b.confidence);
  return {
    page,
    source,
    width: Math.round(w),
    height: Math.round(h),
    text: normalizeThai(rawText),
    rawText,
    confidence: source === 'ocr' ? mean(confs) : null,
    blocks,
  } satisfies PageResult;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Pages of a born-digital PDF from its text layer (`pdftotext -bbox-layout`). */
export function pdfTextLayerPages(pdfPath: string): PageResult[] {
  const xml = run(['pdftotext', '-bbox-layout', '-enc', 'UTF-8', pdfPath, '-']);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: '_',
    parseTagValue: false,
  });
  const doc = parser.parse(xml).html.body.doc;
  type XWord = { _: string | number; xMin: string; yMin: string; xMax: string; yMax: string };
  const box = (e: { xMin: string; yMin: string; xMax: string; yMax: string }): BBox =>
    [e.xMin, e.yMin, e.xMax, e.yMax].map((v) => Math.round(Number(v) * PT_TO_300DPI)) as BBox;
  return asArray(doc.page).map((p: Record<string, unknown>, i: number) => {
    const blocks: OcrBlock[] = [];
    for (const flow of asArray(p.flow as Record<string, unknown>[]))
      for (const b of asArray(flow.block as Record<string, unknown>[])) {
        const lines: OcrLine[] = asArray(b.line as Record<string, unknown>[]).map((l) => {
          const words: OcrWord[] = asArray(l.word as XWord[]).map((w) => ({
            text: String(w._ ?? ''),
            bbox: box(w),
            confidence: 1,
          }));
          return { text: joinWords(words), bbox: box(l as never), confidence: 1, words };
        });
        blocks.push({
          text: lines.map((l) => l.text).join('\n'),
          bbox: box(b as never),
          confidence: 1,
          lines,
        });
      }
    return pageOf(
      i + 1,
      'text-layer',
      Number(p.width) * PT_TO_300DPI,
      Number(p.height) * PT_TO_300DPI,
      blocks,
    );
  });
}

/** Pages of a scanned image through native tesseract's TSV output. */
export async function tesseractPages(imagePath: string, lang = 'tha+eng', page = 1): Promise<PageResult> {
  const proc = Bun.spawn(['tesseract', imagePath, '-', '-l', lang, '--psm', '3', 'tsv'], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  const [tsv, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  if ((await proc.exited) !== 0) throw new Error(`tesseract failed on ${imagePath}: ${err.slice(-300)}`);
  const blocks = new Map<string, OcrBlock>();
  const lines = new Map<string, OcrLine>();
  let width = 0;
  let height = 0;
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12) continue;
    const [level, , block, par, line, , left, top, w, h, conf] = c.map(Number) as number[];
    const bbox: BBox = [
      left as number,
      top as number,
      (left as number) + (w as number),
      (top as number) + (h as number),
    ];
    if (level === 1) {
      width = w as number;
      height = h as number;
    }
    if (level !== 5) continue;
    const text = (c[11] ?? '').trim();
    if (!text) continue;
    const bKey = String(block);
    const lKey = `${block}.${par}.${line}`;
    let b = blocks.get(bKey);
    if (!b) {
      b = { text: '', bbox, confidence: 0, lines: [] };
      blocks.set(bKey, b);
    }
    let l = lines.get(lKey);
    if (!l) {
      l = { text: '', bbox, confidence: 0, words: [] };
      lines.set(lKey, l);
      b.lines.push(l);
    }
    l.words.push({ text, bbox, confidence: Math.max(0, conf as number) / 100 });
  }
  for (const b of blocks.values()) {
    for (const l of b.lines) {
      l.text = joinWords(l.words);
      l.bbox = union(l.words.map((w) => w.bbox));
      l.confidence = mean(l.words.map((w) => w.confidence));
    }
    b.text = b.lines.map((l) => l.text).join('\n');
    b.bbox = union(b.lines.map((l) => l.bbox));
    b.confidence = mean(b.lines.map((l) => l.confidence));
  }
  return pageOf(page, 'ocr', width, height, [...blocks.values()]);
}
