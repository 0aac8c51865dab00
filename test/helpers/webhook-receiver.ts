/** A delivery as the receiver got it. */
export interface Delivery {
  path: string;
  body: string;
  headers: Headers;
}

/** A local HTTP endpoint on 127.0.0.1 and the deliveries it got, in order. */
export interface WebhookReceiver {
  /** The URL of `path` on the receiver (`/hook` by default). */
  url: (path?: string) => string;
  received: Delivery[];
  stop: () => void;
}

/** A local HTTP endpoint that records webhook deliveries (answers 200 `ok` to every request). */
export function webhookReceiver(): WebhookReceiver {
  const received: Delivery[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      received.push({ path: new URL(req.url).pathname, body: await req.text(), headers: req.headers });
      return new Response('ok');
    },
  });
  return {
    url: (path = '/hook') => `http://127.0.0.1:${server.port}${path}`,
    received,
    stop: () => server.stop(true),
  };
}
