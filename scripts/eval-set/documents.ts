/**
 * The schedule of the evaluation set (which kinds, templates and hard cases each position gets) and
 * the dispatch from a slot to its template. Positions beyond the schedule cycle through it with only
 * the kind and template variant fixed.
 */
import { Ctx, type Lang, type Slot } from './model.ts';
import { makeRng } from './rng.ts';
import type { DateStyle } from './thai.ts';
import { buildBillingNote } from './templates/billing-note.ts';
import { renderCommercial } from './templates/commercial-layouts.ts';
import {
  type CommercialKind,
  commercialView,
  type Family,
  familiesFor,
} from './templates/commercial-view.ts';
import { buildLetter } from './templates/letter.ts';
import { buildReceiptBook } from './templates/receipt-book.ts';
import { buildSlip } from './templates/slip.ts';
import { buildWht } from './templates/wht.ts';
import type { EvalTruth } from './truth.ts';

/** The default set: every kind, and each hard case named in issue 17 at least once. */
export const SCHEDULE: readonly Slot[] = [
  { kind: 'tax_invoice', family: 'express', wrapNumber: true, numberPattern: 'be-month-dash' },
  { kind: 'purchase_order', family: 'word', lang: 'th', counterLabel: ['ถึง ผู้ขาย', 'To Vendor'] },
  { kind: 'credit_note', family: 'express' },
  { kind: 'letter', variant: 'letter', dateStyle: 'th-long' },
  { kind: 'tax_invoice', family: 'cloud', dateStyle: 'th-month-word' },
  { kind: 'quotation', family: 'band', numberPattern: 'be-month-dash', wrapNumber: true },
  { kind: 'withholding_tax_certificate', variant: 'official' },
  { kind: 'invoice', family: 'corporate', lang: 'en' },
  { kind: 'billing_note' },
  { kind: 'receipt', variant: 'book' },
  { kind: 'tax_invoice', variant: 'abbreviated' },
  { kind: 'delivery_note', family: 'express' },
  { kind: 'purchase_order', family: 'corporate', lang: 'bi', counterLabel: ['ผู้ขาย', 'Vendor'] },
  { kind: 'debit_note', family: 'cloud' },
  {
    kind: 'tax_invoice',
    family: 'word',
    numberPattern: 'seq-be',
    dateStyle: 'th-abbr-short',
    totalLabel: ['ยอดรวม', 'Total'],
  },
  { kind: 'letter', variant: 'memo', dateStyle: 'th-digits-long' },
  { kind: 'tax_invoice', family: 'express', multiPage: true },
  { kind: 'invoice', family: 'cloud', lang: 'th', totalLabel: ['ยอดรวม Total', ''] },
  { kind: 'quotation', family: 'cloud' },
  { kind: 'withholding_tax_certificate', variant: 'software' },
  { kind: 'receipt', family: 'word' },
  { kind: 'tax_invoice', family: 'corporate', lang: 'bi', totalLabel: ['ยอดรวมทั้งสิ้น', 'Grand Total'] },
  { kind: 'purchase_order', family: 'express', counterLabel: ['ถึง ผู้ขาย', 'To Vendor'] },
  { kind: 'credit_note', family: 'cloud', dateStyle: 'th-digits-abbr' },
  { kind: 'delivery_note', family: 'word' },
  { kind: 'billing_note', dateStyle: 'th-abbr' },
  { kind: 'tax_invoice', family: 'band' },
  { kind: 'letter', variant: 'en', lang: 'en' },
  { kind: 'invoice', family: 'word', dateStyle: 'th-month-word-spaced' },
  { kind: 'tax_invoice', variant: 'abbreviated', totalLabel: ['ยอดรวม', 'TOTAL'] },
  { kind: 'quotation', family: 'corporate', lang: 'en' },
  { kind: 'purchase_order', family: 'band', counterLabel: ['Vendor', 'Vendor'] },
  { kind: 'debit_note', family: 'express' },
  { kind: 'tax_invoice', family: 'cloud', multiPage: true },
  { kind: 'receipt', variant: 'book' },
  { kind: 'withholding_tax_certificate', variant: 'official', dateStyle: 'th-month-word' },
  { kind: 'letter', variant: 'letter', dateStyle: 'th-digits-long' },
  { kind: 'invoice', family: 'express', dateStyle: 'slash-be-short' },
  { kind: 'tax_invoice', family: 'express', page: 'A5L' },
  { kind: 'delivery_note', family: 'band' },
  { kind: 'credit_note', family: 'word', totalLabel: ['ยอดรวมทั้งสิ้น', 'Total'] },
  { kind: 'quotation', family: 'word', dateStyle: 'th-month-word' },
  { kind: 'tax_invoice', family: 'corporate', lang: 'en', multiPage: true },
  { kind: 'billing_note', lang: 'bi' },
  { kind: 'tax_invoice', family: 'cloud', dateStyle: 'th-abbr-short' },
  { kind: 'purchase_order', family: 'cloud' },
  { kind: 'letter', variant: 'memo' },
  { kind: 'invoice', family: 'band', dateStyle: 'th-digits-abbr' },
];

/** The slot of position `i` (0-based). */
export function slotAt(i: number): Slot {
  const s = SCHEDULE[i % SCHEDULE.length] as Slot;
  return i < SCHEDULE.length ? s : { kind: s.kind, variant: s.variant };
}

const LETTER_STYLES: readonly DateStyle[] = [
  'th-long',
  'th-long',
  'th-long-be',
  'th-month-word',
  'th-digits-long',
  'th-abbr',
];

function langFor(family: Family | null, kind: Slot['kind'], rng: ReturnType<typeof makeRng>): Lang {
  if (kind === 'withholding_tax_certificate') return 'th';
  if (kind === 'letter')
    return rng.weighted([
      ['th', 5],
      ['en', 1],
    ]);
  switch (family) {
    case 'corporate':
      return rng.weighted([
        ['en', 5],
        ['bi', 4],
        ['th', 1],
      ]);
    case 'band':
      return rng.weighted([
        ['bi', 6],
        ['th', 3],
        ['en', 1],
      ]);
    case 'express':
      return rng.weighted([
        ['th', 6],
        ['bi', 4],
      ]);
    case 'cloud':
      return rng.weighted([
        ['th', 7],
        ['bi', 3],
      ]);
    case 'word':
      return rng.weighted([
        ['th', 19],
        ['bi', 1],
      ]);
    default:
      return rng.weighted([
        ['th', 7],
        ['bi', 3],
      ]);
  }
}

/** Writes document `index` of the set made with `seed`: its HTML and its truth (files not yet set). */
export function buildDocument(seed: string, index: number): { html: string; truth: EvalTruth } {
  const slot = slotAt(index);
  const rng = makeRng(`${seed}/doc/${index}`);
  const commercial =
    slot.kind !== 'withholding_tax_certificate' &&
    slot.kind !== 'letter' &&
    slot.kind !== 'billing_note' &&
    slot.variant !== 'abbreviated' &&
    slot.variant !== 'book';
  const family: Family | null = commercial
    ? ((slot.family as Family | undefined) ?? rng.weighted(familiesFor(slot.kind as CommercialKind)))
    : null;
  let lang = slot.lang ?? langFor(family, slot.kind, rng);
  if (
    slot.variant === 'abbreviated' ||
    slot.variant === 'book' ||
    slot.variant === 'memo' ||
    slot.variant === 'letter'
  )
    lang = 'th';
  if (slot.variant === 'en') lang = 'en';
  const effective: Slot =
    slot.kind === 'letter' && !slot.dateStyle
      ? {
          ...slot,
          dateStyle: lang === 'en' ? rng.pick(['en-long', 'en-us'] as const) : rng.pick(LETTER_STYLES),
        }
      : slot;
  const id = `ev2-${String(index + 1).padStart(3, '0')}-${slot.kind}`;
  const ctx = new Ctx(rng.fork('content'), id, lang, effective);
  let html: string;
  let template: string;
  let render: Record<string, unknown>;
  if (family) {
    const view = commercialView(ctx, slot.kind as CommercialKind, family);
    html = renderCommercial(ctx, view);
    template = `${family}/${slot.kind}`;
    render = {
      page: view.page,
      font: view.font,
      family,
      title: view.title[0],
      counterLabel: view.counter.label[0],
    };
  } else {
    const built =
      slot.kind === 'withholding_tax_certificate'
        ? buildWht(ctx)
        : slot.kind === 'letter'
          ? buildLetter(ctx)
          : slot.kind === 'billing_note'
            ? buildBillingNote(ctx)
            : slot.variant === 'book'
              ? buildReceiptBook(ctx)
              : buildSlip(ctx);
    ({ html, template, render } = built);
  }
  const features = ctx.ink.features;
  const intendedPages = features.has('multi-page') ? null : features.has('copy-page') ? 2 : 1;
  render = { dateStyle: ctx.dateStyle, ...render, intendedPages };
  const truth = ctx.ink.truth({ id, documentType: slot.kind, template, lang, render });
  return { html, truth };
}
