import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { docrouter } from '../../plugins/docrouter/index.ts';
import { blobCount, tinyPdf, tinyPng } from '../helpers/files.ts';
import { createExpiredKey } from '../helpers/keys.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';
import { type WebhookReceiver, webhookReceiver } from '../helpers/webhook-receiver.ts';

let s: TestServer;
let org: string;
const orgId = () => org;
let token: string;
let account: string;

beforeAll(async () => {
  s = await startTestServer({ plugins: [docrouter as never], fakeExtraction: true });
  ({ projectId: org, key: token } = await s.newProject('DocRouter org'));
  account = (await s.services.keys.create({ orgId: s.orgId, label: 'acct', prefix: 'acc_' })).key;
});
afterAll(() => s.close());

type Init = RequestInit & { key?: string | null; json?: unknown };
const call = (path: string, init: Init = {}) => {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  return s.fetch(path.startsWith('/v0') || path.startsWith('/fastapi') ? path : `/v0/orgs/${org}${path}`, {
    ...rest,
    headers,
    key: rest.key === undefined ? token : rest.key,
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
};
const b64 = (v: string | Uint8Array) => Buffer.from(v).toString('base64');

async function upload(name: string, content: string | Uint8Array, extra: Record<string, unknown> = {}) {
  const res = await call('/documents', {
    method: 'POST',
    json: { documents: [{ name, content: b64(content), ...extra }] },
  });
  expect(res.status).toBe(200);
  return (await res.json()).documents[0].document_id as string;
}

describe('auth', () => {
  test('Bearer or X-Api-Key; the /fastapi base path works too', async () => {
    expect((await call('/documents')).status).toBe(200);
    const viaHeader = await s.fetch(`/fastapi/v0/orgs/${org}/documents`, {
      key: null,
      headers: { 'X-Api-Key': token },
    });
    expect(viaHeader.status).toBe(200);
  });

  test('the Host header never affects auth (Host: x once turned a valid token into 401)', async () => {
    for (const host of ['x', 'ab', '', 'docrouter.example.com'])
      for (const [path, key] of [
        [`/v0/orgs/${org}/documents`, token],
        [`/fastapi/v0/orgs/${org}/tags`, token],
        ['/v0/account/organizations', account],
      ]) {
        const res = await rawRequest(s.url, {
          target: path as string,
          host,
          headers: { authorization: `Bearer ${key}` },
        });
        expect([host, path, res.status]).toEqual([host, path, 200]);
      }
  });

  test('missing, unknown, wrong-kind, wrong-org and expired tokens are 401 with DocRouter messages', async () => {
    const detail = async (res: Response) => [res.status, (await res.json()).detail];
    expect(await detail(await call('/documents', { key: null }))).toEqual([
      401,
      'No authentication credentials provided',
    ]);
    const invalid = [401, 'Invalid authentication credentials: invalid token'];
    expect(await detail(await call('/documents', { key: 'org_nope' }))).toEqual(invalid);
    expect(await detail(await call('/documents', { key: account }))).toEqual(invalid);
    expect(await detail(await call('/v0/account/organizations', { key: token }))).toEqual(invalid);
    const other = await s.newProject('Another org');
    expect(await detail(await call('/documents', { key: other.key }))).toEqual(invalid);
    const expired = await createExpiredKey(s.services, { orgId: s.orgId, projectId: org, label: 'old' });
    expect(await detail(await call('/documents', { key: expired.key }))).toEqual([401, 'API token expired']);
  });

  test('GET /v0/account/token/organization needs no auth', async () => {
    const res = await call(`/v0/account/token/organization?token=${token}`, { key: null });
    expect(await res.json()).toEqual({
      organization_id: org,
      organization_name: 'DocRouter org',
      organization_type: 'individual',
    });
    const acct = await (await call(`/v0/account/token/organization?token=${account}`, { key: null })).json();
    expect(acct).toEqual({ organization_id: null, organization_name: null, organization_type: null });
    const bad = await call('/v0/account/token/organization?token=org_unknown', { key: null });
    expect([bad.status, (await bad.json()).detail]).toEqual([401, 'Invalid token']);
    expect((await call('/v0/account/token/organization', { key: null })).status).toBe(422);
  });

  test('every DocRouter route docserve does not implement answers its unavailable-feature 403', async () => {
    const org = (path: string) => `/v0/orgs/${orgId()}${path}`;
    const cases: [method: string, path: string, key: string, feature: string][] = [
      ['POST', org('/llm/run'), token, 'llm_chat'],
      ['POST', '/v0/account/llm/run', account, 'llm_chat'],
      ['POST', '/v0/account/llm/test/embedding', account, 'embeddings'],
      ['GET', org('/knowledge-bases'), token, 'knowledge_bases'],
      ['POST', org('/knowledge-bases/5f0000000000000000000000/search'), token, 'knowledge_bases'],
      ['GET', org('/flows/abc'), token, 'flows'],
      ['GET', org('/executions'), token, 'flows'],
      ['GET', org('/payments/usage'), token, 'payments'],
      ['POST', org('/documents/5f0000000000000000000000/chat'), token, 'document_chat'],
      ['POST', org('/ocr/bulk-analyze'), token, 'bulk_analyze'],
      ['GET', org('/ocr/export/tables.xlsx/5f0000000000000000000000'), token, 'ocr_tables'],
      ['GET', '/v0/account/users?skip=0&limit=10', account, 'users'],
      ['POST', '/v0/account/users', account, 'users'],
      ['PUT', '/v0/account/users/5f0000000000000000000000', account, 'users'],
      ['DELETE', '/v0/account/users/5f0000000000000000000000', account, 'users'],
      ['GET', '/v0/account/email/invitations', account, 'invitations'],
      ['POST', '/v0/account/email/invitations/abc/accept', account, 'invitations'],
      ['POST', '/v0/account/email/verification/send/5f0000000000000000000000', account, 'email_verification'],
      ['POST', '/v0/account/email/verification/some-token', account, 'email_verification'],
      ['GET', '/v0/account/aws_config', account, 'aws_config'],
      ['POST', '/v0/account/aws_config', account, 'aws_config'],
      ['DELETE', '/v0/account/aws_config', account, 'aws_config'],
      ['POST', '/v0/account/gcp_config', account, 'gcp_config'],
      ['GET', '/v0/account/system_settings', account, 'system_settings'],
      ['GET', '/v0/account/license/status', account, 'license'],
    ];
    for (const [method, path, key, feature] of cases) {
      const res = await call(path, { method, key, ...(method === 'GET' ? {} : { json: {} }) });
      expect([method, path, res.status, await res.json()]).toEqual([
        method,
        path,
        403,
        {
          detail: {
            code: 'FEATURE_NOT_LICENSED',
            message: `Feature '${feature}' is not available on this docserve server.`,
          },
        },
      ]);
    }
    // Credentials are still checked first, and paths DocRouter does not have stay 404.
    expect((await call('/v0/account/users', { key: null })).status).toBe(401);
    expect((await call('/v0/account/users', { key: token })).status).toBe(401);
    const unknown = await call('/no-such-route');
    expect([unknown.status, await unknown.json()]).toEqual([404, { detail: 'Not Found' }]);
  });
});

describe('LLM models and providers', () => {
  const rules = {
    litellm_model: 'docserve-rules',
    litellm_provider: 'docserve',
    max_input_tokens: 0,
    max_output_tokens: 0,
    input_cost_per_token: 0,
    output_cost_per_token: 0,
    provider_name: 'docserve',
    provider_display_name: 'docserve rules engine (local)',
  };
  const rulesProvider = {
    name: 'docserve',
    display_name: 'docserve rules engine (local)',
    litellm_provider: 'docserve',
    litellm_models_available: ['docserve-rules'],
    litellm_models_enabled: ['docserve-rules'],
    litellm_models_chat_agent: [],
    enabled: true,
    token: null,
    token_created_at: null,
  };

  test('without an LLM endpoint: the local rules engine only; org and account listings', async () => {
    expect(await (await call('/llm/models')).json()).toEqual({ models: ['docserve-rules'] });
    expect(await (await call('/llm/models?chat_only=true')).json()).toEqual({ models: [] });
    expect(await (await call('/v0/account/llm/models', { key: account })).json()).toEqual({
      chat_models: [rules],
      embedding_models: [],
    });
    const byProvider = await call('/v0/account/llm/models?provider_name=openai', { key: account });
    expect((await byProvider.json()).chat_models).toEqual([]);
    const both = await call('/v0/account/llm/models?ocr_only=true&chat_agent_only=true', { key: account });
    expect([both.status, await both.json()]).toEqual([
      422,
      { detail: 'Use only one of ocr_only or chat_agent_only' },
    ]);
    expect(await (await call('/v0/account/llm/providers', { key: account })).json()).toEqual({
      providers: [rulesProvider],
    });
    // Org tokens do not reach account routes, nor account tokens org routes.
    expect((await call('/v0/account/llm/providers')).status).toBe(401);
    expect((await call('/llm/models', { key: account })).status).toBe(401);
  });

  test('setLLMProviderConfig: checked like DocRouter; a no-op succeeds, a change is unavailable', async () => {
    const put = async (name: string, json: unknown) => {
      const res = await call(`/v0/account/llm/provider/${name}`, { method: 'PUT', key: account, json });
      return [res.status, await res.json()];
    };
    expect(await put('OpenAI', { enabled: true })).toEqual([400, { detail: "Provider 'OpenAI' not found" }]);
    expect(await put('docserve', { litellm_models_enabled: ['gpt-4o'] })).toEqual([
      400,
      { detail: "Model 'gpt-4o' is not available for provider 'docserve'" },
    ]);
    expect(await put('docserve', { enabled: true, litellm_models_enabled: ['docserve-rules'] })).toEqual([
      200,
      { message: 'LLM provider config updated successfully' },
    ]);
    const [status, body] = await put('docserve', { enabled: false });
    expect(status).toBe(403);
    expect(body.detail.code).toBe('FEATURE_NOT_LICENSED');
    expect(body.detail.message).toStartWith("Feature 'llm_provider_config' is not available");
    expect((await put('docserve', { token: 'sk-secret' }))[0]).toBe(403);
    expect(await (await call('/v0/account/llm/providers', { key: account })).json()).toEqual({
      providers: [rulesProvider],
    });
  });

  test('with DOCSERVE_LLM_URL set, its model is listed too (the key never is)', async () => {
    const llm = await startTestServer({
      plugins: [docrouter as never],
      fakeExtraction: true,
      config: (c) => {
        c.llm = { url: 'https://llm.example.test/v1', model: 'typhoon-v2-70b', apiKey: 'sk-very-secret-key' };
      },
    });
    try {
      const o = await llm.newProject('LLM org');
      const acct = (await llm.services.keys.create({ orgId: llm.orgId, label: 'acct', prefix: 'acc_' })).key;
      const get = async (path: string, key: string) =>
        (await llm.fetch(path, { key })).json() as Promise<Record<string, unknown>>;
      expect(await get(`/v0/orgs/${o.projectId}/llm/models`, o.key)).toEqual({
        models: ['docserve-rules', 'typhoon-v2-70b'],
      });
      const endpoint = {
        name: 'openai_compatible',
        display_name: 'OpenAI-compatible endpoint (llm.example.test)',
        litellm_provider: 'openai',
        litellm_models_available: ['typhoon-v2-70b'],
        litellm_models_enabled: ['typhoon-v2-70b'],
        litellm_models_chat_agent: [],
        enabled: true,
        token: '******',
        token_created_at: null,
      };
      const providers = await get('/v0/account/llm/providers', acct);
      expect(providers).toEqual({ providers: [rulesProvider, endpoint] });
      expect(JSON.stringify(providers)).not.toContain('sk-very');
      const models = await get('/v0/account/llm/models?provider_name=openai', acct);
      expect(models).toEqual({
        chat_models: [
          {
            ...rules,
            litellm_model: 'typhoon-v2-70b',
            litellm_provider: 'openai',
            provider_name: 'openai_compatible',
            provider_display_name: 'OpenAI-compatible endpoint (llm.example.test)',
          },
        ],
        embedding_models: [],
      });
    } finally {
      await llm.close();
    }
  });
});

describe('documents', () => {
  test('several base64 documents per call; a bad one stores nothing', async () => {
    const before = (await (await call('/documents')).json()).total_count;
    const bad = await call('/documents', {
      method: 'POST',
      json: {
        documents: [
          { name: 'ok.txt', content: b64(`fine ${Math.random()}`) },
          { name: 'broken.txt', content: 'not base64!' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toStartWith('Invalid base64 content:');
    const ext = await call('/documents', {
      method: 'POST',
      json: { documents: [{ name: 'x.exe', content: b64('MZ') }] },
    });
    expect((await ext.json()).detail).toBe('Unsupported file extension .exe: x.exe');
    const tags = await call('/documents', {
      method: 'POST',
      json: { documents: [{ name: 'a.txt', content: b64('a'), tag_ids: ['5f0000000000000000000000'] }] },
    });
    expect((await tags.json()).detail).toBe("Invalid tag IDs: ['5f0000000000000000000000']");
    const mismatch = await call('/documents', {
      method: 'POST',
      json: {
        documents: [
          { name: 'first.txt', content: b64(`first ${Math.random()}`) },
          { name: 'second.pdf', content: b64(tinyPng()) },
        ],
      },
    });
    expect(mismatch.status).toBe(400);
    expect((await (await call('/documents')).json()).total_count).toBe(before);
    const two = await call('/documents', {
      method: 'POST',
      json: {
        documents: [
          { name: 'one.txt', content: b64(`one ${Math.random()}`) },
          { name: 'two.md', content: `data:text/markdown;base64,${b64(`# two ${Math.random()}`)}` },
        ],
      },
    });
    expect((await two.json()).documents.map((d: { document_name: string }) => d.document_name)).toEqual([
      'one.txt',
      'two.md',
    ]);
  });

  test('the same bytes uploaded again are a new document with its own name and metadata', async () => {
    const bytes = `same bytes ${Math.random()}`;
    const blobs = blobCount(s.dataDir);
    const first = await upload('first.txt', bytes, { metadata: { ref: '1' } });
    const second = await upload('second.txt', bytes, { metadata: { ref: '2' } });
    const multipart = await call('/documents/multipart', {
      method: 'POST',
      body: form({ name: 'third.txt', content: bytes }, { metadata: '{"ref":"3"}' }),
    });
    const third = (await multipart.json()).document.document_id;
    expect(new Set([first, second, third]).size).toBe(3);
    for (const [id, name, ref] of [
      [first, 'first.txt', '1'],
      [second, 'second.txt', '2'],
      [third, 'third.txt', '3'],
    ])
      expect(await (await call(`/documents/${id}?include_content=false`)).json()).toMatchObject({
        document_name: name,
        metadata: { ref },
      });
    expect(blobCount(s.dataDir)).toBe(blobs + 1);
  });

  test('multipart upload with name, tag_ids and metadata JSON strings', async () => {
    const tag = await (await call('/tags', { method: 'POST', json: { name: 'multipart' } })).json();
    const res = await call('/documents/multipart', {
      method: 'POST',
      body: form(
        { name: 'scan.pdf', content: tinyPdf('FAKE-OCR: multipart') },
        { name: 'Renamed.pdf', tag_ids: JSON.stringify([tag.id]), metadata: '{"k":"v"}' },
      ),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      document: {
        document_name: 'Renamed.pdf',
        document_id: expect.stringMatching(/^[0-9a-f]{24}$/),
        tag_ids: [tag.id],
        metadata: { k: 'v' },
      },
    });
    const badJson = await call('/documents/multipart', {
      method: 'POST',
      body: form({ name: 'a.txt', content: 'x' }, { tag_ids: 'not json' }),
    });
    expect(badJson.status).toBe(400);
    const fd = new FormData();
    fd.append('name', 'nothing');
    const noFile = await call('/documents/multipart', { method: 'POST', body: fd });
    expect(noFile.status).toBe(422);
    expect((await noFile.json()).detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'file'] });
  });

  test('list: tags, name search ranking, metadata search decoded once more, sort and filters JSON', async () => {
    const p = await s.newProject('Listing');
    const path = `/v0/orgs/${p.projectId}/documents`;
    const tag = await (
      await call(`/v0/orgs/${p.projectId}/tags`, { method: 'POST', key: p.key, json: { name: 'x' } })
    ).json();
    const up = (name: string, extra = {}) =>
      call(path, {
        method: 'POST',
        key: p.key,
        json: { documents: [{ name, content: b64(name + Math.random()), ...extra }] },
      });
    await up('my report.txt');
    await up('report.txt', { tag_ids: [tag.id], metadata: { ref: 'x,y&z=1' } });
    await up('reports 2026.txt');
    const names = async (q: string) =>
      (await (await call(`${path}?${q}`, { key: p.key })).json()).documents.map(
        (d: { document_name: string }) => d.document_name,
      );
    // Exact matches first, then prefixes, then the rest (each newest first).
    expect(await names('name_search=REPORT')).toEqual(['reports 2026.txt', 'report.txt', 'my report.txt']);
    expect(await names('name_search=Report.txt')).toEqual(['report.txt', 'my report.txt']);
    expect(await names(`tag_ids=${tag.id}`)).toEqual(['report.txt']);
    // The Python SDK percent-encodes each value, then requests encodes the whole parameter again.
    const twice = encodeURIComponent(`ref=${encodeURIComponent('x,y&z=1')}`);
    expect(await names(`metadata_search=${twice}`)).toEqual(['report.txt']);
    const sort = encodeURIComponent(JSON.stringify([{ field: 'documentName', sort: 'asc' }]));
    expect(await names(`sort=${sort}`)).toEqual(['my report.txt', 'report.txt', 'reports 2026.txt']);
    const filters = encodeURIComponent(
      JSON.stringify({ items: [{ field: 'document_name', operator: 'startsWith', value: 'REPORT' }] }),
    );
    expect(await names(`filters=${filters}&sort=${sort}`)).toEqual(['report.txt', 'reports 2026.txt']);
    const tagFilter = encodeURIComponent(
      JSON.stringify({ items: [{ field: 'tag_ids', operator: 'contains', value: 'X' }] }),
    );
    expect(await names(`filters=${tagFilter}`)).toEqual(['report.txt']);
    const badSort = await call(`${path}?sort=[oops`, { key: p.key });
    expect([badSort.status, (await badSort.json()).detail]).toEqual([400, 'Invalid sort JSON']);
    expect((await call(`${path}?filters={`, { key: p.key })).status).toBe(400);
    expect((await call(`${path}?limit=1001`, { key: p.key })).status).toBe(422);
    const page = await (await call(`${path}?skip=1&limit=1`, { key: p.key })).json();
    expect(page).toMatchObject({ total_count: 3, skip: 1 });
    expect(Object.keys(page.documents[0]).sort()).toEqual(
      [
        'document_name',
        'id',
        'metadata',
        'pdf_id',
        'state',
        'tag_ids',
        'type',
        'upload_date',
        'uploaded_by',
      ].sort(),
    );
  });

  test('get with content, the PDF rendition of an image, file downloads, update and delete', async () => {
    const png = tinyPng();
    const id = await upload('photo.png', png);
    await s.drain();
    const orig = await (await call(`/documents/${id}`)).json();
    expect(orig).toMatchObject({ id, type: 'image/png', content: b64(png), document_name: 'photo.png' });
    expect(orig.pdf_id).not.toBe(id);
    const asPdf = await (await call(`/documents/${id}?file_type=pdf`)).json();
    expect(asPdf.type).toBe('application/pdf');
    expect(Buffer.from(asPdf.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const file = await call(`/documents/${id}/file`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toStartWith('attachment; filename="photo.pdf"');
    const original = await call(`/documents/${id}/file?file_type=original`);
    expect(Buffer.from(await original.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
    expect((await call(`/documents/${id}?file_type=docx`)).status).toBe(422);

    const txt = await upload('note.txt', `note ${Math.random()}`);
    const txtFile = await call(`/documents/${txt}/file`);
    expect(txtFile.headers.get('content-type')).toBe('text/plain');

    expect(await (await call(`/documents/${txt}`, { method: 'PUT', json: {} })).json()).toEqual({
      message: 'No updates provided',
    });
    const upd = await call(`/documents/${txt}`, {
      method: 'PUT',
      json: { document_name: 'renamed.txt', metadata: { a: '1' } },
    });
    expect(await upd.json()).toEqual({ message: 'Document updated successfully' });
    expect(await (await call(`/documents/${txt}?include_content=false`)).json()).toMatchObject({
      document_name: 'renamed.txt',
      metadata: { a: '1' },
    });
    const badTag = await call(`/documents/${txt}`, { method: 'PUT', json: { tag_ids: ['nope'] } });
    expect([badTag.status, (await badTag.json()).detail]).toEqual([400, "Invalid tag IDs: ['nope']"]);
    expect(await (await call(`/documents/${txt}`, { method: 'DELETE' })).json()).toEqual({
      message: 'Document deleted successfully',
    });
    expect((await call(`/documents/${txt}`)).status).toBe(404);
  });
});

describe('ocr', () => {
  test('run, states, Textract JSON, text pages, metadata and exports', async () => {
    const release = s.ocr.hold();
    const id = await upload('two.pdf', tinyPdf('FAKE-OCR: first page\nFAKE-OCR: <second> & page'));
    expect(['uploaded', 'ocr_processing']).toContain(
      (await (await call(`/documents/${id}?include_content=false`)).json()).state,
    );
    expect((await (await call(`/ocr/download/json/${id}`)).json()).detail).toBe('OCR data not found');
    expect((await call(`/ocr/download/text/${id}`)).status).toBe(404);
    expect((await (await call(`/ocr/download/metadata/${id}`)).json()).detail).toBe('OCR metadata not found');
    release();
    await s.drain();
    const json = await (await call(`/ocr/download/json/${id}`)).json();
    expect(json.DocumentMetadata).toEqual({ Pages: 2 });
    const pages = json.Blocks.filter((b: { BlockType: string }) => b.BlockType === 'PAGE');
    expect(pages.map((b: { Page: number }) => b.Page)).toEqual([1, 2]);
    const line = json.Blocks.find((b: { BlockType: string }) => b.BlockType === 'LINE');
    expect(line).toMatchObject({ Text: 'first page', Confidence: 90, Page: 1 });
    expect(line.Geometry.BoundingBox).toEqual({ Width: 0.49, Height: 0.021429, Left: 0.01, Top: 0.007143 });
    expect(pages[0].Relationships[0].Ids).toContain(line.Id);
    expect(await (await call(`/ocr/download/text/${id}?page_num=2`)).text()).toBe('<second> & page');
    expect(await (await call(`/ocr/download/text/${id}`)).text()).toBe('first page\n<second> & page');
    expect((await call(`/ocr/download/text/${id}?page_num=3`)).status).toBe(404);
    expect((await call(`/ocr/download/text/${id}?page_num=0`)).status).toBe(422);
    expect(await (await call(`/ocr/download/metadata/${id}`)).json()).toEqual({
      n_pages: 2,
      ocr_date: expect.stringMatching(/Z$/),
      ocr_type: 'fake',
    });
    const md = await call(`/ocr/export/markdown/${id}`);
    expect(md.headers.get('content-type')).toStartWith('text/markdown');
    expect(await md.text()).toBe('first page\n\n<second> & page\n');
    expect(await (await call(`/ocr/export/html/${id}`)).text()).toContain(
      '<p>&#60;second&#62; &#38; page</p>',
    );

    const calls = s.ocr.calls;
    expect(await (await call(`/ocr/run/${id}`, { method: 'POST' })).json()).toEqual({
      status: 'queued',
      document_id: id,
    });
    await s.drain();
    expect(s.ocr.calls).toBe(calls + 1);
    const plain = `ผู้ขาย บริษัท สยามเทค จำกัด วันที่ 21 มี.ค. 69 ${Math.random()}`;
    const txt = await upload('plain.txt', plain);
    const run = await call(`/ocr/run/${txt}`, { method: 'POST' });
    expect([run.status, (await run.json()).detail]).toEqual([400, 'Document type does not support OCR']);
    await s.drain();
    // the text as the document has it, Thai spaces included
    expect(await (await call(`/ocr/download/text/${txt}`)).text()).toBe(plain);
    expect((await (await call(`/ocr/download/json/${txt}`)).json()).detail).toBe(
      'OCR not supported for this document extension',
    );
  });

  test('failed OCR shows ocr_failed', async () => {
    s.ocr.failWith = new (await import('../../src/plugin-api.ts')).AppError(
      'invalid_file',
      'unreadable scan',
    );
    const id = await upload('bad.pdf', tinyPdf(`FAKE-OCR: bad ${Math.random()}`));
    await s.drain();
    s.ocr.failWith = undefined;
    expect((await (await call(`/documents/${id}?include_content=false`)).json()).state).toBe('ocr_failed');
  });
});

describe('schemas, prompts and LLM results', () => {
  const schemaBody = (props: Record<string, unknown>) => ({
    name: 'Invoice',
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'invoice', schema: { type: 'object', properties: props, required: ['total'] } },
    },
  });

  test('schemas: draft-7 checked, versioned by name, validate endpoint, delete guarded by prompts', async () => {
    const invalid = await call('/schemas', {
      method: 'POST',
      json: {
        name: 'Bad',
        response_format: { type: 'json_schema', json_schema: { name: 'b', schema: { type: 'nope' } } },
      },
    });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).detail[0].msg).toContain('Invalid JSON schema');
    const v1 = await (
      await call('/schemas', { method: 'POST', json: schemaBody({ total: { type: 'number' } }) })
    ).json();
    expect(v1).toMatchObject({ name: 'Invoice', schema_version: 1, created_by: 'DocRouter org key' });
    const v2 = await (
      await call('/schemas', {
        method: 'POST',
        json: { ...schemaBody({ total: { type: 'number' }, no: { type: 'string' } }), name: 'INVOICE' },
      })
    ).json();
    expect(v2).toMatchObject({ schema_id: v1.schema_id, schema_version: 2 });
    const renamed = await (
      await call(`/schemas/${v1.schema_id}`, { method: 'PUT', json: { name: 'Invoice TH' } })
    ).json();
    expect(renamed).toMatchObject({ name: 'Invoice TH', schema_version: 2, schema_revid: v2.schema_revid });
    const versions = await (await call(`/schemas/${v1.schema_id}/versions`)).json();
    expect(versions.schemas.map((r: { schema_version: number }) => r.schema_version)).toEqual([2, 1]);
    expect((await (await call('/schemas')).json()).total_count).toBe(1);

    const check = async (body: unknown) =>
      (await call(`/schemas/${v2.schema_revid}/validate`, { method: 'POST', json: body })).json();
    expect(await check({ data: { total: 5 } })).toEqual({ valid: true });
    expect(await check({ data: { total: 'five' } })).toEqual({
      valid: false,
      errors: [{ path: 'total', message: '"five" is not of type \'number\'' }],
    });
    expect(await check({ no: 'x' })).toEqual({
      valid: false,
      errors: [{ path: '', message: "'total' is a required property" }],
    });

    const prompt = await (
      await call('/prompts', {
        method: 'POST',
        json: { name: 'Totals', content: 'Find the total', schema_id: v1.schema_id },
      })
    ).json();
    expect(prompt).toMatchObject({
      schema_id: v1.schema_id,
      schema_version: 2,
      model: 'gpt-4o-mini',
      prompt_version: 1,
    });
    const blocked = await call(`/schemas/${v1.schema_id}`, { method: 'DELETE' });
    expect([blocked.status, (await blocked.json()).detail]).toEqual([
      400,
      'Cannot delete schema because it has dependent prompts:[{"name": "Totals", "schema_version": 2}]',
    ]);
  });

  test('LLM run with a prompt schema, result by revid and prompt id, fallback, edit, delete', async () => {
    const schema = await (
      await call('/schemas', {
        method: 'POST',
        json: { ...schemaBody({ total: { type: 'number' } }), name: 'Totals only' },
      })
    ).json();
    const p1 = await (
      await call('/prompts', {
        method: 'POST',
        json: { name: 'Extract', content: 'Get totals', schema_id: schema.schema_id },
      })
    ).json();
    const id = await upload('inv.pdf', tinyPdf('FAKE-OCR: total: 99\nFAKE-OCR: vendor: ACME'));
    const early = await call(`/llm/run/${id}?prompt_revid=${p1.prompt_revid}`, { method: 'POST' });
    if (early.status !== 200)
      expect((await early.json()).detail).toBe('OCR required but not run for this document');
    await s.drain();
    const run = await (
      await call(`/llm/run/${id}?prompt_revid=${p1.prompt_revid}&force=true`, { method: 'POST' })
    ).json();
    expect(run).toEqual({ status: 'success', result: { total: 99 } });
    const byId = await (await call(`/llm/result/${id}?prompt_id=${p1.prompt_id}`)).json();
    expect(byId).toMatchObject({
      prompt_revid: p1.prompt_revid,
      prompt_id: p1.prompt_id,
      prompt_version: 1,
      llm_result: { total: 99 },
    });
    expect(byId.prompt_display_name).toBeUndefined();

    const p2 = await (
      await call(`/prompts/${p1.prompt_id}`, {
        method: 'PUT',
        json: { name: 'Extract', content: 'Get totals v2', schema_id: schema.schema_id },
      })
    ).json();
    expect(p2.prompt_version).toBe(2);
    const missing = await call(`/llm/result/${id}?prompt_revid=${p2.prompt_revid}`);
    expect([missing.status, (await missing.json()).detail]).toEqual([
      404,
      `LLM result not found for document_id: ${id} prompt_revid: ${p2.prompt_revid} fallback: False`,
    ]);
    const fb = await (await call(`/llm/result/${id}?prompt_revid=${p2.prompt_revid}&fallback=true`)).json();
    expect(fb.prompt_revid).toBe(p1.prompt_revid);

    const edited = await (
      await call(`/llm/result/${id}?prompt_revid=${p1.prompt_revid}`, {
        method: 'PUT',
        json: { updated_llm_result: { total: 100 }, is_verified: true },
      })
    ).json();
    expect(edited).toMatchObject({
      llm_result: { total: 99 },
      updated_llm_result: { total: 100 },
      is_edited: true,
      is_verified: true,
    });
    expect(
      (await call(`/llm/result/${id}`, { method: 'PUT', json: { updated_llm_result: {} } })).status,
    ).toBe(422);
    const download = await call(`/llm/results/${id}/download`);
    expect(download.headers.get('content-disposition')).toStartWith(
      `attachment; filename=extractions_${id}_`,
    );
    expect((await download.json()).results).toEqual([
      expect.objectContaining({
        prompt_revid: p1.prompt_revid,
        prompt_name: 'Extract',
        extraction_result: { total: 100 },
      }),
    ]);
    // The TS SDK sends the prompt id as prompt_revid when deleting.
    expect(
      await (await call(`/llm/result/${id}?prompt_revid=${p1.prompt_id}`, { method: 'DELETE' })).json(),
    ).toEqual({
      status: 'success',
      message: 'LLM result deleted',
    });
    expect(
      (await call(`/llm/result/${id}?prompt_revid=${p1.prompt_revid}`, { method: 'DELETE' })).status,
    ).toBe(404);
    expect((await (await call(`/documents/${id}?include_content=false`)).json()).state).toBe('ocr_completed');
  });

  test('prompts: list by document tags, versions, tag in use, delete', async () => {
    const tag = await (await call('/tags', { method: 'POST', json: { name: 'prompted' } })).json();
    const p = await (
      await call('/prompts', { method: 'POST', json: { name: 'Tagged', content: 'c', tag_ids: [tag.id] } })
    ).json();
    const doc = await upload('tagged.txt', `tagged ${Math.random()}`, { tag_ids: [tag.id] });
    const list = await (await call(`/prompts?document_id=${doc}`)).json();
    expect(list.prompts.map((x: { prompt_id: string }) => x.prompt_id)).toEqual([p.prompt_id]);
    await call(`/documents/${doc}`, { method: 'PUT', json: { tag_ids: [] } });
    const inUse = await call(`/tags/${tag.id}`, { method: 'DELETE' });
    expect((await inUse.json()).detail).toBe(
      "Cannot delete tag 'prompted' because it is assigned to one or more prompts",
    );
    expect(await (await call(`/prompts/${p.prompt_id}`, { method: 'DELETE' })).json()).toEqual({
      message: 'Prompt deleted successfully',
    });
    expect((await call(`/prompts/${p.prompt_revid}`)).status).toBe(404);
    expect((await call(`/tags/${tag.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(
      (await call('/prompts', { method: 'POST', json: { name: 'x', content: 'c', tag_ids: ['bad'] } }))
        .status,
    ).toBe(400);
  });
});

describe('tags', () => {
  test('deleteTag: live documents keep a tag; documents in the trash lose it and do not block', async () => {
    const tag = await (
      await call('/tags', { method: 'POST', json: { name: `trash ${Math.random()}` } })
    ).json();
    const live = await upload('live.txt', `live ${Math.random()}`, { tag_ids: [tag.id] });
    const trashed = await upload('trashed.txt', `trashed ${Math.random()}`, { tag_ids: [tag.id] });
    expect((await call(`/documents/${trashed}`, { method: 'DELETE' })).status).toBe(200);
    const blocked = await call(`/tags/${tag.id}`, { method: 'DELETE' });
    expect([blocked.status, (await blocked.json()).detail]).toEqual([
      400,
      `Cannot delete tag '${tag.name}' because it is assigned to one or more documents`,
    ]);
    expect((await call(`/documents/${live}`, { method: 'DELETE' })).status).toBe(200);
    const res = await call(`/tags/${tag.id}`, { method: 'DELETE' });
    expect([res.status, await res.json()]).toEqual([200, { message: 'Tag deleted successfully' }]);
    const gone = await call(`/tags/${tag.id}`);
    expect([gone.status, (await gone.json()).detail]).toEqual([404, 'Tag not found']);
    // Brought back from docserve's trash, the documents no longer carry the deleted tag.
    const restored = await s.fetch(`/api/v1/documents/${live}/restore`, { method: 'POST', key: token });
    expect(restored.status).toBe(200);
    expect((await (await call(`/documents/${live}?include_content=false`)).json()).tag_ids).toEqual([]);
  });
});

describe('not found', () => {
  // The 404 details DocRouter's routes (forms.py, schemas.py, prompts.py) answer for deleted items.
  test("deleted forms, schemas and prompts answer with DocRouter's own messages", async () => {
    const detail = async (path: string, init: Init = {}) => {
      const res = await call(path, init);
      return [res.status, (await res.json()).detail];
    };
    const form = await (
      await call('/forms', { method: 'POST', json: { name: `Gone ${Math.random()}`, response_format: {} } })
    ).json();
    const schema = await (
      await call('/schemas', {
        method: 'POST',
        json: {
          name: `Gone ${Math.random()}`,
          response_format: { type: 'json_schema', json_schema: { name: 'g', schema: { type: 'object' } } },
        },
      })
    ).json();
    const prompt = await (
      await call('/prompts', { method: 'POST', json: { name: `Gone ${Math.random()}`, content: 'c' } })
    ).json();
    expect((await call(`/forms/${form.form_id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`/schemas/${schema.schema_id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`/prompts/${prompt.prompt_id}`, { method: 'DELETE' })).status).toBe(200);

    const elsewhere = (what: string) => [404, `${what} not found or not in this organization`];
    expect(await detail(`/forms/${form.form_revid}`)).toEqual([404, 'Form revision not found']);
    expect(await detail(`/forms/${form.form_id}/versions`)).toEqual(elsewhere('Form'));
    expect(await detail(`/forms/${form.form_id}`, { method: 'DELETE' })).toEqual(elsewhere('Form'));
    expect(
      await detail(`/forms/${form.form_id}`, { method: 'PUT', json: { name: 'x', response_format: {} } }),
    ).toEqual([404, 'Form not found']);
    expect(
      await detail(`/forms/submissions/${form.form_id}`, {
        method: 'POST',
        json: { form_revid: form.form_revid, submission_data: {} },
      }),
    ).toEqual([404, 'Form revision not found']);

    expect(await detail(`/schemas/${schema.schema_revid}`)).toEqual([404, 'Schema not found']);
    expect(
      await detail(`/schemas/${schema.schema_revid}/validate`, { method: 'POST', json: { data: {} } }),
    ).toEqual([404, 'Schema not found']);
    expect(await detail(`/schemas/${schema.schema_id}/versions`)).toEqual(elsewhere('Schema'));
    expect(await detail(`/schemas/${schema.schema_id}`, { method: 'DELETE' })).toEqual(elsewhere('Schema'));
    expect(await detail(`/schemas/${schema.schema_id}`, { method: 'PUT', json: { name: 'x' } })).toEqual(
      elsewhere('Schema'),
    );

    expect(await detail(`/prompts/${prompt.prompt_revid}`)).toEqual([404, 'Prompt not found']);
    expect(await detail(`/prompts/${prompt.prompt_id}`, { method: 'DELETE' })).toEqual([
      404,
      'Prompt not found',
    ]);
    expect(
      await detail(`/prompts/${prompt.prompt_id}`, { method: 'PUT', json: { name: 'x', content: 'c' } }),
    ).toEqual([404, 'Prompt not found']);
    expect(await detail(`/prompts/${prompt.prompt_id}/versions`)).toEqual(elsewhere('Prompt'));
  });
});

describe('forms and submissions', () => {
  test('versioned forms; submissions upsert per form revision and document', async () => {
    const f = await (
      await call('/forms', {
        method: 'POST',
        json: { name: 'Review', response_format: { json_formio: [{ key: 'ok', type: 'checkbox' }] } },
      })
    ).json();
    expect(f).toMatchObject({
      name: 'Review',
      form_version: 1,
      response_format: { json_formio_mapping: null },
      tag_ids: [],
    });
    const doc = await upload('form.txt', `form ${Math.random()}`);
    const path = `/forms/submissions/${doc}`;
    expect(await (await call(`${path}?form_revid=${f.form_revid}`)).json()).toBeNull();
    const first = await (
      await call(path, { method: 'POST', json: { form_revid: f.form_revid, submission_data: { ok: true } } })
    ).json();
    expect(first).toMatchObject({
      organization_id: org,
      form_revid: f.form_revid,
      submission_data: { ok: true },
    });
    expect(first.document_id).toBeUndefined();
    const again = await (
      await call(path, { method: 'POST', json: { form_revid: f.form_revid, submission_data: { ok: false } } })
    ).json();
    expect(again.id).toBe(first.id);
    expect((await (await call(`${path}?form_revid=${f.form_revid}`)).json()).submission_data).toEqual({
      ok: false,
    });
    expect((await call(`${path}?form_revid=${f.form_revid}`, { method: 'DELETE' })).status).toBe(200);
    const gone = await call(`${path}?form_revid=${f.form_revid}`, { method: 'DELETE' });
    expect([gone.status, (await gone.json()).detail]).toEqual([404, 'Form submission not found']);
    expect((await call(`/forms/${f.form_id}/versions`)).status).toBe(200);
    expect(await (await call(`/forms/${f.form_id}`, { method: 'DELETE' })).json()).toEqual({
      message: 'Form deleted successfully',
    });
  });
});

describe('webhooks', () => {
  let receiver: WebhookReceiver;
  beforeAll(() => {
    receiver = webhookReceiver();
  });
  afterAll(() => receiver.stop());

  test('endpoints without a URL stay disabled; bad events and enabling without a URL are 422', async () => {
    const draft = await call('/webhooks', { method: 'POST', json: { name: 'draft' } });
    expect(draft.status).toBe(201);
    const hook = await draft.json();
    expect(hook).toMatchObject({
      url: null,
      enabled: false,
      events: [],
      auth_type: 'hmac',
      secret_set: true,
    });
    expect(hook.secret_preview).toBe(`${hook.generated_secret.slice(0, 16)}...`);
    expect((await call(`/webhooks/${hook.id}`, { method: 'PUT', json: { enabled: true } })).status).toBe(422);
    expect((await call('/webhooks', { method: 'POST', json: { events: ['doc.nope'] } })).status).toBe(422);
    expect((await call(`/webhooks/${hook.id}/test`, { method: 'POST' })).status).toBe(400);
    const listed = await (await call('/webhooks')).json();
    expect(Array.isArray(listed)).toBe(true);
    expect((await (await call(`/webhooks/${hook.id}`)).json()).generated_secret).toBeNull();
    expect((await call(`/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/webhooks/${hook.id}`)).status).toBe(404);
  });

  test('header auth, test sends, document.error, deliveries list, detail and retry', async () => {
    const p = await s.newProject('Hooks');
    const hc = (path: string, init: Init = {}) =>
      call(`/v0/orgs/${p.projectId}${path}`, { ...init, key: p.key });
    const hook = await (
      await hc('/webhooks', {
        method: 'POST',
        json: {
          enabled: true,
          url: receiver.url('/h'),
          events: ['document.error', 'webhook.test'],
          auth_type: 'header',
          auth_header_name: 'X-Api-Key',
          auth_header_value: 'receiver-secret',
        },
      })
    ).json();
    expect(hook).toMatchObject({ auth_header_set: true, auth_header_preview: 'recei...' });
    const sent = await (await hc(`/webhooks/${hook.id}/test`, { method: 'POST' })).json();
    expect(sent).toEqual({ status: 'enqueued', delivery_id: expect.any(String) });
    s.ocr.failWith = new Error('engine crashed');
    await hc('/documents', {
      method: 'POST',
      json: { documents: [{ name: 'e.pdf', content: b64(tinyPdf(`FAKE-OCR: ${Math.random()}`)) }] },
    });
    await s.drain();
    s.ocr.failWith = undefined;
    const mine = receiver.received.filter((g) => g.headers.get('x-api-key') === 'receiver-secret');
    expect(mine.map((g) => g.headers.get('x-docrouter-event')).sort()).toEqual([
      'document.error',
      'webhook.test',
    ]);
    expect(mine.every((g) => !g.headers.get('x-docrouter-signature'))).toBe(true);
    const error = JSON.parse(
      mine.find((g) => g.headers.get('x-docrouter-event') === 'document.error')?.body ?? '{}',
    );
    expect(error).toMatchObject({
      event_type: 'document.error',
      organization_id: p.projectId,
      error: { stage: 'ocr' },
    });

    const list = await (await hc('/webhooks/deliveries?event_type=webhook.test')).json();
    expect(list).toMatchObject({ total_count: 1, skip: 0 });
    expect(list.deliveries[0]).toMatchObject({
      id: sent.delivery_id,
      webhook_id: hook.id,
      status: 'delivered',
      attempts: 1,
    });
    const detail = await (await hc(`/webhooks/deliveries/${sent.delivery_id}`)).json();
    expect(detail).toMatchObject({
      payload: { event_type: 'webhook.test' },
      auth_header_value: 'rece...',
      last_response_text: 'ok',
    });
    expect(
      await (await hc(`/webhooks/deliveries/${sent.delivery_id}/retry`, { method: 'POST' })).json(),
    ).toEqual({
      status: 'enqueued',
      delivery_id: sent.delivery_id,
    });
    await s.drain();
    expect((await (await hc(`/webhooks/deliveries/${sent.delivery_id}`)).json()).attempts).toBe(2);
    expect((await call(`/webhooks/deliveries/${sent.delivery_id}`)).status).toBe(404);
  });
});

describe('access tokens and organizations', () => {
  test('org tokens: plaintext once, listed with 10 characters, lifetime, deleted tokens stop working', async () => {
    const res = await call('/access_tokens', { method: 'POST', json: { name: 'robot', lifetime: 30 } });
    const created = await res.json();
    expect(created).toMatchObject({ user_id: s.orgId, organization_id: org, name: 'robot', lifetime: 30 });
    expect(created.token).toMatch(/^org_[\w-]{43}$/);
    expect((await call('/documents', { key: created.token })).status).toBe(200);
    const list = await (await call('/access_tokens')).json();
    expect(list.access_tokens).toEqual([
      expect.objectContaining({ id: created.id, token: created.token.slice(0, 10) }),
    ]);
    expect(await (await call(`/access_tokens/${created.id}`, { method: 'DELETE' })).json()).toEqual({
      message: 'Token deleted successfully',
    });
    expect((await call('/documents', { key: created.token })).status).toBe(401);
    expect((await call(`/access_tokens/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call('/access_tokens', { method: 'POST', json: { name: 'x' } })).status).toBe(422);
    const acct = await (
      await call('/v0/account/access_tokens', {
        method: 'POST',
        key: account,
        json: { name: 'ops', lifetime: 0 },
      })
    ).json();
    expect(acct).toMatchObject({ organization_id: null, lifetime: 0 });
    expect(acct.token).toStartWith('acc_');
  });

  test('account organizations map to projects: create, list, upgrade, delete archives', async () => {
    const acct = (path: string, init: Init = {}) => call(`/v0/account${path}`, { ...init, key: account });
    const created = await (
      await acct('/organizations', { method: 'POST', json: { name: 'Branch Office' } })
    ).json();
    expect(created).toMatchObject({
      name: 'Branch Office',
      type: 'individual',
      members: [{ user_id: s.orgId, role: 'admin' }],
      default_prompt_enabled: true,
      ocr_config: { mode: 'fake' },
    });
    expect((await s.services.tenancy.project(created.id))?.orgId).toBe(s.orgId);
    const dup = await acct('/organizations', { method: 'POST', json: { name: 'branch office' } });
    expect([dup.status, (await dup.json()).detail]).toEqual([
      400,
      "An organization named 'branch office' already exists",
    ]);
    const list = await (await acct('/organizations?name_search=branch')).json();
    expect(list).toMatchObject({ total_count: 1, organizations: [{ id: created.id }] });
    const all = await (await acct('/organizations?limit=100')).json();
    const ids = all.organizations.map((o: { id: string }) => o.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect((await acct('/organizations?user_id=a&organization_id=b')).status).toBe(400);
    const up = await (
      await acct(`/organizations/${created.id}`, { method: 'PUT', json: { type: 'team', name: 'Branch' } })
    ).json();
    expect(up).toMatchObject({ name: 'Branch', type: 'team' });
    expect(
      (await acct(`/organizations/${created.id}`, { method: 'PUT', json: { type: 'individual' } })).status,
    ).toBe(400);
    const key = (await s.services.keys.create({ orgId: s.orgId, projectId: created.id, label: 'b' })).key;
    expect((await call(`/v0/orgs/${created.id}/documents`, { key })).status).toBe(200);
    expect(await (await acct(`/organizations/${created.id}`, { method: 'DELETE' })).json()).toEqual({
      status: 'success',
    });
    expect((await call(`/v0/orgs/${created.id}/documents`, { key })).status).toBe(401);
    expect((await acct(`/organizations?organization_id=${created.id}`)).status).toBe(404);
  });
});
