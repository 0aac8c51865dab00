/**
 * Words of a page rewritten one printed word at a time: tesseract splits what a reader sees as one word
 * into several when it read part of it unsurely (`๐๐` `4-2026-9930` for `CN-2026-9930`), so the words a
 * line prints with no space between them are taken together, and a rewrite replaces them as one.
 */
import { union } from './geometry.ts';
import { markSpaces } from './spacing.ts';
import type { OcrBlock, OcrLine, OcrWord } from './types.ts';

const mean = (xs: number[]) =>
  Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 100) / 100;

/** The line's words in runs that its text prints with no space between them. */
function runs(line: OcrLine): OcrWord[][] {
  const out: OcrWord[][] = [];
  markSpaces(line.text, line.words).forEach((w, i) => {
    const word = line.words[i] as OcrWord;
    if (w.spaced === false && out.length) out[out.length - 1]?.push(word);
    else out.push([word]);
  });
  return out;
}

/** A run as one word: its texts joined, its boxes united, its lowest confidence. */
const asOne = (run: OcrWord[]): OcrWord => ({
  text: run.map((w) => w.text).join(''),
  bbox: union(run.map((w) => w.bbox)),
  confidence: Math.min(...run.map((w) => w.confidence)),
});

/** What {@link replaceRuns} did. */
export interface RunRewrite {
  blocks: OcrBlock[];
  /** Words whose text or confidence changed. */
  changed: number;
}

/**
 * The blocks with each run of words (see the module comment) replaced by what `rewrite` makes of it as
 * one word, where it makes anything (it also sees the line's runs as words, as read, and where this one
 * stands among them); lines, blocks and their confidences follow.
 */
export function replaceRuns(
  blocks: OcrBlock[],
  rewrite: (word: OcrWord, index: number, line: OcrWord[]) => OcrWord | undefined,
): RunRewrite {
  let changed = 0;
  const readLine = (line: OcrLine): OcrLine => {
    let text = line.text;
    let from = 0;
    let touched = false;
    const lineRuns = runs(line);
    const read = lineRuns.map(asOne);
    const words = lineRuns.flatMap((run, i) => {
      const word = read[i] as OcrWord;
      const at = text.indexOf(word.text, from);
      if (at < 0) return run;
      from = at + word.text.length;
      const better = rewrite(word, i, read);
      if (!better) return run;
      text = text.slice(0, at) + better.text + text.slice(at + word.text.length);
      from = at + better.text.length;
      touched = true;
      changed++;
      return [better];
    });
    return touched ? { ...line, text, words, confidence: mean(words.map((w) => w.confidence)) } : line;
  };
  const out = blocks.map((block) => {
    const lines = block.lines.map(readLine);
    if (lines.every((l, i) => l === block.lines[i])) return block;
    return {
      ...block,
      lines,
      text: lines.map((l) => l.text).join('\n'),
      confidence: mean(lines.flatMap((l) => l.words.map((w) => w.confidence))),
    };
  });
  return { blocks: out, changed };
}
