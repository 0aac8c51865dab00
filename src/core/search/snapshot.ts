/**
 * Binary snapshots of the {@link InvertedIndex}: a JSON header (strings, ids, terms, section table)
 * followed by 8-byte aligned binary sections and a CRC-32 trailer. Loading maps posting lists and
 * packed texts as views into the file's bytes (no decoding), so a large index loads in well under a
 * second. A snapshot with another format or tokenizer version, or a bad checksum, is refused.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { DocTable, Interner } from './docs.ts';
import type { TermPostings } from './dictionary.ts';
import { InvertedIndex } from './inverted-index.ts';
import { PostingList } from './postings.ts';
import { GRAM_SPACE, SIGNATURE_WORDS, type Tokenizer, tokenizerVersion } from './tokenize.ts';

const MAGIC = 0x58495344; // "DSIX" little-endian
/** Bumped whenever the layout below changes. */
export const SNAPSHOT_FORMAT = 2;

/** Why a snapshot could not be used (the caller rebuilds from the database). */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'stale' | 'corrupt',
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

interface Header {
  tokenizer: string;
  createdAt: number;
  slots: number;
  live: number;
  totals: [number, number, number, number];
  strings: string[];
  ids: string[];
  names: string[];
  terms: string[];
  sections: Record<string, [number, number]>;
}

type Section = Uint8Array | Uint32Array | Float64Array;

/**
 * Captures the index as a list of byte chunks (synchronously: later changes do not affect it). The
 * chunks may be written out asynchronously.
 */
export function captureSnapshot(index: InvertedIndex, createdAt: number): Uint8Array[] {
  const d = index.docs;
  const n = d.size;
  const sections: [string, Section][] = [];
  const add = (name: string, data: Section) => sections.push([name, data]);
  add('alive', d.alive.slice(0, n));
  add('project', d.project.slice(0, n));
  add('kind', d.kind.slice(0, n));
  add('folder', d.folder.slice(0, n));
  add('docType', d.docType.slice(0, n));
  add('nameLen', d.nameLen.slice(0, n));
  add('contentLen', d.contentLen.slice(0, n));
  add('postings', d.postings.slice(0, n));
  add('createdAt', d.createdAt.slice(0, n));
  add('signature', d.signature.slice(0, n * SIGNATURE_WORDS));
  const tagOffsets = new Uint32Array(n + 1);
  const tagParts: Uint32Array[] = [];
  for (let s = 0; s < n; s++) {
    const t = d.tags[s];
    tagOffsets[s + 1] = (tagOffsets[s] as number) + (t?.length ?? 0);
    if (t) tagParts.push(t);
  }
  add('tagOffsets', tagOffsets);
  add('tags', concatU32(tagParts));
  for (const [name, arr] of [
    ['packedName', d.packedName],
    ['packedText', d.packedText],
  ] as const) {
    const offsets = new Float64Array(n + 1);
    for (let s = 0; s < n; s++) offsets[s + 1] = (offsets[s] as number) + (arr[s]?.length ?? 0);
    add(`${name}Offsets`, offsets);
    for (let s = 0; s < n; s++) sections.push([name, arr[s] as Uint8Array]);
  }
  const terms = [...index.terms.exact.keys()];
  const termMeta = new Uint32Array(terms.length * 8);
  terms.forEach((term, i) => {
    const e = index.terms.get(term) as TermPostings;
    for (const [k, list] of [e.name, e.content].entries()) {
      const at = i * 8 + k * 4;
      termMeta[at] = list?.count ?? 0;
      termMeta[at + 1] = (list?.last ?? -1) + 1;
      termMeta[at + 2] = list?.length ?? 0;
      termMeta[at + 3] = list?.live ?? 0;
      if (list) sections.push(['termData', list.view()]);
    }
  });
  add('termMeta', termMeta);
  const gramMeta = new Uint32Array(GRAM_SPACE * 4);
  for (let g = 0; g < GRAM_SPACE; g++) {
    const list = index.grams[g];
    if (!list) continue;
    gramMeta[g * 4] = list.count;
    gramMeta[g * 4 + 1] = list.last + 1;
    gramMeta[g * 4 + 2] = list.length;
    gramMeta[g * 4 + 3] = list.live;
    sections.push(['gramData', list.view()]);
  }
  add('gramMeta', gramMeta);

  // Lay out: consecutive chunks of the same name form one section.
  const table: Record<string, [number, number]> = {};
  const body: Uint8Array[] = [];
  let offset = 0;
  let prev = '';
  for (const [name, data] of sections) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (name !== prev) {
      const pad = (8 - (offset % 8)) % 8;
      if (pad) body.push(new Uint8Array(pad));
      offset += pad;
      table[name] = [offset, 0];
      prev = name;
    }
    (table[name] as [number, number])[1] += bytes.length;
    body.push(bytes);
    offset += bytes.length;
  }
  const header: Header = {
    tokenizer: tokenizerVersion(),
    createdAt,
    slots: n,
    live: index.live,
    totals: [index.totalNameLen, index.totalContentLen, index.totalPostings, index.deadPostings],
    strings: d.strings.values,
    ids: d.ids.slice(0, n).map((id, s) => (d.alive[s] ? id : '')),
    names: d.names.slice(0, n).map((name, s) => (d.alive[s] ? name : '')),
    terms,
    sections: table,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(12 + json.length + ((8 - ((12 + json.length) % 8)) % 8));
  const view = new DataView(head.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, SNAPSHOT_FORMAT, true);
  view.setUint32(8, json.length, true);
  head.set(json, 12);
  return [head, ...body];
}

/** Small chunks are gathered into writes of this size. */
const WRITE_BUFFER = 4 * 1024 * 1024;

/** Writes chunks to `path` atomically (temp file, fsync, rename) with a CRC-32 trailer. */
export async function writeSnapshot(path: string, chunks: Uint8Array[]): Promise<number> {
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  let size = 0;
  const buffer = new Uint8Array(WRITE_BUFFER);
  let used = 0;
  const flush = async () => {
    if (used) await fh.write(buffer.subarray(0, used));
    used = 0;
  };
  try {
    let crc = 0;
    for (const c of chunks) {
      crc = crc32(c, crc);
      size += c.length;
      if (used + c.length > buffer.length) await flush();
      if (c.length >= buffer.length) await fh.write(c);
      else {
        buffer.set(c, used);
        used += c.length;
      }
    }
    await flush();
    const trailer = new Uint8Array(4);
    new DataView(trailer.buffer).setUint32(0, crc, true);
    await fh.write(trailer);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, path);
  return size + 4;
}

/** Loads a snapshot written by {@link writeSnapshot}; throws {@link SnapshotError} when unusable. */
export async function readSnapshot(
  path: string,
  tokenizer: Tokenizer,
): Promise<{ index: InvertedIndex; createdAt: number; bytes: number }> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotError('no snapshot', 'missing');
    throw new SnapshotError(`cannot read snapshot: ${(err as Error).message}`, 'corrupt');
  }
  const buf = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 16) throw new SnapshotError('snapshot is truncated', 'corrupt');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new SnapshotError('not a docserve index snapshot', 'corrupt');
  if (dv.getUint32(4, true) !== SNAPSHOT_FORMAT)
    throw new SnapshotError(`snapshot format ${dv.getUint32(4, true)} is not ${SNAPSHOT_FORMAT}`, 'stale');
  if (crc32(buf.subarray(0, buf.length - 4)) !== dv.getUint32(buf.length - 4, true))
    throw new SnapshotError('snapshot checksum mismatch', 'corrupt');
  const jsonLen = dv.getUint32(8, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + jsonLen)));
  } catch {
    throw new SnapshotError('snapshot header is not valid JSON', 'corrupt');
  }
  if (header.tokenizer !== tokenizerVersion())
    throw new SnapshotError(`snapshot tokenizer ${header.tokenizer} is not ${tokenizerVersion()}`, 'stale');
  const base = 12 + jsonLen + ((8 - ((12 + jsonLen) % 8)) % 8);
  const bodyEnd = buf.length - 4;
  const section = (name: string): [number, number] => {
    const s = header.sections[name];
    if (!s) return [base, 0];
    const start = base + s[0];
    if (start + s[1] > bodyEnd || s[0] % 8 !== 0)
      throw new SnapshotError(`section ${name} out of range`, 'corrupt');
    return [start, s[1]];
  };
  const bytes = (name: string) => {
    const [start, len] = section(name);
    return buf.subarray(start, start + len);
  };
  const u32 = (name: string, count: number) => {
    const [start, len] = section(name);
    if (len !== count * 4) throw new SnapshotError(`section ${name} has the wrong size`, 'corrupt');
    return new Uint32Array(buf.buffer, buf.byteOffset + start, count);
  };
  const f64 = (name: string, count: number) => {
    const [start, len] = section(name);
    if (len !== count * 8) throw new SnapshotError(`section ${name} has the wrong size`, 'corrupt');
    return new Float64Array(buf.buffer, buf.byteOffset + start, count);
  };

  const n = header.slots;
  const index = new InvertedIndex(tokenizer);
  const d = new DocTable(new Interner(header.strings));
  d.reserve(n);
  d.size = n;
  const alive = bytes('alive');
  if (alive.length !== n) throw new SnapshotError('section alive has the wrong size', 'corrupt');
  d.alive.set(alive);
  d.project.set(u32('project', n));
  d.kind.set(u32('kind', n));
  d.folder.set(u32('folder', n));
  d.docType.set(u32('docType', n));
  d.nameLen.set(u32('nameLen', n));
  d.contentLen.set(u32('contentLen', n));
  d.postings.set(u32('postings', n));
  d.createdAt.set(f64('createdAt', n));
  d.signature.set(u32('signature', n * SIGNATURE_WORDS));
  d.ids = header.ids;
  d.names = header.names;
  const tagOffsets = u32('tagOffsets', n + 1);
  const tagsAll = u32('tags', tagOffsets[n] as number);
  for (const [name, target] of [
    ['packedName', d.packedName],
    ['packedText', d.packedText],
  ] as const) {
    const offsets = f64(`${name}Offsets`, n + 1);
    const [start, len] = section(name);
    if ((offsets[n] as number) !== len)
      throw new SnapshotError(`section ${name} has the wrong size`, 'corrupt');
    for (let s = 0; s < n; s++)
      target[s] = Buffer.from(
        buf.buffer,
        buf.byteOffset + start + (offsets[s] as number),
        (offsets[s + 1] as number) - (offsets[s] as number),
      );
  }
  for (let s = 0; s < n; s++) {
    const a = tagOffsets[s] as number;
    const b = tagOffsets[s + 1] as number;
    d.tags[s] = b > a ? tagsAll.slice(a, b) : null;
    if (d.alive[s]) index.slotOf.set(d.ids[s] as string, s);
  }
  if (index.slotOf.size !== header.live)
    throw new SnapshotError('snapshot document count mismatch', 'corrupt');

  /** A posting list from `meta[at..]`: count, last + 1, byte length, live count. */
  const lists = (data: Uint8Array, meta: Uint32Array, at: number, pos: { p: number }) => {
    const count = meta[at] as number;
    if (!count) return undefined;
    const len = meta[at + 2] as number;
    if (pos.p + len > data.length) throw new SnapshotError('posting data out of range', 'corrupt');
    const list = new PostingList(
      data.subarray(pos.p, pos.p + len),
      len,
      count,
      (meta[at + 1] as number) - 1,
      meta[at + 3] as number,
    );
    pos.p += len;
    return list;
  };
  const termMeta = u32('termMeta', header.terms.length * 8);
  const termData = bytes('termData');
  const tpos = { p: 0 };
  header.terms.forEach((term, i) => {
    const e: TermPostings = {};
    const name = lists(termData, termMeta, i * 8, tpos);
    const content = lists(termData, termMeta, i * 8 + 4, tpos);
    if (name) e.name = name;
    if (content) e.content = content;
    index.terms.set(term, e);
  });
  const gramMeta = u32('gramMeta', GRAM_SPACE * 4);
  const gramData = bytes('gramData');
  const gpos = { p: 0 };
  for (let g = 0; g < GRAM_SPACE; g++) index.grams[g] = lists(gramData, gramMeta, g * 4, gpos);

  index.docs = d;
  index.live = header.live;
  [index.totalNameLen, index.totalContentLen, index.totalPostings, index.deadPostings] = header.totals;
  return { index, createdAt: header.createdAt, bytes: buf.length };
}

function concatU32(parts: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
