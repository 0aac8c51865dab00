// Preloaded by bun test (bunfig.toml). Tests must not depend on the developer's environment.
import { afterAll } from 'bun:test';
import { reliabilitySummary } from './helpers/reliability.ts';

for (const k of Object.keys(process.env)) if (k.startsWith('DOCSERVE_')) delete process.env[k];

afterAll(() => {
  const summary = reliabilitySummary();
  if (summary) console.log(summary);
});
