/**
 * The ground truth of one evaluation document, recorded while its HTML is written: a template prints
 * every scored value through `Ink.put`, so the truth holds exactly what the page shows (and `null` for
 * what it does not), together with the text as printed.
 */

/** documentType values of the evaluation set (see README.md for the mapping). */
export type EvalKind =
  | 'tax_invoice'
  | 'invoice'
  | 'receipt'
  | 'quotation'
  | 'purchase_order'
  | 'credit_note'
  | 'debit_note'
  | 'delivery_note'
  | 'billing_note'
  | 'withholding_tax_certificate'
  | 'letter';

export interface PartyTruth {
  name: string | null;
  /** 13 digits, no separators. */
  taxId: string | null;
  /** `00000` head office, `00001`... branch. */
  branch: string | null;
  /** Address lines as printed, joined with one space. */
  address: string | null;
  /** As printed (scoring compares digits only). */
  phone: string | null;
  email: string | null;
}

export interface LineItemTruth {
  description: string;
  quantity: number | null;
  unitPrice: number | null;
  amount: number | null;
}

/** What a perfect extractor returns for the document, plus how it was made. */
export interface EvalTruth {
  id: string;
  documentType: EvalKind;
  /** Which generator template and variant drew it, e.g. `express/tax_invoice`. */
  template: string;
  lang: 'th' | 'en' | 'bi';
  documentNumber: string | null;
  /** ISO yyyy-mm-dd, Gregorian. */
  issueDate: string | null;
  dueDate: string | null;
  seller: PartyTruth;
  buyer: PartyTruth;
  currency: 'THB';
  subtotal: number | null;
  vat: number | null;
  total: number | null;
  lineItems: LineItemTruth[];
  /** Values beyond the scored fields (reference numbers, book number, withheld tax, deadlines...). */
  extra: Record<string, unknown>;
  /** Scored values as they are printed on the page (path → text). */
  printed: Record<string, string>;
  /** Page size, fonts, features and distractors of the rendering. */
  render: Record<string, unknown>;
  /** How the scans were degraded. */
  scan: Record<string, unknown> | null;
  /** File names in the output directory. */
  files: { pdf: string; scan300: string[]; scan200: string[] };
}

type PartyField = keyof PartyTruth;
/** A scored value a template can print. */
export type TruthPath =
  | 'documentNumber'
  | 'issueDate'
  | 'dueDate'
  | `seller.${PartyField}`
  | `buyer.${PartyField}`
  | 'subtotal'
  | 'vat'
  | 'total';

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** Records what a template prints. */
export class Ink {
  private readonly values = new Map<TruthPath, unknown>();
  readonly printed: Record<string, string> = {};
  private items: LineItemTruth[] = [];
  readonly extra: Record<string, unknown> = {};
  readonly features = new Set<string>();

  /**
   * Prints a scored value: `value` is the truth (a string, ISO date, number), `text` how the page
   * shows it. Returns the HTML-escaped text. The first print of a path is the one recorded.
   */
  put(path: TruthPath, value: unknown, text: string): string {
    if (!this.values.has(path)) {
      this.values.set(path, value);
      this.printed[path] = text;
    }
    return esc(text);
  }

  /** Whether `path` has been printed. */
  has(path: TruthPath): boolean {
    return this.values.has(path);
  }

  /** The line items the page shows (prices null when the document prints none). */
  setItems(items: LineItemTruth[]): void {
    this.items = items;
  }

  /** Assembles the truth; unprinted fields are null. */
  truth(
    base: Pick<EvalTruth, 'id' | 'documentType' | 'template' | 'lang'> & { render: Record<string, unknown> },
  ): EvalTruth {
    const v = <T>(p: TruthPath): T | null => (this.values.has(p) ? (this.values.get(p) as T) : null);
    const party = (role: 'seller' | 'buyer'): PartyTruth => ({
      name: v(`${role}.name`),
      taxId: v(`${role}.taxId`),
      branch: v(`${role}.branch`),
      address: v(`${role}.address`),
      phone: v(`${role}.phone`),
      email: v(`${role}.email`),
    });
    return {
      id: base.id,
      documentType: base.documentType,
      template: base.template,
      lang: base.lang,
      documentNumber: v('documentNumber'),
      issueDate: v('issueDate'),
      dueDate: v('dueDate'),
      seller: party('seller'),
      buyer: party('buyer'),
      currency: 'THB',
      subtotal: v('subtotal'),
      vat: v('vat'),
      total: v('total'),
      lineItems: this.items,
      extra: this.extra,
      printed: this.printed,
      render: { ...base.render, features: [...this.features].sort() },
      scan: null,
      files: { pdf: '', scan300: [], scan200: [] },
    };
  }
}

export { esc };
