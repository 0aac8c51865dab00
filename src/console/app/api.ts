/** The console's only way to the server: docserve's native API under /api/v1 (plus /healthz). */

/** Who is signed in: the API key (kept in this tab's sessionStorage only) and the chosen project. */
export interface Session {
  key: string;
  projectId: string | null;
  scope: 'organization' | 'project';
}

const SESSION_KEY = 'docserve.console.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const s = raw ? (JSON.parse(raw) as Session) : null;
    return s && typeof s.key === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** An error answered by the API (its `error.code` and `error.message`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

/** `/api/v1/documents?page=2&type=pdf` from a path and the set values of a query. */
export function url(path: string, query: Query = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) sp.append(k, String(one));
  }
  const qs = sp.toString();
  return `${path.startsWith('/') ? '' : '/api/v1/'}${path}${qs ? `?${qs}` : ''}`;
}

function headers(session: Session, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { authorization: `Bearer ${session.key}`, ...extra };
  if (session.projectId) h['x-project-id'] = session.projectId;
  return h;
}

async function failure(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => null);
  const err = body?.error;
  return new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`);
}

/** Listeners told when the key stops working (revoked, expired): the console signs out. */
const unauthorizedListeners = new Set<(message: string) => void>();
export function onUnauthorized(fn: (message: string) => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

/** A raw authenticated request; throws {@link ApiError} on a non-2xx answer. */
export async function request(
  session: Session,
  path: string,
  init: { method?: string; query?: Query; json?: unknown; signal?: AbortSignal } = {},
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url(path, init.query), {
      method: init.method ?? 'GET',
      headers: headers(session, init.json === undefined ? {} : { 'content-type': 'application/json' }),
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      signal: init.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', (err as Error).message);
  }
  if (!res.ok) {
    const err = await failure(res);
    if (res.status === 401) for (const fn of unauthorizedListeners) fn(err.message);
    throw err;
  }
  return res;
}

/** An authenticated JSON request. */
export async function call<T>(
  session: Session,
  path: string,
  init: Parameters<typeof request>[2] = {},
): Promise<T> {
  return (await request(session, path, init)).json() as Promise<T>;
}

/** The file name a download answer carries (`filename*=UTF-8''…` first, then `filename="…"`). */
export function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = cd.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star)
    try {
      return decodeURIComponent(star);
    } catch {}
  return cd.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/** Saves a blob as a file through a temporary object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** The answer to an upload: the document and whether the project already had this exact file. */
export interface UploadAnswer {
  data: DocumentJson;
  duplicate: boolean;
}

/**
 * Uploads one file with XMLHttpRequest (fetch reports no upload progress); `onProgress` gets 0..1.
 * Resolves with the API's answer, rejects with an {@link ApiError}.
 */
export function uploadFile(
  session: Session,
  file: File,
  onProgress: (fraction: number) => void,
): { done: Promise<UploadAnswer>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadAnswer>((resolve, reject) => {
    xhr.open('POST', url('documents'));
    for (const [k, v] of Object.entries(headers(session))) xhr.setRequestHeader(k, v);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as UploadAnswer);
      else
        reject(
          new ApiError(
            xhr.status,
            body?.error?.code ?? 'http_error',
            body?.error?.message ?? `HTTP ${xhr.status}`,
          ),
        );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Cancelled'));
    const fd = new FormData();
    fd.append('file', file, file.name);
    xhr.send(fd);
  });
  return { done, abort: () => xhr.abort() };
}

/** A document as the native API shows it. */
export interface DocumentJson {
  id: string;
  project_id: string;
  name: string;
  mime_type: string;
  kind: string;
  size: number;
  tags: string[];
  doc_type: string | null;
  status: 'stored' | 'queued' | 'processing' | 'completed' | 'failed';
  ocr: { status: string; error: string | null; pages: number | null; confidence: number | null };
  extraction_status: string;
  review_status: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ListMeta {
  total: number;
  page: number;
  per_page: number;
  pages: number;
}

export type BBox = [number, number, number, number];

export interface PageJson {
  page: number;
  source: string;
  text: string;
  confidence: number | null;
  width: number | null;
  height: number | null;
  error: string | null;
  blocks: {
    bbox: BBox;
    lines: { text: string; bbox: BBox; words: { text: string; bbox: BBox; confidence: number }[] }[];
  }[];
}

export interface FieldJson {
  value: unknown;
  confidence: number;
  text?: string;
  page?: number;
  bbox?: BBox;
  source?: string;
}

export interface FieldsJson {
  status: string;
  kind: string | null;
  confidence: number | null;
  fields: Record<string, FieldJson>;
  values: Record<string, unknown>;
  checks: { name: string; passed: boolean; detail: string }[];
  edited: boolean;
  verified: boolean;
}

export interface JobJson {
  id: string;
  kind: string;
  document_id: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  error: string | null;
  updated_at: string;
  finished_at: string | null;
}

export interface KeyJson {
  id: string;
  label: string;
  scope: 'organization' | 'project';
  project_id: string | null;
  preview: string;
  read_only: boolean;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface WebhookJson {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  created_at: string;
  secret?: string;
}

export interface DeliveryJson {
  id: string;
  event: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface ProjectJson {
  id: string;
  name: string;
}

export interface MeJson {
  key: { id: string; label: string; read_only: boolean };
  organization_id: string;
  project_id: string;
  scope: 'organization' | 'project';
}
