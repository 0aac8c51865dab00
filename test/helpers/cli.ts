import { join } from 'node:path';

const MAIN = join(import.meta.dir, '../../src/main.ts');

/** Runs the docserve CLI from source in a subprocess; returns exit code and output. */
export async function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

/** A `docserve start` subprocess and what it printed at startup. */
export interface ServerProcess {
  proc: ReturnType<typeof Bun.spawn>;
  url: string;
  /** Everything written to stderr so far. */
  log(): string;
  adminKey?: string;
  projectId?: string;
  stop(signal?: NodeJS.Signals): Promise<number>;
}

/**
 * Starts `docserve start --port 0` (from source, or the binary given as `command`) and waits for the
 * "listening on" line.
 */
export async function startServerProcess(
  dataDir: string,
  opts: { command?: string[]; cwd?: string; extraArgs?: string[]; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const command = opts.command ?? [process.execPath, MAIN];
  const proc = Bun.spawn([...command, 'start', '--port', '0', '--data', dataDir, ...(opts.extraArgs ?? [])], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  let buf = '';
  const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += decoder.decode(value);
    }
  })();
  const deadline = Date.now() + 300_000; // a start on a loaded machine; only a hang gets here
  // The banner is one write; its first-start block (admin key) ends with the "shown only once" line.
  const started = () =>
    /listening on \S+[^\n]*\nAPI docs: [^\n]*\n/.test(buf) &&
    (!buf.includes('First start:') || /shown only once[^\n]*\n/.test(buf));
  while (!started()) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${buf}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${buf}`);
    await Bun.sleep(20);
  }
  const url = (buf.match(/listening on (http:\/\/\S+)/) as RegExpMatchArray)[1] as string;
  return {
    proc,
    url,
    log: () => buf,
    adminKey: buf.match(/admin key:\s+(\S+)/)?.[1],
    projectId: buf.match(/project:\s+([0-9a-f]{24})/)?.[1],
    async stop(signal = 'SIGTERM') {
      proc.kill(signal);
      const code = await proc.exited;
      await pump;
      return code;
    },
  };
}
