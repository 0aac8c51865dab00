import type { Db } from './open.ts';
import { AuditRepo } from './repos/audit.ts';
import { DocumentsRepo } from './repos/documents.ts';
import { ExtractionsRepo } from './repos/extractions.ts';
import { JobsRepo } from './repos/jobs.ts';
import { KeysRepo } from './repos/keys.ts';
import { MaintenanceRepo } from './repos/maintenance.ts';
import { PagesRepo } from './repos/pages.ts';
import { RecordsRepo } from './repos/records.ts';
import { SettingsRepo } from './repos/settings.ts';
import { TagsRepo } from './repos/tags.ts';
import { TenancyRepo } from './repos/tenancy.ts';
import { WebhooksRepo } from './repos/webhooks.ts';

export type { Db } from './open.ts';
export { openDatabase } from './open.ts';

/** Every repository over one database handle. */
export interface Repos {
  db: Db;
  settings: SettingsRepo;
  tenancy: TenancyRepo;
  keys: KeysRepo;
  documents: DocumentsRepo;
  tags: TagsRepo;
  pages: PagesRepo;
  jobs: JobsRepo;
  extractions: ExtractionsRepo;
  records: RecordsRepo;
  webhooks: WebhooksRepo;
  audit: AuditRepo;
  maintenance: MaintenanceRepo;
}

/** Builds the repositories for a database handle. */
export function createRepos(db: Db): Repos {
  return {
    db,
    settings: new SettingsRepo(db),
    tenancy: new TenancyRepo(db),
    keys: new KeysRepo(db),
    documents: new DocumentsRepo(db),
    tags: new TagsRepo(db),
    pages: new PagesRepo(db),
    jobs: new JobsRepo(db),
    extractions: new ExtractionsRepo(db),
    records: new RecordsRepo(db),
    webhooks: new WebhooksRepo(db),
    audit: new AuditRepo(db),
    maintenance: new MaintenanceRepo(db),
  };
}
