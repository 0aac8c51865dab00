import { AppError, type DialectApi, dialectRouter } from '../../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from '../auth.ts';
import { webhookJson } from '../mappers.ts';
import { bodyObject, Validator } from '../validate.ts';
import { OCRIVA_EVENTS } from '../webhooks.ts';

const HEADER_NAME = /^[A-Za-z0-9-]{1,100}$/;
const RESERVED = /^(content-type|content-length|host|user-agent|x-webhook-.*)$/i;

function validHeaders(v: Validator, headers: Record<string, unknown> | undefined) {
  if (!headers) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || RESERVED.test(name) || typeof value !== 'string' || /[\r\n]/.test(value))
      v.fail(`headers.${name.slice(0, 100)} is not an allowed custom header`);
    else out[name] = value.slice(0, 1000);
  }
  if (Object.keys(out).length > 20) v.fail('headers must contain no more than 20 entries');
  return out;
}

/** docserve extensions: `GET/POST /webhooks`, `DELETE /webhooks/:id` (Ocriva manages them in its UI). */
export function webhookRoutes(api: DialectApi) {
  return dialectRouter<OcrivaCaller>()
    .get('/webhooks', async ({ caller }) =>
      (await api.webhooks.list(await projectOf(api, caller))).map(webhookJson),
    )
    .post('/webhooks', async ({ caller, body, set }) => {
      const b = bodyObject(body);
      const v = new Validator(b);
      const name = v.string('name', { required: true, max: 100 });
      const url = v.string('url', { required: true, max: 2000 });
      const events = v.strings('events', { required: true, oneOf: OCRIVA_EVENTS });
      const secret = v.string('secret', { max: 200 });
      if (secret !== undefined && secret.length < 8)
        v.fail('secret must be longer than or equal to 8 characters');
      const description = v.string('description', { max: 500, allowEmpty: true });
      const headers = validHeaders(v, v.object('headers'));
      const requested = v.string('projectId');
      v.done();
      const projectId = await projectOf(api, caller, requested);
      const hook = await api.webhooks.create({
        projectId,
        url: url as string,
        events,
        secret,
        config: { name, description: description ?? null, headers },
      });
      set.status = 201;
      return { ...webhookJson(hook), secret: hook.secret };
    })
    .delete('/webhooks/:id', async ({ caller, params }) => {
      const projectId = await projectOf(api, caller);
      const id = params.id.toLowerCase();
      if (!(await api.webhooks.delete(projectId, id))) throw new AppError('not_found', 'Webhook not found');
      return { id, deleted: true };
    });
}
