import { afterEach, beforeEach, expect, test } from 'bun:test';
import { tempDir } from '../../helpers/server.ts';
import { doc, memoryIndex } from './helpers.ts';

// Indexing and snapshotting must leave the event loop free: a request made while they run is answered
// before they finish. Ordering is asserted, never a duration.

const WORDS = [
  'สัญญา',
  'เช่า',
  'ที่ดิน',
  'ผู้ให้เช่า',
  'ตกลง',
  'ชำระ',
  'ค่าเช่า',
  'รายเดือน',
  'ประเทศไทย',
  'กรุงเทพมหานคร',
];

/** About `chars` characters of Thai prose without spaces (as PDF text layers give it), deterministic. */
function thaiText(chars: number, seed: number): string {
  let s = '';
  let x = seed;
  while (s.length < chars) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += WORDS[x % WORDS.length];
    if (x % 13 === 0) s += ` ${x % 1000} `;
  }
  return s;
}

let dir: ReturnType<typeof tempDir>;
let server: ReturnType<typeof Bun.serve>;
beforeEach(() => {
  dir = tempDir();
  server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response('pong') });
});
afterEach(() => {
  server.stop(true);
  dir.cleanup();
});

/** Resolves with the order in which `work` and a request made right after it started finished. */
async function race(work: () => Promise<unknown>): Promise<string[]> {
  const order: string[] = [];
  const running = work().then(() => order.push('work'));
  const request = fetch(`http://127.0.0.1:${server.port}/`)
    .then((r) => r.text())
    .then((body) => order.push(body));
  await Promise.all([running, request]);
  return order;
}

test('an 800 KB Thai document being indexed does not hold up a request made meanwhile', async () => {
  const m = memoryIndex(dir.path);
  await m.index.start(async function* () {}, { wait: true });
  await m.put(doc('warm', 'ข้อความสั้น'));
  const big = doc('big', thaiText(800_000, 7));
  expect(await race(() => m.put(big))).toEqual(['pong', 'work']);
  expect(await m.ids('กรุงเทพมหานคร')).toEqual(['big']);
  await m.index.close();
});

test('writing a snapshot of a large index does not hold up a request made meanwhile', async () => {
  const m = memoryIndex(dir.path);
  await m.index.start(
    async function* () {
      for (let b = 0; b < 4; b++)
        yield Array.from({ length: 500 }, (_, i) => doc(`d${b}-${i}`, thaiText(1500, b * 1000 + i)));
    },
    { wait: true },
  );
  await m.put(doc('late', thaiText(200_000, 3)));
  expect(await race(() => m.index.snapshot())).toEqual(['pong', 'work']);
  expect(m.index.status().snapshot).not.toBeNull();
  expect(await m.ids('กรุงเทพมหานคร', { limit: 1 })).toHaveLength(1);
  await m.index.close();
});
