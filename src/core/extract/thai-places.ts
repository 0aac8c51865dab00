/**
 * Thai place names read by OCR, checked against the country's gazetteer (thai-places-data.ts: every
 * province, district and subdistrict with its postcode). A Thai address names its places after fixed
 * words — `ตำบล`/`แขวง` (subdistrict), `อำเภอ`/`เขต` (district), `จังหวัด` (province), or the province
 * alone before the postcode — and each of those slots holds one of a closed list of names. A name OCR
 * misread (`จังหวัดชอนแก่น`, `อำเกอเมืองขอนแก่น`, `เซตห้วยขวาง`) is one or two characters away from
 * exactly one name of its list, and the postcode narrows the list to a few places, so the printed name
 * can be given back. A name the list holds is never changed, and a slot with two equally near names is
 * left as read.
 */
import { editDistance } from '../text/edit-distance.ts';
import { THAI_PLACES } from './thai-places-data.ts';
import type { ExtractedField, ExtractionCheck } from './types.ts';

type Level = 'subdistrict' | 'district' | 'province';

interface Gazetteer {
  names: Record<Level, Set<string>>;
  /** The names of each level at a postcode. */
  byPostcode: Map<string, Record<Level, Set<string>>>;
}

/** Province names as addresses also print them. */
const PROVINCE_FORMS = ['กรุงเทพฯ', 'กรุงเทพ', 'กทม.'];

let gazetteer: Gazetteer | undefined;

function load(): Gazetteer {
  if (gazetteer) return gazetteer;
  const empty = (): Record<Level, Set<string>> => ({
    subdistrict: new Set(),
    district: new Set(),
    province: new Set(),
  });
  const g: Gazetteer = { names: empty(), byPostcode: new Map() };
  for (const form of PROVINCE_FORMS) g.names.province.add(form);
  for (const line of THAI_PLACES.split('\n')) {
    const [province = '', district = '', subs = ''] = line.split('\t');
    g.names.province.add(province);
    g.names.district.add(district);
    for (const entry of subs.split(',')) {
      const [sub = '', postcode = ''] = entry.split(':');
      g.names.subdistrict.add(sub);
      const at = g.byPostcode.get(postcode) ?? empty();
      g.byPostcode.set(postcode, at);
      at.subdistrict.add(sub);
      at.district.add(district);
      at.province.add(province);
    }
  }
  gazetteer = g;
  return g;
}

/** Thailand's provinces as addresses print them (`กรุงเทพฯ` too): a closed list. */
export const provinces = (): ReadonlySet<string> => load().names.province;

/** The words that open a place slot, the level of the name after them, and whether OCR may have misread the word itself. */
const SLOT_WORDS: { word: string; level: Level; fuzzy: boolean }[] = [
  { word: 'ตำบล', level: 'subdistrict', fuzzy: true },
  { word: 'แขวง', level: 'subdistrict', fuzzy: true },
  { word: 'อำเภอ', level: 'district', fuzzy: true },
  { word: 'จังหวัด', level: 'province', fuzzy: true },
  { word: 'เขต', level: 'district', fuzzy: true },
  { word: 'ต.', level: 'subdistrict', fuzzy: false },
  { word: 'อ.', level: 'district', fuzzy: false },
  { word: 'จ.', level: 'province', fuzzy: false },
];

/**
 * How many characters a misread name may differ by: one; two from six characters on when the list is
 * short (a postcode's places, the provinces).
 */
const allowance = (name: string, short: boolean) => (short && name.length >= 6 ? 2 : 1);

/** A place name the gazetteer holds and how it was found: as read, near it among the postcode's places, or anywhere. */
interface Found {
  name: string;
  via: 'read' | 'postcode' | 'anywhere';
}

/**
 * The one name of `level` nearest `read` within its allowance (the places at `postcode` first), `read`
 * itself when the list holds it, undefined when none is near or two are equally near.
 */
export function placeName(read: string, level: Level, postcode?: string): Found | undefined {
  const g = load();
  if (g.names[level].has(read)) return { name: read, via: 'read' };
  const lists = [
    ['postcode', g.byPostcode.get(postcode ?? '')?.[level]],
    ['anywhere', g.names[level]],
  ] as const;
  for (const [via, list] of lists) {
    if (!list) continue;
    let best: string | undefined;
    let bestD = allowance(read, via === 'postcode' || level === 'province') + 1;
    let tie = false;
    for (const name of list) {
      if (Math.abs(name.length - read.length) >= bestD) continue;
      const d = editDistance(read, name);
      if (d < bestD) {
        best = name;
        bestD = d;
        tie = false;
      } else if (d === bestD) tie = true;
    }
    if (tie) return undefined;
    if (best) return { name: best, via };
  }
  return undefined;
}

/** The slot word a token opens with (as printed, or misread by one character) and the rest of the token. */
function slotOf(token: string): { word: string; level: Level; rest: string; exact: boolean } | undefined {
  for (const s of SLOT_WORDS)
    if (token.startsWith(s.word))
      return { word: s.word, level: s.level, rest: token.slice(s.word.length), exact: true };
  for (const s of SLOT_WORDS) {
    if (!s.fuzzy) continue;
    const lengths =
      s.word.length >= 4 ? [s.word.length, s.word.length - 1, s.word.length + 1] : [s.word.length];
    for (const len of lengths) {
      if (len > token.length || editDistance(token.slice(0, len), s.word) > 1) continue;
      return { word: s.word, level: s.level, rest: token.slice(len), exact: false };
    }
  }
  return undefined;
}

/** Thai letters and marks only: a place name as a token holds it. */
const THAI_NAME = /^[\u0E01-\u0E4E]+$/;

/**
 * A Thai address with the place names OCR misread given back as the gazetteer spells them (see the
 * module comment): a slot word's name (joined to it or the next word), and the province before the
 * postcode. A slot word misread itself (`อำเกอ`, `ดำบล`) is restored only when the name after it is one
 * of its level's as read, or near one at the postcode. Anything else is left as read.
 */
export function correctPlaceNames(address: string): string {
  const tokens = address.split(' ');
  const postcode = /(?<!\d)(\d{5})(?!\d)/.exec(address)?.[1];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const slot = slotOf(token);
    if (slot) {
      const joined = slot.rest !== '';
      const read = joined ? slot.rest : (tokens[i + 1] ?? '');
      if (!THAI_NAME.test(read)) continue;
      const found = placeName(read, slot.level, postcode);
      if (!found || (!slot.exact && found.via === 'anywhere')) continue;
      if (joined) tokens[i] = slot.word + found.name;
      else {
        tokens[i] = slot.word;
        tokens[i + 1] = found.name;
        i++;
      }
      continue;
    }
    if (postcode && tokens[i + 1] === postcode && THAI_NAME.test(token)) {
      const found = placeName(token, 'province', postcode);
      if (found) tokens[i] = found.name;
    }
  }
  return tokens.join(' ');
}

/**
 * Gives the addresses among `fields` (read by OCR) their place names as the gazetteer spells them
 * (see {@link correctPlaceNames}), value and source text alike, and says so in `checks`
 * (`place_name_restored`).
 */
export function restorePlaceNames(
  fields: Partial<Record<string, ExtractedField>>,
  checks: ExtractionCheck[],
): void {
  for (const name of ['sellerAddress', 'buyerAddress']) {
    const f = fields[name];
    if (!f || typeof f.value !== 'string') continue;
    const restored = correctPlaceNames(f.value);
    if (restored === f.value) continue;
    checks.push({
      name: 'place_name_restored',
      passed: true,
      field: name,
      detail: `${name}: ${JSON.stringify(f.value)} names a place no map has; read as ${JSON.stringify(restored)}`,
    });
    f.value = restored;
    f.text = restored;
  }
}
