import { call, type JobJson, type ListMeta, request } from './api.ts';
import { dateTime, duration } from './format.ts';
import { useT } from './i18n.ts';
import { href } from './router.ts';
import { Badge, ErrorNote, Section, TableHead, useAction, useLoad, useSession } from './ui.tsx';

interface Health {
  status: string;
  version: string;
  uptime_s: number;
  db: { ok: boolean; latency_ms: number; error?: string };
  queue: Record<string, Record<string, number>>;
  workers: {
    running: boolean;
    jobs: Record<string, number>;
    ocr: { engine: string; workers: number; busy: number; queued: number };
  };
  index: Record<string, unknown> | null;
}

/** Health from /healthz (queue, workers, index) and the project's failed and waiting jobs. */
export function JobsScreen() {
  const { t } = useT();
  const session = useSession();
  const health = useLoad(
    async (signal) =>
      (
        await fetch('/healthz', { signal, headers: { accept: 'application/json' } })
      ).json() as Promise<Health>,
    [],
    { ms: 5000, while: () => true },
  );
  const dead = useLoad(
    (signal) =>
      call<{ data: JobJson[]; meta: ListMeta }>(session, 'jobs', {
        signal,
        query: { status: 'dead', per_page: 50 },
      }),
    [],
  );
  const active = useLoad(
    (signal) =>
      call<{ data: JobJson[]; meta: ListMeta }>(session, 'jobs', {
        signal,
        query: { status: ['queued', 'running'], per_page: 50 },
      }),
    [],
    { ms: 3000, while: (r) => r.data.length > 0 },
  );
  const [retryError, run] = useAction();
  const retry = (job: JobJson) =>
    run(
      () => request(session, `jobs/${job.id}/retry`, { method: 'POST' }),
      () => {
        dead.reload();
        active.reload();
      },
    );
  const refresh = (
    <button
      type="button"
      class="small"
      onClick={() => {
        health.reload();
        dead.reload();
        active.reload();
      }}
    >
      {t('refresh')}
    </button>
  );

  return (
    <>
      <Section title={t('health')} actions={refresh}>
        <ErrorNote error={health.error} />
        {health.data && <HealthView h={health.data} />}
      </Section>
      <Section title={t('failedJobs')}>
        <ErrorNote error={dead.error ?? retryError} />
        {dead.data && dead.data.data.length === 0 && <p>{t('noFailedJobs')}</p>}
        {dead.data && dead.data.data.length > 0 && <JobTable jobs={dead.data.data} onRetry={retry} />}
      </Section>
      <Section title={t('activeJobs')}>
        <ErrorNote error={active.error} />
        {active.data && active.data.data.length === 0 && <p>{t('noActiveJobs')}</p>}
        {active.data && active.data.data.length > 0 && <JobTable jobs={active.data.data} />}
      </Section>
    </>
  );
}

function HealthView({ h }: { h: Health }) {
  const { t } = useT();
  const statuses = [...new Set(Object.values(h.queue).flatMap((s) => Object.keys(s)))].sort();
  return (
    <>
      <dl class="facts">
        <div>
          <dt>{t('status')}</dt>
          <dd>
            <Badge value={h.status === 'ok' ? 'completed' : 'failed'} /> {h.status}
          </dd>
        </div>
        <div>
          <dt>{t('version')}</dt>
          <dd>{h.version}</dd>
        </div>
        <div>
          <dt>{t('uptime')}</dt>
          <dd>{duration(h.uptime_s)}</dd>
        </div>
        <div>
          <dt>{t('database')}</dt>
          <dd>{h.db.ok ? `ok · ${h.db.latency_ms} ms` : h.db.error}</dd>
        </div>
        <div>
          <dt>{t('workers')}</dt>
          <dd>
            OCR {h.workers.ocr.engine}: {h.workers.ocr.busy}/{h.workers.ocr.workers}, {h.workers.ocr.queued}{' '}
            queued
          </dd>
        </div>
        <div>
          <dt>{t('index')}</dt>
          <dd>
            {h.index
              ? Object.entries(h.index)
                  .filter(([, v]) => typeof v !== 'object')
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')
              : '—'}
          </dd>
        </div>
      </dl>
      <h3>{t('queue')}</h3>
      <div class="table-wrap">
        <table>
          <TableHead columns={[t('kind'), ...statuses]} />
          <tbody>
            {Object.entries(h.queue).map(([kind, counts]) => (
              <tr key={kind}>
                <th scope="row">{kind}</th>
                {statuses.map((s) => (
                  <td key={s}>{counts[s] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function JobTable({ jobs, onRetry }: { jobs: JobJson[]; onRetry?: (j: JobJson) => void }) {
  const { t, lang } = useT();
  return (
    <div class="table-wrap">
      <table class="jobs">
        <TableHead
          columns={[t('kind'), t('document'), t('attempts'), t('error'), t('updated')]}
          actions={Boolean(onRetry)}
        />
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td>{j.kind}</td>
              <td>
                {j.document_id ? (
                  <a href={href(`/documents/${j.document_id}`)}>{j.document_id.slice(-8)}</a>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {j.attempts}/{j.max_attempts}
              </td>
              <td class="error-text">{j.error ?? ''}</td>
              <td>{dateTime(lang, j.updated_at)}</td>
              {onRetry && (
                <td>
                  <button type="button" class="small" onClick={() => onRetry(j)}>
                    {t('retry')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
