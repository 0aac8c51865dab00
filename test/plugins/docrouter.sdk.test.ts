/**
 * The DocRouter dialect driven by DocRouter's own TypeScript SDK (`@docrouter/sdk` 1.0.0 from npm,
 * unmodified) against a real server on an ephemeral port: the calls vendor clients tripped on.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type ApiError, DocRouterAccount, DocRouterOrg } from '@docrouter/sdk';
import { docrouter } from '../../plugins/docrouter/index.ts';
import { tinyPdf } from '../helpers/files.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let org: DocRouterOrg;
let account: DocRouterAccount;

beforeAll(async () => {
  s = await startTestServer({ plugins: [docrouter as never], fakeExtraction: true });
  const { projectId, key } = await s.newProject('SDK org');
  const accountToken = (
    await s.services.keys.create({ orgId: s.orgId, label: 'sdk account', prefix: 'acc_' })
  ).key;
  org = new DocRouterOrg({ baseURL: s.url, orgToken: key, organizationId: projectId });
  account = new DocRouterAccount({ baseURL: s.url, accountToken });
});
afterAll(() => s.close());

/** The ApiError an SDK call rejects with (fails the test when it resolves). */
async function failure(call: Promise<unknown>): Promise<ApiError> {
  let error: unknown;
  await call.then(
    (v) => {
      throw new Error(`expected the call to fail, it answered ${JSON.stringify(v)}`);
    },
    (e) => {
      error = e;
    },
  );
  return error as ApiError;
}

const b64 = (v: string | Uint8Array) => Buffer.from(v).toString('base64');

describe('deleted forms, schemas and prompts', () => {
  test('getForm / getSchema / getPrompt reject with DocRouter\'s own "not found" messages', async () => {
    const form = await org.createForm({ name: `SDK form ${Math.random()}`, response_format: {} });
    const schema = await org.createSchema({
      name: `SDK schema ${Math.random()}`,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'invoice',
          schema: { type: 'object', properties: {}, required: [], additionalProperties: false },
          strict: true,
        },
      },
    });
    const prompt = await org.createPrompt({
      prompt: { name: `SDK prompt ${Math.random()}`, content: 'Totals' },
    });
    await org.deleteForm({ formId: form.form_id });
    await org.deleteSchema({ schemaId: schema.schema_id });
    await org.deletePrompt({ promptId: prompt.prompt_id });

    const cases: [Promise<unknown>, string][] = [
      [org.getForm({ formRevId: form.form_revid }), 'Form revision not found'],
      [org.getSchema({ schemaRevId: schema.schema_revid }), 'Schema not found'],
      [org.getPrompt({ promptRevId: prompt.prompt_revid }), 'Prompt not found'],
    ];
    for (const [call, message] of cases) {
      const err = await failure(call);
      expect([err.status, err.message]).toEqual([404, message]);
    }
  });
});

describe('tags', () => {
  test('deleteTag succeeds when only trashed documents carried the tag', async () => {
    const tag = await org.createTag({ tag: { name: `sdk ${Math.random()}`, color: '#FF0000' } });
    const { documents } = await org.uploadDocuments({
      documents: [{ name: 'tagged.txt', content: b64(`tagged ${Math.random()}`), tag_ids: [tag.id] }],
    });
    const id = documents[0]?.document_id as string;
    const blocked = await failure(org.deleteTag({ tagId: tag.id }));
    expect([blocked.status, blocked.message]).toEqual([
      400,
      `Cannot delete tag '${tag.name}' because it is assigned to one or more documents`,
    ]);
    await org.deleteDocument({ documentId: id });
    expect(await org.deleteTag({ tagId: tag.id })).toEqual({ message: 'Tag deleted successfully' });
    expect((await failure(org.getTag({ tagId: tag.id }))).status).toBe(404);
  });
});

describe('documents', () => {
  test('uploading identical bytes twice stores two documents, each with its own name and metadata', async () => {
    const content = b64(tinyPdf(`FAKE-OCR: Same bytes ${Math.random()}`));
    const first = await org.uploadDocuments({
      documents: [{ name: 'first.pdf', content, metadata: { ref: 'A' } }],
    });
    const second = await org.uploadDocuments({
      documents: [{ name: 'second.pdf', content, metadata: { ref: 'B' } }],
    });
    const [a, b] = [first.documents[0]?.document_id, second.documents[0]?.document_id] as string[];
    expect(a).not.toBe(b);
    const docA = await org.getDocument({ documentId: a as string, fileType: 'original' });
    const docB = await org.getDocument({ documentId: b as string, fileType: 'original' });
    expect([docA.document_name, docA.metadata]).toEqual(['first.pdf', { ref: 'A' }]);
    expect([docB.document_name, docB.metadata]).toEqual(['second.pdf', { ref: 'B' }]);
    expect(Buffer.from(docB.content).equals(Buffer.from(docA.content))).toBe(true);
    const listed = await org.listDocuments({ nameSearch: 'second.pdf' });
    expect(listed.documents.map((d) => d.id)).toContain(b as string);
  });

  test('getOCRText returns the text once OCR completed', async () => {
    const { documents } = await org.uploadDocuments({
      documents: [{ name: 'scan.pdf', content: b64(tinyPdf('FAKE-OCR: Invoice INV-7 total 1070')) }],
    });
    const documentId = documents[0]?.document_id as string;
    await s.drain();
    expect((await org.getDocument({ documentId, fileType: 'original' })).state).toMatch(
      /^(ocr|llm)_completed$/,
    );
    expect(await org.getOCRText({ documentId })).toBe('Invoice INV-7 total 1070');
    expect(await org.getOCRText({ documentId, pageNum: 1 })).toBe('Invoice INV-7 total 1070');
  });

  test('getOCRText keeps the real spaces of Thai text', async () => {
    const text = 'ผู้ขาย บริษัท สยามเทค จำกัด วันที่ 21 มี.ค. 69 ส่งเมล็ดพันธุ์ผัก';
    const { documents } = await org.uploadDocuments({
      documents: [{ name: 'thai.pdf', content: b64(tinyPdf(`FAKE-OCR: ${text}`)) }],
    });
    const documentId = documents[0]?.document_id as string;
    await s.drain();
    expect(await org.getOCRText({ documentId })).toBe(text);
    expect(await org.getOCRText({ documentId, pageNum: 1 })).toBe(text);
  });
});

describe('LLM models and providers', () => {
  test('org listLLMModels, account listLLMModels and listLLMProviders show the local rules engine', async () => {
    expect(await org.listLLMModels()).toEqual({ models: ['docserve-rules'] });
    // SDK 1.0.0 declares `{models}`; DocRouter's server answers `{chat_models, embedding_models}`.
    const models = (await account.listLLMModels({ llmEnabled: true })) as unknown as {
      chat_models: { litellm_model: string; litellm_provider: string }[];
      embedding_models: unknown[];
    };
    expect(models.embedding_models).toEqual([]);
    expect(models.chat_models.map((m) => [m.litellm_model, m.litellm_provider])).toEqual([
      ['docserve-rules', 'docserve'],
    ]);
    const { providers } = await account.listLLMProviders();
    expect(providers.map((p) => [p.name, p.enabled, p.litellm_models_enabled])).toEqual([
      ['docserve', true, ['docserve-rules']],
    ]);
  });

  test('setLLMProviderConfig: a request that changes nothing succeeds, a change is unavailable', async () => {
    expect(
      await account.setLLMProviderConfig('docserve', {
        litellm_models_enabled: ['docserve-rules'],
        enabled: true,
        token: null,
      }),
    ).toEqual({ message: 'LLM provider config updated successfully' } as never);
    const unknown = await failure(
      account.setLLMProviderConfig('OpenAI', { litellm_models_enabled: null, enabled: true, token: null }),
    );
    expect([unknown.status, unknown.message]).toEqual([400, "Provider 'OpenAI' not found"]);
    const change = await failure(
      account.setLLMProviderConfig('docserve', { litellm_models_enabled: null, enabled: false, token: null }),
    );
    expect(change.status).toBe(403);
    expect((change.details as { detail: { code: string } }).detail.code).toBe('FEATURE_NOT_LICENSED');
  });
});

describe('features docserve does not have', () => {
  test('users, invitations, e-mail verification, AWS config and LLM chat: one 403 FEATURE_NOT_LICENSED', async () => {
    const calls: [string, Promise<unknown>][] = [
      ['users', account.listUsers()],
      ['users', account.getUser('5f0000000000000000000000')],
      ['users', account.createUser({ email: 'a@example.com', name: 'A', password: 'pw-123456' })],
      ['users', account.updateUser('5f0000000000000000000000', { name: 'B' })],
      ['users', account.deleteUser('5f0000000000000000000000')],
      ['invitations', account.createInvitation({ email: 'a@example.com', role: 'user' })],
      ['invitations', account.getInvitations()],
      ['invitations', account.getInvitation('token-1')],
      ['invitations', account.acceptInvitation('token-1', { name: 'A', password: 'pw-123456' })],
      ['email_verification', account.sendVerificationEmail('5f0000000000000000000000')],
      ['email_verification', account.sendRegistrationVerificationEmail('5f0000000000000000000000')],
      ['email_verification', account.verifyEmail('token-1')],
      [
        'aws_config',
        account.createAWSConfig({ access_key_id: 'a', secret_access_key: 'b', s3_bucket_name: 'c' }),
      ],
      ['aws_config', account.getAWSConfig()],
      ['aws_config', account.deleteAWSConfig()],
      [
        'llm_chat',
        account.runLLMChat({ model: 'docserve-rules', messages: [{ role: 'user', content: 'hi' }] }),
      ],
      ['llm_chat', org.runLLMChat({ model: 'docserve-rules', messages: [{ role: 'user', content: 'hi' }] })],
    ];
    for (const [feature, call] of calls) {
      const err = await failure(call);
      expect([feature, err.status, err.details]).toEqual([
        feature,
        403,
        {
          detail: {
            code: 'FEATURE_NOT_LICENSED',
            message: `Feature '${feature}' is not available on this docserve server.`,
          },
        },
      ]);
    }
  });
});
