import type { ChangeFeed, OrganizationRow, ProjectRow, Storage } from '../db/port/index.ts';
import { AppError } from '../errors.ts';
import type { KeyService, Principal } from './auth/keys.ts';
import { isObjectId, newId } from './ids.ts';

/** Result of the first start on an empty data directory. */
export interface Bootstrap {
  org: OrganizationRow;
  project: ProjectRow;
  /** The one-time admin key (organization-scoped). */
  adminKey: string;
}

/** Organizations and projects, and which project a principal may act on. */
export class TenancyService {
  /** Projects by id, valid while nothing wrote to the database from elsewhere. */
  private readonly projectCache = new Map<string, ProjectRow>();
  private cacheVersion = -1;

  constructor(
    private readonly storage: Pick<Storage, 'tenancy' | 'settings' | 'transaction'>,
    private readonly keys: KeyService,
    private readonly clock: Pick<ChangeFeed, 'external'>,
    private readonly now: () => number = Date.now,
  ) {}

  private get repo() {
    return this.storage.tenancy;
  }

  /**
   * On an empty database, creates the default organization and project and an admin key. Runs once
   * per database even when several nodes start together on one PostgreSQL: the first transaction to
   * claim the `bootstrap` setting does it, the others see the claim and return undefined.
   */
  bootstrapIfEmpty(): Promise<Bootstrap | undefined> {
    return this.storage.transaction(async () => {
      const claim = newId(this.now());
      if ((await this.storage.settings.getOrCreate('bootstrap', () => claim)) !== claim) return undefined;
      if ((await this.repo.countOrgs()) > 0) return undefined;
      const org = await this.createOrg('Default organization');
      const project = await this.createProject(org.id, 'Default project');
      const { key } = await this.keys.create({
        orgId: org.id,
        label: 'admin',
        prefix: 'org_',
        createdBy: 'bootstrap',
      });
      return { org: (await this.repo.getOrg(org.id)) as OrganizationRow, project, adminKey: key };
    });
  }

  createOrg(name: string): Promise<OrganizationRow> {
    const clean = name.trim();
    if (!clean) throw new AppError('bad_request', 'Organization name is required');
    const now = this.now();
    return this.repo.insertOrg({
      id: newId(now),
      name: clean,
      defaultProjectId: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Creates a project; the first project of an organization becomes its default. */
  async createProject(orgId: string, name: string, description = ''): Promise<ProjectRow> {
    const org = await this.repo.getOrg(orgId);
    if (!org) throw new AppError('not_found', `Organization ${orgId} not found`);
    const clean = name.trim();
    if (!clean) throw new AppError('bad_request', 'Project name is required');
    const now = this.now();
    const row = await this.repo.insertProject({
      id: newId(now),
      orgId,
      name: clean,
      description,
      settings: {},
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    if (!org.defaultProjectId) await this.repo.setDefaultProject(orgId, row.id);
    this.projectCache.clear();
    return row;
  }

  async updateProject(
    id: string,
    patch: { name?: string; description?: string; active?: boolean; settings?: Record<string, unknown> },
  ): Promise<ProjectRow> {
    if (patch.name !== undefined && !patch.name.trim())
      throw new AppError('bad_request', 'Project name is required');
    await this.repo.updateProject(id, patch);
    this.projectCache.clear();
    return (await this.repo.getProject(id)) as ProjectRow;
  }

  org(id: string): Promise<OrganizationRow | undefined> {
    return this.repo.getOrg(id);
  }

  async project(id: string): Promise<ProjectRow | undefined> {
    if (!isObjectId(id)) return undefined;
    const version = this.clock.external();
    if (version !== this.cacheVersion) {
      this.projectCache.clear();
      this.cacheVersion = version;
    }
    let row = this.projectCache.get(id);
    if (!row) {
      row = await this.repo.getProject(id);
      if (row) this.projectCache.set(id, row);
    }
    return row;
  }

  listOrgs(): Promise<OrganizationRow[]> {
    return this.repo.listOrgs();
  }

  listProjects(orgId?: string): Promise<ProjectRow[]> {
    return this.repo.listProjects(orgId);
  }

  /** Projects a principal can reach: its own project, or every project of its organization. */
  async projectsOf(p: Principal): Promise<ProjectRow[]> {
    if (p.projectId) {
      const own = await this.project(p.projectId);
      return own ? [own] : [];
    }
    return this.repo.listProjects(p.orgId);
  }

  /** True when the principal may act on the project. */
  async canAccess(p: Principal, projectId: string): Promise<boolean> {
    if (p.projectId) return p.projectId === projectId;
    const project = await this.project(projectId);
    return !!project && project.orgId === p.orgId;
  }

  /**
   * The project a request acts on. A project key acts on its own project (a different requested id is
   * refused); an organization key acts on the requested project, else on the organization's default.
   * Failures are `forbidden` (outside the key's scope) or `bad_request` (nothing to choose).
   */
  async resolveProject(p: Principal, requested?: string | null): Promise<ProjectRow> {
    if (p.projectId) {
      if (requested && requested !== p.projectId)
        throw new AppError('forbidden', 'This key is bound to another project');
      const own = await this.repo.getProject(p.projectId);
      if (!own) throw new AppError('unauthorized', 'The project of this key no longer exists');
      return own;
    }
    const id = requested || (await this.repo.getOrg(p.orgId))?.defaultProjectId;
    if (!id) throw new AppError('bad_request', 'A project id is required for organization keys');
    const project = await this.project(id);
    if (!project || project.orgId !== p.orgId)
      throw new AppError('forbidden', 'Project is outside the scope of this key');
    return project;
  }
}
