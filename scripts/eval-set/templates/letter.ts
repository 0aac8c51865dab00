/**
 * Business letters and memos: a Thai formal letter (ที่ / date / เรื่อง / เรียน / อ้างถึง / สิ่งที่ส่งมาด้วย /
 * body / ขอแสดงความนับถือ), an English letter (Ref / Date / To / Subject / Dear), and an internal memo
 * (บันทึกข้อความ). Their bodies name other dates on purpose: payment deadlines, the date of a referenced
 * invoice, an effective date, a balance date. The letter's own date is the issue date.
 */
import { type Ctx, documentNumber, issueDay, personPair } from '../model.ts';
import { makeParty, type Party } from '../parties.ts';
import {
  addDays,
  bahtText,
  type DateStyle,
  type Day,
  englishBahtText,
  iso,
  money,
  pad,
  round2,
  thaiDigits,
} from '../thai.ts';
import { esc } from '../truth.ts';
import { type Pair, TITLES } from '../vocab.ts';
import { brandColor, htmlPage, logo, roundStamp, signature } from './common.ts';
import { partyAddress, partyBlock, partyName } from './commercial-parts.ts';

type Topic = 'reminder' | 'price' | 'confirm' | 'bank';

interface Letter {
  subject: string;
  reference: string | null;
  enclosure: string | null;
  paragraphs: string[];
  closing: string;
}

const nextMonthFirst = (d: Day): Day =>
  d.m === 12 ? { y: d.y + 1, m: 1, d: 1 } : { y: d.y, m: d.m + 1, d: 1 };
const monthEnd = (d: Day): Day => addDays({ y: d.y, m: d.m, d: 1 }, -1);

function thaiLetter(
  ctx: Ctx,
  topic: Topic,
  issue: Day,
  sender: Party,
  style: DateStyle,
  digits: boolean,
): Letter {
  const rng = ctx.rng;
  const d = (day: Day) => esc(ctx.date(day, style));
  const n = (s: string) => (digits ? thaiDigits(s) : s);
  const amount = round2(rng.float(4500, 380000));
  const invDay = addDays(issue, -rng.int(35, 80));
  const inv = documentNumber(rng, 'invoice', invDay, 'yy-month-dash', sender.initials);
  const deadline = addDays(issue, rng.pick([7, 7, 10, 14, 15]));
  const sName = esc(ctx.name(sender));
  ctx.ink.extra.deadline = iso(deadline);
  switch (topic) {
    case 'reminder':
      ctx.ink.extra.referenceNumber = inv;
      ctx.ink.extra.referenceDate = iso(invDay);
      ctx.ink.extra.amount = amount;
      return {
        subject: 'ขอให้ชำระค่าสินค้าที่ค้างชำระ',
        reference: `ใบแจ้งหนี้เลขที่ ${esc(inv)} ลงวันที่ ${d(invDay)}`,
        enclosure: `สำเนาใบแจ้งหนี้ จำนวน ${n('1')} ฉบับ`,
        paragraphs: [
          `ตามที่ ${sName} ได้ส่งมอบสินค้าให้แก่ท่านตามใบแจ้งหนี้ที่อ้างถึง เป็นจำนวนเงินทั้งสิ้น ${n(money(amount))} บาท (${esc(bahtText(amount))}) ซึ่งครบกำหนดชำระเมื่อวันที่ ${d(addDays(invDay, 30))} นั้น`,
          `บัดนี้ เลยกำหนดชำระมาแล้ว บริษัทฯ ยังไม่ได้รับชำระเงินแต่อย่างใด จึงขอให้ท่านชำระเงินจำนวนดังกล่าวภายในวันที่ ${d(deadline)} หากท่านได้ชำระแล้ว บริษัทฯ ต้องขออภัยมา ณ โอกาสนี้`,
        ],
        closing: 'จึงเรียนมาเพื่อโปรดดำเนินการ',
      };
    case 'price': {
      const effective = nextMonthFirst(addDays(issue, 10));
      ctx.ink.extra.effectiveDate = iso(effective);
      return {
        subject: 'แจ้งปรับราคาสินค้า',
        reference: null,
        enclosure: `รายการราคาสินค้าใหม่ จำนวน ${n('1')} ชุด`,
        paragraphs: [
          `ด้วยต้นทุนวัตถุดิบและค่าขนส่งได้ปรับตัวสูงขึ้นอย่างต่อเนื่อง ${sName} มีความจำเป็นต้องปรับราคาสินค้าบางรายการขึ้นประมาณร้อยละ ${n(String(rng.int(3, 12)))} โดยมีผลตั้งแต่วันที่ ${d(effective)} เป็นต้นไป`,
          `สำหรับใบสั่งซื้อที่ได้รับก่อนวันที่ ${d(deadline)} บริษัทฯ ยินดีคงราคาเดิมให้ตามใบเสนอราคาที่ได้เสนอไว้`,
        ],
        closing: 'จึงเรียนมาเพื่อโปรดทราบ และขอขอบคุณที่ให้การสนับสนุนด้วยดีเสมอมา',
      };
    }
    case 'confirm': {
      const asOf = monthEnd(issue);
      ctx.ink.extra.balanceDate = iso(asOf);
      ctx.ink.extra.amount = amount;
      return {
        subject: 'ขอยืนยันยอดลูกหนี้คงค้าง',
        reference: null,
        enclosure: `แบบยืนยันยอด จำนวน ${n('1')} ฉบับ`,
        paragraphs: [
          `ผู้สอบบัญชีของ ${sName} กำลังตรวจสอบงบการเงิน จึงใคร่ขอความกรุณาท่านยืนยันยอดค้างชำระ ณ วันที่ ${d(asOf)} ซึ่งตามบัญชีของบริษัทฯ มียอดคงค้างจำนวน ${n(money(amount))} บาท`,
          `โปรดส่งแบบยืนยันยอดที่ลงนามแล้วกลับมายังบริษัทฯ ภายในวันที่ ${d(deadline)}`,
        ],
        closing: 'จึงเรียนมาเพื่อโปรดพิจารณาให้ความอนุเคราะห์',
      };
    }
    case 'bank': {
      const effective = addDays(issue, rng.int(5, 20));
      ctx.ink.extra.effectiveDate = iso(effective);
      return {
        subject: 'แจ้งเปลี่ยนแปลงบัญชีรับชำระเงิน',
        reference: null,
        enclosure: null,
        paragraphs: [
          `${sName} ขอแจ้งเปลี่ยนบัญชีธนาคารสำหรับรับชำระค่าสินค้าและบริการ เป็นบัญชีเลขที่ ${n(`${rng.int(100, 999)}-${rng.int(0, 9)}-${rng.int(10000, 99999)}-${rng.int(0, 9)}`)} โดยมีผลตั้งแต่วันที่ ${d(effective)}`,
          `การชำระเงินเข้าบัญชีเดิมหลังวันดังกล่าว กรุณาแจ้งฝ่ายบัญชีภายในวันที่ ${d(deadline)} เพื่อตรวจสอบ`,
        ],
        closing: 'จึงเรียนมาเพื่อโปรดทราบ',
      };
    }
  }
}

function englishLetter(ctx: Ctx, topic: Topic, issue: Day, sender: Party, style: DateStyle): Letter {
  const rng = ctx.rng;
  const d = (day: Day) => esc(ctx.date(day, style));
  const amount = round2(rng.float(4500, 380000));
  const invDay = addDays(issue, -rng.int(35, 80));
  const inv = documentNumber(rng, 'invoice', invDay, 'slash-year', sender.initials);
  const deadline = addDays(issue, rng.pick([7, 10, 14]));
  ctx.ink.extra.deadline = iso(deadline);
  if (topic === 'reminder' || topic === 'bank') {
    ctx.ink.extra.referenceNumber = inv;
    ctx.ink.extra.referenceDate = iso(invDay);
    return {
      subject: 'Overdue payment reminder',
      reference: `Invoice No. ${esc(inv)} dated ${d(invDay)}`,
      enclosure: 'Copy of invoice',
      paragraphs: [
        `Our records show that invoice ${esc(inv)} dated ${d(invDay)} for THB ${money(amount)} (${esc(englishBahtText(amount))}) remains unpaid.`,
        `We would be grateful if you could settle the outstanding amount by ${d(deadline)}. If payment has already been made, please disregard this letter.`,
      ],
      closing: 'Thank you for your prompt attention to this matter.',
    };
  }
  const effective = nextMonthFirst(addDays(issue, 10));
  ctx.ink.extra.effectiveDate = iso(effective);
  return {
    subject: topic === 'price' ? 'Notice of price adjustment' : 'Request for balance confirmation',
    reference: null,
    enclosure: null,
    paragraphs: [
      topic === 'price'
        ? `Due to rising raw material costs, our prices will increase by ${rng.int(3, 12)}% with effect from ${d(effective)}.`
        : `Our auditors request confirmation of your account balance of THB ${money(amount)} as at ${d(monthEnd(issue))}.`,
      `Please reply by ${d(deadline)}.`,
    ],
    closing: 'Thank you for your continued support.',
  };
}

export function buildLetter(ctx: Ctx): { html: string; template: string; render: Record<string, unknown> } {
  const rng = ctx.rng;
  const variant = ctx.slot.variant ?? (ctx.lang === 'en' ? 'en' : 'letter');
  const sender = makeParty(rng);
  const recipient = makeParty(rng);
  const issue = issueDay(rng);
  const digits = ctx.dateStyle.startsWith('th-digits');
  const style: DateStyle = ctx.dateStyle;
  const color = brandColor(rng);
  const senderB = partyBlock('seller', sender, { address: true, phone: true, email: rng.chance(0.5) });
  const recipientB = partyBlock('buyer', recipient, { address: true });
  const signer = personPair(rng);
  const title = rng.pick(TITLES);
  const font =
    ctx.slot.font ??
    rng.pick(
      variant === 'en'
        ? ['Waree', 'Loma', 'Garuda']
        : ['Laksaman', 'Laksaman', 'Kinnari', 'Norasi', 'Garuda', 'Sawasdee'],
    );
  const abbr = rng.pick(['สรท.', 'บช.', 'กจ.', 'ฝบ.', 'ทพ.', 'ฝข.', 'จซ.']);
  const seq = `${pad(rng.int(1, 420), 3)}/${issue.y + 543}`;
  const hasNumber = rng.chance(0.85);
  const number =
    variant === 'en'
      ? `${sender.initials}/${rng.pick(['ACC', 'FIN', 'SLS'])}/${issue.y}/${pad(rng.int(1, 420), 3)}`
      : `${abbr} ${seq}`;
  const numberPrinted = digits ? thaiDigits(number) : number;
  const letterhead =
    () => `<div class="lh">${logo(rng, sender.initials, color, 17)}<div><div class="co">${partyName(ctx, senderB)}</div>${ctx.lang !== 'en' ? `<div class="en">${esc(sender.name[1])}</div>` : ''}
<div class="small">${partyAddress(ctx, senderB, ' ')}</div><div class="small">${variant === 'en' ? 'Tel.' : 'โทร.'} ${ctx.ink.put('seller.phone', sender.phone, sender.phone)}${senderB.show.email ? `&nbsp; ${variant === 'en' ? 'Email' : 'อีเมล'} ${ctx.ink.put('seller.email', sender.email, sender.email)}` : ''}</div></div></div>`;
  const topic: Topic = rng.pick(['reminder', 'reminder', 'price', 'confirm', 'bank'] as const);
  if (variant === 'memo') {
    const deadline = addDays(issue, rng.int(3, 10));
    const meeting = addDays(issue, rng.int(2, 12));
    ctx.ink.extra.deadline = iso(deadline);
    ctx.ink.extra.meetingDate = iso(meeting);
    const po = documentNumber(rng, 'purchase_order', addDays(issue, -5), 'be-month-dash', sender.initials);
    const dept: Pair = rng.pick([
      ['ฝ่ายบัญชีและการเงิน', ''],
      ['ฝ่ายจัดซื้อ', ''],
      ['ฝ่ายบุคคล', ''],
      ['ฝ่ายขาย', ''],
    ] as Pair[]);
    const body = `<div class="memo-h"><div class="memo-title">บันทึกข้อความ</div><div class="co-small">${partyName(ctx, senderB)}</div></div>
<div class="mline"><b>ส่วนงาน</b> ${esc(dept[0])} &nbsp; โทร. ${digits ? thaiDigits(String(rng.int(100, 999))) : rng.int(100, 999)}</div>
<div class="mline two"><span><b>ที่</b> ${hasNumber ? ctx.ink.put('documentNumber', number, numberPrinted) : ''}</span><span><b>วันที่</b> ${ctx.putDate('issueDate', issue)}</span></div>
<div class="mline"><b>เรื่อง</b> ขออนุมัติเบิกจ่ายค่าสินค้าตามใบสั่งซื้อเลขที่ ${esc(po)}</div>
<div class="mline"><b>เรียน</b> ${esc(rng.pick(['ผู้จัดการฝ่ายการเงิน', 'กรรมการผู้จัดการ', 'ผู้อำนวยการฝ่ายปฏิบัติการ']))}</div>
<p class="para">ตามที่${esc(dept[0])}ได้จัดซื้อสินค้าตามใบสั่งซื้อเลขที่ ${esc(po)} เป็นจำนวนเงิน ${esc(money(round2(rng.float(5000, 90000))))} บาท และผู้ขายได้ส่งมอบสินค้าครบถ้วนแล้ว ผู้ขายกำหนดให้ชำระเงินภายในวันที่ ${esc(ctx.date(deadline))}</p>
<p class="para">จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ ทั้งนี้ จะนำเรื่องเข้าที่ประชุมฝ่ายในวันที่ ${esc(ctx.date(meeting))}</p>
<div class="signoff"><div class="sig">${signature(rng)}</div>(${esc(signer[0])})<br>${esc(title[0])}</div>`;
    ctx.ink.setItems([]);
    ctx.ink.features.add('body-dates');
    return {
      html: htmlPage({
        page: 'A4',
        margin: '18mm 20mm 15mm 25mm',
        font,
        scale: 1.2,
        css: letterCss(color),
        body,
      }),
      template: 'letter/memo',
      render: { page: 'A4', font },
    };
  }
  const letter =
    variant === 'en'
      ? englishLetter(ctx, topic, issue, sender, style)
      : thaiLetter(ctx, topic, issue, sender, style, digits);
  const addressee = `${ctx.t(title)} ${ctx.name(recipient)}`;
  const recipientName = ctx.ink.put('buyer.name', ctx.name(recipient), ctx.name(recipient));
  ctx.ink.setItems([]);
  ctx.ink.features.add('body-dates');
  const stamp = rng.chance(0.3)
    ? `<div class="stampwrap">${roundStamp(rng, sender.name, sender.initials, 26)}</div>`
    : '';
  let body: string;
  if (variant === 'en') {
    const addr = rng.chance(0.7) ? partyAddress(ctx, recipientB) : null;
    body = `${letterhead()}<hr>
${hasNumber ? `<div>Our Ref.: ${ctx.ink.put('documentNumber', number, number)}</div>` : ''}
<div class="date-en">${ctx.putDate('issueDate', issue)}</div>
<div class="to">${esc(ctx.t(personPair(rng)))}<br>${esc(ctx.t(title))}<br><b>${recipientName}</b>${addr ? `<br>${addr}` : ''}</div>
<div class="subj"><b>Subject: ${esc(letter.subject)}</b></div>
${letter.reference ? `<div>Reference: ${letter.reference}</div>` : ''}
<p>Dear Sir/Madam,</p>${letter.paragraphs.map((p) => `<p>${p}</p>`).join('')}<p>${esc(letter.closing)}</p>
<div class="signoff-en">Yours faithfully,<div class="sig">${signature(rng)}</div>${esc(signer[1])}<br>${esc(title[1])}<br>${esc(sender.name[1])}${stamp}</div>
${letter.enclosure ? `<div class="small">Encl.: ${esc(letter.enclosure)}</div>` : ''}`;
  } else {
    ctx.ink.features.add(digits ? 'thai-digits' : 'arabic-digits');
    body = `${letterhead()}<hr>
<div class="two"><span>${hasNumber ? `ที่ ${ctx.ink.put('documentNumber', number, numberPrinted)}` : ''}</span><span class="small">${esc(ctx.address(sender)[1] ?? '')}</span></div>
<div class="date">${ctx.putDate('issueDate', issue)}</div>
<table class="hd"><tr><td>เรื่อง</td><td>${esc(letter.subject)}</td></tr>
<tr><td>เรียน</td><td>${esc(addressee.replace(ctx.name(recipient), ''))}${recipientName}</td></tr>
${letter.reference ? `<tr><td>อ้างถึง</td><td>${letter.reference}</td></tr>` : ''}
${letter.enclosure ? `<tr><td class="nw">สิ่งที่ส่งมาด้วย</td><td>${esc(letter.enclosure)}</td></tr>` : ''}</table>
${letter.paragraphs.map((p) => `<p class="para">${p}</p>`).join('')}<p class="para">${esc(letter.closing)}</p>
<div class="signoff">ขอแสดงความนับถือ<div class="sig">${signature(rng)}</div>(${esc(signer[0])})<br>${esc(title[0])}${stamp}</div>
<div class="small dept">${esc(rng.pick(['ฝ่ายบัญชีและการเงิน', 'ฝ่ายขาย', 'ฝ่ายสินเชื่อและเร่งรัดหนี้สิน']))}<br>โทร. ${esc(sender.phone)}</div>`;
  }
  return {
    html: htmlPage({
      page: 'A4',
      margin: '15mm 20mm 15mm 25mm',
      font,
      scale: 1.2,
      css: letterCss(color),
      body,
      lang: variant === 'en' ? 'en' : 'th',
    }),
    template: `letter/${variant}`,
    render: { page: 'A4', font, topic },
  };
}

function letterCss(color: string): string {
  return `.lh { display: flex; gap: 4mm; align-items: center; } .co { font-size: 1.3em; font-weight: bold; color: ${color}; } .en { color: #555; }
hr { border: none; border-top: 2px solid ${color}; margin: 2mm 0 4mm; }
.two { display: flex; justify-content: space-between; } .date { margin: 3mm 0 3mm 50%; } .date-en { margin: 3mm 0; }
.hd td { padding: 0.6mm 3mm 0.6mm 0; vertical-align: top; } .hd td:first-child { font-weight: bold; }
.para { text-indent: 15mm; text-align: justify; margin: 2mm 0; }
.signoff { margin: 8mm 0 0 45%; text-align: center; position: relative; } .signoff-en { margin-top: 8mm; position: relative; }
.sig { height: 12mm; } .stampwrap { position: absolute; left: -32mm; top: 0; } .dept { margin-top: 14mm; }
.to { margin: 3mm 0; } .subj { margin: 2mm 0; }
.memo-h { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #000; margin-bottom: 2mm; }
.memo-title { font-size: 1.9em; font-weight: bold; } .mline { border-bottom: 1px dotted #555; padding: 1mm 0; }
.mline.two { display: flex; gap: 30mm; }`;
}
