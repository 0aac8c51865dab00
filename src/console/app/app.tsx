import { useEffect, useState } from 'preact/hooks';
import {
  ApiError,
  call,
  loadSession,
  type MeJson,
  onUnauthorized,
  type ProjectJson,
  type Session,
  saveSession,
} from './api.ts';
import { DocumentScreen } from './document.tsx';
import { DocumentsScreen } from './documents.tsx';
import { I18n, initialLang, type Lang, rememberLang, translator, useT } from './i18n.ts';
import { JobsScreen } from './jobs.tsx';
import { href, useRoute } from './router.ts';
import { SearchScreen } from './search.tsx';
import { SettingsScreen } from './settings.tsx';
import { ErrorNote, SessionContext, useLoad } from './ui.tsx';

/** The whole console: language, session, header and the screen the hash route names. */
export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string>();
  const tr = translator(lang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(
    () =>
      onUnauthorized((message) => {
        saveSession(null);
        setSession(null);
        setNotice(tr.t('signedOutRevoked', { message }));
      }),
    [tr.t],
  );

  const update = (s: Session | null) => {
    saveSession(s);
    setSession(s);
  };
  const toggleLang = () => {
    const next = lang === 'th' ? 'en' : 'th';
    rememberLang(next);
    setLang(next);
  };

  return (
    <I18n.Provider value={tr}>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        {tr.t('skip')}
      </button>
      {session ? (
        <SessionContext.Provider value={session}>
          <Header session={session} onSession={update} onLang={toggleLang} />
          <main id="main" tabIndex={-1}>
            <Screen key={session.projectId ?? ''} />
          </main>
        </SessionContext.Provider>
      ) : (
        <>
          <header class="top">
            <span class="brand">{tr.t('appName')}</span>
            <button type="button" class="link" onClick={toggleLang} aria-label={tr.t('languageLabel')}>
              {tr.t('language')}
            </button>
          </header>
          <main id="main" tabIndex={-1}>
            <SignIn
              notice={notice}
              onSignedIn={(s) => {
                setNotice(undefined);
                update(s);
              }}
            />
          </main>
        </>
      )}
    </I18n.Provider>
  );
}

function Screen() {
  const route = useRoute();
  const [first, second] = route.parts;
  if (first === 'documents' && second)
    return <DocumentScreen id={second} page={Number(route.query.get('page')) || 1} />;
  if (first === 'search') return <SearchScreen initial={route.query.get('q') ?? ''} />;
  if (first === 'jobs') return <JobsScreen />;
  if (first === 'settings') return <SettingsScreen />;
  return <DocumentsScreen trash={route.query.get('view') === 'trash'} />;
}

function Header({
  session,
  onSession,
  onLang,
}: {
  session: Session;
  onSession: (s: Session | null) => void;
  onLang: () => void;
}) {
  const { t } = useT();
  const route = useRoute();
  const projects = useLoad(
    (signal) =>
      session.scope === 'organization'
        ? call<{ data: ProjectJson[] }>(session, 'projects', { signal }).then((r) => r.data)
        : Promise.resolve([]),
    [session.key],
  );
  const nav: [string, string][] = [
    ['/', t('navDocuments')],
    ['/search', t('navSearch')],
    ['/jobs', t('navJobs')],
  ];
  if (session.scope === 'organization') nav.push(['/settings', t('navSettings')]);
  const current = `/${route.parts[0] ?? ''}`;
  return (
    <header class="top">
      <a class="brand" href="#/">
        {t('appName')}
      </a>
      <nav class="main-nav" aria-label="docserve">
        {nav.map(([path, label]) => (
          <a
            key={path}
            href={href(path)}
            aria-current={current === path || (path === '/' && current === '/documents') ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <div class="top-tools">
        {projects.data && projects.data.length > 0 && (
          <label class="project">
            <span>{t('project')}</span>
            <select
              value={session.projectId ?? ''}
              onChange={(e) => onSession({ ...session, projectId: (e.target as HTMLSelectElement).value })}
            >
              {projects.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" class="link" onClick={onLang} aria-label={t('languageLabel')}>
          {t('language')}
        </button>
        <button type="button" class="link" onClick={() => onSession(null)}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}

function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (s: Session) => void }) {
  const { t } = useT();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const candidate: Session = { key: key.trim(), projectId: null, scope: 'project' };
    try {
      const me = await call<MeJson>(candidate, 'me');
      onSignedIn({ key: candidate.key, projectId: me.project_id, scope: me.scope });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card signin" onSubmit={submit}>
      <h1>{t('signInTitle')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p>{t('signInHelp')}</p>
      <label>
        <span>{t('apiKey')}</span>
        <input
          type="password"
          name="api-key"
          autoComplete="off"
          spellcheck={false}
          required
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
        />
      </label>
      <ErrorNote error={error} />
      <button type="submit" class="primary" disabled={busy || !key.trim()}>
        {t('signIn')}
      </button>
    </form>
  );
}
