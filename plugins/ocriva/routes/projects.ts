import { type DialectApi, dialectRouter } from '../../../src/plugin-api.ts';
import type { OcrivaCaller } from '../auth.ts';
import { projectJson } from '../mappers.ts';

/** `GET /projects`: the projects the token reaches (its own project even when inactive). */
export function projectRoutes(api: DialectApi) {
  return dialectRouter<OcrivaCaller>().get('/projects', async ({ caller }) =>
    (await api.tenancy.projectsOf(caller.principal))
      .filter((p) => p.active || p.id === caller.principal.projectId)
      .map(projectJson),
  );
}
