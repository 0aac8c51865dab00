/**
 * Companies, shops and people of the evaluation set: valid 13-digit tax IDs, addresses written the
 * ways Thai paper writes them (full or abbreviated, with house number, หมู่, ซอย, building and floor),
 * phone numbers in the common printed forms, emails and branches.
 */
import type { Rng } from './rng.ts';
import {
  AREAS,
  type Area,
  BUILDINGS,
  COMPANY_BUSINESS,
  COMPANY_STEMS,
  FEMALE_FIRST,
  FIRST_NAMES,
  LAST_NAMES,
  type Pair,
  TRADES,
} from './vocab.ts';

export type PartyKind = 'company' | 'public' | 'partnership' | 'shop' | 'person';

/** A party as the generator knows it; documents choose which parts to print and how. */
export interface Party {
  kind: PartyKind;
  name: Pair;
  /** 13 digits, valid check digit. */
  taxId: string;
  /** `00000` head office, `00001`... a branch; null for people and shops without branches. */
  branch: string | null;
  branchName: Pair | null;
  address: { th: string[]; en: string[] };
  /** Phone as printed on this party's paper. */
  phone: string;
  fax: string | null;
  mobile: string;
  email: string;
  website: string | null;
  /** Contact person (a distractor for the party name). */
  contact: Pair;
  trade: string;
  /** Short letters for logos and document prefixes, e.g. `SRT`. */
  initials: string;
}

/** Check digit of a Thai 13-digit tax / citizen ID from its first 12 digits. */
export function taxIdCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return (11 - (sum % 11)) % 10;
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

function juristicTaxId(rng: Rng, area: Area, kind: PartyKind): string {
  const kindDigit = kind === 'public' ? '7' : kind === 'partnership' ? '3' : '5';
  const first12 = `0${area.office}${kindDigit}${rng.int(38, 67)}${digits(rng, 6)}`;
  return first12 + taxIdCheckDigit(first12);
}

function personalTaxId(rng: Rng): string {
  const first12 = `${rng.pick(['1', '1', '1', '3', '3'])}${digits(rng, 11)}`;
  return first12 + taxIdCheckDigit(first12);
}

/** The printed forms of a tax ID; `boxes` is handled by the forms that draw digit boxes. */
export type TaxIdStyle = 'plain' | 'dashed' | 'spaced';

export function formatTaxId(id: string, style: TaxIdStyle): string {
  if (style === 'plain') return id;
  const parts = [id.slice(0, 1), id.slice(1, 5), id.slice(5, 10), id.slice(10, 12), id.slice(12)];
  return parts.join(style === 'dashed' ? '-' : ' ');
}

const AREA_CODES: Record<string, string> = {
  '10': '2',
  '11': '2',
  '12': '2',
  '13': '2',
  '14': '35',
  '20': '38',
  '21': '38',
  '30': '44',
  '40': '43',
  '50': '53',
  '74': '34',
  '83': '76',
  '90': '74',
};

function landline(rng: Rng, area: Area): string {
  const code = AREA_CODES[area.office] ?? '2';
  if (code === '2') {
    const n = `${rng.int(1, 9)}${digits(rng, 2)}${digits(rng, 4)}`;
    return rng.weighted([
      [`02-${n.slice(0, 3)}-${n.slice(3)}`, 5],
      [`0-2${n.slice(0, 3)}-${n.slice(3)}`, 2],
      [`02 ${n.slice(0, 3)} ${n.slice(3)}`, 1],
      [`(02) ${n.slice(0, 3)}-${n.slice(3)}`, 1],
    ]);
  }
  const n = `${rng.int(2, 9)}${digits(rng, 5)}`;
  return rng.weighted([
    [`0${code}-${n.slice(0, 3)}-${n.slice(3)}`, 4],
    [`0-${code}${n.slice(0, 2)}-${n.slice(2)}`, 1],
  ]);
}

function mobile(rng: Rng): string {
  const n = `${rng.pick(['8', '9', '6'])}${digits(rng, 8)}`;
  return rng.weighted([
    [`0${n.slice(0, 2)}-${n.slice(2, 5)}-${n.slice(5)}`, 4],
    [`0${n.slice(0, 1)}-${n.slice(1, 5)}-${n.slice(5)}`, 1],
    [`0${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`, 1],
  ]);
}

function houseNumber(rng: Rng): string {
  return rng.weighted([
    [String(rng.int(1, 999)), 4],
    [`${rng.int(1, 199)}/${rng.int(1, 350)}`, 4],
    [String(rng.int(1000, 3999)), 1],
    [`${rng.int(1, 99)}/${rng.int(1, 9)}-${rng.int(10, 12)}`, 1],
  ]);
}

/** Address lines in Thai and English; `abbreviated` writes ต./อ./จ./ถ. and กทม. */
function makeAddress(rng: Rng, area: Area, party: PartyKind): { th: string[]; en: string[] } {
  const bkk = area.province[0] === 'กรุงเทพมหานคร';
  const no = houseNumber(rng);
  const road = rng.pick(area.roads);
  const abbreviated = rng.chance(0.35);
  const leadNo = rng.chance(0.25);
  const thStreet: string[] = [leadNo ? `เลขที่ ${no}` : no];
  const enStreet: string[] = [no];
  if (!bkk && rng.chance(0.6)) {
    const moo = rng.int(1, 12);
    thStreet.push(abbreviated ? `ม.${moo}` : `หมู่ที่ ${moo}`);
    enStreet.push(`Moo ${moo}`);
  }
  if (bkk && party !== 'shop' && party !== 'person' && rng.chance(0.35)) {
    const b = rng.pick(BUILDINGS);
    const floor = rng.int(2, 32);
    const room = `${floor}${rng.pick(['01', '02', '05', '08', '10', '12'])}`;
    thStreet.push(`${b[0]} ชั้น ${floor}${rng.chance(0.5) ? ` ห้อง ${room}` : ''}`);
    enStreet.push(`${b[1]}, ${floor}th Floor`);
  }
  if (rng.chance(0.4)) {
    const soiNo = rng.int(1, 120);
    const soiTh = `${road[0]} ${soiNo}`;
    thStreet.push(abbreviated ? `ซ.${soiTh}` : `ซอย${soiTh}`);
    enStreet.push(`Soi ${road[1].replace(/ Road$/, '')} ${soiNo}`);
  }
  thStreet.push(abbreviated ? `ถ.${road[0]}` : `ถนน${road[0]}`);
  enStreet.push(road[1]);
  const [subW, distW] = bkk
    ? abbreviated
      ? ['แขวง', 'เขต']
      : ['แขวง', 'เขต']
    : abbreviated
      ? ['ต.', 'อ.']
      : ['ตำบล', 'อำเภอ'];
  const province = bkk
    ? rng.pick(abbreviated ? ['กรุงเทพฯ', 'กทม.', 'กรุงเทพมหานคร'] : ['กรุงเทพมหานคร', 'กรุงเทพฯ'])
    : `${abbreviated ? 'จ.' : 'จังหวัด'}${area.province[0]}`;
  const thLocal = `${subW}${area.sub[0]} ${distW}${area.district[0]} ${province} ${area.postcode}`;
  const enLocal = `${area.sub[1]}, ${area.district[1]}, ${area.province[1]} ${area.postcode}`;
  return { th: [thStreet.join(' '), thLocal], en: [`${enStreet.join(', ')},`, enLocal] };
}

/** A person's name, with นาย/นาง/นางสาว (Mr./Mrs./Ms.) when `withTitle`. */
export function personName(rng: Rng, withTitle: boolean): Pair {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const female = FEMALE_FIRST.has(first[0]);
  const title: Pair = female
    ? rng.pick([['นางสาว', 'Ms.'] as Pair, ['นาง', 'Mrs.'] as Pair])
    : ['นาย', 'Mr.'];
  return withTitle
    ? [`${title[0]}${first[0]} ${last[0]}`, `${title[1]} ${first[1]} ${last[1]}`]
    : [`${first[0]} ${last[0]}`, `${first[1]} ${last[1]}`];
}

/** A contact person written as on forms: คุณ + first name + last name. */
export function contactName(rng: Rng): Pair {
  const [th, en] = personName(rng, false);
  return [`คุณ${th}`, `K. ${en}`];
}

function emailUser(en: string): string {
  return en
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z]/g, '');
}

/** A new party; `kinds` weights which sorts of party it may be. */
export function makeParty(
  rng: Rng,
  kinds: readonly (readonly [PartyKind, number])[] = [
    ['company', 8],
    ['public', 1],
    ['partnership', 2],
  ],
): Party {
  const kind = rng.weighted(kinds);
  const area = rng.pick(AREAS);
  const stem = rng.pick(COMPANY_STEMS);
  const biz = rng.pick(COMPANY_BUSINESS);
  const trade = rng.pick(Object.keys(TRADES));
  let name: Pair;
  if (kind === 'person') name = personName(rng, true);
  else if (kind === 'shop')
    name = [`ร้าน${stem[0]}${biz[0] ? ` ${biz[0]}` : ''}`, `${stem[1]}${biz[1] ? ` ${biz[1]}` : ''} Shop`];
  else if (kind === 'partnership')
    name = [
      `ห้างหุ้นส่วนจำกัด ${stem[0]}${biz[0]}`,
      `${stem[1]} ${biz[1]} Limited Partnership`.replace(/\s+/g, ' '),
    ];
  else if (kind === 'public')
    name = [
      `บริษัท ${stem[0]}${biz[0] ? ` ${biz[0]}` : ''} จำกัด (มหาชน)`,
      `${stem[1]}${biz[1] ? ` ${biz[1]}` : ''} Public Company Limited`,
    ];
  else
    name = [
      `บริษัท ${stem[0]}${biz[0] ? ` ${biz[0]}` : ''} จำกัด`,
      `${stem[1]}${biz[1] ? ` ${biz[1]}` : ''} Co., Ltd.`,
    ];
  const juristic = kind !== 'person' && kind !== 'shop';
  const taxId = juristic ? juristicTaxId(rng, area, kind) : personalTaxId(rng);
  const hasBranch = juristic && rng.chance(0.22);
  const branch = juristic ? (hasBranch ? `0000${rng.int(1, 9)}` : '00000') : null;
  const branchArea = rng.pick(AREAS);
  const domain = `${emailUser(stem[1])}.${rng.pick(['co.th', 'co.th', 'com', 'net'])}`;
  const email =
    juristic && rng.chance(0.8)
      ? `${rng.pick(['sales', 'account', 'info', 'contact', 'ar', 'purchase', 'admin'])}@${domain}`
      : `${emailUser(stem[1])}${rng.pick(['.shop', '', '2019', '.th', '_official'])}@${rng.pick(['gmail.com', 'hotmail.com', 'yahoo.com'])}`;
  return {
    kind,
    name,
    taxId,
    branch,
    branchName: hasBranch ? branchArea.district : null,
    address: makeAddress(rng, area, kind),
    phone: kind === 'person' || (kind === 'shop' && rng.chance(0.5)) ? mobile(rng) : landline(rng, area),
    fax: juristic && rng.chance(0.4) ? landline(rng, area) : null,
    mobile: mobile(rng),
    email,
    website: juristic && rng.chance(0.4) ? `www.${domain}` : null,
    contact: contactName(rng),
    trade,
    initials: initialsOf(stem[1], biz[1]),
  };
}

function initialsOf(stem: string, biz: string): string {
  const words = `${stem} ${biz}`.split(/[\s.&-]+/).filter((w) => /^[A-Za-z]/.test(w));
  const letters = words.map((w) => (w[0] as string).toUpperCase()).join('');
  return (
    letters.length >= 2
      ? letters
      : stem
          .replace(/[^A-Za-z]/g, '')
          .slice(0, 3)
          .toUpperCase()
  ).slice(0, 4);
}
