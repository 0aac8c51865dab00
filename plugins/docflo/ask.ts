import { type DocumentView, iso } from '../../src/plugin-api.ts';
import { rolesOf } from './catalog.ts';
import { type DayRange, lastDay, takeRange } from './dates.ts';
import { amountOf, type Currency, type Fields } from './fields.ts';
import { contains, hasThai, norm, takeTypes } from './text.ts';

/** What a question asks for. */
export interface AskPlan {
  operation: 'count' | 'sum' | 'average' | 'min' | 'max' | 'list';
  /** Which amount: the type's total, or its tax / subtotal / amount due. */
  measure: 'total' | 'tax' | 'subtotal' | 'due';
  types: string[] | null;
  range: DayRange | null;
  vendor: string | null;
  groupBy: 'vendor' | 'type' | 'month' | null;
  language: 'th' | 'en';
}

const OPERATIONS: [AskPlan['operation'], RegExp][] = [
  ['count', /\bhow many\b|\bnumber of\b|\bcount\b|กี่|จำนวน(?!เงิน)/],
  ['average', /\baverage\b|\bmean\b|\bavg\b|เฉลี่ย/],
  ['max', /\b(?:highest|largest|biggest|maximum|max|most expensive)\b|สูงสุด|มากที่สุด|แพงที่สุด|ใหญ่ที่สุด/],
  ['min', /\b(?:lowest|smallest|minimum|min|cheapest)\b|ต่ำสุด|ต่ำที่สุด|น้อยที่สุด|ถูกที่สุด/],
  ['sum', /\b(?:total|sum|spent|spend|amount|how much)\b|ยอดรวม|รวม|ยอด|เท่าไร|เท่าไหร่|ทั้งหมดกี่บาท/],
];
const MEASURES: [AskPlan['measure'], RegExp][] = [
  ['tax', /\b(?:tax|vat)\b|ภาษี/],
  ['subtotal', /\bsub ?total\b|ก่อนภาษี|ก่อนvat/],
  ['due', /\b(?:amount )?due\b|ค้างชำระ|ยอดที่ต้องชำระ/],
];
const GROUPS: [NonNullable<AskPlan['groupBy']>, RegExp][] = [
  [
    'vendor',
    /\b(?:by|per|for each) (?:vendor|supplier|merchant|seller|company)\b|แยกตาม(?:ผู้ขาย|บริษัท|ร้าน|ผู้จำหน่าย)/,
  ],
  ['type', /\b(?:by|per|for each) (?:type|document type)\b|แยกตามประเภท/],
  ['month', /\b(?:by|per|for each) month\b|\bmonthly\b|รายเดือน|แยกตามเดือน/],
];
const MEASURE_FIELDS: Record<AskPlan['measure'], string[]> = {
  total: [],
  tax: ['TotalTax'],
  subtotal: ['SubTotal', 'Subtotal'],
  due: ['AmountDue', 'TotalAmountDue'],
};

/** Parses an English or Thai question into a plan (types given by the caller win over named ones). */
export function planQuestion(query: string, today: string, types?: string[]): AskPlan {
  const language = hasThai(query) ? 'th' : 'en';
  const named = takeTypes(norm(query));
  const dated = takeRange(named.rest, today);
  let rest = dated.rest;
  let groupBy: AskPlan['groupBy'] = null;
  for (const [g, re] of GROUPS)
    if (re.test(rest)) {
      groupBy = g;
      rest = rest.replace(re, ' ; ');
      break;
    }
  const vendorMatch =
    rest.match(
      /\b(?:from|by|vendor|supplier|merchant|seller)\s+(.+?)\s*(?=$|[?.!,;]|\b(?:this|last|in|during|between|since|before|after|on|for|with|and|that|which|dated|is|are|was|were)\b)/,
    ) ?? rest.match(/(?:จาก|ผู้ขาย|ผู้จำหน่าย|ร้าน)\s*(.+?)\s*(?=$|[?;]|เท่าไร|เท่าไหร่|มีกี่|กี่|ทั้งหมด|รวม|แสดง|ที่มี|คือ)/);
  let vendor = vendorMatch?.[1]?.replace(/['’]s$/, '').trim() || null;
  if (vendor && /^(?:the|all|any|each|a|an|ทั้งหมด)$/.test(vendor)) vendor = null;
  if (vendorMatch && vendor) rest = rest.replace(vendorMatch[0], ' ; ');
  const operation = OPERATIONS.find(([, re]) => re.test(rest))?.[0] ?? 'list';
  const measure = MEASURES.find(([, re]) => re.test(rest))?.[0] ?? 'total';
  const chosen = types?.length ? types : named.types.length ? named.types : null;
  return { operation, measure, types: chosen, range: dated.range, vendor, groupBy, language };
}

/** A document with its Docflo type and fields, as the assistant sees it. */
export interface AskDoc {
  doc: DocumentView;
  type: string;
  fields: Fields;
}

const COMPANY_WORDS =
  /บริษัท|จำกัด|\(มหาชน\)|มหาชน|ห้างหุ้นส่วน|หจก\.?|\b(?:co|ltd|inc|corp|llc|plc|company|limited|corporation)\b\.?/g;
const bareName = (s: string) =>
  norm(s).replace(COMPANY_WORDS, ' ').replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();

function partyOf(d: AskDoc): string | null {
  const role = rolesOf(d.type).party;
  const v = role ? d.fields[role]?.value : null;
  return typeof v === 'string' && v.trim() ? v : null;
}

function dateOf(d: AskDoc): { date: string; source: string } {
  const role = rolesOf(d.type).date;
  const v = role ? d.fields[role]?.value : null;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: v, source: role as string };
  return { date: (iso(d.doc.createdAt) as string).slice(0, 10), source: 'createdAt' };
}

function amountField(d: AskDoc, measure: AskPlan['measure']): string | undefined {
  if (measure === 'total') return rolesOf(d.type).amount;
  return MEASURE_FIELDS[measure].find((f) => f in d.fields);
}

interface Row {
  documentId: string;
  type: string;
  fileName: string;
  vendor: string | null;
  date: string;
  dateField: string;
  field: string | null;
  value: number | null;
  currency: string | null;
}

const fmt = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const round2 = (n: number) => Math.round(n * 100) / 100;

function aggregate(op: AskPlan['operation'], rows: Row[]) {
  const valued = rows.filter((r) => r.value !== null);
  const byCurrency = new Map<string, Row[]>();
  for (const r of valued) {
    const key = r.currency ?? '';
    byCurrency.set(key, [...(byCurrency.get(key) ?? []), r]);
  }
  const results = [...byCurrency.entries()].map(([currency, list]) => {
    const values = list.map((r) => r.value as number);
    const sum = values.reduce((a, b) => a + b, 0);
    const pick = (better: (a: number, b: number) => boolean) =>
      list.reduce((best, r) => (better(r.value as number, best.value as number) ? r : best));
    const value =
      op === 'sum'
        ? sum
        : op === 'average'
          ? sum / values.length
          : op === 'max'
            ? (pick((a, b) => a > b).value as number)
            : (pick((a, b) => a < b).value as number);
    const documentId =
      op === 'max'
        ? pick((a, b) => a > b).documentId
        : op === 'min'
          ? pick((a, b) => a < b).documentId
          : undefined;
    const shown = values.map(fmt);
    const expression =
      op === 'sum'
        ? `${shown.join(' + ')} = ${fmt(sum)}`
        : op === 'average'
          ? `(${shown.join(' + ')}) / ${values.length} = ${fmt(value)}`
          : `${op}(${shown.join(', ')}) = ${fmt(value)}`;
    return { currency: currency || null, result: round2(value), count: list.length, expression, documentId };
  });
  return { results, skipped: rows.filter((r) => r.value === null).map((r) => r.documentId) };
}

const TH_TYPE: Record<string, string> = {
  invoice: 'ใบแจ้งหนี้',
  receipt: 'ใบเสร็จ',
  purchaseOrder: 'ใบสั่งซื้อ',
  contract: 'สัญญา',
};
const TH_OP: Record<AskPlan['operation'], string> = {
  count: 'จำนวน',
  sum: 'ยอดรวม',
  average: 'ค่าเฉลี่ย',
  max: 'ยอดสูงสุด',
  min: 'ยอดต่ำสุด',
  list: 'รายการ',
};
const EN_OP: Record<AskPlan['operation'], string> = {
  count: 'number',
  sum: 'total amount',
  average: 'average amount',
  max: 'highest amount',
  min: 'lowest amount',
  list: 'list',
};
const money = (r: { result: number; currency: string | null }, th: boolean) =>
  `${fmt(r.result)}${r.currency ? ` ${th && r.currency === 'THB' ? 'บาท' : r.currency}` : ''}`;

function describe(plan: AskPlan, th: boolean): string {
  const types = plan.types?.length
    ? plan.types.map((t) => (th ? (TH_TYPE[t] ?? t) : `${t}s`)).join(th ? ', ' : ' and ')
    : th
      ? 'เอกสาร'
      : 'documents';
  const vendor = plan.vendor ? (th ? ` จาก ${plan.vendor}` : ` from ${plan.vendor}`) : '';
  const range = plan.range
    ? th
      ? ` ช่วง ${plan.range.from} ถึง ${lastDay(plan.range)}`
      : ` dated ${plan.range.from} to ${lastDay(plan.range)}`
    : '';
  return `${types}${vendor}${range}`;
}

/**
 * Answers a plan over documents: filters by type, vendor (company words ignored) and date range (the
 * type's date field, else the upload date), then counts, sums, averages, finds min/max (per currency)
 * or lists, optionally grouped by vendor, type or month. Returns the answer sentence in the question's
 * language, the computation and the source documents.
 */
export function answerPlan(plan: AskPlan, docs: AskDoc[]) {
  const th = plan.language === 'th';
  const vendor = plan.vendor ? bareName(plan.vendor) : null;
  const rows: Row[] = [];
  for (const d of docs) {
    if (plan.types && !plan.types.includes(d.type)) continue;
    const party = partyOf(d);
    if (vendor) {
      const p = party ? bareName(party) : '';
      if (!p || !(contains(p, vendor) || contains(vendor, p))) continue;
    }
    const { date, source } = dateOf(d);
    if (plan.range && (date < plan.range.from || date >= plan.range.to)) continue;
    const field = amountField(d, plan.measure) ?? null;
    const amount: Currency | undefined = field ? amountOf(d.fields[field]) : undefined;
    rows.push({
      documentId: d.doc.id,
      type: d.type,
      fileName: d.doc.name,
      vendor: party,
      date,
      dateField: source,
      field,
      value: amount?.amount ?? null,
      currency: amount?.currencyCode ?? null,
    });
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const what = describe(plan, th);
  const keyOf = (r: Row) =>
    plan.groupBy === 'vendor' ? (r.vendor ?? '?') : plan.groupBy === 'type' ? r.type : r.date.slice(0, 7);
  const groups = plan.groupBy
    ? [...Map.groupBy(rows, keyOf).entries()].map(([key, list]) => ({ key, rows: list }))
    : [{ key: null as string | null, rows }];

  const computed = groups.map((g) => {
    if (plan.operation === 'count' || plan.operation === 'list')
      return { group: g.key, count: g.rows.length, results: [], skipped: [] as string[] };
    return { group: g.key, count: g.rows.length, ...aggregate(plan.operation, g.rows) };
  });

  const sentence = (c: (typeof computed)[number]) => {
    if (plan.operation === 'count' || plan.operation === 'list') return String(c.count);
    if (!c.results.length) return th ? 'ไม่มีข้อมูลยอดเงิน' : 'no amounts';
    return c.results.map((r) => money(r, th)).join(th ? ' และ ' : ' and ');
  };
  let answer: string;
  if (!rows.length) answer = th ? `ไม่พบ${what}ที่ตรงกับคำถาม` : `No ${what} match the question.`;
  else if (plan.groupBy) answer = computed.map((c) => `${c.group}: ${sentence(c)}`).join(th ? ' | ' : '; ');
  else if (plan.operation === 'list')
    answer = th
      ? `พบ${what} ${rows.length} ฉบับ: ${rows.map((r) => r.fileName).join(', ')}`
      : `Found ${rows.length} ${what}: ${rows.map((r) => r.fileName).join(', ')}.`;
  else if (plan.operation === 'count')
    answer = th ? `มี${what} ${rows.length} ฉบับ` : `There are ${rows.length} ${what}.`;
  else
    answer = th
      ? `${TH_OP[plan.operation]}ของ${what} (${computed[0]?.results.reduce((n, r) => n + r.count, 0)} ฉบับ) คือ ${sentence(computed[0] as (typeof computed)[number])}`
      : `The ${EN_OP[plan.operation]} of ${what} (${computed[0]?.results.reduce((n, r) => n + r.count, 0)} with an amount) is ${sentence(computed[0] as (typeof computed)[number])}.`;

  return {
    answer,
    language: plan.language,
    computation: {
      operation: plan.operation,
      measure: plan.measure,
      filters: {
        types: plan.types,
        vendor: plan.vendor,
        dateRange: plan.range
          ? { from: plan.range.from, to: lastDay(plan.range), label: plan.range.label }
          : null,
      },
      groupBy: plan.groupBy,
      documentsConsidered: docs.length,
      documentsMatched: rows.length,
      groups: computed,
    },
    sources: rows.slice(0, 200),
  };
}
