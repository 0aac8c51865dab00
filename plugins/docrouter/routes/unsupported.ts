import { Elysia } from 'elysia';
import { AppError } from '../../../src/plugin-api.ts';

const ORG = '/orgs/:organization_id';

/**
 * DocRouter features docserve does not offer, with the paths they own. `/*` marks a whole subtree;
 * other paths are matched exactly (their neighbours are implemented).
 */
const FEATURES: [feature: string, paths: string[]][] = [
  ['knowledge_bases', [`${ORG}/knowledge-bases/*`]],
  ['flows', [`${ORG}/flows/*`, `${ORG}/executions/*`, `${ORG}/credentials/*`, `${ORG}/credential-kinds/*`]],
  ['payments', [`${ORG}/payments/*`, '/account/payments/*']],
  ['document_chat', [`${ORG}/documents/:document_id/chat/*`]],
  ['llm_chat', [`${ORG}/llm/run`, '/account/llm/run']],
  ['embeddings', ['/account/llm/test/embedding']],
  ['bulk_analyze', [`${ORG}/ocr/bulk-analyze`, `${ORG}/llm/bulk-analyze`]],
  ['ocr_tables', [`${ORG}/ocr/export/tables.xlsx/:document_id`]],
  ['users', ['/account/users/*', '/account/auth/*']],
  ['invitations', ['/account/email/invitations/*']],
  ['email_verification', ['/account/email/verification/*']],
  ['aws_config', ['/account/aws_config']],
  ['gcp_config', ['/account/gcp_config']],
  ['azure_config', ['/account/azure_config']],
  ['system_settings', ['/account/system_settings']],
  ['license', ['/account/license/*']],
];

/**
 * DocRouter's answer for a feature a deployment does not include (its license gate): 403
 * `{"detail": {"code": "FEATURE_NOT_LICENSED", "message": ...}}`.
 */
export function featureUnavailable(feature: string, why = ''): AppError {
  return new AppError(
    'forbidden',
    `Feature '${feature}' is not available on this docserve server.${why ? ` ${why}` : ''}`,
    { details: { detailCode: 'FEATURE_NOT_LICENSED' } },
  );
}

/**
 * Every route of DocRouter's API that docserve does not implement answers {@link featureUnavailable},
 * whatever the method: one rule for knowledge bases, flows, payments, chat, users, invitations, e-mail
 * verification, cloud configurations, system settings and the license.
 */
export function unsupportedRoutes() {
  let app = new Elysia();
  for (const [feature, paths] of FEATURES)
    for (const path of paths)
      for (const p of path.endsWith('/*') ? [path.slice(0, -2), path] : [path])
        app = app.all(
          p,
          () => {
            throw featureUnavailable(feature);
          },
          { detail: { hide: true } },
        );
  return app;
}
