import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from './api.ts';
import { useT } from './i18n.ts';

/** The signed-in session, available to every screen. */
export const SessionContext = createContext<Session>({ key: '', projectId: null, scope: 'project' });
export const useSession = () => useContext(SessionContext);

/** State of a load: the data, the error, whether it runs, and how to run it again. */
export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `deps` change (cancelling the previous run) and on `reload()`. With `pollMs`, loads
 * again on that interval while `keepPolling(data)` says so.
 */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
  poll?: { ms: number; while: (data: T) => boolean },
): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(ctl.signal).then(
      (data) => {
        if (ctl.signal.aborted) return;
        setState({ data, loading: false });
        if (poll?.while(data)) timer = setTimeout(() => setTick((n) => n + 1), poll.ms);
      },
      (error: Error) => !ctl.signal.aborted && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [...deps, tick]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * An action that calls the API: `run(action, then)` clears the last error, awaits the action, then runs
 * `then`; a failure's message becomes `error` (shown with {@link ErrorNote}).
 */
export function useAction(): [
  string | undefined,
  (action: () => Promise<unknown>, then?: () => void) => Promise<void>,
] {
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>, then?: () => void) => {
    setError(undefined);
    try {
      await action();
      then?.();
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  return [error, run];
}

export function ErrorNote({ error }: { error: Error | string | undefined | null }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}

/** A status or review value as a coloured badge with a translated label. */
export function Badge({ value }: { value: string | null }) {
  const { label } = useT();
  return <span class={`badge badge-${(value ?? 'none').replace(/[^a-z_]/g, '')}`}>{label(value)}</span>;
}

export function Pager({
  page,
  pages,
  total,
  onPage,
}: {
  page: number;
  pages: number;
  total: number;
  onPage: (p: number) => void;
}) {
  const { t } = useT();
  return (
    <nav class="pager" aria-label={t('page')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('previous')}
      </button>
      <span>{t('pageOf', { page, pages: Math.max(1, pages), total })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('next')} ›
      </button>
    </nav>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="card">
      <div class="card-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A table's header row: one column per label, plus an unlabelled-looking "actions" column when asked. */
export function TableHead({ columns, actions }: { columns: string[]; actions?: boolean }) {
  const { t } = useT();
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span class="sr-only">{t('actions')}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
