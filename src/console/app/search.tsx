import { useEffect, useState } from 'preact/hooks';
import { call, type DocumentJson, type ListMeta } from './api.ts';
import { dateTime, snippetParts } from './format.ts';
import { useT } from './i18n.ts';
import { href, navigate } from './router.ts';
import { Badge, ErrorNote, Pager, useLoad, useSession } from './ui.tsx';

interface Hit {
  document: DocumentJson;
  score: number;
  snippet: string;
}

/** Search as you type: the query is sent 300 ms after the last keystroke, older answers are dropped. */
export function SearchScreen({ initial }: { initial: string }) {
  const { t, lang } = useT();
  const session = useSession();
  const [text, setText] = useState(initial);
  const [q, setQ] = useState(initial.trim());
  const [page, setPage] = useState(1);

  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(text.trim());
      setPage(1);
      navigate('/search', { q: text.trim() || undefined }, true);
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useLoad(
    (signal) =>
      q
        ? call<{ data: Hit[]; meta: ListMeta & { partial: boolean } }>(session, 'search', {
            signal,
            query: { q, page, per_page: 20 },
          })
        : Promise.resolve(undefined),
    [q, page],
  );

  return (
    <section class="card">
      <form onSubmit={(e) => e.preventDefault()}>
        <label class="search-box">
          <span>{t('searchLabel')}</span>
          <input
            type="search"
            value={text}
            placeholder={t('searchPlaceholder')}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
            // biome-ignore lint/a11y/noAutofocus: the search screen exists to type a query
            autoFocus
          />
        </label>
      </form>
      <ErrorNote error={results.error} />
      {results.data && (
        <div aria-live="polite">
          <p class="muted">{t('results', { total: results.data.meta.total })}</p>
          {results.data.meta.partial && <p class="notice">{t('indexPartial')}</p>}
          {results.data.data.length === 0 && <p>{t('noResults')}</p>}
          <ol class="hits">
            {results.data.data.map((h) => (
              <li key={h.document.id}>
                <a class="hit-name" href={href(`/documents/${h.document.id}`)}>
                  {h.document.name}
                </a>{' '}
                <Badge value={h.document.status} />{' '}
                <span class="muted">{dateTime(lang, h.document.created_at)}</span>
                <p class="snippet">
                  {snippetParts(h.snippet).map((p, i) =>
                    p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                  )}
                </p>
              </li>
            ))}
          </ol>
          {results.data.meta.pages > 1 && (
            <Pager
              page={page}
              pages={results.data.meta.pages}
              total={results.data.meta.total}
              onPage={setPage}
            />
          )}
        </div>
      )}
    </section>
  );
}
