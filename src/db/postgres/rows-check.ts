/**
 * Compile-time proof that the PostgreSQL tables read and write exactly the port's row types: a column
 * added to one and not the other fails `tsc`.
 */
import type * as port from '../port/rows.ts';
import type * as pg from './schema.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export type PostgresRowsMatchPort = [
  Assert<Same<port.OrganizationRow, Row<typeof pg.organizations>>>,
  Assert<Same<port.ProjectRow, Row<typeof pg.projects>>>,
  Assert<Same<port.ApiKeyRow, Row<typeof pg.apiKeys>>>,
  Assert<Same<port.DocumentRow, Row<typeof pg.documents>>>,
  Assert<Same<port.ProjectCountRow, Row<typeof pg.projectCounts>>>,
  Assert<Same<port.TagRow, Row<typeof pg.tags>>>,
  Assert<Same<port.DocumentTagRow, Row<typeof pg.documentTags>>>,
  Assert<Same<port.PageRow, Row<typeof pg.pages>>>,
  Assert<Same<port.JobRow, Row<typeof pg.jobs>>>,
  Assert<Same<port.ExtractionRow, Row<typeof pg.extractions>>>,
  Assert<Same<port.RecordRow, Row<typeof pg.records>>>,
  Assert<Same<port.WebhookRow, Row<typeof pg.webhooks>>>,
  Assert<Same<port.WebhookDeliveryRow, Row<typeof pg.webhookDeliveries>>>,
  Assert<Same<port.AuditLogRow, Row<typeof pg.auditLog>>>,
  Assert<Same<port.SettingRow, Row<typeof pg.settings>>>,
];
