import {
  AppError,
  type DialectApi,
  dialectRouter,
  iso,
  listParam,
  type StoredRecord,
} from '../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from './auth.ts';
import { jsonQuery, q } from './envelope.ts';
import { type Columns, filterRows, searchRegex, sortKeys, sortRows } from './grid.ts';

type Item = { name: string; version: number; latest: string };
type Revision = Record<string, unknown>;
type Kind = 'prompt' | 'schema' | 'form';

/** How a resource is looked up, which decides DocRouter's 404 message. */
export type Lookup = 'revision' | 'update' | 'delete' | 'versions';

const ELSEWHERE = 'not found or not in this organization';

/** DocRouter's 404 `detail` per resource and lookup, as its routes word them. */
const NOT_FOUND: Record<Kind, Record<Lookup, string>> = {
  prompt: {
    revision: 'Prompt not found',
    update: 'Prompt not found',
    delete: 'Prompt not found',
    versions: `Prompt ${ELSEWHERE}`,
  },
  schema: {
    revision: 'Schema not found',
    update: `Schema ${ELSEWHERE}`,
    delete: `Schema ${ELSEWHERE}`,
    versions: `Schema ${ELSEWHERE}`,
  },
  form: {
    revision: 'Form revision not found',
    update: 'Form not found',
    delete: `Form ${ELSEWHERE}`,
    versions: `Form ${ELSEWHERE}`,
  },
};

/** A revision as DocRouter shows it: the config plus name, ids, version, created_at and created_by. */
export type RevisionJson = Record<string, unknown> & { name: string; created_at: string | null };

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * DocRouter's versioned resources (prompts, schemas, forms) in docserve's project records: one record
 * per resource (`docrouter.<kind>s`, id = `<kind>_id`) holding its name and version counter, and one
 * per revision (`docrouter.<kind>_revisions`, id = `<kind>_revid`) holding the configuration.
 */
export class VersionedStore {
  readonly idKey: string;
  readonly revKey: string;
  readonly verKey: string;
  private readonly items: string;
  private readonly revisions: string;
  private readonly notFound: Record<Lookup, string>;

  constructor(
    private readonly api: DialectApi,
    kind: Kind,
  ) {
    this.idKey = `${kind}_id`;
    this.revKey = `${kind}_revid`;
    this.verKey = `${kind}_version`;
    this.items = `docrouter.${kind}s`;
    this.revisions = `docrouter.${kind}_revisions`;
    this.notFound = NOT_FOUND[kind];
  }

  /**
   * Creates a resource, or a new version of the one with the same name (case-insensitive), as
   * DocRouter does on POST.
   */
  async create(
    projectId: string,
    name: string,
    config: Record<string, unknown>,
    createdBy: string,
  ): Promise<RevisionJson> {
    const lower = name.toLowerCase();
    const existing = (await this.allItems(projectId)).find((i) => i.data.name.toLowerCase() === lower);
    const id = existing?.id ?? this.api.records.newId();
    return this.addRevision(projectId, id, name, config, createdBy, existing?.data.version ?? 0);
  }

  /** Renames and/or reconfigures; a rename alone keeps the current version. */
  async update(
    projectId: string,
    id: string,
    patch: { name?: string; config?: Record<string, unknown> },
    createdBy: string,
  ): Promise<RevisionJson> {
    const item = await this.item(projectId, id, 'update');
    const latest = await this.revisionRecord(projectId, item.data.latest);
    const name = patch.name ?? item.data.name;
    const config = patch.config ?? this.configOf(latest.data);
    if (canonical(config) === canonical(this.configOf(latest.data))) {
      if (name !== item.data.name)
        await this.api.records.update(this.items, projectId, id, { ...item.data, name });
      return this.json(await this.revisionRecord(projectId, item.data.latest), name);
    }
    return this.addRevision(projectId, id, name, config, createdBy, item.data.version);
  }

  /** One revision by its revid (404 with DocRouter's message, e.g. `Form revision not found`). */
  async revision(projectId: string, revid: string): Promise<RevisionJson> {
    const rev = await this.revisionRecord(projectId, revid);
    const item = await this.api.records.get<Item>(this.items, projectId, String(rev.data[this.idKey]));
    return this.json(rev, item?.data.name ?? '');
  }

  async findRevision(projectId: string, revid: string): Promise<RevisionJson | undefined> {
    try {
      return await this.revision(projectId, revid);
    } catch {
      return undefined;
    }
  }

  /** The latest revision of a resource; `lookup` picks the 404 message when it does not exist. */
  async latest(projectId: string, id: string, lookup: Lookup = 'update'): Promise<RevisionJson> {
    const item = await this.item(projectId, id, lookup);
    return this.json(await this.revisionRecord(projectId, item.data.latest), item.data.name);
  }

  async exists(projectId: string, id: string): Promise<boolean> {
    return !!(await this.api.records.get(this.items, projectId, id));
  }

  /** Every revision of a resource, newest version first. */
  async versions(projectId: string, id: string): Promise<RevisionJson[]> {
    const item = await this.item(projectId, id, 'versions');
    const { items } = await this.api.records.list<Revision>(this.revisions, projectId, {
      where: { [this.idKey]: id },
      limit: 100_000,
    });
    return items
      .map((r) => this.json(r, item.data.name))
      .sort((a, b) => Number(b[this.verKey]) - Number(a[this.verKey]));
  }

  /** The revision of a resource with a given version (the latest when `version` is null). */
  async atVersion(
    projectId: string,
    id: string,
    version: number | null | undefined,
  ): Promise<RevisionJson | undefined> {
    if (!(await this.exists(projectId, id))) return undefined;
    if (version === null || version === undefined) return this.latest(projectId, id);
    return (await this.versions(projectId, id)).find((r) => r[this.verKey] === version);
  }

  /** The latest revision of every resource of a project. */
  async latestAll(projectId: string): Promise<RevisionJson[]> {
    const out: RevisionJson[] = [];
    for (const i of await this.allItems(projectId)) {
      const rev = await this.api.records.get<Revision>(this.revisions, projectId, i.data.latest);
      if (rev) out.push(this.json(rev, i.data.name));
    }
    return out;
  }

  /** Every revision of a project (all resources, all versions). */
  async allRevisions(projectId: string): Promise<Revision[]> {
    const { items } = await this.api.records.list<Revision>(this.revisions, projectId, { limit: 1_000_000 });
    return items.map((r) => r.data);
  }

  /** True when any revision lists the tag. */
  async usesTag(projectId: string, tagId: string): Promise<boolean> {
    return (await this.allRevisions(projectId)).some(
      (r) => Array.isArray(r.tag_ids) && (r.tag_ids as unknown[]).includes(tagId),
    );
  }

  /** Deletes a resource and all its revisions. */
  async delete(projectId: string, id: string): Promise<void> {
    await this.item(projectId, id, 'delete');
    const { items } = await this.api.records.list(this.revisions, projectId, {
      where: { [this.idKey]: id },
      limit: 100_000,
    });
    for (const r of items) await this.api.records.delete(this.revisions, projectId, r.id);
    await this.api.records.delete(this.items, projectId, id);
  }

  private async addRevision(
    projectId: string,
    id: string,
    name: string,
    config: Record<string, unknown>,
    createdBy: string,
    previousVersion: number,
  ): Promise<RevisionJson> {
    const version = previousVersion + 1;
    const rev = await this.api.records.create<Revision>(this.revisions, projectId, {
      ...config,
      [this.idKey]: id,
      [this.verKey]: version,
      created_by: createdBy,
    });
    const item: Item = { name, version, latest: rev.id };
    if (previousVersion) await this.api.records.update(this.items, projectId, id, item);
    else await this.api.records.create(this.items, projectId, item, id);
    return this.json(rev, name);
  }

  private async allItems(projectId: string): Promise<StoredRecord<Item>[]> {
    return (await this.api.records.list<Item>(this.items, projectId, { limit: 1_000_000, order: 'asc' }))
      .items;
  }

  private async item(projectId: string, id: string, lookup: Lookup): Promise<StoredRecord<Item>> {
    const item = await this.api.records.get<Item>(this.items, projectId, id);
    if (!item) throw new AppError('not_found', this.notFound[lookup]);
    return item;
  }

  private async revisionRecord(projectId: string, revid: string): Promise<StoredRecord<Revision>> {
    const rev = await this.api.records.get<Revision>(this.revisions, projectId, revid);
    if (!rev) throw new AppError('not_found', this.notFound.revision);
    return rev;
  }

  private configOf(data: Revision): Record<string, unknown> {
    const { [this.idKey]: _id, [this.verKey]: _v, created_by: _by, ...config } = data;
    return config;
  }

  private json(rev: StoredRecord<Revision>, name: string): RevisionJson {
    return {
      name,
      ...this.configOf(rev.data),
      [this.revKey]: rev.id,
      [this.idKey]: rev.data[this.idKey],
      [this.verKey]: rev.data[this.verKey],
      created_at: iso(rev.createdAt),
      created_by: rev.data.created_by ?? '',
    };
  }
}

const REVISION_COLUMNS: Columns<RevisionJson> = {
  name: { kind: 'text', get: (r) => r.name },
  created_at: { kind: 'date', get: (r) => (r.created_at ? Date.parse(r.created_at) : null) },
  created_by: { kind: 'text', get: (r) => String(r.created_by ?? '') },
  tag_ids: { kind: 'tags', get: (r) => (Array.isArray(r.tag_ids) ? (r.tag_ids as string[]) : []) },
  model: { kind: 'text', get: (r) => (typeof r.model === 'string' ? r.model : null) },
};

/**
 * A DocRouter list page of revisions (`skip`, `limit` ≤ 100, `name_search`, `sort`, `filters`):
 * `{<plural>: [...], total_count, skip}`, newest first by default.
 */
export function listRevisions(
  rows: RevisionJson[],
  query: Record<string, string | undefined>,
  plural: string,
  tagName: (id: string) => string | undefined,
) {
  const skip = q.int(query, 'skip', 0, 0);
  const limit = q.int(query, 'limit', 10, 1, 100);
  const sort = jsonQuery(query.sort, 'sort');
  const filters = jsonQuery(query.filters, 'filters');
  let out = rows;
  if (query.name_search) {
    const re = searchRegex(query.name_search);
    out = out.filter((r) => re.test(r.name));
  }
  out = filterRows(out, filters, REVISION_COLUMNS, tagName);
  const keys = sortKeys(sort, Object.keys(REVISION_COLUMNS));
  out = sortRows(out, keys.length ? keys : [{ field: 'created_at', desc: true }], REVISION_COLUMNS);
  return { [plural]: out.slice(skip, skip + limit), total_count: out.length, skip };
}

/**
 * A list page of revisions that carry tags: `tag_ids` keeps those with any of the given tags, and grid
 * filters on `tag_ids` may name tags by name.
 */
export async function listTaggedRevisions(
  api: DialectApi,
  projectId: string,
  rows: RevisionJson[],
  query: Record<string, string | undefined>,
  plural: string,
) {
  const wanted = listParam(query.tag_ids);
  const tagged = wanted.length
    ? rows.filter((r) => (r.tag_ids as string[]).some((id) => wanted.includes(id)))
    : rows;
  const names = new Map((await api.tags.all(projectId)).map((tag) => [tag.id, tag.name]));
  return listRevisions(tagged, query, plural, (id) => names.get(id));
}

/**
 * `GET /{id}` (one revision), `GET /{id}/versions` (all of a resource, newest first) and, given its
 * answer, `DELETE /{id}`: the routes every versioned resource has alike.
 */
export function revisionRoutes(store: VersionedStore, plural: string, deleted?: string) {
  const routes = dialectRouter<DocRouterCaller>()
    .get('/:id', async ({ caller, params }) => store.revision(orgOf(caller), params.id))
    .get('/:id/versions', async ({ caller, params }) => {
      const versions = await store.versions(orgOf(caller), params.id);
      return { [plural]: versions, total_count: versions.length, skip: 0 };
    });
  if (!deleted) return routes;
  return routes.delete('/:id', async ({ caller, params }) => {
    await store.delete(orgOf(caller), params.id);
    return { message: deleted };
  });
}
