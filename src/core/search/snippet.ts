import { foldForMatch } from '../text/thai.ts';

/** Something to highlight: folded text, matched anywhere (Thai) or as a whole word (Latin, digits). */
export interface HighlightTarget {
  text: string;
  wholeWord: boolean;
}

export interface Snippet {
  /** HTML-escaped text with matches wrapped in `<mark>`…`</mark>`. */
  html: string;
  /** The distinct (folded) strings that matched. */
  found: string[];
}

const MAX_MATCHES = 500;

/** Builds highlighted passages; holds its segmenters (one per search index). */
export class SnippetBuilder {
  private readonly graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });
  private readonly words = new Intl.Segmenter('th', { granularity: 'word' });

  /**
   * The passage of about `length` characters with the most matches (the whole text when `length` is
   * omitted), matches wrapped in `<mark>`. Every cut and every mark sits on a grapheme cluster
   * boundary, so Thai vowels and tone marks are never separated from their consonant.
   */
  build(text: string, matcher: RegExp | undefined, length = Number.POSITIVE_INFINITY): Snippet {
    const folded = foldForMatch(text);
    const found = new Set<string>();
    let ranges: [number, number][] = [];
    if (matcher)
      for (const m of folded.matchAll(matcher)) {
        if (!m[0]) break;
        ranges.push([m.index, m.index + m[0].length]);
        found.add(m[0].replace(/\s+/g, ' '));
        if (ranges.length >= MAX_MATCHES) break;
      }
    const graphemes = ranges.length || text.length > length ? this.graphemes.segment(text) : undefined;
    if (graphemes)
      ranges = merge(
        ranges.map(([a, b]) => [
          thaiBoundary(text, a) ? a : (graphemes.containing(a)?.index ?? a),
          b >= text.length ? text.length : thaiBoundary(text, b) ? b : clusterEnd(graphemes, b),
        ]),
      );

    let start = 0;
    let end = text.length;
    if (graphemes && text.length > length) {
      const words = this.words.segment(text);
      const best = densest(ranges, length);
      const focus = ranges[best];
      const lead = focus ? Math.min(Math.floor(length / 4), focus[0]) : 0;
      start = wordStart(graphemes, words, Math.max(0, (focus?.[0] ?? 0) - lead));
      end = wordEnd(graphemes, words, text.length, Math.min(text.length, start + length));
    }
    let html = start > 0 ? '…' : '';
    let pos = start;
    for (const [a, b] of ranges) {
      if (b <= start || a >= end) continue;
      const from = Math.max(a, start);
      const to = Math.min(b, end);
      html += escapeText(text.slice(pos, from));
      html += `<mark>${escapeText(text.slice(from, to))}</mark>`;
      pos = to;
    }
    html += escapeText(text.slice(pos, end));
    if (end < text.length) html += '…';
    return { html: html.trim(), found: [...found] };
  }
}

/**
 * True when `pos` lies between two Thai characters and the second starts a grapheme cluster (it is not
 * a vowel or tone mark above or below, nor SARA AM): a cluster boundary known without asking ICU, whose
 * `containing` costs about 2 µs a call (a common word matches dozens of times in one text).
 */
export function thaiBoundary(text: string, pos: number): boolean {
  const before = text.charCodeAt(pos - 1);
  const after = text.charCodeAt(pos);
  return (
    before >= 0x0e01 &&
    before <= 0x0e5b &&
    after >= 0x0e01 &&
    after <= 0x0e5b &&
    after !== 0x0e31 &&
    (after < 0x0e33 || after > 0x0e3a) &&
    (after < 0x0e47 || after > 0x0e4e)
  );
}

function clusterEnd(graphemes: Intl.Segments, end: number): number {
  const c = graphemes.containing(end);
  return c && c.index < end ? c.index + c.segment.length : end;
}

/** Start of the word containing `pos` (or of its grapheme cluster when the word starts far before). */
function wordStart(graphemes: Intl.Segments, words: Intl.Segments, pos: number): number {
  if (pos <= 0) return 0;
  const w = words.containing(pos);
  if (w && pos - w.index <= 20) return w.index;
  return graphemes.containing(pos)?.index ?? pos;
}

/** End of the word containing `pos - 1` (or the cluster end when the word runs far past it). */
function wordEnd(graphemes: Intl.Segments, words: Intl.Segments, length: number, pos: number): number {
  if (pos >= length) return length;
  const w = words.containing(pos - 1);
  if (w && w.index + w.segment.length - pos <= 20) return w.index + w.segment.length;
  return clusterEnd(graphemes, pos);
}

/** One regular expression finding every target in folded text (longest targets first); undefined when none. */
export function highlighter(targets: HighlightTarget[]): RegExp | undefined {
  const parts = [
    ...new Map(targets.filter((t) => t.text).map((t) => [`${t.wholeWord}:${t.text}`, t])).values(),
  ]
    .sort((a, b) => b.text.length - a.text.length)
    .map((t) => {
      const body = t.text
        .split(/\s+/)
        .filter(Boolean)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('\\s+');
      return t.wholeWord
        ? `(?<![\\p{L}\\p{N}\\p{M}])${body}(?![\\p{L}\\p{N}\\p{M}])`
        : `${body}(?![\\u0E31\\u0E34-\\u0E3A\\u0E47-\\u0E4E])`;
    });
  return parts.length ? new RegExp(parts.join('|'), 'gu') : undefined;
}

function merge(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Index of the range that starts the window of `length` characters covering the most ranges. */
function densest(ranges: [number, number][], length: number): number {
  let best = 0;
  let bestCount = 0;
  let j = 0;
  for (let i = 0; i < ranges.length; i++) {
    const limit = (ranges[i] as [number, number])[0] + length;
    if (j < i) j = i;
    while (j < ranges.length && (ranges[j] as [number, number])[1] <= limit) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = i;
    }
  }
  return best;
}

/** Escapes text for HTML (element content and attribute values). */
export function escapeText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\s+/g, ' ');
}
