/**
 * What the contract suite needs from a driver: a way to open a fresh, empty database as a storage, and
 * to open a second storage on the same database (another process, as far as the driver can tell).
 */
import { afterAll, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '../../../src/db/port/index.ts';
import { openPostgresStorage } from '../../../src/db/postgres/storage.ts';
import { openSqliteStorage } from '../../../src/db/sqlite/storage.ts';
import { freshPostgresDatabase } from '../../helpers/postgres.ts';

export interface OpenedDatabase {
  storage: Storage;
  /** Another storage on the same database (its own connection or pool). */
  openAgain(): Promise<Storage>;
  /** Closes every storage opened here and removes the database's files. */
  close(): Promise<void>;
}

export interface DriverFactory {
  name: 'sqlite' | 'postgres';
  /** A new empty database. */
  open(): Promise<OpenedDatabase>;
}

async function track(
  first: Storage,
  again: () => Promise<Storage>,
  cleanup: () => void,
): Promise<OpenedDatabase> {
  const opened = [first];
  return {
    storage: first,
    async openAgain() {
      const s = await again();
      opened.push(s);
      return s;
    },
    async close() {
      for (const s of opened) await s.close();
      cleanup();
    },
  };
}

export const sqliteFactory: DriverFactory = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'docserve-contract-'));
    const path = join(dir, 'docserve.db');
    const open = async () => openSqliteStorage(path, { changePollMs: 20 });
    return track(await open(), open, () => rmSync(dir, { recursive: true, force: true }));
  },
};

export const postgresFactory: DriverFactory = {
  name: 'postgres',
  async open() {
    const url = await freshPostgresDatabase();
    const open = () => openPostgresStorage(url);
    return track(await open(), open, () => {});
  },
};

/** A fresh database for the enclosing describe block: opened before its tests, closed after them. */
export function useDatabase(factory: DriverFactory): () => OpenedDatabase {
  let opened: OpenedDatabase | undefined;
  beforeAll(async () => {
    opened = await factory.open();
  });
  afterAll(async () => {
    await opened?.close();
  });
  return () => opened as OpenedDatabase;
}
