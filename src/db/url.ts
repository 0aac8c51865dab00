import { isAbsolute, resolve } from 'node:path';

/** Where the database is, parsed from a database URL. */
export type DatabaseLocation = { driver: 'sqlite'; path: string } | { driver: 'postgres'; url: string };

/**
 * Parses a database URL: `sqlite:<path>` (relative paths against `cwd`; `sqlite::memory:` for a
 * private in-memory database) or `postgres://user:pass@host:port/db` (`postgresql://` too).
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseLocation {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    let path = trimmed.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (!path) throw new Error(`No file in database URL "${url}" (example: sqlite:./data/docserve.db)`);
    if (path === ':memory:') return { driver: 'sqlite', path };
    return { driver: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new Error(`Invalid PostgreSQL URL "${url}" (example: postgres://user:pass@host:5432/docserve)`);
    }
    if (!parsed.hostname) throw new Error(`No host in database URL "${url}"`);
    return { driver: 'postgres', url: trimmed.replace(/^postgresql:/i, 'postgres:') };
  }
  throw new Error(
    `Unsupported database URL "${url}": use sqlite:<file> or postgres://user:pass@host:port/database`,
  );
}

/** A database URL in canonical form: absolute SQLite path, `postgres://` scheme. */
export function normalizeDatabaseUrl(url: string, cwd?: string): string {
  const loc = parseDatabaseUrl(url, cwd);
  return loc.driver === 'sqlite' ? `sqlite:${loc.path}` : loc.url;
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
