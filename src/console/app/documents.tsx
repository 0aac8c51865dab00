import { useRef, useState } from 'preact/hooks';
import {
  ApiError,
  call,
  type DocumentJson,
  type ListMeta,
  request,
  type UploadAnswer,
  uploadFile,
} from './api.ts';
import { dateTime, fileSize } from './format.ts';
import { useT } from './i18n.ts';
import { href } from './router.ts';
import { Badge, ErrorNote, Pager, Section, TableHead, useAction, useLoad, useSession } from './ui.tsx';

const TYPES = ['pdf', 'image', 'docx', 'xlsx', 'text', 'email'];
const STATUSES = ['stored', 'queued', 'processing', 'completed', 'failed'];
const REVIEWS = ['none', 'approved', 'rejected'];
const SORTS = [
  ['-created_at', 'newest'],
  ['created_at', 'oldest'],
  ['name', 'nameAZ'],
  ['-name', 'nameZA'],
  ['-size', 'largest'],
] as const;

interface Filters {
  type: string;
  tags: string;
  status: string;
  review_status: string;
  created_from: string;
  created_to: string;
  q: string;
  sort: string;
}

const NO_FILTERS: Filters = {
  type: '',
  tags: '',
  status: '',
  review_status: '',
  created_from: '',
  created_to: '',
  q: '',
  sort: '-created_at',
};

const busy = (docs: DocumentJson[]) => docs.some((d) => d.status === 'queued' || d.status === 'processing');

/** The documents of the project (or its trash): upload, filters, sort, paging, trash and restore. */
export function DocumentsScreen({ trash }: { trash: boolean }) {
  const { t } = useT();
  const session = useSession();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [actionError, run] = useAction();
  const list = useLoad(
    (signal) =>
      call<{ data: DocumentJson[]; meta: ListMeta }>(session, 'documents', {
        signal,
        query: { ...filters, page, per_page: 20, trashed: trash || undefined },
      }),
    [filters, page, trash],
    { ms: 2000, while: (r) => busy(r.data) },
  );

  const set = (k: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const apply = (next: Filters) => {
    setFilters(next);
    setPage(1);
  };
  const act = (doc: DocumentJson, action: 'trash' | 'restore') =>
    run(
      () =>
        request(session, action === 'trash' ? `documents/${doc.id}` : `documents/${doc.id}/restore`, {
          method: action === 'trash' ? 'DELETE' : 'POST',
        }),
      list.reload,
    );

  return (
    <>
      <div class="tabs" role="tablist">
        <a role="tab" href={href('/')} aria-selected={!trash}>
          {t('documents')}
        </a>
        <a role="tab" href={href('/', { view: 'trash' })} aria-selected={trash}>
          {t('trash')}
        </a>
      </div>
      {!trash && <Uploader onUploaded={list.reload} />}
      <details class="card" open={window.matchMedia('(min-width: 641px)').matches}>
        <summary>{t('filters')}</summary>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <label>
            <span>{t('nameContains')}</span>
            <input type="search" value={draft.q} onInput={set('q')} />
          </label>
          <Choice label={t('type')} value={draft.type} onChange={set('type')} options={TYPES} />
          <label>
            <span>{t('tag')}</span>
            <input value={draft.tags} onInput={set('tags')} />
          </label>
          <Choice label={t('status')} value={draft.status} onChange={set('status')} options={STATUSES} />
          <Choice
            label={t('review')}
            value={draft.review_status}
            onChange={set('review_status')}
            options={REVIEWS}
          />
          <label>
            <span>{t('from')}</span>
            <input type="date" value={draft.created_from} onInput={set('created_from')} />
          </label>
          <label>
            <span>{t('to')}</span>
            <input type="date" value={draft.created_to} onInput={set('created_to')} />
          </label>
          <label>
            <span>{t('sort')}</span>
            <select
              value={draft.sort}
              onChange={(e) => {
                const next = { ...draft, sort: (e.target as HTMLSelectElement).value };
                setDraft(next);
                apply(next);
              }}
            >
              {SORTS.map(([v, k]) => (
                <option key={v} value={v}>
                  {t(k)}
                </option>
              ))}
            </select>
          </label>
          <div class="filter-actions">
            <button type="submit" class="primary">
              {t('apply')}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(NO_FILTERS);
                apply(NO_FILTERS);
              }}
            >
              {t('reset')}
            </button>
          </div>
        </form>
      </details>
      <Section title={trash ? t('trash') : t('documents')}>
        <ErrorNote error={list.error ?? actionError} />
        {list.data && list.data.data.length === 0 && <p>{t('noDocuments')}</p>}
        {list.data && list.data.data.length > 0 && (
          <>
            <DocumentTable docs={list.data.data} trash={trash} onAction={act} />
            <Pager
              page={list.data.meta.page}
              pages={list.data.meta.pages}
              total={list.data.meta.total}
              onPage={setPage}
            />
          </>
        )}
        {!list.data && list.loading && <p>{t('loading')}</p>}
      </Section>
    </>
  );
}

function Choice({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (e: Event) => void;
  options: string[];
}) {
  const { t, label: valueLabel } = useT();
  return (
    <label>
      <span>{label}</span>
      <select value={value} onChange={onChange}>
        <option value="">{t('any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {valueLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

function DocumentTable({
  docs,
  trash,
  onAction,
}: {
  docs: DocumentJson[];
  trash: boolean;
  onAction: (d: DocumentJson, a: 'trash' | 'restore') => void;
}) {
  const { t, lang, label } = useT();
  return (
    <div class="table-wrap">
      <table class="docs">
        <TableHead
          columns={[t('name'), t('type'), t('status'), t('review'), t('uploadedAt'), t('size')]}
          actions
        />
        <tbody>
          {docs.map((d) => (
            <tr key={d.id}>
              <td class="name" data-label={t('name')}>
                {trash ? d.name : <a href={href(`/documents/${d.id}`)}>{d.name}</a>}
                {d.tags.length > 0 && (
                  <span class="tags">
                    {d.tags.map((tag) => (
                      <span key={tag} class="tag">
                        {tag}
                      </span>
                    ))}
                  </span>
                )}
              </td>
              <td data-label={t('type')}>{d.doc_type ? label(d.doc_type) : label(d.kind)}</td>
              <td data-label={t('status')}>
                <Badge value={d.status} />
              </td>
              <td data-label={t('review')}>
                <Badge value={d.review_status} />
              </td>
              <td data-label={t('uploadedAt')}>{dateTime(lang, d.created_at)}</td>
              <td data-label={t('size')}>{fileSize(d.size)}</td>
              <td>
                <button
                  type="button"
                  class="small"
                  onClick={() => onAction(d, trash ? 'restore' : 'trash')}
                  aria-label={`${trash ? t('restore') : t('moveToTrash')}: ${d.name}`}
                >
                  {trash ? t('restore') : t('moveToTrash')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface UploadItem {
  id: number;
  file: File;
  progress: number;
  answer?: UploadAnswer;
  error?: string;
}

/** Drag-and-drop (or chosen) files, uploaded two at a time, each with its own progress bar. */
function Uploader({ onUploaded }: { onUploaded: () => void }) {
  const { t } = useT();
  const session = useSession();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const nextId = useRef(0);

  const patch = (id: number, p: Partial<UploadItem>) =>
    setItems((all) => all.map((it) => (it.id === id ? { ...it, ...p } : it)));

  const start = (files: File[]) => {
    const added = files.map((file) => ({ id: nextId.current++, file, progress: 0 }));
    setItems((all) => [...added, ...all]);
    const queue = [...added];
    const worker = async () => {
      for (let it = queue.shift(); it; it = queue.shift()) {
        const id = it.id;
        try {
          const answer = await uploadFile(session, it.file, (progress) => patch(id, { progress })).done;
          patch(id, { progress: 1, answer });
        } catch (err) {
          patch(id, { error: err instanceof ApiError ? err.message : String(err) });
        }
        onUploaded();
      }
    };
    void Promise.all([worker(), worker()]);
  };

  return (
    <Section title={t('uploadTitle')}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the choose-files button is the keyboard path */}
      <div
        class={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          start([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <p>
          {t('dropHere')}{' '}
          <button type="button" class="link" onClick={() => input.current?.click()}>
            {t('chooseFiles')}
          </button>
        </p>
        <input
          ref={input}
          type="file"
          multiple
          class="sr-only"
          aria-label={t('chooseFiles')}
          onChange={(e) => {
            const el = e.target as HTMLInputElement;
            start([...(el.files ?? [])]);
            el.value = '';
          }}
        />
      </div>
      {items.length > 0 && (
        <ul class="uploads" aria-live="polite">
          {items.map((it) => (
            <li key={it.id} class={it.error ? 'failed' : it.answer ? 'done' : ''}>
              <span class="upload-name">{it.file.name}</span>
              <progress max={1} value={it.progress} aria-label={`${t('uploading')} ${it.file.name}`} />
              <span class="upload-state">
                {it.error ? (
                  <span class="error">{it.error}</span>
                ) : it.answer ? (
                  <>
                    {it.answer.duplicate ? t('duplicate') : t('uploaded')} ·{' '}
                    <a href={href(`/documents/${it.answer.data.id}`)}>{t('open')}</a>
                  </>
                ) : (
                  `${Math.round(it.progress * 100)}%`
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
