/**
 * หนังสือรับรองการหักภาษี ณ ที่จ่าย ตามมาตรา 50 ทวิ: the Revenue Department's form as offices fill it in
 * (`official`: boxed form, tax IDs in digit boxes, income-type rows 1-6, the payer's signature and the
 * issue date at the foot) and the cleaner bilingual printout of accounting software (`software`).
 * The payer (ผู้มีหน้าที่หักภาษี ณ ที่จ่าย) is the buyer; the payee (ผู้ถูกหักภาษี ณ ที่จ่าย) the seller.
 */
import { type Ctx, issueDay, personPair } from '../model.ts';
import { formatTaxId, makeParty, type Party } from '../parties.ts';
import { addDays, bahtText, type DateStyle, type Day, iso, money, pad, round2 } from '../thai.ts';
import { esc } from '../truth.ts';
import { checkbox, htmlPage, roundStamp, signature } from './common.ts';
import type { PartyBlock } from './commercial-view.ts';
import { partyBlock, partyName } from './commercial-parts.ts';

interface Income {
  row: number;
  text: string;
  rate: number;
}

const JURISTIC_INCOME: readonly Income[] = [
  { row: 5, text: 'ค่าบริการ', rate: 0.03 },
  { row: 5, text: 'ค่าจ้างทำของ', rate: 0.03 },
  { row: 5, text: 'ค่าโฆษณา', rate: 0.02 },
  { row: 5, text: 'ค่าเช่า', rate: 0.05 },
  { row: 6, text: 'ค่าขนส่ง', rate: 0.01 },
];
const PERSON_INCOME: readonly Income[] = [
  { row: 2, text: 'ค่าธรรมเนียม ค่านายหน้า', rate: 0.03 },
  { row: 5, text: 'ค่าจ้างทำของ', rate: 0.03 },
  { row: 5, text: 'ค่าเช่า', rate: 0.05 },
];

const ROWS: readonly string[] = [
  '1. เงินเดือน ค่าจ้าง เบี้ยเลี้ยง โบนัส ฯลฯ ตามมาตรา 40 (1)',
  '2. ค่าธรรมเนียม ค่านายหน้า ฯลฯ ตามมาตรา 40 (2)',
  '3. ค่าแห่งลิขสิทธิ์ ฯลฯ ตามมาตรา 40 (3)',
  '4. (ก) ดอกเบี้ย ฯลฯ ตามมาตรา 40 (4) (ก)<br>&nbsp;&nbsp;&nbsp;&nbsp;(ข) เงินปันผล เงินส่วนแบ่งกำไร ฯลฯ ตามมาตรา 40 (4) (ข)',
  '5. การจ่ายเงินได้ที่ต้องหักภาษี ณ ที่จ่าย ตามคำสั่งกรมสรรพากรที่ออกตามมาตรา 3 เตรส เช่น รางวัล ส่วนลดหรือประโยชน์ใดๆ เนื่องจากการส่งเสริมการขาย รางวัลในการประกวด การแข่งขัน การชิงโชค ค่าแสดงของนักแสดงสาธารณะ ค่าจ้างทำของ ค่าโฆษณา ค่าเช่า ค่าขนส่ง ค่าบริการ ค่าเบี้ยประกันวินาศภัย ฯลฯ',
  '6. อื่นๆ (ระบุ)',
];

function boxes(id: string): string {
  const groups = [id.slice(0, 1), id.slice(1, 5), id.slice(5, 10), id.slice(10, 12), id.slice(12)];
  const html = groups
    .map((g) =>
      g
        .split('')
        .map((d) => `<span class="digit">${d}</span>`)
        .join(''),
    )
    .join('<span class="dash">-</span>');
  return `<span class="nw">${html}</span>`;
}

export function buildWht(ctx: Ctx): { html: string; template: string; render: Record<string, unknown> } {
  const rng = ctx.rng;
  const variant = ctx.slot.variant === 'software' ? 'software' : 'official';
  const payer = makeParty(rng);
  const payee: Party = makeParty(rng, [
    ['company', 5],
    ['partnership', 2],
    ['person', 3],
  ]);
  const person = payee.kind === 'person' || payee.kind === 'shop';
  const issue: Day = issueDay(rng);
  const paid: Day = addDays(issue, -rng.int(0, 6));
  const style: DateStyle =
    ctx.slot.dateStyle ?? rng.pick(['slash-be', 'th-long', 'th-abbr', 'th-month-word', 'dash-be'] as const);
  const incomes = rng.sample(person ? PERSON_INCOME : JURISTIC_INCOME, rng.chance(0.25) ? 2 : 1);
  const rows = incomes.map((inc) => {
    const amount = round2(rng.float(2000, 180000));
    return { ...inc, amount, tax: round2(amount * inc.rate) };
  });
  const total = round2(rows.reduce((s, r) => s + r.amount, 0));
  const tax = round2(rows.reduce((s, r) => s + r.tax, 0));
  const book = String(rng.int(1, 30));
  const number = rng.pick([
    String(rng.int(1, 500)),
    pad(rng.int(1, 500), 3),
    `${issue.y + 543}/${pad(rng.int(1, 999), 4)}`,
  ]);
  const form = person ? 'ภ.ง.ด.3' : 'ภ.ง.ด.53';
  ctx.ink.extra.bookNumber = book;
  ctx.ink.extra.withholdingTax = tax;
  ctx.ink.extra.paymentDate = iso(paid);
  ctx.ink.extra.form = form;
  ctx.ink.setItems([]);
  ctx.ink.features.add('payment-date');
  const payerB = partyBlock('buyer', payer, { address: true, taxId: true });
  const payeeB = partyBlock('seller', payee, { address: true, taxId: true });
  const addr = (b: PartyBlock) => {
    const lines = b.party.address.th;
    return ctx.ink.put(`${b.role}.address`, lines.join(' '), lines.join(' '));
  };
  const paidText = ctx.date(paid, style);
  const issueText = ctx.putDate('issueDate', issue, style);
  const numberHtml = ctx.ink.put('documentNumber', number, number);
  const totalHtml = ctx.putMoney('total', total);
  const idText = (id: string) => (variant === 'official' ? formatTaxId(id, 'dashed') : id);
  ctx.ink.put('buyer.taxId', payer.taxId, idText(payer.taxId));
  ctx.ink.put('seller.taxId', payee.taxId, idText(payee.taxId));
  const font = ctx.slot.font ?? rng.pick(['Norasi', 'Laksaman', 'Kinnari', 'Garuda']);
  const typed = rng.pick(['Tlwg Typist', 'Garuda', 'Loma', font]);
  const signer = ctx.t(personPair(rng));
  const stamp = rng.chance(0.6) ? roundStamp(rng, payer.name, payer.initials, 26) : '';
  if (variant === 'official') {
    const incomeRows = ROWS.map((label, i) => {
      const r = rows.find((x) => x.row === i + 1);
      const spec = r && i >= 4 ? ` <span class="v">${esc(r.text)}</span>` : '';
      return `<tr><td class="lbl">${label}${spec}</td><td class="c v">${r ? esc(paidText) : ''}</td><td class="r v">${r ? esc(money(r.amount)) : ''}</td><td class="r v">${r ? esc(money(r.tax)) : ''}</td></tr>`;
    }).join('');
    const formBoxes = ['ภ.ง.ด.1ก', 'ภ.ง.ด.1ก พิเศษ', 'ภ.ง.ด.2', 'ภ.ง.ด.3', 'ภ.ง.ด.2ก', 'ภ.ง.ด.3ก', 'ภ.ง.ด.53']
      .map((f, i) => `<span class="nw">${checkbox(f === form)}(${i + 1}) ${f}</span>`)
      .join(' &nbsp;');
    const body = `<div class="copy small">ฉบับที่ ${rng.pick(['1 (สำหรับผู้ถูกหักภาษี ณ ที่จ่าย ใช้แนบพร้อมกับแบบแสดงรายการภาษี)', '2 (สำหรับผู้ถูกหักภาษี ณ ที่จ่าย เก็บไว้เป็นหลักฐาน)'])}</div>
<div class="frame">
<div class="head"><div class="ttl"><div class="big b">หนังสือรับรองการหักภาษี ณ ที่จ่าย</div><div>ตามมาตรา 50 ทวิ แห่งประมวลรัษฎากร</div></div>
<div class="bk">เล่มที่ <span class="v">${esc(book)}</span><br>เลขที่ <span class="v">${numberHtml}</span></div></div>
<div class="sec"><div class="row idrow"><b>ผู้มีหน้าที่หักภาษี ณ ที่จ่าย :-</b> <span><span class="idl">เลขประจำตัวผู้เสียภาษีอากร (13 หลัก)*</span> <span class="v">${boxes(payer.taxId)}</span></span></div>
<div class="row">ชื่อ <span class="fill v">${partyName(ctx, payerB)}</span></div>
<div class="hint small">(ให้ระบุว่าเป็น บุคคล นิติบุคคล บริษัท สมาคม หรือคณะบุคคล)</div>
<div class="row">ที่อยู่ <span class="fill v">${addr(payerB)}</span></div>
<div class="hint small">(ให้ระบุ ชื่ออาคาร/หมู่บ้าน ห้องเลขที่ ชั้นที่ เลขที่ ตรอก/ซอย หมู่ที่ ถนน ตำบล/แขวง อำเภอ/เขต จังหวัด)</div></div>
<div class="sec"><div class="row idrow"><b>ผู้ถูกหักภาษี ณ ที่จ่าย :-</b> <span><span class="idl">เลขประจำตัวผู้เสียภาษีอากร (13 หลัก)*</span> <span class="v">${boxes(payee.taxId)}</span></span></div>
<div class="row">ชื่อ <span class="fill v">${partyName(ctx, payeeB)}</span></div>
<div class="row">ที่อยู่ <span class="fill v">${addr(payeeB)}</span></div>
<div class="row small">ลำดับที่ <span class="digit v">${rng.int(1, 40)}</span> ในแบบ &nbsp; ${formBoxes}</div></div>
<table class="inc"><thead><tr><th>ประเภทเงินได้พึงประเมินที่จ่าย</th><th style="width:27mm">วัน เดือน หรือปีภาษี ที่จ่าย</th><th style="width:28mm">จำนวนเงินที่จ่าย</th><th style="width:26mm">ภาษีที่หัก และนำส่งไว้</th></tr></thead>
<tbody>${incomeRows}</tbody>
<tfoot><tr><td colspan="2" class="r b">รวมเงินที่จ่ายและภาษีที่หักนำส่ง</td><td class="r v b">${totalHtml}</td><td class="r v b">${esc(money(tax))}</td></tr>
<tr><td colspan="4"><b>รวมเงินภาษีที่หักนำส่ง</b> (ตัวอักษร) <span class="v words">${esc(bahtText(tax))}</span></td></tr></tfoot></table>
<div class="sec small">เงินที่จ่ายเข้า กบข./กสจ./กองทุนสงเคราะห์ครูโรงเรียนเอกชน ............ บาท &nbsp; กองทุนประกันสังคม ............ บาท &nbsp; กองทุนสำรองเลี้ยงชีพ ............ บาท</div>
<div class="sec">ผู้จ่ายเงิน &nbsp; ${checkbox(true)}(1) หัก ณ ที่จ่าย &nbsp; ${checkbox(false)}(2) ออกให้ตลอดไป &nbsp; ${checkbox(false)}(3) ออกให้ครั้งเดียว &nbsp; ${checkbox(false)}(4) อื่นๆ (ระบุ) ............</div>
<div class="foot"><div class="warn small">คำเตือน ผู้มีหน้าที่ออกหนังสือรับรองการหักภาษี ณ ที่จ่าย ฝ่าฝืนไม่ปฏิบัติตามมาตรา 50 ทวิ แห่งประมวลรัษฎากร ต้องรับโทษทางอาญาตามมาตรา 35 แห่งประมวลรัษฎากร</div>
<div class="cert"><div>ขอรับรองว่าข้อความและตัวเลขดังกล่าวข้างต้นถูกต้องตรงกับความจริงทุกประการ</div>
<div class="sigrow">ลงชื่อ <span class="sig">${signature(rng, 30)}</span> ผู้จ่ายเงิน</div>
<div>(<span class="v">${esc(signer)}</span>)</div>
<div><span class="v">${issueText}</span></div><div class="small">(วัน เดือน ปี ที่ออกหนังสือรับรองฯ)</div>
${stamp ? `<div class="stampwrap">${stamp}</div>` : '<div class="small muted">ประทับตรานิติบุคคล (ถ้ามี)</div>'}</div></div>
</div>
<div class="small">หมายเหตุ เลขประจำตัวผู้เสียภาษีอากร (13 หลัก)* หมายถึง 1. กรณีบุคคลธรรมดาไทย ให้ใช้เลขประจำตัวประชาชนของกรมการปกครอง 2. กรณีนิติบุคคล ให้ใช้เลขทะเบียนนิติบุคคลของกรมพัฒนาธุรกิจการค้า</div>`;
    const css = `.copy { text-align: right; } .frame { border: 1.5px solid #000; padding: 2mm 3mm; }
.head { display: flex; justify-content: center; position: relative; } .ttl { text-align: center; } .bk { position: absolute; right: 0; top: 0; }
.sec { border-top: 1px solid #000; padding: 1.2mm 0; } .row { margin: 0.6mm 0; } .hint { color: #444; margin-left: 10mm; }
.idrow { display: flex; justify-content: space-between; align-items: baseline; } .idl { font-size: 0.85em; }
.digit { display: inline-block; width: 3.9mm; border: 1px solid #333; text-align: center; margin-right: -1px; }
.dash { margin: 0 0.6mm; }
.v { font-family: '${typed}', sans-serif; color: #0a2a6b; }
.fill { border-bottom: 1px dotted #333; display: inline-block; min-width: 150mm; }
.inc { width: 100%; border-top: 1px solid #000; } .inc th, .inc td { border: 1px solid #000; padding: 0.6mm 1mm; vertical-align: top; }
.inc td.lbl { font-size: 0.92em; }
.foot { display: flex; gap: 4mm; border-top: 1px solid #000; padding-top: 1.5mm; } .warn { width: 55mm; border: 1px solid #000; padding: 1mm; }
.cert { flex: 1; text-align: center; position: relative; } .sigrow { margin-top: 3mm; } .sig { display: inline-block; vertical-align: bottom; }
.stampwrap { position: absolute; right: 2mm; top: 4mm; }`;
    return {
      html: htmlPage({ page: 'A4', margin: '10mm 11mm', font, scale: 0.92, css, body }),
      template: 'wht/official',
      render: { page: 'A4', font, typed, dateStyle: style },
    };
  }
  const body = `<div class="hdr"><div><div class="big b">หนังสือรับรองการหักภาษี ณ ที่จ่าย</div><div>Withholding Tax Certificate (ตามมาตรา 50 ทวิ แห่งประมวลรัษฎากร)</div></div>
<table class="kv"><tr><td>เล่มที่ / Book No.</td><td>${esc(book)}</td></tr><tr><td>เลขที่ / No.</td><td>${numberHtml}</td></tr><tr><td>วันที่ / Date</td><td>${issueText}</td></tr></table></div>
<div class="two"><div class="box"><div class="h">ผู้มีหน้าที่หักภาษี ณ ที่จ่าย / Payer</div><div class="b">${partyName(ctx, payerB)}</div><div>${addr(payerB)}</div><div>เลขประจำตัวผู้เสียภาษี ${esc(payer.taxId)}</div></div>
<div class="box"><div class="h">ผู้ถูกหักภาษี ณ ที่จ่าย / Payee</div><div class="b">${partyName(ctx, payeeB)}</div><div>${addr(payeeB)}</div><div>เลขประจำตัวผู้เสียภาษี ${esc(payee.taxId)}</div></div></div>
<div>แบบ ${esc(form)} &nbsp; ลำดับที่ ${rng.int(1, 40)}</div>
<table class="inc"><thead><tr><th>ประเภทเงินได้ / Income Type</th><th>วันที่จ่าย / Paid on</th><th>อัตรา</th><th>จำนวนเงินที่จ่าย / Amount Paid</th><th>ภาษีที่หัก / Tax Withheld</th></tr></thead>
<tbody>${rows.map((r) => `<tr><td>${esc(r.text)} (${r.row === 2 ? '40(2)' : 'ตามมาตรา 3 เตรส'})</td><td class="c">${esc(paidText)}</td><td class="c">${Math.round(r.rate * 100)}%</td><td class="r">${esc(money(r.amount))}</td><td class="r">${esc(money(r.tax))}</td></tr>`).join('')}</tbody>
<tfoot><tr><td colspan="3" class="r b">รวม / Total</td><td class="r b">${totalHtml}</td><td class="r b">${esc(money(tax))}</td></tr></tfoot></table>
<div>ภาษีที่หักนำส่ง (ตัวอักษร): ${esc(bahtText(tax))}</div>
<div>ผู้จ่ายเงิน: ${checkbox(true)} หัก ณ ที่จ่าย &nbsp; ${checkbox(false)} ออกให้ตลอดไป &nbsp; ${checkbox(false)} ออกให้ครั้งเดียว</div>
<div class="cert">ขอรับรองว่าข้อความและตัวเลขดังกล่าวข้างต้นถูกต้องตรงกับความจริงทุกประการ<div class="sig">${signature(rng, 32)}</div>(${esc(signer)})<br>ผู้จ่ายเงิน / Authorized Signature${stamp ? `<div class="stampwrap">${stamp}</div>` : ''}</div>`;
  const css = `.hdr { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #333; padding-bottom: 2mm; }
.kv td { padding: 0.3mm 1.5mm; } .two { display: flex; gap: 4mm; margin: 3mm 0; } .box { flex: 1; border: 1px solid #777; padding: 2mm; }
.h { font-weight: bold; color: #333; border-bottom: 1px solid #ccc; margin-bottom: 1mm; }
.inc { width: 100%; margin: 2mm 0; } .inc th, .inc td { border: 1px solid #555; padding: 1mm; } .inc th { background: #eee; }
.cert { position: relative; width: 90mm; margin: 6mm 0 0 auto; text-align: center; } .stampwrap { position: absolute; left: -25mm; top: 0; }`;
  return {
    html: htmlPage({ page: 'A4', margin: '14mm 15mm', font, css, body }),
    template: 'wht/software',
    render: { page: 'A4', font, dateStyle: style },
  };
}
