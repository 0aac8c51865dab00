/**
 * Labels that OCR misread by a letter of the same shape: `ผู้ชื้อ` for ผู้ซื้อ (ซ read ช), `ลูกศ้า` for
 * ลูกค้า (ค read ศ), `Cuslomer` for Customer (t read l), `Bil To` for Bill To. Letters that tesseract
 * confuses are compared as one shape, on the skeleton (Thai marks dropped, as OCR drops them), and a
 * long label may differ by one more letter. Used only on OCR text: a text layer prints its labels as
 * they are written.
 */
import { editDistance } from '../text/edit-distance.ts';
import type { Cell } from './layout.ts';
import { toSkeleton } from './layout.ts';

/** Thai consonants and Latin letters OCR takes for one another, each mapped to one shape. */
const SHAPES: Record<string, string> = {
  ข: 'ข',
  ช: 'ข',
  ซ: 'ข',
  ฃ: 'ข',
  ค: 'ค',
  ด: 'ค',
  ต: 'ค',
  ศ: 'ค',
  ฅ: 'ค',
  ถ: 'ถ',
  ภ: 'ถ',
  ล: 'ถ',
  บ: 'บ',
  ป: 'บ',
  ษ: 'บ',
  พ: 'พ',
  ฟ: 'พ',
  ฬ: 'พ',
  น: 'น',
  ม: 'น',
  ห: 'น',
  ฆ: 'น',
  อ: 'อ',
  ฮ: 'อ',
  ผ: 'ผ',
  ฝ: 'ผ',
  l: 'l',
  i: 'l',
  t: 'l',
  '1': 'l',
  '|': 'l',
  j: 'l',
  o: 'o',
  '0': 'o',
  c: 'c',
  e: 'c',
  u: 'u',
  v: 'u',
};

const shapeOf = (ch: string) => SHAPES[ch] ?? ch;
const shapeString = (s: string) => [...toSkeleton(s).toLowerCase().replace(/\s+/g, '')].map(shapeOf).join('');
const LETTER = /[a-z0-9|\u0E01-\u0E2E\u0E30-\u0E39\u0E40-\u0E46]/i;

/**
 * The span (compact-text offsets, like `matchCell`) of one of `labels` at the start of a cell (after at
 * most three characters of OCR specks), read with look-alike letters as one shape; a label of six
 * shapes or more may also have lost or gained a letter, one of seven or more have one other letter
 * (`Sender` is not `Vendor`). A Latin label must end at a word's end. Null if none.
 */
export function looseLabelAt(
  cell: Pick<Cell, 'skeleton' | 'skeletonMap' | 'compact'>,
  labels: readonly string[],
): { start: number; end: number } | null {
  const sk = cell.skeleton;
  let s0 = 0;
  while (s0 < sk.length && !LETTER.test(sk[s0] as string)) s0++;
  if (s0 > 3 || s0 >= sk.length) return null;
  const chars: string[] = [];
  const at: number[] = [];
  for (let i = s0; i < sk.length && chars.length < 24; i++) {
    const ch = (sk[i] as string).toLowerCase();
    if (/\s/.test(ch)) continue;
    chars.push(shapeOf(ch));
    at.push(i);
  }
  const wanted = labels.map(shapeString).sort((a, b) => b.length - a.length);
  for (const want of wanted)
    for (const len of [want.length, want.length + 1, want.length - 1]) {
      if (len < 3 || len > chars.length) continue;
      const got = chars.slice(0, len).join('');
      const near = editDistance(got, want) <= 1 && want.length >= (len === want.length ? 7 : 6);
      if (got !== want && !near) continue;
      const last = at[len - 1] as number;
      const next = sk[last + 1] ?? '';
      if (/[a-z]/i.test(sk[last] as string) && /[a-z]/i.test(next)) continue;
      return { start: cell.skeletonMap[s0] ?? 0, end: cell.skeletonMap[last + 1] ?? cell.compact.length };
    }
  return null;
}

/** Buyer labels as printed, for {@link looseLabelAt}. */
export const LOOSE_BUYER_LABELS = [
  'ลูกค้า',
  'ชื่อลูกค้า',
  'นามลูกค้า',
  'ผู้ซื้อ',
  'ชื่อผู้ซื้อ',
  'นามผู้ซื้อ',
  'customer',
  'bill to',
  'sold to',
  'buyer',
] as const;

/** Seller labels as printed, for {@link looseLabelAt}. */
export const LOOSE_SELLER_LABELS = [
  'ผู้ขาย',
  'ชื่อผู้ขาย',
  'ผู้จำหน่าย',
  'ผู้ให้บริการ',
  'vendor',
  'supplier',
  'seller',
] as const;
