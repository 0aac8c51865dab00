/**
 * A page of a pre-printed receipt book (ใบเสร็จรับเงิน, เล่มที่/เลขที่ in red) filled in by hand: the
 * printed form in a book face, the values in a handwriting face and blue ink, amounts written `1,250.-`.
 */
import { type Ctx, issueDay, lineTruths, makeLines } from '../model.ts';
import { makeParty } from '../parties.ts';
import { bahtText, iso, MONTHS_TH, money, pad } from '../thai.ts';
import { esc } from '../truth.ts';
import { htmlPage, roundStamp, signature } from './common.ts';
import { partyAddress, partyBlock, partyName, partyTax } from './commercial-parts.ts';

const handMoney = (n: number, dash: boolean) =>
  dash && Number.isInteger(n) ? `${money(n).slice(0, -3)}.-` : money(n);

export function buildReceiptBook(ctx: Ctx): {
  html: string;
  template: string;
  render: Record<string, unknown>;
} {
  const rng = ctx.rng;
  const seller = makeParty(rng, [
    ['shop', 3],
    ['partnership', 1],
  ]);
  const buyer = makeParty(rng, [
    ['company', 3],
    ['person', 2],
    ['partnership', 1],
  ]);
  const issue = issueDay(rng);
  const lines = makeLines(rng, seller.trade, rng.int(1, 4)).map((l) => {
    const unitPrice = Math.max(1, Math.round(l.unitPrice));
    const quantity = Math.max(1, Math.round(l.quantity));
    return { ...l, quantity, unitPrice, discount: 0, amount: quantity * unitPrice };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const dash = rng.chance(0.6);
  const book = String(rng.int(1, 40));
  const number = pad(rng.int(1, 2500), 4);
  const sellerBlock = partyBlock('seller', seller, { address: true, taxId: rng.chance(0.6), phone: true });
  const buyerBlock = partyBlock('buyer', buyer, { address: rng.chance(0.6) }, ['ได้รับเงินจาก', '']);
  const hand = (html: string, w = '') =>
    `<span class="hand"${w ? ` style="min-width:${w}"` : ''}>${html}</span>`;
  const monthName = MONTHS_TH[issue.m - 1] as string;
  const dateText = `${issue.d} เดือน ${monthName} พ.ศ. ${issue.y + 543}`;
  ctx.ink.put('issueDate', iso(issue), dateText);
  ctx.ink.extra.bookNumber = book;
  ctx.ink.setItems(lineTruths(lines, (l) => l.desc[0]));
  const rows = Array.from({ length: 5 }, (_, i) => {
    const l = lines[i];
    return l
      ? `<tr><td class="c">${hand(String(i + 1))}</td><td>${hand(esc(l.desc[0]))}</td><td class="c">${hand(String(l.quantity))}</td><td class="r">${hand(esc(handMoney(l.unitPrice, dash)))}</td><td class="r">${hand(esc(handMoney(l.amount, dash)))}</td></tr>`
      : '<tr><td>&nbsp;</td><td></td><td></td><td></td><td></td></tr>';
  }).join('');
  const tax = partyTax(ctx, sellerBlock);
  const addr = partyAddress(ctx, buyerBlock, ' ');
  const totalText = handMoney(total, dash);
  ctx.ink.put('total', total, totalText);
  const body = `<div class="top"><div><div class="shop">${partyName(ctx, sellerBlock)}</div>
<div class="small">${partyAddress(ctx, sellerBlock, ' ')}</div>
<div class="small">โทร. ${ctx.ink.put('seller.phone', seller.phone, seller.phone)}${tax ? `&nbsp;&nbsp; เลขประจำตัวผู้เสียภาษี ${tax}` : ''}</div></div>
<div class="bookno">เล่มที่ <span class="red">${esc(book)}</span><br>เลขที่ <span class="red">${ctx.ink.put('documentNumber', number, number)}</span></div></div>
<div class="title">ใบเสร็จรับเงิน</div>
<div class="right">วันที่ ${hand(String(issue.d), '8mm')} เดือน ${hand(esc(monthName), '22mm')} พ.ศ. ${hand(String(issue.y + 543), '12mm')}</div>
<div class="line">ได้รับเงินจาก ${hand(partyName(ctx, buyerBlock), '90mm')}</div>
${addr ? `<div class="line">ที่อยู่ ${hand(addr, '120mm')}</div>` : ''}
<table class="t"><thead><tr><th style="width:10mm">ลำดับ</th><th>รายการ</th><th style="width:16mm">จำนวน</th><th style="width:24mm">หน่วยละ</th><th style="width:28mm">จำนวนเงิน</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><td colspan="3">ตัวอักษร ${hand(`(${esc(bahtText(total))})`)}</td><td class="r">รวมเงิน</td><td class="r">${hand(esc(totalText))}</td></tr></tfoot></table>
<div class="sign">${rng.chance(0.5) ? `<div class="stampwrap">${roundStamp(rng, seller.name, seller.initials, 24)}</div>` : ''}<div class="sig">${signature(rng, 30)}</div>ลงชื่อ ......................................... ผู้รับเงิน</div>`;
  const font = ctx.slot.font ?? rng.pick(['Norasi', 'Kinnari', 'Garuda']);
  const css = `.top { display: flex; justify-content: space-between; } .shop { font-size: 1.5em; font-weight: bold; }
.bookno { text-align: right; font-size: 1.05em; } .red { color: #c00; font-weight: bold; font-size: 1.2em; }
.title { text-align: center; font-size: 1.6em; font-weight: bold; margin: 1mm 0; letter-spacing: 1px; }
.right { text-align: right; } .line { margin: 1mm 0; }
.hand { font-family: 'Purisa', cursive; color: #1e3a8a; border-bottom: 1px dotted #555; display: inline-block; padding: 0 1.5mm; }
.t { width: 100%; margin-top: 2mm; } .t th, .t td { border: 1px solid #333; padding: 0.4mm 1mm; } .t td .hand { border: none; }
.sign { position: relative; text-align: right; margin-top: 9mm; } .sig { position: absolute; right: 22mm; top: -8mm; }
.stampwrap { position: absolute; right: 70mm; top: -12mm; }`;
  ctx.ink.features.add('handwriting');
  return {
    html: htmlPage({ page: 'A5L', margin: '8mm 10mm', font, scale: 0.9, css, body }),
    template: 'receipt-book/receipt',
    render: { page: 'A5L', font, handwriting: 'Purisa', dateStyle: 'th-month-word-spaced' },
  };
}
