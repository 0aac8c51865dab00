import { useState } from 'preact/hooks';
import {
  call,
  type DeliveryJson,
  type KeyJson,
  type ListMeta,
  type ProjectJson,
  request,
  type WebhookJson,
} from './api.ts';
import { NATIVE_EVENTS } from '../../http/native/events.ts';
import { dateTime } from './format.ts';
import { useT } from './i18n.ts';
import { Badge, ErrorNote, Section, TableHead, useAction, useLoad, useSession } from './ui.tsx';

/** API keys and webhooks (organization keys only). */
export function SettingsScreen() {
  const { t } = useT();
  const session = useSession();
  if (session.scope !== 'organization') return <p class="notice">{t('orgOnly')}</p>;
  return (
    <>
      <Keys />
      <Webhooks />
    </>
  );
}

/** A secret shown once, with a copy button. */
function ShownOnce({ title, secret }: { title: string; secret: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div class="once" role="status">
      <p>{title}</p>
      <code class="secret">{secret}</code>{' '}
      <button
        type="button"
        class="small"
        onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
      >
        {copied ? t('copied') : t('copy')}
      </button>
    </div>
  );
}

function Keys() {
  const { t, lang } = useT();
  const session = useSession();
  const keys = useLoad(
    (signal) => call<{ data: KeyJson[] }>(session, 'keys', { signal }).then((r) => r.data),
    [],
  );
  const projects = useLoad(
    (signal) => call<{ data: ProjectJson[] }>(session, 'projects', { signal }).then((r) => r.data),
    [],
  );
  const [form, setForm] = useState({ label: '', project: '', readOnly: false, days: '0' });
  const [created, setCreated] = useState<string>();
  const [error, run] = useAction();
  const projectName = (id: string | null) =>
    id ? (projects.data?.find((p) => p.id === id)?.name ?? id) : t('organization');

  const create = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      const res = await call<{ data: KeyJson; key: string }>(session, 'keys', {
        method: 'POST',
        json: {
          label: form.label.trim(),
          project_id: form.project || null,
          read_only: form.readOnly,
          expires_in_days: Number(form.days) || null,
        },
      });
      setCreated(res.key);
      setForm({ ...form, label: '' });
    }, keys.reload);
  };
  const revoke = (k: KeyJson) =>
    confirm(t('confirmRevoke', { label: k.label || k.preview })) &&
    run(() => request(session, `keys/${k.id}`, { method: 'DELETE' }), keys.reload);

  return (
    <Section title={t('keys')}>
      <form class="inline-form" onSubmit={create}>
        <h3>{t('createKey')}</h3>
        <label>
          <span>{t('label')}</span>
          <input
            required
            maxLength={100}
            value={form.label}
            onInput={(e) => setForm({ ...form, label: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          <span>{t('scope')}</span>
          <select
            value={form.project}
            onChange={(e) => setForm({ ...form, project: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('organization')}</option>
            {projects.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {t('project')}: {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('expiresDays')}</span>
          <input
            type="number"
            min={0}
            max={3650}
            value={form.days}
            onInput={(e) => setForm({ ...form, days: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={form.readOnly}
            onChange={(e) => setForm({ ...form, readOnly: (e.target as HTMLInputElement).checked })}
          />{' '}
          {t('readOnly')}
        </label>
        <button type="submit" class="primary">
          {t('create')}
        </button>
      </form>
      {created && <ShownOnce title={t('keyShownOnce')} secret={created} />}
      <ErrorNote error={keys.error ?? error} />
      {keys.data && (
        <div class="table-wrap">
          <table class="keys">
            <TableHead
              columns={[t('label'), t('scope'), t('apiKey'), t('readOnly'), t('created'), t('lastUsed')]}
              actions
            />
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id} class={k.revoked_at ? 'revoked' : ''}>
                  <td>{k.label}</td>
                  <td>{projectName(k.project_id)}</td>
                  <td>
                    <code>{k.preview}…</code>
                  </td>
                  <td>{k.read_only ? t('yes') : t('no')}</td>
                  <td>{dateTime(lang, k.created_at)}</td>
                  <td>{k.last_used_at ? dateTime(lang, k.last_used_at) : t('never')}</td>
                  <td>
                    {k.revoked_at ? (
                      <span class="muted">{t('revoked')}</span>
                    ) : (
                      <button
                        type="button"
                        class="small danger"
                        onClick={() => revoke(k)}
                        aria-label={`${t('revoke')}: ${k.label || k.preview}`}
                      >
                        {t('revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Webhooks() {
  const { t } = useT();
  const session = useSession();
  const hooks = useLoad(
    (signal) => call<{ data: WebhookJson[] }>(session, 'webhooks', { signal }).then((r) => r.data),
    [],
  );
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [created, setCreated] = useState<string>();
  const [error, run] = useAction();
  const [open, setOpen] = useState<string>();

  const create = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      const res = await call<{ data: WebhookJson }>(session, 'webhooks', {
        method: 'POST',
        json: { url: url.trim(), events },
      });
      setCreated(res.data.secret);
      setUrl('');
      setEvents([]);
    }, hooks.reload);
  };
  const remove = (h: WebhookJson) =>
    confirm(t('confirmDelete', { url: h.url })) &&
    run(() => request(session, `webhooks/${h.id}`, { method: 'DELETE' }), hooks.reload);

  return (
    <Section title={t('webhooks')}>
      <form class="inline-form" onSubmit={create}>
        <label class="wide">
          <span>{t('url')}</span>
          <input
            type="url"
            required
            placeholder="https://"
            value={url}
            onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
          />
        </label>
        <fieldset>
          <legend>{t('events')}</legend>
          {NATIVE_EVENTS.map((ev) => (
            <label key={ev} class="check">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) =>
                  setEvents(
                    (e.target as HTMLInputElement).checked ? [...events, ev] : events.filter((x) => x !== ev),
                  )
                }
              />{' '}
              <code>{ev}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary">
          {t('create')}
        </button>
      </form>
      {created && <ShownOnce title={t('secretShownOnce')} secret={created} />}
      <ErrorNote error={hooks.error ?? error} />
      {hooks.data?.length === 0 && <p>{t('noWebhooks')}</p>}
      <ul class="hooks">
        {hooks.data?.map((h) => (
          <li key={h.id}>
            <div class="hook-head">
              <code class="hook-url">{h.url}</code>
              <span class="muted">{h.events.length ? h.events.join(', ') : t('any')}</span>
              <button
                type="button"
                class="small"
                aria-expanded={open === h.id}
                onClick={() => setOpen(open === h.id ? undefined : h.id)}
              >
                {open === h.id ? t('hideDeliveries') : t('deliveries')}
              </button>
              <button type="button" class="small danger" onClick={() => remove(h)}>
                {t('delete')}
              </button>
            </div>
            {open === h.id && <Deliveries hookId={h.id} />}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Deliveries({ hookId }: { hookId: string }) {
  const { t, lang } = useT();
  const session = useSession();
  const log = useLoad(
    (signal) =>
      call<{ data: DeliveryJson[]; meta: ListMeta }>(session, `webhooks/${hookId}/deliveries`, {
        signal,
        query: { per_page: 50 },
      }),
    [hookId],
    { ms: 3000, while: (r) => r.data.some((d) => d.status === 'pending' || d.status === 'processing') },
  );
  const [error, run] = useAction();
  const retry = (d: DeliveryJson) =>
    run(
      () => request(session, `webhooks/${hookId}/deliveries/${d.id}/retry`, { method: 'POST' }),
      log.reload,
    );
  if (!log.data) return <ErrorNote error={log.error} />;
  if (log.data.data.length === 0) return <p class="muted">{t('noDeliveries')}</p>;
  return (
    <div class="table-wrap">
      <ErrorNote error={error} />
      <table>
        <TableHead
          columns={[t('event'), t('status'), t('httpStatus'), t('attempts'), t('error'), t('created')]}
          actions
        />
        <tbody>
          {log.data.data.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.event}</code>
              </td>
              <td>
                <Badge
                  value={d.status === 'delivered' ? 'completed' : d.status === 'failed' ? 'failed' : 'queued'}
                />{' '}
                {d.status}
              </td>
              <td>{d.last_status ?? '—'}</td>
              <td>
                {d.attempts}/{d.max_attempts}
              </td>
              <td class="error-text">{d.last_error ?? ''}</td>
              <td>{dateTime(lang, d.created_at)}</td>
              <td>
                <button type="button" class="small" onClick={() => retry(d)}>
                  {t('retry')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
