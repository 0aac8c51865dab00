import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { type OrganizationRow, organizations, type ProjectRow, projects } from '../schema.ts';

/** Organizations and their projects. */
export class TenancyRepo {
  private readonly projectById;
  private readonly orgById;

  constructor(private readonly db: Db) {
    this.projectById = db
      .select()
      .from(projects)
      .where(eq(projects.id, sql.placeholder('id')))
      .prepare();
    this.orgById = db
      .select()
      .from(organizations)
      .where(eq(organizations.id, sql.placeholder('id')))
      .prepare();
  }

  insertOrg(row: OrganizationRow): OrganizationRow {
    this.db.insert(organizations).values(row).run();
    return row;
  }

  getOrg(id: string): OrganizationRow | undefined {
    return this.orgById.get({ id });
  }

  listOrgs(): OrganizationRow[] {
    return this.db
      .select()
      .from(organizations)
      .orderBy(asc(organizations.createdAt), asc(organizations.id))
      .all();
  }

  setDefaultProject(orgId: string, projectId: string): void {
    this.db
      .update(organizations)
      .set({ defaultProjectId: projectId, updatedAt: Date.now() })
      .where(eq(organizations.id, orgId))
      .run();
  }

  insertProject(row: ProjectRow): ProjectRow {
    this.db.insert(projects).values(row).run();
    return row;
  }

  getProject(id: string): ProjectRow | undefined {
    return this.projectById.get({ id });
  }

  listProjects(orgId?: string): ProjectRow[] {
    const q = this.db.select().from(projects);
    return (orgId ? q.where(eq(projects.orgId, orgId)) : q)
      .orderBy(asc(projects.createdAt), asc(projects.id))
      .all();
  }

  updateProject(
    id: string,
    patch: Partial<Pick<ProjectRow, 'name' | 'description' | 'settings' | 'active'>>,
  ): void {
    this.db
      .update(projects)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(projects.id, id))
      .run();
  }

  countOrgs(): number {
    return this.db.select({ n: count() }).from(organizations).get()?.n ?? 0;
  }
}
