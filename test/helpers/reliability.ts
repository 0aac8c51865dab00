/** Counters the reliability tests add to; the preload prints them as a table after the whole run. */
export const reliability = {
  faultsInjected: 0,
  killCycles: 0,
  uploads: 0,
  acknowledgedUploads: 0,
  losses: 0,
  badInputs: 0,
  tenancyChecks: 0,
  leaks: 0,
};

/** The end-of-run summary, or undefined when no reliability test ran. */
export function reliabilitySummary(): string | undefined {
  const r = reliability;
  if (!r.faultsInjected && !r.killCycles && !r.uploads && !r.badInputs && !r.tenancyChecks) return undefined;
  const rows: [string, number | string][] = [
    ['faults injected', r.faultsInjected],
    ['kill -9 cycles', r.killCycles],
    ['uploads attempted', r.uploads],
    ['uploads acknowledged (2xx)', r.acknowledgedUploads],
    ['losses (must be 0)', r.losses],
    ['bad inputs refused', r.badInputs],
    ['tenancy checks', r.tenancyChecks],
    ['cross-tenant leaks (must be 0)', r.leaks],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return ['', 'reliability summary', ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join('\n');
}
