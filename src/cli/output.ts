/** Prints rows as an aligned text table (or a message when empty). */
export function printTable(
  rows: Record<string, unknown>[],
  columns: string[],
  out: (s: string) => void = console.log,
): void {
  if (!rows.length) {
    out('(none)');
    return;
  }
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  out(columns.map((c, i) => c.toUpperCase().padEnd(widths[i] as number)).join('  '));
  for (const r of rows)
    out(
      columns
        .map((c, i) => cell(r[c]).padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    );
}

/** Prints a value as pretty JSON. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** A CLI failure with the exit code to use. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const isoOrDash = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
