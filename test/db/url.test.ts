import { expect, test } from 'bun:test';
import { parseDatabaseUrl, redactUrl } from '../../src/db/url.ts';

test('database URLs: SQLite paths resolved against the working directory, PostgreSQL kept, others refused', () => {
  expect(parseDatabaseUrl('sqlite:./data/docserve.db', '/srv')).toEqual({
    driver: 'sqlite',
    path: '/srv/data/docserve.db',
  });
  expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ driver: 'sqlite', path: ':memory:' });
  expect(parseDatabaseUrl('postgres://u:p@db:5432/docs')).toEqual({
    driver: 'postgres',
    url: 'postgres://u:p@db:5432/docs',
  });
  expect(() => parseDatabaseUrl('postgres:///docs')).toThrow(/No host/);
  expect(() => parseDatabaseUrl('./data/docserve.db')).toThrow(/Unsupported database URL/);
});

test('a password never shows in messages', () => {
  expect(redactUrl('postgres://docserve:s3cr%40t@127.0.0.1:5432/docs')).toBe(
    'postgres://docserve:***@127.0.0.1:5432/docs',
  );
  expect(redactUrl('sqlite:/srv/data/docserve.db')).toBe('sqlite:/srv/data/docserve.db');
});
