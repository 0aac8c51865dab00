import type { PageResult } from '../ocr/types.ts';
import { normalizeThai } from '../text/thai.ts';

/** A page of extracted (not OCRed) text: normalized per the Thai text rules, the raw text kept. */
export function textPage(page: number, raw: string): PageResult {
  return {
    page,
    source: 'text',
    width: 0,
    height: 0,
    text: normalizeThai(raw),
    rawText: raw,
    confidence: null,
    blocks: [],
  };
}
