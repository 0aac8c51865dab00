import { Elysia } from 'elysia';
import { AppError } from '../../src/plugin-api.ts';

/** DocRouter features docserve does not offer; their routes answer 501 in DocRouter's envelope. */
const FEATURES: [paths: string[], what: string][] = [
  [['/orgs/:organization_id/knowledge-bases'], 'Knowledge bases'],
  [['/orgs/:organization_id/flows', '/orgs/:organization_id/executions'], 'Flows'],
  [['/orgs/:organization_id/payments', '/account/payments'], 'Payments'],
  [['/orgs/:organization_id/documents/:document_id/chat'], 'Document chat'],
];

/** 501 for every route of the features docserve leaves out (knowledge bases, flows, payments, chat). */
export function unsupportedRoutes() {
  let app = new Elysia();
  for (const [paths, what] of FEATURES)
    for (const base of paths)
      for (const path of [base, `${base}/*`])
        app = app.all(
          path,
          () => {
            throw new AppError('not_implemented', `${what}: not available on this docserve server`);
          },
          { detail: { hide: true } },
        );
  return app.post(
    '/orgs/:organization_id/llm/run',
    () => {
      throw new AppError('not_implemented', 'LLM chat: not available on this docserve server');
    },
    { detail: { hide: true } },
  );
}
