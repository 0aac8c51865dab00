import { readFile } from 'node:fs/promises';
import type { Principal as CorePrincipal } from '../core/auth/keys.ts';
import { textPage } from '../core/content/text-page.ts';
import { PROCESS_JOB } from '../core/documents.ts';
import type { DomainEvent } from '../core/events.ts';
import type { BlobFile, StagedFile } from '../core/blobs.ts';
import { sniffFile } from '../core/files/mime.ts';
import type { MultipartLimits } from '../core/files/multipart.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import {
  DIALECT_EVENTS,
  type DialectApi,
  type DocserveEvent,
  type LlmEndpointInfo,
  type Principal,
  type StoredFile,
  type Upload,
  type WebhookDeliveryView,
  type WebhooksApi,
} from '../plugin-api.ts';
import type { Services } from '../services.ts';
import {
  auditEntry,
  deliveryView,
  documentView,
  keyView,
  pageView,
  projectView,
  tagView,
  webhookView,
} from './views.ts';

/** A dialect's port over the core services, and how to end its subscriptions and background work. */
export interface HostedApi {
  api: DialectApi;
  /** Ends the subscriptions, starts no more background work and waits for what is running. */
  close(): Promise<void>;
}

/** The principal a plugin passes back is always one the port gave it. */
const core = (p: Principal) => p as CorePrincipal;

/**
 * Builds the port one dialect sees: every use case adapted from the core services (scoped to the
 * dialect where the port says so: its webhooks, its token audience), plus its event subscriptions and
 * background work, which {@link HostedApi.close} ends.
 */
export function createDialectApi(s: Services, dialect: string): HostedApi {
  const received = new WeakMap<Upload, StagedFile>();
  const pending = new Set<Promise<void>>();
  const unsubscribe: (() => void)[] = [];
  let closed = false;

  const background = (task: () => Promise<void>) => {
    if (closed) return;
    const run = Promise.resolve()
      .then(task)
      .catch((err) => s.log(`[${dialect}] background work failed: ${(err as Error)?.stack ?? err}`))
      .finally(() => pending.delete(run));
    pending.add(run);
    s.runner.track(run);
  };

  const stagedOf = (file: Upload): StagedFile => {
    const staged = received.get(file);
    if (!staged) throw new AppError('internal', 'The file was not received through uploads.receive');
    return staged;
  };

  const documentFile = async (projectId: string, id: string, variant: 'original' | 'pdf') => {
    let choice = variant;
    if (variant === 'pdf') {
      const row = await s.pdfs.ensure(projectId, id).catch(() => undefined);
      if (!row?.pdfSha256) choice = 'original';
    }
    const f = await s.documents.file(projectId, id, choice);
    const file: StoredFile & Pick<BlobFile, 'body'> = {
      name: f.name,
      mime: f.mime,
      size: f.size,
      etag: f.etag,
      modifiedAt: f.modifiedAt,
      stream: f.stream,
      body: f.body,
      bytes: f.bytes,
    };
    return file;
  };

  const ownHooks = (projectId: string) => s.webhooks.list(projectId, dialect);
  const ownHook = async (projectId: string, id: string) => {
    const hook = (await ownHooks(projectId)).find((h) => h.id === id);
    if (!hook) throw new AppError('not_found', 'Webhook not found');
    return hook;
  };
  const ownDelivery = async (projectId: string, id: string): Promise<WebhookDeliveryView | undefined> => {
    const d = await s.webhooks.delivery(projectId, id).catch((err) => {
      if (err instanceof AppError && err.code === 'not_found') return undefined;
      throw err;
    });
    if (!d || !(await ownHooks(projectId)).some((h) => h.id === d.webhookId)) return undefined;
    return deliveryView(d);
  };

  const webhooks: WebhooksApi = {
    list: async (projectId) => (await ownHooks(projectId)).map(webhookView),
    create: async (input) => webhookView(await s.webhooks.create({ ...input, dialect })),
    update: async (projectId, id, patch) =>
      webhookView(await s.webhooks.update(projectId, (await ownHook(projectId, id)).id, patch)),
    delete: async (projectId, id) =>
      (await ownHooks(projectId)).some((h) => h.id === id) && s.webhooks.delete(projectId, id),
    deliveries: async (projectId, filter) => {
      if (filter.webhookId) await ownHook(projectId, filter.webhookId);
      const { rows, total } = await s.webhooks.deliveries(projectId, filter);
      return { rows: rows.map(deliveryView), total };
    },
    delivery: async (projectId, id) => ownDelivery(projectId, id),
    retry: async (projectId, id) => {
      const d = await ownDelivery(projectId, id);
      if (!d) throw new AppError('not_found', 'Delivery not found');
      return deliveryView(await s.webhooks.retry(projectId, d.id));
    },
    sendTest: async (projectId, id, keyId) => {
      const hook = await ownHook(projectId, id);
      const event: DomainEvent = {
        id: s.records.newId(),
        type: 'webhook.test',
        projectId,
        keyId,
        at: Date.now(),
        data: {},
      };
      const d = await s.webhooks.sendTest(projectId, hook.id, event);
      return d && deliveryView(d);
    },
  };

  const api: DialectApi = {
    config: { maxUploadBytes: s.config.maxUploadBytes, llm: llmInfo(s.config.llm) },

    keys: {
      require: async (raw) => s.keys.require(raw),
      resolve: async (raw) => s.keys.resolve(raw),
      resolveId: async (keyId) => s.keys.resolveId(keyId),
      list: async (filter) => (await s.keys.list(filter)).map(keyView),
      create: async (input) => {
        const { key, row } = await s.keys.create(input);
        return { key, row: keyView(row) };
      },
      revoke: async (keyId) => s.keys.revoke(keyId),
    },

    tokens: {
      looksLikeToken: (value) => s.tokens.looksLikeToken(value),
      verify: async (token) => {
        const { claims, principal } = await s.tokens.verify(token, dialect);
        return { principal, projectId: claims.prj ?? null };
      },
      issue: async (principal, opts) => {
        const { token, claims } = s.tokens.issue(core(principal), {
          aud: dialect,
          ttlSeconds: opts.ttlSeconds,
          projectId: opts.projectId ?? undefined,
          readOnly: opts.readOnly,
        });
        return { token, expiresIn: claims.exp - claims.iat };
      },
    },

    tenancy: {
      canAccess: async (principal, projectId) => s.tenancy.canAccess(core(principal), projectId),
      resolveProject: async (principal, requested) =>
        projectView(await s.tenancy.resolveProject(core(principal), requested)),
      project: async (id) => {
        const p = await s.tenancy.project(id);
        return p && projectView(p);
      },
      listProjects: async (orgId) => (await s.tenancy.listProjects(orgId)).map(projectView),
      projectsOf: async (principal) => (await s.tenancy.projectsOf(core(principal))).map(projectView),
      createProject: async (orgId, name) => projectView(await s.tenancy.createProject(orgId, name)),
      updateProject: async (id, patch) => projectView(await s.tenancy.updateProject(id, patch)),
    },

    documents: {
      list: async (query, opts) => {
        const { items, total } = await s.documents.list(query, opts);
        return { items: items.map(documentView), total };
      },
      get: async (projectId, id) => documentView(await s.documents.get(projectId, id)),
      find: async (projectId, id) => {
        const row = await s.documents.find(projectId, id);
        return row && documentView(await s.documents.view(row));
      },
      upload: async ({ file, filename, ...input }) => {
        const { document } = await s.documents.ingest({
          ...input,
          filename: filename ?? file.filename,
          staged: stagedOf(file),
        });
        return documentView(document);
      },
      uploadBytes: async (input) =>
        documentView((await s.documents.ingestBytes(input, s.config.maxUploadBytes)).document),
      update: async (projectId, id, patch, actor) =>
        documentView(await s.documents.update(projectId, id, patch, actor)),
      trash: async (projectId, id, actor) => documentView(await s.documents.trash(projectId, id, actor)),
      purge: (projectId, id) => s.documents.purge(projectId, id),
      file: (projectId, id, variant = 'original') => documentFile(projectId, id, variant),
      hasPdfRendition: (mime) => s.pdfs.canConvert(mime),
      pages: async (projectId, id) => (await s.documents.pages(projectId, id)).map(pageView),
      text: async (projectId, id) => s.documents.text(projectId, id),
      reprocess: async (projectId, id, opts, actor) => {
        await s.documents.reprocess(projectId, id, opts, actor);
      },
      waitForProcessing: async (projectId, id, timeoutMs) =>
        documentView(await s.documents.waitForProcessing(projectId, id, timeoutMs)),
      processingJob: async (projectId, id) => {
        const job = (await s.documents.jobsOf(projectId, id)).find((j) => j.kind === PROCESS_JOB);
        return job && { status: job.status, attempts: job.attempts, progress: job.progress };
      },
    },

    uploads: {
      receive: async (request, use, limits) => {
        const form = await s.parseUpload(request, limits as Partial<MultipartLimits> | undefined);
        const files = form.files.map((f) => {
          const upload: Upload = {
            field: f.field,
            filename: f.filename,
            declaredMime: f.declaredMime,
            size: f.staged.size,
          };
          received.set(upload, f.staged);
          return upload;
        });
        try {
          return await use({
            files,
            fields: form.fields,
            field: (name) => form.field(name),
            file: (field) => files.find((f) => f.field === field),
            requireFile: (field) => {
              const file = files.find((f) => f.field === field);
              if (!file)
                throw new AppError(
                  'bad_request',
                  `Missing file: send the document in the multipart field "${field}"`,
                );
              return file;
            },
          });
        } finally {
          await form.discard();
        }
      },
    },

    tags: {
      all: async (projectId) => (await s.tags.all(projectId)).map(tagView),
      find: async (projectId, id) => {
        const tag = await s.tags.find(projectId, id);
        return tag && tagView(tag);
      },
      get: async (projectId, id) => tagView(await s.tags.get(projectId, id)),
      create: async (projectId, input, actor) => tagView(await s.tags.create(projectId, input, actor)),
      update: async (projectId, id, patch) => tagView(await s.tags.update(projectId, id, patch)),
      usage: async (projectId, id, opts) => s.tags.usage(projectId, id, opts),
      delete: async (projectId, id, opts) => s.tags.delete(projectId, id, opts),
    },

    search: { search: async (query) => s.search.search(query) },

    ocr: {
      engine: s.ocr.name,
      readUpload: async (file) => {
        const staged = stagedOf(file);
        const sniff = await sniffFile(staged.tmpPath, file.filename);
        if (sniff.kind === 'pdf' || sniff.kind === 'image')
          return {
            mime: sniff.mime,
            pages: await s.ocr.recognize({ path: staged.tmpPath, mime: sniff.mime, name: file.filename }),
          };
        const text = utf8Text(await readFile(staged.tmpPath));
        return text === undefined ? undefined : { mime: 'text/plain', pages: [textPage(1, text)] };
      },
    },

    extraction: {
      run: (projectId, documentId, opts) => s.extraction.run(projectId, documentId, opts),
      get: async (projectId, documentId, schemaKey) => s.extraction.get(projectId, documentId, schemaKey),
      update: async (projectId, documentId, schemaKey, patch) =>
        s.extraction.update(projectId, documentId, schemaKey, patch),
      delete: async (projectId, documentId, schemaKey) =>
        s.extraction.delete(projectId, documentId, schemaKey),
      list: async (projectId, documentId) => s.extraction.list(projectId, documentId),
      extractPages: (pages, opts) => s.extraction.extractPages(pages, opts),
    },

    exports: {
      render: (projectId, documentId, format, opts) => s.exports.render(projectId, documentId, format, opts),
    },

    webhooks,

    records: {
      newId: () => s.records.newId(),
      get: async (collection, projectId, id) => s.records.get(collection, projectId, id),
      require: async (collection, projectId, id, what) => s.records.require(collection, projectId, id, what),
      list: async (collection, projectId, query) => s.records.list(collection, projectId, query),
      create: async (collection, projectId, data, id) => s.records.create(collection, projectId, data, id),
      update: async (collection, projectId, id, data) => s.records.update(collection, projectId, id, data),
      put: async (collection, projectId, id, data) =>
        (await s.records.get(collection, projectId, id))
          ? s.records.update(collection, projectId, id, data)
          : s.records.create(collection, projectId, data, id),
      delete: async (collection, projectId, id) => s.records.delete(collection, projectId, id),
    },

    audit: {
      log: async (entry) => {
        await s.audit.log(entry);
      },
      list: async (query) => {
        const { rows, total } = await s.audit.list(query);
        return { rows: rows.map(auditEntry), total };
      },
    },

    events: {
      emit: async (event) => {
        if (!(DIALECT_EVENTS as readonly string[]).includes(event.type))
          throw new AppError('internal', `Dialects do not raise "${event.type}" events`);
        await s.events.emit(event as Omit<DomainEvent, 'id' | 'at'>);
      },
      on: (names, handler) => {
        const wanted = new Set<string>(names);
        unsubscribe.push(
          s.events.listen((event) => {
            if (wanted.has(event.type))
              background(async () => handler(event as unknown as DocserveEvent<never>));
          }),
        );
      },
    },

    cache: { memo: (key, compute) => s.cache.memoAsync(key, compute) },

    background,
  };

  return {
    api,
    async close() {
      closed = true;
      for (const off of unsubscribe.splice(0)) off();
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}

/** The whole file as UTF-8 text; undefined when it holds a NUL or is not UTF-8. */
function utf8Text(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** What a dialect may show of the LLM endpoint: the model and the host, never the key or the URL. */
function llmInfo(llm: Config['llm']): LlmEndpointInfo | undefined {
  if (!llm) return undefined;
  let host = '';
  try {
    host = new URL(llm.url).hostname;
  } catch {}
  return { model: llm.model, host, hasKey: !!llm.apiKey };
}
