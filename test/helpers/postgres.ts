/**
 * A throwaway PostgreSQL cluster for tests: Debian's binaries (initdb + pg_ctl) in a temp directory,
 * on a free port on 127.0.0.1, trust auth, run as an unprivileged user (`nobody` when the tests run as
 * root, as CI does; the current user otherwise). One cluster per test process: the first caller starts
 * it, later callers reuse it, and it stops when the process exits (a watchdog stops it too if the
 * process is killed). Each test gets a fresh database from {@link freshPostgresDatabase}.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQL } from 'bun';

export interface PostgresCluster {
  /** Base URL without a database name (`postgres://postgres@127.0.0.1:PORT`). */
  baseUrl: string;
  /** URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  dir: string;
  stop(): void;
}

/** Directory of initdb/pg_ctl: `PG_BIN`, else the newest /usr/lib/postgresql/<version>/bin, else PATH. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  return path ? path.replace(/\/initdb$/, '') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The command line that runs a PostgreSQL binary as the cluster's owner (postgres refuses root). */
function asOwner(asRoot: boolean, bin: string, args: string[]): string[] {
  return asRoot ? ['runuser', '-u', 'nobody', '--', bin, ...args] : [bin, ...args];
}

async function run(cmd: string[]): Promise<void> {
  const proc = Bun.spawn(cmd, { stdout: 'pipe', stderr: 'pipe' });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd.join(' ')} failed (${code}): ${err || out}`);
}

/**
 * Starts a new cluster. `settings` are extra server settings (`-c name=value`); tests get
 * `fsync=off` by default, benchmarks pass their own.
 */
export async function startPostgresCluster(
  settings: Record<string, string> = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL binaries not found (install the postgresql Debian package)');
  const asRoot = process.getuid?.() === 0;
  // `nobody` must reach the directory: under root, $TMPDIR may sit in a home it cannot enter.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'docserve-pg-'));
  if (asRoot) chownSync(dir, 65534, 65534);
  const data = join(dir, 'data');
  await run(
    asOwner(asRoot, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]),
  );
  const options = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: '200',
    ...settings,
  };
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const opts = [`-p ${port}`, ...Object.entries(options).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    try {
      await run(
        asOwner(asRoot, join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-l',
          join(dir, 'server.log'),
          '-o',
          opts,
          '-w',
          '-t',
          '600', // a start on a loaded machine; only a hang gets there (a retry would find it running)
          'start',
        ]),
      );
      break;
    } catch (err) {
      if (attempt >= 2) throw err; // the port may have been taken between the probe and the start
    }
  }
  const stopCmd = asOwner(asRoot, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
  // Stops the cluster if this process dies without running its exit handler (kill -9, crash).
  const watchdog = spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCmd.map((a) => `'${a}'`).join(' ')} >/dev/null 2>&1; rm -rf '${dir}'`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  let stopped = false;
  const baseUrl = `postgres://postgres@127.0.0.1:${port}`;
  return {
    baseUrl,
    url: `${baseUrl}/postgres`,
    port,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      spawnSync(stopCmd[0] as string, stopCmd.slice(1), { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<PostgresCluster> | undefined;

/** The cluster of this test process: started on first use, stopped at exit. */
export function sharedPostgres(): Promise<PostgresCluster> {
  shared ??= startPostgresCluster().then((cluster) => {
    process.once('exit', () => cluster.stop());
    return cluster;
  });
  return shared;
}

let databases = 0;

/** A new empty database on the shared cluster; returns its URL. */
export async function freshPostgresDatabase(): Promise<string> {
  const cluster = await sharedPostgres();
  const name = `t${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new SQL({ url: cluster.url, database: 'postgres', max: 1 });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  return `${cluster.baseUrl}/${name}`;
}
