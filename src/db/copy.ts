import { createHash } from 'node:crypto';
import { type AnyRow, type Storage, TABLES, type TableName } from './port/index.ts';

/** The size and content fingerprint of one table. */
export interface TableDigest {
  rows: number;
  /** Sum of the SHA-256 of every row's canonical JSON, mod 2^256, in hex: independent of row order. */
  checksum: string;
}

export interface TableCopyReport {
  table: TableName;
  source: TableDigest;
  target: TableDigest;
  /** Same rows in the target as were read from the source. */
  ok: boolean;
}

export interface CopyReport {
  tables: TableCopyReport[];
  /** Tables whose content changed in the source while it was being copied. */
  sourceChanged: TableName[];
  /** Projects whose live-document count in the target disagrees with its documents. */
  countDrift: number;
  ok: boolean;
}

const MOD = 1n << 256n;

/** A table's digest accumulated batch by batch. */
class Digest {
  rows = 0;
  private sum = 0n;

  add(batch: AnyRow[]): void {
    for (const row of batch) {
      const canonical = JSON.stringify(
        Object.keys(row)
          .sort()
          .map((k) => [k, row[k]]),
      );
      this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(canonical).digest('hex')}`)) % MOD;
      this.rows++;
    }
  }

  value(): TableDigest {
    return { rows: this.rows, checksum: this.sum.toString(16).padStart(64, '0') };
  }
}

/** Reads a whole table and returns its digest. */
export async function digestTable(
  storage: Storage,
  table: TableName,
  batchSize = 1000,
): Promise<TableDigest> {
  const d = new Digest();
  for await (const batch of storage.tables.scan(table, batchSize)) d.add(batch);
  return d.value();
}

/**
 * Copies every table of `from` into the empty database `to` in one target transaction, then verifies:
 * each target table must have the same row count and checksum as the rows read from the source, the
 * source is read again to detect writes during the copy, and the target's trigger-kept document counts
 * must agree with its documents. Works between any two drivers. Stop the servers on the source first.
 */
export async function copyDatabase(
  from: Storage,
  to: Storage,
  opts: { batchSize?: number; onTable?: (table: TableName, rows: number) => void } = {},
): Promise<CopyReport> {
  const batchSize = opts.batchSize ?? 1000;
  for (const table of TABLES) {
    const n = await to.tables.count(table);
    if (n > 0)
      throw new Error(`The target database is not empty (${table} has ${n} rows); copy into an empty one`);
  }
  const read = new Map<TableName, TableDigest>();
  await to.transaction(async (tx) => {
    for (const table of TABLES) {
      const d = new Digest();
      for await (const batch of from.tables.scan(table, batchSize)) {
        d.add(batch);
        await tx.tables.insert(table, batch);
      }
      read.set(table, d.value());
      opts.onTable?.(table, d.rows);
    }
  });
  const tables: TableCopyReport[] = [];
  const sourceChanged: TableName[] = [];
  for (const table of TABLES) {
    const source = read.get(table) as TableDigest;
    const target = await digestTable(to, table, batchSize);
    tables.push({ table, source, target, ok: sameDigest(source, target) });
    if (!sameDigest(source, await digestTable(from, table, batchSize))) sourceChanged.push(table);
  }
  const countDrift = (await to.maintenance.countDrift()).length;
  return {
    tables,
    sourceChanged,
    countDrift,
    ok: tables.every((t) => t.ok) && !sourceChanged.length && countDrift === 0,
  };
}

function sameDigest(a: TableDigest, b: TableDigest): boolean {
  return a.rows === b.rows && a.checksum === b.checksum;
}
