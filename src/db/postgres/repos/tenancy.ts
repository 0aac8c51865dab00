import { asc, count, eq } from 'drizzle-orm';
import type { OrganizationRow, ProjectRow, TenancyRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { organizations, projects } from '../schema.ts';

/** Organizations and projects on PostgreSQL. */
export class PgTenancy implements TenancyRepository {
  constructor(private readonly db: PgDb) {}

  async insertOrg(row: OrganizationRow) {
    await this.db.insert(organizations).values(row);
    return row;
  }

  async getOrg(id: string) {
    const [row] = await this.db.select().from(organizations).where(eq(organizations.id, id));
    return row;
  }

  listOrgs() {
    return this.db.select().from(organizations).orderBy(asc(organizations.createdAt), asc(organizations.id));
  }

  async setDefaultProject(orgId: string, projectId: string) {
    await this.db
      .update(organizations)
      .set({ defaultProjectId: projectId, updatedAt: Date.now() })
      .where(eq(organizations.id, orgId));
  }

  async insertProject(row: ProjectRow) {
    await this.db.insert(projects).values(row);
    return row;
  }

  async getProject(id: string) {
    const [row] = await this.db.select().from(projects).where(eq(projects.id, id));
    return row;
  }

  listProjects(orgId?: string) {
    return this.db
      .select()
      .from(projects)
      .where(orgId ? eq(projects.orgId, orgId) : undefined)
      .orderBy(asc(projects.createdAt), asc(projects.id));
  }

  async updateProject(
    id: string,
    patch: Partial<Pick<ProjectRow, 'name' | 'description' | 'settings' | 'active'>>,
  ) {
    await this.db
      .update(projects)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(projects.id, id));
  }

  async countOrgs() {
    const [row] = await this.db.select({ n: count() }).from(organizations);
    return row?.n ?? 0;
  }
}
