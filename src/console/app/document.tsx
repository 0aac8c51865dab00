import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  type BBox,
  call,
  type DocumentJson,
  type FieldJson,
  type FieldsJson,
  filenameOf,
  type PageJson,
  request,
  saveBlob,
} from './api.ts';
import { percent } from './format.ts';
import { useT } from './i18n.ts';
import { href, navigate } from './router.ts';
import { Badge, ErrorNote, Section, useAction, useLoad, useSession } from './ui.tsx';

const EXPORT_FORMATS = ['pdf', 'csv', 'json', 'xml', 'html', 'docx', 'text'];
const running = (s: string) => s === 'queued' || s === 'processing';

/** What is highlighted on the page: a word (by its position in the layout) or a field's box. */
type Focus = { word: string } | { box: BBox; field: string } | null;

/** One document: the page with its OCR words, the text, the extracted fields, review and exports. */
export function DocumentScreen({ id, page }: { id: string; page: number }) {
  const { t } = useT();
  const session = useSession();
  const [focus, setFocus] = useState<Focus>(null);
  const [showWords, setShowWords] = useState(true);
  const [reviewError, run] = useAction();
  const doc = useLoad(
    (signal) => call<{ data: DocumentJson }>(session, `documents/${id}`, { signal }).then((r) => r.data),
    [id],
    { ms: 1500, while: (d) => running(d.status) || running(d.extraction_status) },
  );
  const d = doc.data;
  const pages = useLoad(
    (signal) =>
      d && !running(d.status)
        ? call<{ data: PageJson[] }>(session, `documents/${id}/pages`, { signal }).then((r) => r.data)
        : Promise.resolve([] as PageJson[]),
    [id, d?.status],
  );
  const fields = useLoad(
    (signal) =>
      d?.extraction_status === 'completed'
        ? call<{ data: FieldsJson }>(session, `documents/${id}/fields`, { signal }).then(
            (r) => r.data,
            (err) => {
              if (err instanceof ApiError && err.status === 404) return null;
              throw err;
            },
          )
        : Promise.resolve(null),
    [id, d?.extraction_status],
  );

  if (!d) return doc.error ? <ErrorNote error={doc.error} /> : <p>{t('loading')}</p>;
  const pageCount = pages.data?.length ?? 0;
  const current = pages.data?.find((p) => p.page === page) ?? pages.data?.[0];
  const goPage = (n: number) => navigate(`/documents/${id}`, { page: String(n) }, true);

  const review = (status: string | null) =>
    run(
      () => request(session, `documents/${id}`, { method: 'PATCH', json: { review_status: status } }),
      doc.reload,
    );

  return (
    <>
      <p>
        <a href={href('/')}>← {t('back')}</a>
      </p>
      <div class="doc-head">
        <h1>{d.name}</h1>
        <div class="doc-badges">
          <Badge value={d.status} /> <Badge value={d.review_status} />
        </div>
        <div class="review-actions">
          <button
            type="button"
            class="approve"
            aria-pressed={d.review_status === 'approved'}
            onClick={() => review('approved')}
          >
            ✓ {t('approve')}
          </button>
          <button
            type="button"
            class="reject"
            aria-pressed={d.review_status === 'rejected'}
            onClick={() => review('rejected')}
          >
            ✗ {t('reject')}
          </button>
          {d.review_status && (
            <button type="button" class="link" onClick={() => review(null)}>
              {t('clearReview')}
            </button>
          )}
        </div>
      </div>
      <ErrorNote error={reviewError ?? pages.error ?? fields.error} />
      {running(d.status) && (
        <p class="notice" role="status">
          {t('processing')}
        </p>
      )}
      {d.status === 'failed' && <ErrorNote error={t('ocrFailed', { error: d.ocr.error ?? '' })} />}
      <div class="doc-layout">
        <div class="viewer-col">
          {pageCount > 1 && current && (
            <nav class="page-nav" aria-label={t('page')}>
              <button type="button" disabled={current.page <= 1} onClick={() => goPage(current.page - 1)}>
                ‹
              </button>
              <span>
                {t('page')} {current.page} / {pageCount}
              </span>
              <button
                type="button"
                disabled={current.page >= pageCount}
                onClick={() => goPage(current.page + 1)}
              >
                ›
              </button>
            </nav>
          )}
          {current && (d.kind === 'pdf' || d.kind === 'image') ? (
            <>
              <label class="check">
                <input
                  type="checkbox"
                  checked={showWords}
                  onChange={(e) => setShowWords((e.target as HTMLInputElement).checked)}
                />{' '}
                {t('showWords')}
              </label>
              <PageView docId={id} page={current} showWords={showWords} focus={focus} onFocus={setFocus} />
            </>
          ) : (
            current && <p class="muted">{t('noImage')}</p>
          )}
        </div>
        <div class="side-col">
          <Section title={t('fields')}>
            {running(d.extraction_status) && <p>{t('fieldsPending')}</p>}
            {fields.data ? (
              <FieldsForm
                docId={id}
                fields={fields.data}
                onSaved={fields.reload}
                onLocate={(name, f) => {
                  if (f.page && f.page !== current?.page) goPage(f.page);
                  if (f.bbox) setFocus({ box: f.bbox, field: name });
                  document.querySelector('.page')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
                }}
              />
            ) : (
              d.extraction_status !== 'completed' && !running(d.extraction_status) && <p>{t('noFields')}</p>
            )}
          </Section>
          <Section title={t('text')}>
            {current ? <TextPanel page={current} focus={focus} onFocus={setFocus} /> : <p>{t('loading')}</p>}
          </Section>
          <Section title={t('exports')}>
            <Exports docId={id} />
          </Section>
        </div>
      </div>
    </>
  );
}

type Line = PageJson['blocks'][number]['lines'][number];

/** A word as people read it: the text between two spaces of the line, and the box around it. */
interface Token {
  key: string;
  text: string;
  bbox: BBox;
  confidence: number;
}

const unite = (a: BBox, b: BBox): BBox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

/**
 * The line's words as people read them. OCR engines box Thai by character cluster (`บ`,`ร`,`ิ`,`ษั`…),
 * while the line's text has the real spaces; consecutive boxes are joined until they spell the next
 * space-separated part of the line's text. When they do not spell the line, the boxes stay as they are.
 */
export function lineTokens(line: Line, prefix: string): Token[] {
  const parts = line.text.split(/\s+/).filter(Boolean);
  const tokens: Token[] = [];
  let i = 0;
  for (const [pi, part] of parts.entries()) {
    let text = '';
    let bbox: BBox | undefined;
    let confidence = 1;
    while (i < line.words.length && text.length < part.length) {
      const w = line.words[i++] as Line['words'][number];
      text += w.text.replace(/\s+/g, '');
      bbox = bbox ? unite(bbox, w.bbox) : w.bbox;
      confidence = Math.min(confidence, w.confidence);
    }
    if (!bbox || text.normalize('NFC') !== part.normalize('NFC'))
      return line.words.map((w, wi) => ({
        key: `${prefix}.${wi}`,
        text: w.text,
        bbox: w.bbox,
        confidence: w.confidence,
      }));
    tokens.push({ key: `${prefix}.${pi}`, text: part, bbox, confidence });
  }
  return i === line.words.length ? tokens : line.words.map((w, wi) => ({ key: `${prefix}.${wi}`, ...w }));
}

/** Every word of a page, as read, with a stable key (`block.line.word`). */
function tokensOf(page: PageJson): Token[] {
  return page.blocks.flatMap((b, bi) => b.lines.flatMap((l, li) => lineTokens(l, `${bi}.${li}`)));
}

/** A box as percentages of the page, for absolute positioning over the page image. */
function boxStyle(b: BBox, page: PageJson) {
  const w = page.width || 1;
  const h = page.height || 1;
  return {
    left: `${(b[0] / w) * 100}%`,
    top: `${(b[1] / h) * 100}%`,
    width: `${((b[2] - b[0]) / w) * 100}%`,
    height: `${((b[3] - b[1]) / h) * 100}%`,
  };
}

function PageView({
  docId,
  page,
  showWords,
  focus,
  onFocus,
}: {
  docId: string;
  page: PageJson;
  showWords: boolean;
  focus: Focus;
  onFocus: (f: Focus) => void;
}) {
  const { t } = useT();
  const session = useSession();
  const [src, setSrc] = useState<string>();
  const [error, setError] = useState<string>();
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const ctl = new AbortController();
    let objectUrl: string | undefined;
    setSrc(undefined);
    setError(undefined);
    request(session, `documents/${docId}/pages/${page.page}/image`, {
      query: { width: 1400 },
      signal: ctl.signal,
    })
      .then((res) => res.blob())
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        if (!ctl.signal.aborted) setSrc(objectUrl);
      })
      .catch((err: Error) => !ctl.signal.aborted && setError(err.message));
    return () => {
      ctl.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [docId, page.page, session]);

  useEffect(() => {
    frame.current?.querySelector('.ocr-word.selected, .field-box')?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  const selected = focus && 'word' in focus ? focus.word : null;
  return (
    <div
      class="page"
      ref={frame}
      style={{ aspectRatio: page.width && page.height ? `${page.width} / ${page.height}` : undefined }}
    >
      <ErrorNote error={error} />
      {src && <img src={src} alt={`${t('page')} ${page.page}`} />}
      <div class="overlay" aria-hidden="true">
        {showWords &&
          tokensOf(page).map((word) => (
            // biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; each word is a button in the text panel
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard path is the text panel's word buttons
            <span
              key={word.key}
              class={`ocr-word${selected === word.key ? ' selected' : ''}`}
              data-word={word.text}
              title={`${word.text} (${percent(word.confidence)})`}
              style={boxStyle(word.bbox, page)}
              onClick={() => onFocus({ word: word.key })}
            />
          ))}
        {focus && 'box' in focus && <span class="field-box" style={boxStyle(focus.box, page)} />}
      </div>
    </div>
  );
}

function TextPanel({ page, focus, onFocus }: { page: PageJson; focus: Focus; onFocus: (f: Focus) => void }) {
  const { t } = useT();
  const selected = focus && 'word' in focus ? focus.word : null;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('.word.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const hasWords = page.blocks.some((b) => b.lines.some((l) => l.words.length));
  if (!hasWords)
    return page.text ? <div class="page-text plain">{page.text}</div> : <p class="muted">{t('noText')}</p>;
  return (
    <div class="page-text" ref={ref}>
      {page.blocks.map((b, bi) =>
        b.lines.map((l, li) => (
          <p key={`${bi}.${li}`}>
            {lineTokens(l, `${bi}.${li}`).map((w) => (
              <button
                type="button"
                key={w.key}
                class={`word${selected === w.key ? ' selected' : ''}`}
                aria-pressed={selected === w.key}
                onClick={() => onFocus({ word: w.key })}
              >
                {w.text}
              </button>
            ))}
          </p>
        )),
      )}
    </div>
  );
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function FieldsForm({
  docId,
  fields,
  onSaved,
  onLocate,
}: {
  docId: string;
  fields: FieldsJson;
  onSaved: () => void;
  onLocate: (name: string, f: FieldJson) => void;
}) {
  const { t, label } = useT();
  const session = useSession();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [state, setState] = useState<{ error?: string; saved?: boolean; busy?: boolean }>({});
  const names = Object.keys(fields.values).filter((k) => isScalar(fields.values[k]) || fields.fields[k]);
  const scalarNames = names.filter((k) => isScalar(fields.values[k]));
  const items = fields.values.lineItems;

  const save = async (e: Event) => {
    e.preventDefault();
    const values: Record<string, unknown> = { ...fields.values };
    for (const [k, text] of Object.entries(draft)) {
      const before = fields.values[k];
      const trimmed = text.trim();
      values[k] =
        trimmed === ''
          ? null
          : typeof before === 'number' && Number.isFinite(Number(trimmed.replace(/,/g, '')))
            ? Number(trimmed.replace(/,/g, ''))
            : trimmed;
    }
    setState({ busy: true });
    try {
      await request(session, `documents/${docId}/fields`, { method: 'PUT', json: { values } });
      setDraft({});
      setState({ saved: true });
      onSaved();
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };

  return (
    <form class="fields" onSubmit={save}>
      <p class="muted">
        {fields.kind && <Badge value={fields.kind} />} {t('confidence')} {percent(fields.confidence)}
        {fields.edited && ` · ${t('edited')}`}
        {fields.verified && ` · ${t('verified')}`}
      </p>
      {scalarNames.map((name) => {
        const f = fields.fields[name];
        const value = draft[name] ?? (fields.values[name] === null ? '' : String(fields.values[name]));
        const low = f && f.confidence < 0.6;
        return (
          <div class={`field${low ? ' low' : ''}`} key={name}>
            <label for={`field-${name}`}>{label(name)}</label>
            <input
              id={`field-${name}`}
              name={name}
              value={value}
              onInput={(e) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value })}
            />
            <span class="conf" title={t('confidence')}>
              {f ? percent(f.confidence) : ''}
            </span>
            {f?.bbox ? (
              <button
                type="button"
                class="small"
                onClick={() => onLocate(name, f)}
                aria-label={`${t('locate')}: ${label(name)}`}
              >
                {t('locate')}
              </button>
            ) : (
              <span />
            )}
          </div>
        );
      })}
      {Array.isArray(items) && items.length > 0 && <LineItems items={items as Record<string, unknown>[]} />}
      {fields.checks.length > 0 && (
        <>
          <h3>{t('checks')}</h3>
          <ul class="checks">
            {fields.checks.map((c) => (
              <li key={c.name} class={c.passed ? 'passed' : 'failed'}>
                {c.passed ? '✓' : '✗'} {c.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorNote error={state.error} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={state.busy || Object.keys(draft).length === 0}>
          {t('save')}
        </button>
        {state.saved && (
          <span role="status" class="ok">
            {t('saved')}
          </span>
        )}
      </div>
    </form>
  );
}

function LineItems({ items }: { items: Record<string, unknown>[] }) {
  const { t, label } = useT();
  const columns = [...new Set(items.flatMap((i) => Object.keys(i)))];
  return (
    <>
      <h3>{t('lineItems')}</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {label(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c}>{item[c] === null || item[c] === undefined ? '' : String(item[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Exports({ docId }: { docId: string }) {
  const session = useSession();
  const [error, run] = useAction();
  const [busy, setBusy] = useState<string>();
  const get = async (format: string) => {
    setBusy(format);
    await run(async () => {
      const res = await request(session, `documents/${docId}/export`, { query: { format } });
      saveBlob(await res.blob(), filenameOf(res, `document.${format}`));
    });
    setBusy(undefined);
  };
  return (
    <>
      <div class="exports">
        {EXPORT_FORMATS.map((f) => (
          <button type="button" key={f} disabled={busy === f} onClick={() => get(f)}>
            {f.toUpperCase()}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
    </>
  );
}
