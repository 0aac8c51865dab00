import { type SQL, sql } from 'drizzle-orm';

/** Keyset condition `(k1, k2) > (v1, v2)` over a primary key (row values: SQLite and PostgreSQL). */
export function afterKey(columns: unknown[], values: unknown[]): SQL {
  return sql`(${sql.join(columns as SQL[], sql`, `)}) > (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}
