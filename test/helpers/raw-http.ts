import { connect } from 'node:net';

/**
 * One HTTP/1.1 request written byte for byte on a socket, for what fetch will not send: raw bytes in the
 * request target, an empty or odd Host header. Returns the status and the body as text.
 */
export function rawRequest(
  url: string,
  opts: { method?: string; target: string | Buffer; host?: string; headers?: Record<string, string> },
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const head = at < 0 ? text : text.slice(0, at);
      resolve({ status: Number(head.split(' ')[1]), body: at < 0 ? '' : dechunk(head, text.slice(at + 4)) });
    });
    const lines = Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`);
    const host = opts.host ?? `${hostname}:${port}`;
    socket.write(
      Buffer.concat([
        Buffer.from(`${opts.method ?? 'GET'} `),
        Buffer.from(opts.target),
        Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${lines.join('')}\r\n`),
      ]),
    );
  });
}

/** The body of a chunked response (or the body as it is). */
function dechunk(head: string, body: string): string {
  if (!/transfer-encoding:\s*chunked/i.test(head)) return body;
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}
