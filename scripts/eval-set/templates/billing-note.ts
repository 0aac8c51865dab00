/**
 * ใบวางบิล (billing note): the seller lists the customer's open invoices, their dates, due dates and
 * amounts; the note carries its own number, date and the agreed payment (cheque collection) date.
 */
import { branchText, type Ctx, documentNumber, issueDay, personPair } from '../model.ts';
import { makeParty } from '../parties.ts';
import { addDays, bahtText, type Day, englishBahtText, iso, money, round2 } from '../thai.ts';
import { esc } from '../truth.ts';
import type { Pair } from '../vocab.ts';
import { bi, brandColor, htmlPage, logo, roundStamp, signBox } from './common.ts';
import { partyBlock, partyLabels, partyLines, partyName, partyRows, rowsTable } from './commercial-parts.ts';

export function buildBillingNote(ctx: Ctx): {
  html: string;
  template: string;
  render: Record<string, unknown>;
} {
  const rng = ctx.rng;
  const L = partyLabels(ctx);
  const seller = makeParty(rng);
  const buyer = makeParty(rng);
  const issue = issueDay(rng);
  const due = addDays(issue, rng.pick([7, 10, 14, 15, 30]));
  const number = documentNumber(
    rng,
    'billing_note',
    issue,
    rng.pick(['yy-month-dash', 'be-month-dash', 'compact-ce', 'seq-be'] as const),
    seller.initials,
  );
  const a5 = rng.chance(0.3);
  const n = a5 ? rng.int(2, 5) : rng.int(2, 8);
  const refs: { number: string; date: Day; due: Day; amount: number }[] = [];
  for (let i = 0; i < n; i++) {
    const date = addDays(issue, -rng.int(5, 50));
    refs.push({
      number: documentNumber(rng, 'tax_invoice', date, 'yy-month-dash', seller.initials),
      date,
      due: addDays(date, 30),
      amount: round2(rng.float(800, 60000)),
    });
  }
  refs.sort((a, b) => iso(a.date).localeCompare(iso(b.date)));
  const total = round2(refs.reduce((s, r) => s + r.amount, 0));
  const issuer = partyBlock('seller', seller, {
    address: true,
    taxId: rng.chance(0.85),
    branch: rng.chance(0.7),
    phone: rng.chance(0.9),
    email: rng.chance(0.4),
    fax: rng.chance(0.3),
  });
  issuer.branchText = issuer.show.taxId && issuer.show.branch ? branchText(rng, ctx.lang, seller) : null;
  const counterLabel: Pair = rng.pick([
    ['ลูกค้า', 'Customer'],
    ['นามลูกค้า', 'Customer'],
    ['ชื่อลูกค้า', 'Bill To'],
  ] as Pair[]);
  const counter = partyBlock(
    'buyer',
    buyer,
    {
      address: rng.chance(0.9),
      taxId: rng.chance(0.5),
      branch: rng.chance(0.5),
      phone: rng.chance(0.3),
      contact: rng.chance(0.3),
      code: rng.chance(0.5) ? `AR-${rng.int(100, 999)}` : null,
    },
    counterLabel,
  );
  counter.branchText = counter.show.taxId && counter.show.branch ? branchText(rng, ctx.lang, buyer) : null;
  const color = brandColor(rng);
  const title: Pair = rng.pick([
    ['ใบวางบิล', 'BILLING NOTE'],
    ['ใบวางบิล/ใบแจ้งหนี้', 'BILLING NOTE'],
    ['ใบวางบิล', 'Billing Note'],
  ] as Pair[]);
  const totalLabel: Pair =
    ctx.slot.totalLabel ??
    rng.pick([
      ['รวมเงิน', 'Total'],
      ['ยอดรวมทั้งสิ้น', 'Grand Total'],
      ['รวมเป็นเงินทั้งสิ้น', 'Total Amount'],
      ['ยอดรวม', 'Total'],
    ] as Pair[]);
  const dueLabel: Pair = rng.pick([
    ['กำหนดชำระเงิน', 'Payment Date'],
    ['วันนัดชำระ', 'Payment Due'],
    ['กำหนดรับเช็ค', 'Cheque Collection Date'],
    ['ครบกำหนดชำระ', 'Due Date'],
  ] as Pair[]);
  ctx.ink.extra.references = refs.map((r) => ({
    number: r.number,
    date: iso(r.date),
    dueDate: iso(r.due),
    amount: r.amount,
  }));
  ctx.ink.setItems([]);
  ctx.ink.features.add('invoice-list');
  const rows = refs
    .map(
      (r, i) =>
        `<tr><td class="c">${i + 1}</td><td>${esc(r.number)}</td><td class="c">${esc(ctx.date(r.date))}</td><td class="c">${esc(ctx.date(r.due))}</td><td class="r">${esc(money(r.amount))}</td><td></td></tr>`,
    )
    .join('');
  const info = rowsTable(
    [
      [bi(ctx.lang, ['เลขที่', 'No.']), ctx.ink.put('documentNumber', number, number)],
      [bi(ctx.lang, ['วันที่', 'Date']), ctx.putDate('issueDate', issue)],
      [bi(ctx.lang, dueLabel), ctx.putDate('dueDate', due)],
    ],
    'kv',
  );
  const words = ctx.lang === 'en' ? englishBahtText(total) : bahtText(total);
  const body = `<div class="hdr"><div class="co">${logo(rng, seller.initials, color, a5 ? 12 : 16)}<div><div class="co-name">${partyName(ctx, issuer)}</div>${partyLines(
    ctx,
    issuer,
    L,
    { english: true },
  )
    .map((l) => `<div class="small">${l}</div>`)
    .join('')}</div></div><div class="title">${bi(ctx.lang, title, '<br>')}</div></div>
<div class="two"><div class="box">${rowsTable(partyRows(ctx, counter, L), 'kv')}</div><div class="box meta">${info}</div></div>
<p>${esc(ctx.t(['บริษัทฯ ขอวางบิลตามรายการดังต่อไปนี้', 'We submit the following invoices for payment']))}</p>
<table class="t"><thead><tr><th>${bi(ctx.lang, ['ลำดับ', 'No.'], '<br>')}</th><th>${bi(ctx.lang, ['เลขที่ใบกำกับภาษี', 'Invoice No.'], '<br>')}</th><th>${bi(ctx.lang, ['ลงวันที่', 'Invoice Date'], '<br>')}</th><th>${bi(ctx.lang, ['วันครบกำหนด', 'Due Date'], '<br>')}</th><th>${bi(ctx.lang, ['จำนวนเงิน', 'Amount'], '<br>')}</th><th>${bi(ctx.lang, ['หมายเหตุ', 'Remark'], '<br>')}</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><td colspan="2" class="c">${esc(ctx.lang === 'en' ? `${n} invoices` : `รวม ${n} ฉบับ`)}</td><td colspan="2" class="r b">${bi(ctx.lang, totalLabel)}</td><td class="r b">${ctx.putMoney('total', total)}</td><td></td></tr>
<tr><td colspan="6" class="c">(${esc(words)})</td></tr></tfoot></table>
<div class="sigs"><div>${signBox(rng, bi(ctx.lang, ['ผู้วางบิล', 'Billed by']), { signed: true, date: `${bi(ctx.lang, ['วันที่', 'Date'])} ${esc(ctx.date(issue))}`, name: ctx.t(personPair(rng)) })}</div>
<div>${signBox(rng, bi(ctx.lang, ['ผู้รับวางบิล', 'Received by']), { signed: rng.chance(0.5), date: `${bi(ctx.lang, ['วันที่', 'Date'])} ____/____/______` })}</div>
${rng.chance(0.5) ? `<div class="stampwrap">${roundStamp(rng, seller.name, seller.initials, 26)}</div>` : ''}</div>`;
  const font = ctx.slot.font ?? rng.pick(['Norasi', 'Loma', 'Garuda', 'Kinnari', 'Umpush']);
  const css = `.hdr { display: flex; justify-content: space-between; gap: 4mm; } .co { display: flex; gap: 3mm; }
.co-name { font-weight: bold; font-size: 1.3em; } .title { font-size: 1.5em; font-weight: bold; text-align: right; color: ${color}; }
.two { display: flex; gap: 3mm; margin-top: 3mm; } .box { flex: 1.6; border: 1px solid #444; padding: 1.5mm 2mm; } .box.meta { flex: 1; }
.kv td { padding: 0.2mm 1mm; vertical-align: top; } .kv td.lbl { white-space: nowrap; }
.t { width: 100%; } .t th, .t td { border: 1px solid #444; padding: 0.8mm 1.2mm; } .t th { background: #eee; }
.sigs { position: relative; display: flex; justify-content: space-around; margin-top: 8mm; } .sigs > div { width: 60mm; }
.stampwrap { position: absolute; left: 40%; top: -6mm; width: auto !important; }`;
  return {
    html: htmlPage({
      page: a5 ? 'A5L' : 'A4',
      margin: a5 ? '7mm 9mm' : '12mm 14mm',
      font,
      scale: a5 ? 0.82 : 1,
      css,
      body,
    }),
    template: 'billing/billing_note',
    render: { page: a5 ? 'A5L' : 'A4', font },
  };
}
