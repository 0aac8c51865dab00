/**
 * Compile-time proof that the SQLite tables read and write exactly the port's row types: a column added
 * to one and not the other fails `tsc`.
 */
import type * as port from '../port/rows.ts';
import type * as schema from '../schema.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type SqliteRowsMatchPort = [
  Assert<Same<port.OrganizationRow, schema.OrganizationRow>>,
  Assert<Same<port.ProjectRow, schema.ProjectRow>>,
  Assert<Same<port.ApiKeyRow, schema.ApiKeyRow>>,
  Assert<Same<port.DocumentRow, schema.DocumentRow>>,
  Assert<Same<port.ProjectCountRow, typeof schema.projectCounts.$inferSelect>>,
  Assert<Same<port.TagRow, schema.TagRow>>,
  Assert<Same<port.DocumentTagRow, typeof schema.documentTags.$inferSelect>>,
  Assert<Same<port.PageRow, schema.PageRow>>,
  Assert<Same<port.JobRow, schema.JobRow>>,
  Assert<Same<port.ExtractionRow, schema.ExtractionRow>>,
  Assert<Same<port.RecordRow, schema.RecordRow>>,
  Assert<Same<port.WebhookRow, schema.WebhookRow>>,
  Assert<Same<port.WebhookDeliveryRow, schema.WebhookDeliveryRow>>,
  Assert<Same<port.AuditLogRow, schema.AuditLogRow>>,
  Assert<Same<port.SettingRow, typeof schema.settings.$inferSelect>>,
];
