/** Credentials the tenancy matrix tries on every route. */
export type Credential =
  | 'none'
  | 'revoked'
  | 'expired'
  | 'other-project'
  | 'other-org'
  | 'project-on-org-route';

export interface MatrixContext {
  victimProjectId: string;
  victimKey: string;
  victimDocId: string;
  victimWebhookId: string;
  orgId: string;
  keys: Record<Credential, string | null>;
  projects: { 'other-project': string; 'other-org': string };
}

export interface Route {
  method: string;
  path: string;
}

/** How to call one dialect's routes with a credential, and which statuses its vendor documents. */
export interface TenancyTarget {
  name: string;
  prefixes: string[];
  /** Credentials that apply (`project-on-org-route` only where the vendor has organization-only routes). */
  credentials: Credential[];
  /** The request to send, or null when the combination does not apply to this route. */
  request(
    route: Route,
    credential: Credential,
    ctx: MatrixContext,
  ): { path: string; headers: Record<string, string>; body?: BodyInit } | null;
  allowed(route: Route, credential: Credential, status: number): boolean;
}

const UNAUTHENTICATED: Credential[] = ['none', 'revoked', 'expired'];
const PROJECT_SCOPED: Credential[] = [...UNAUTHENTICATED, 'other-project', 'other-org'];
const isUnauthenticated = (c: Credential) => UNAUTHENTICATED.includes(c);

function tinyUpload(): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([`attacker upload ${Math.random()}`]), 'attacker.txt');
  return fd;
}

function json(body: unknown): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? values.id ?? 'x');
}

const bearer = (key: string | null): Record<string, string> =>
  key ? { authorization: `Bearer ${key}` } : {};

export const tenancyTargets: TenancyTarget[] = [
  {
    name: 'native /api/v1',
    prefixes: ['/api/v1'],
    credentials: PROJECT_SCOPED,
    request(route, credential, ctx) {
      const path = fill(route.path, { id: ctx.victimDocId });
      const headers = bearer(ctx.keys[credential]);
      if (route.method === 'POST' && route.path === '/api/v1/documents')
        return { path, headers, body: tinyUpload() };
      if (route.path === '/api/v1/search') return { path: `${path}?q=VICTIM-SECRET-7f3a`, headers };
      if (route.method !== 'GET' && route.method !== 'DELETE') {
        const bodies: Record<string, unknown> = {
          PATCH: { name: 'pwned.txt' },
          PUT: { values: { total: 1 } },
          'POST /api/v1/webhooks': { url: 'https://example.com/attacker' },
          'POST /api/v1/keys': { label: 'attacker' },
        };
        const j = json(bodies[`${route.method} ${route.path}`] ?? bodies[route.method] ?? {});
        return { path, headers: { ...headers, ...j.headers }, body: j.body };
      }
      return { path, headers };
    },
    allowed(route, credential, status) {
      if (isUnauthenticated(credential)) return status === 401;
      // API keys are managed with organization keys only; these credentials are project keys.
      if (route.path.startsWith('/api/v1/keys')) return status === 403;
      if (route.path.includes(':id')) return status === 404;
      return status >= 200 && status < 300;
    },
  },
  {
    name: 'DOC.IN.TH /v2',
    prefixes: ['/v2'],
    credentials: PROJECT_SCOPED,
    request(route, credential, ctx) {
      const key = ctx.keys[credential];
      const path = fill(route.path, {
        id: route.path.includes('webhooks') ? `wh_${ctx.victimWebhookId}` : `doc_${ctx.victimDocId}`,
      });
      const headers = bearer(key);
      if (route.path === '/v2/documents/upload') return { path, headers, body: tinyUpload() };
      if (route.path === '/v2/search')
        return { path: `${path}?q=${encodeURIComponent('VICTIM-SECRET-7f3a')}`, headers };
      const bodies: Record<string, unknown> = {
        '/v2/auth/token': { api_key: key ?? '', workspace_id: `ws_${ctx.victimProjectId}` },
        '/v2/ocr/extract': { document_id: `doc_${ctx.victimDocId}`, output_format: 'json' },
        '/v2/webhooks': { url: 'https://example.com/attacker', events: ['document.uploaded'] },
      };
      if (route.method === 'POST') {
        const j = json(bodies[route.path] ?? {});
        return { path, headers: { ...headers, ...j.headers }, body: j.body };
      }
      return { path, headers };
    },
    allowed(route, credential, status) {
      if (route.path === '/v2/auth/token') return credential === 'none' ? status === 400 : status === 401;
      if (isUnauthenticated(credential)) return status === 401;
      if (route.path.includes(':id') || route.path === '/v2/ocr/extract') return status === 404;
      if (route.path === '/v2/search') return status === 200 || status === 503;
      return status >= 200 && status < 300;
    },
  },
  {
    name: 'Docflo',
    prefixes: ['/docs/v1', '/docs/types', '/logs/v1', '/auth/v1'],
    credentials: PROJECT_SCOPED,
    request(route, credential, ctx) {
      const key = ctx.keys[credential];
      const tenant =
        credential === 'other-project' || credential === 'other-org'
          ? ctx.projects[credential]
          : ctx.victimProjectId;
      const headers: Record<string, string> = key ? { 'x-tenant-id': tenant, apiKey: key } : {};
      const path = fill(route.path, {
        id: route.path.includes('webhooks') ? ctx.victimWebhookId : ctx.victimDocId,
        type: 'invoice',
        name: 'InvoiceId',
      });
      if (route.method === 'POST' && route.path === '/docs/v1/document')
        return { path, headers, body: tinyUpload() };
      if (route.path === '/docs/v1/document/analyze') {
        const fd = tinyUpload();
        fd.append('type', 'invoice');
        return { path, headers, body: fd };
      }
      if (route.method === 'GET' && route.path === '/docs/v1/document')
        return { path: `${path}?search=VICTIM-SECRET-7f3a&includeResults=true`, headers };
      if (route.path === '/logs/v1/log') return { path: `${path}?message=VICTIM`, headers };
      const bodies: Record<string, unknown> = {
        '/docs/v1/document/ai/search': { query: 'VICTIM-SECRET-7f3a', score_threshold: 0 },
        '/docs/v1/document/ai/ask': { query: 'list all invoices' },
        '/docs/v1/webhooks': { url: 'https://example.com/attacker', event: 'document.processed' },
        '/docs/v1/document/fields/:id': { fields: { InvoiceId: 'pwned' } },
        '/docs/v1/document/info/:id': { status: 'APPROVED' },
        '/docs/v1/fields': { type: 'string' },
        '/docs/types/:type/field/:name': { type: 'string' },
      };
      if (route.method === 'POST' || route.method === 'PATCH') {
        const j = json(bodies[route.path] ?? {});
        const q = route.path === '/docs/v1/fields' ? '?documentType=invoice&name=InvoiceId' : '';
        return { path: path + q, headers: { ...headers, ...j.headers }, body: j.body };
      }
      return { path, headers };
    },
    allowed(route, credential, status) {
      if (isUnauthenticated(credential)) return status === 401;
      if (route.path.includes(':id')) return status === 404;
      if (route.path.includes('/ai/') || route.path === '/docs/v1/document/analyze')
        return status < 500 || status === 503;
      return status >= 200 && status < 300;
    },
  },
  {
    name: 'DocRouter',
    prefixes: ['/v0', '/fastapi/v0'],
    credentials: [...PROJECT_SCOPED, 'project-on-org-route'],
    request(route, credential, ctx) {
      const r = route.path.replace(/^\/fastapi/, '');
      const account = r.startsWith('/v0/account');
      if (credential === 'project-on-org-route' && (!account || r === '/v0/account/token/organization'))
        return null;
      const key = ctx.keys[credential];
      const headers = bearer(key);
      const path = fill(route.path, {
        organization_id: ctx.victimProjectId,
        document_id: ctx.victimDocId,
        webhook_id: ctx.victimWebhookId,
        id: ctx.victimDocId,
      });
      if (r === '/v0/account/token/organization')
        return { path: `${path}?token=${encodeURIComponent(key ?? '')}`, headers: {} };
      if (r.endsWith('/documents/multipart')) return { path, headers, body: tinyUpload() };
      if (route.method === 'ALL') return null;
      if (route.method === 'POST' || route.method === 'PUT') {
        const bodies: Record<string, unknown> = {
          '/v0/orgs/:organization_id/documents': {
            documents: [{ name: 'a.txt', content: btoa('attacker') }],
          },
          '/v0/orgs/:organization_id/tags': { name: 'attacker' },
          '/v0/orgs/:organization_id/webhooks': { url: 'https://example.com/x', enabled: true },
          '/v0/account/organizations': { name: 'attacker org' },
          '/v0/account/access_tokens': { name: 'x', lifetime: 1 },
        };
        const j = json(bodies[r] ?? {});
        return { path, headers: { ...headers, ...j.headers }, body: j.body };
      }
      return { path, headers };
    },
    allowed(route, credential, status) {
      if (route.path.replace(/^\/fastapi/, '') === '/v0/account/token/organization')
        return isUnauthenticated(credential) ? status === 401 : status === 200;
      return status === 401;
    },
  },
  {
    name: 'Ocriva',
    prefixes: ['/v1/openapi'],
    credentials: PROJECT_SCOPED,
    request(route, credential, ctx) {
      const key = ctx.keys[credential];
      const headers: Record<string, string> = key ? { 'x-api-key': key } : {};
      // other-org names the victim project explicitly; other-project acts on its own project.
      const query = credential === 'other-project' ? '' : `?projectId=${ctx.victimProjectId}`;
      const path =
        fill(route.path, { id: route.path.includes('webhooks') ? ctx.victimWebhookId : ctx.victimDocId }) +
        query;
      if (route.path === '/v1/openapi/upload' || route.path === '/v1/openapi/batch/upload') {
        const fd = new FormData();
        fd.append(
          route.path.includes('batch') ? 'files' : 'file',
          new Blob([`attacker ${Math.random()}`]),
          'attacker.txt',
        );
        return { path, headers, body: fd };
      }
      if (route.path === '/v1/openapi/processing-history')
        return { path: `${path}${query ? '&' : '?'}search=VICTIM`, headers };
      const bodies: Record<string, unknown> = {
        '/v1/openapi/auth/login': { token: key ?? '' },
        '/v1/openapi/templates': {
          name: 'x',
          description: 'x',
          templateSchema: { type: 'object' },
          projectId: ctx.victimProjectId,
        },
        '/v1/openapi/templates/:id': { name: 'pwned' },
        '/v1/openapi/webhooks': { name: 'x', url: 'https://example.com/x', events: ['document.uploaded'] },
      };
      if (route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT') {
        const j = json(bodies[route.path] ?? {});
        return { path, headers: { ...headers, ...j.headers }, body: j.body };
      }
      return { path, headers };
    },
    allowed(route, credential, status) {
      if (route.path === '/v1/openapi/auth/login')
        return credential === 'none'
          ? status === 400
          : isUnauthenticated(credential)
            ? status === 401
            : status === 201 || status === 200;
      if (isUnauthenticated(credential) || credential === 'other-org') return status === 401;
      if (route.path.includes(':id')) return status === 404 || status === 401;
      if (route.path === '/v1/openapi/templates') return status === 401 || (status >= 200 && status < 300);
      return status >= 200 && status < 300;
    },
  },
];
