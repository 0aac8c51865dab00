import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { reliability } from '../helpers/reliability.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Every way to write a private, loopback, link-local or reserved target that a client might try.
 * The URL parser turns decimal/octal/hex IPv4 into dotted form and IPv6 into hex groups: the guard
 * must see through both, and through IPv6 transition forms that carry an IPv4 address.
 */
const PRIVATE: [url: string, what: string][] = [
  ['http://127.0.0.1/hook', 'loopback'],
  ['http://127.0.0.1:8080/hook', 'loopback with a port'],
  ['http://2130706433/', 'decimal IPv4 (127.0.0.1)'],
  ['http://017700000001/', 'octal IPv4'],
  ['http://0x7f000001/', 'hex IPv4'],
  ['http://0x7f.0.0.1/', 'hex first part'],
  ['http://0177.0.0.01/', 'octal parts'],
  ['http://127.1/', 'two-part IPv4'],
  ['http://127.0.0.1./', 'trailing dot'],
  ['http://%31%32%37.0.0.1/', 'percent-encoded digits'],
  ['http://①②⑦.0.0.1/', 'circled digits (IDNA-mapped)'],
  ['http://localhost/', 'localhost'],
  ['http://localhost./', 'localhost with a trailing dot'],
  ['http://LOCALHOST../', 'upper case, two trailing dots'],
  ['http://api.localhost/', 'a .localhost name'],
  ['http://0.0.0.0/', 'unspecified IPv4'],
  ['http://0/', 'zero'],
  ['http://[::]/', 'unspecified IPv6'],
  ['http://[::1]/', 'IPv6 loopback'],
  ['http://[0:0:0:0:0:0:0:1]/', 'IPv6 loopback, long form'],
  ['http://[::ffff:127.0.0.1]:9/', 'IPv4-mapped loopback'],
  ['http://[::ffff:169.254.169.254]/', 'IPv4-mapped metadata address'],
  ['http://[::ffff:a9fe:a9fe]/', 'IPv4-mapped metadata address, hex'],
  ['http://[0:0:0:0:0:ffff:a00:1]/', 'IPv4-mapped 10.0.0.1, long form'],
  ['http://[::ffff:0:10.0.0.1]/', 'IPv4-translated'],
  ['http://[::127.0.0.1]/', 'IPv4-compatible loopback'],
  ['http://[::a00:1]/', 'IPv4-compatible 10.0.0.1'],
  ['http://[64:ff9b::a00:1]/', 'NAT64 of 10.0.0.1'],
  ['http://[64:ff9b::169.254.169.254]/', 'NAT64 of the metadata address'],
  ['http://[64:ff9b:1::1]/', 'local-use NAT64'],
  ['http://[2002:7f00:1::]/', '6to4 of 127.0.0.1'],
  ['http://[2002:c0a8:101::1]/', '6to4 of 192.168.1.1'],
  ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'Teredo'],
  ['http://[fe80::1]/', 'IPv6 link-local'],
  ['http://[febf:ffff::1]/', 'IPv6 link-local, top of the range'],
  ['http://[fc00::1]/', 'unique local'],
  ['http://[fd12:3456:789a::1]/', 'unique local (fd)'],
  ['http://[fec0::1]/', 'site-local'],
  ['http://[ff02::1]/', 'IPv6 multicast'],
  ['http://[2001:db8::1]/', 'IPv6 documentation'],
  ['http://[100::1]/', 'discard-only'],
  ['http://10.0.0.1/', '10/8'],
  ['http://172.16.5.4/', '172.16/12'],
  ['http://172.31.255.255/', '172.16/12, top'],
  ['http://192.168.0.1/', '192.168/16'],
  ['http://169.254.169.254/latest/meta-data', 'link-local metadata'],
  ['http://100.64.0.1/', 'CGNAT 100.64/10'],
  ['http://100.127.255.254/', 'CGNAT, top'],
  ['http://192.0.0.170/', 'IETF protocol assignments'],
  ['http://192.0.2.1/', 'TEST-NET-1'],
  ['http://198.18.0.1/', 'benchmarking'],
  ['http://224.0.0.1/', 'multicast'],
  ['http://255.255.255.255/', 'broadcast'],
  ['https://[::ffff:7f00:1]:8443/', 'https, IPv4-mapped hex'],
];

/** Public targets in the same notations: they must still be accepted. */
const PUBLIC = [
  'https://example.com/hook',
  'https://erp.example.com./hooks',
  'http://8.8.8.8/',
  'http://134744072/',
  'http://[2606:4700:4700::1111]/',
  'http://[::ffff:8.8.8.8]/',
  'http://[64:ff9b::808:808]/',
  'http://[2002:808:808::1]/',
  'http://100.128.0.1/',
  'http://172.32.0.1/',
  'http://internal.example/',
];

/** The address a name could resolve to, for each literal private form. */
const privateAddresses = PRIVATE.map(([u]) => new URL(u).hostname.replace(/^\[(.*)\]$/, '$1')).filter(
  (h) => /^[\d.]+$/.test(h) || h.includes(':'),
);

type Register = (s: TestServer, key: string, projectId: string, url: string) => Promise<Response>;

const post = (s: TestServer, path: string, headers: Record<string, string>, body: unknown) =>
  fetch(s.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const dialects: [name: string, register: Register][] = [
  ['native', (s, key, _p, url) => post(s, '/api/v1/webhooks', { authorization: `Bearer ${key}` }, { url })],
  [
    'DOC.IN.TH',
    (s, key, _p, url) =>
      post(s, '/v2/webhooks', { authorization: `Bearer ${key}` }, { url, events: ['ocr.completed'] }),
  ],
  [
    'Ocriva',
    (s, key, _p, url) =>
      post(
        s,
        '/v1/openapi/webhooks',
        { 'x-api-key': key },
        { name: 'h', url, events: ['document.processed'] },
      ),
  ],
  [
    'Docflo',
    (s, key, projectId, url) =>
      post(
        s,
        '/docs/v1/webhooks',
        { 'x-tenant-id': projectId, apiKey: key },
        { url, events: ['document.processed'] },
      ),
  ],
  [
    'DocRouter',
    (s, key, projectId, url) =>
      post(
        s,
        `/v0/orgs/${projectId}/webhooks`,
        { authorization: `Bearer ${key}` },
        { enabled: true, url, events: [] },
      ),
  ],
];

describe('webhook registration refuses every private form, in the native API and every dialect', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ config: (c) => (c.webhooks.allowPrivate = false) });
  });
  afterAll(() => s.close());

  for (const [dialect, register] of dialects)
    test(dialect, async () => {
      const { projectId } = await s.newProject(`ssrf ${dialect}`);
      const { key } = await s.services.keys.create({
        orgId: s.orgId,
        projectId,
        rateLimit: { '*': 1_000_000 },
      });
      const accepted: string[] = [];
      for (const [url, what] of PRIVATE) {
        const res = await register(s, key, projectId, url);
        reliability.badInputs++;
        if (res.status < 400 || res.status >= 500) accepted.push(`${url} (${what}): ${res.status}`);
      }
      expect(accepted).toEqual([]);
      expect(await s.services.webhooks.list(projectId)).toEqual([]);
      for (const url of PUBLIC)
        expect([url, (await register(s, key, projectId, url)).status]).toEqual([url, 201]);
    });
});

describe('at delivery: resolved once, every address checked, the checked address connected to', () => {
  let s: TestServer;
  /** What the resolver answers per name (the system resolver is never asked). */
  const dns = new Map<string, string[]>();
  beforeAll(async () => {
    s = await startTestServer({
      config: (c) => (c.webhooks.allowPrivate = false),
      overrides: { resolveHost: async (host) => dns.get(host) ?? [] },
    });
  });
  afterAll(() => s.close());

  test('a name resolving to any private address, or to a public and a private one, is never called', async () => {
    const { projectId, key } = await s.newProject('ssrf delivery');
    const names: string[] = [];
    for (const [i, address] of privateAddresses.entries()) {
      dns.set(`h${i}.example`, [address]);
      dns.set(`mixed${i}.example`, ['93.184.215.14', address]);
      names.push(`h${i}.example`, `mixed${i}.example`);
    }
    dns.set('localhost', ['127.0.0.1', '::1']);
    names.push('localhost.rebind.example');
    dns.set('localhost.rebind.example', ['127.0.0.1']);
    for (const name of names)
      await s.services.webhooks.create({
        projectId,
        dialect: 'docinth',
        url: `http://${name}/hook`,
        events: ['document.uploaded'],
      });
    const up = await s.fetch('/v2/documents/upload', {
      method: 'POST',
      key,
      body: form({ name: 'n.txt', content: `ssrf ${Math.random()}` }),
    });
    expect(up.status).toBe(201);
    await s.drain();
    const { rows } = await s.services.webhooks.deliveries(projectId, { limit: 1000 });
    expect(rows.length).toBe(names.length);
    for (const d of rows) {
      expect(d.status).toBe('failed');
      expect(d.attempts).toBe(1);
      expect(d.lastError).toMatch(/private or reserved address/);
    }
  });

  test('the connection goes to the resolved address, with the name as Host (no second lookup)', async () => {
    const received: string[] = [];
    const receiver = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      async fetch(req) {
        received.push(`${req.headers.get('host')} ${await req.text()}`.slice(0, 60));
        return new Response('ok');
      },
    });
    const open = await startTestServer({
      overrides: { resolveHost: async (host) => (host === 'hooks.customer.example' ? ['127.0.0.1'] : []) },
    });
    try {
      const hook = await open.services.webhooks.create({
        projectId: open.projectId,
        dialect: 'docinth',
        url: `http://hooks.customer.example:${receiver.port}/in`,
        events: ['document.uploaded'],
      });
      await open.fetch('/v2/documents/upload', {
        method: 'POST',
        body: form({ name: 'p.txt', content: 'pin' }),
      });
      await open.drain();
      expect(
        (await open.services.webhooks.deliveries(open.projectId, { webhookId: hook.id })).rows[0]?.status,
      ).toBe('delivered');
      expect(received).toEqual([
        expect.stringMatching(new RegExp(`^hooks\\.customer\\.example:${receiver.port} \\{`)),
      ]);
    } finally {
      receiver.stop(true);
      await open.close();
    }
  });

  test('a redirect is never followed (here to a second local receiver)', async () => {
    let reached = 0;
    const inner = Bun.serve({
      port: 0,
      fetch: () => {
        reached++;
        return new Response('ok');
      },
    });
    const outer = Bun.serve({
      port: 0,
      fetch: () =>
        new Response(null, { status: 302, headers: { location: `http://127.0.0.1:${inner.port}/x` } }),
    });
    const open = await startTestServer();
    try {
      const hook = await open.services.webhooks.create({
        projectId: open.projectId,
        dialect: 'docinth',
        url: `http://127.0.0.1:${outer.port}/hook`,
        events: ['document.uploaded'],
      });
      await open.fetch('/v2/documents/upload', {
        method: 'POST',
        body: form({ name: 'r.txt', content: 'redirect' }),
      });
      await open.drain();
      const d = (await open.services.webhooks.deliveries(open.projectId, { webhookId: hook.id })).rows[0];
      expect(d).toMatchObject({ status: 'failed', lastStatus: 302 });
      expect(reached).toBe(0);
    } finally {
      inner.stop(true);
      outer.stop(true);
      await open.close();
    }
  });
});
