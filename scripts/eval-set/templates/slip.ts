/**
 * ใบกำกับภาษีอย่างย่อ: the 80 mm till slip of a shop, café or petrol station (abbreviated tax invoice,
 * VAT included in the prices), with POS registration number, cash tendered and change as distractors.
 */
import { branchText, type Ctx, issueDay, lineTruths, makeLines } from '../model.ts';
import { makeParty } from '../parties.ts';
import { type DateStyle, money, pad, qty } from '../thai.ts';
import { esc } from '../truth.ts';
import type { Pair } from '../vocab.ts';
import { htmlPage } from './common.ts';
import { partyAddress, partyBlock, partyName, partyTax } from './commercial-parts.ts';

export function buildSlip(ctx: Ctx): { html: string; template: string; render: Record<string, unknown> } {
  const rng = ctx.rng;
  const seller = makeParty(rng, [
    ['company', 3],
    ['public', 2],
  ]);
  const issue = issueDay(rng);
  const style: DateStyle =
    ctx.slot.dateStyle ??
    rng.pick(['slash-be', 'slash-be-short', 'slash-ce', 'th-abbr-short', 'dash-be'] as const);
  const lines = makeLines(rng, 'retail', rng.int(1, 6), { retail: true });
  const total = Math.round(lines.reduce((s, l) => s + l.amount, 0) * 100) / 100;
  const vat = Math.round(((total * 7) / 107) * 100) / 100;
  const net = Math.round((total - vat) * 100) / 100;
  const block = partyBlock('seller', seller, {
    address: true,
    taxId: true,
    branch: true,
    phone: rng.chance(0.5),
  });
  block.branchText =
    seller.branch === '00000' ? rng.pick(['สำนักงานใหญ่', '(สำนักงานใหญ่)']) : branchText(rng, 'th', seller);
  const number = rng.pick([
    `${rng.pick(['T', 'R', 'S'])}${pad(rng.int(1, 99), 2)}${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 99999), 6)}`,
    `${rng.int(100, 999)}${pad(rng.int(1, 9999999), 7)}`,
    `ABB${issue.y % 100}${pad(issue.m)}${pad(rng.int(1, 9999), 5)}`,
  ]);
  const time = `${pad(rng.int(7, 21))}:${pad(rng.int(0, 59))}${rng.chance(0.4) ? `:${pad(rng.int(0, 59))}` : ''}`;
  const cash = Math.ceil(total / 100) * 100 + rng.pick([0, 0, 100, 500]);
  const showVat = rng.chance(0.65);
  const totalLabel: Pair =
    ctx.slot.totalLabel ??
    rng.pick([
      ['ยอดรวม', 'TOTAL'],
      ['รวมทั้งสิ้น', 'TOTAL'],
      ['ยอดสุทธิ', 'NET'],
      ['รวมเงิน', 'TOTAL'],
    ] as Pair[]);
  const english = rng.chance(0.5);
  const lab = (p: Pair) => esc(english ? `${p[0]} ${p[1]}` : p[0]);
  ctx.ink.setItems(lineTruths(lines, (l) => l.desc[0]));
  const itemHtml = lines
    .map(
      (l) =>
        `<tr><td>${esc(qty(l.quantity))} ${esc(l.desc[0])}${l.quantity !== 1 ? `<div class="at">@${esc(money(l.unitPrice))}</div>` : ''}</td><td class="r">${esc(money(l.amount))}</td></tr>`,
    )
    .join('');
  const posId = `${rng.pick(['E', 'POS'])}${rng.int(10000000, 99999999)}${rng.int(10000, 99999)}`;
  const body = `<div class="c b">${partyName(ctx, block)}</div>
<div class="c small">${block.branchText ? ctx.ink.put('seller.branch', seller.branch, block.branchText) : ''}</div>
<div class="c small">${partyAddress(ctx, block, ' ')}</div>
${block.show.phone ? `<div class="c small">โทร. ${ctx.ink.put('seller.phone', seller.phone, seller.phone)}</div>` : ''}
<div class="c small">${english ? 'TAX ID' : 'เลขประจำตัวผู้เสียภาษี'} ${partyTax(ctx, { ...block, branchText: null }) ?? ''}</div>
<div class="c small">${english ? '(VAT Included)' : '(ราคารวมภาษีมูลค่าเพิ่มแล้ว)'}</div>
<div class="c small">POS ID: ${esc(posId)}</div>
<div class="c b title">ใบกำกับภาษีอย่างย่อ${english ? '<br>TAX INVOICE (ABB)' : ''}</div>
<table><tr><td>${lab(['เลขที่', 'No.'])}</td><td class="r">${ctx.ink.put('documentNumber', number, number)}</td></tr>
<tr><td>${lab(['วันที่', 'Date'])}</td><td class="r">${ctx.putDate('issueDate', issue, style)} ${esc(time)}</td></tr>
<tr><td>${lab(['พนักงาน', 'Cashier'])}</td><td class="r">${rng.int(1001, 9999)}</td></tr></table>
<div class="rule"></div>
<table>${itemHtml}</table>
<div class="rule"></div>
<table>
<tr><td>${esc(`${lines.reduce((s, l) => s + (Number.isInteger(l.quantity) ? l.quantity : 1), 0)} ${english ? 'ITEM(S)' : 'ชิ้น'}`)}</td><td></td></tr>
<tr class="b big"><td>${lab(totalLabel)}</td><td class="r">${ctx.putMoney('total', total)}</td></tr>
<tr><td>${lab(['เงินสด', 'CASH'])}</td><td class="r">${esc(money(cash))}</td></tr>
<tr><td>${lab(['เงินทอน', 'CHANGE'])}</td><td class="r">${esc(money(cash - total))}</td></tr>
${showVat ? `<tr><td>${lab(['มูลค่าสินค้า', 'VATABLE'])}</td><td class="r">${ctx.putMoney('subtotal', net)}</td></tr><tr><td>${lab(['ภาษีมูลค่าเพิ่ม 7%', 'VAT 7%'])}</td><td class="r">${ctx.putMoney('vat', vat)}</td></tr>` : ''}
</table>
<div class="rule"></div>
<div class="c">${esc(rng.pick(['ขอบคุณที่ใช้บริการ', 'ขอบคุณค่ะ THANK YOU', 'สินค้าซื้อแล้วไม่รับเปลี่ยนหรือคืน']))}</div>`;
  ctx.ink.extra.cashTendered = cash;
  ctx.ink.extra.change = Math.round((cash - total) * 100) / 100;
  ctx.ink.features.add('cash-and-change');
  const height = 112 + lines.length * 9 + (showVat ? 10 : 0) + (english ? 12 : 0);
  const font = ctx.slot.font ?? rng.pick(['Tlwg Typist', 'Tlwg Mono', 'Tlwg Typewriter', 'Loma']);
  const css = `table { width: 100%; } td { padding: 0.2mm 0; vertical-align: top; }
.title { margin: 1.5mm 0; font-size: 1.1em; } .rule { border-top: 1px dashed #000; margin: 1mm 0; }
.at { padding-left: 4mm; font-size: 0.9em; }`;
  return {
    html: htmlPage({ page: 'slip', slipHeight: height, margin: '4mm 4mm', font, scale: 0.85, css, body }),
    template: 'slip/abbreviated_tax_invoice',
    render: { page: `80x${height}mm`, font, dateStyle: style },
  };
}
