// The one place that talks HTTP to the server. Same origin as the page (the app is served by
// `magpie serve`), JSON in and out, `Authorization: Bearer` from the session. Errors become
// ApiError with the server's `{"error": ...}` message so screens can show something a person can
// act on. The token is never put in a URL and never logged.

import { parseLinkHeader, type PageLinks } from './link';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, { error: string; description: string }[]>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Page<T> {
  items: T[];
  links: PageLinks;
}

type Params = Record<string, string | number | boolean | undefined | null | string[]>;

let accessToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function buildQuery(params?: Params): string {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) q.append(`${k}[]`, item);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  method?: string;
  params?: Params;
  body?: unknown;
  token?: string | null; // overrides the session token (app tokens during sign-up)
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

async function send(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = opts.token !== undefined ? opts.token : accessToken;
  if (token) headers['Authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path + buildQuery(opts.params), {
      method: opts.method ?? 'GET',
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network');
  }
  if (!res.ok) {
    let message = res.statusText || `HTTP ${res.status}`;
    let details: ApiError['details'];
    try {
      const data = (await res.json()) as { error?: string; details?: ApiError['details'] };
      if (data.error) message = data.error;
      details = data.details;
    } catch {
      /* not JSON: keep the status text */
    }
    if (res.status === 401 && token && token === accessToken && onUnauthorized) onUnauthorized();
    throw new ApiError(res.status, message, details);
  }
  return res;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function apiPage<T>(path: string, opts: RequestOptions = {}): Promise<Page<T>> {
  const res = await send(path, opts);
  const items = (await res.json()) as T[];
  return { items, links: parseLinkHeader(res.headers.get('Link')) };
}

// Follows a Link URL from a previous page. Only its path and query are used, against the page's
// own origin: the server may name itself differently (localhost vs 127.0.0.1), and a hostile Link
// header can never send the token to another host.
export async function apiPageUrl<T>(url: string, opts: RequestOptions = {}): Promise<Page<T>> {
  const u = new URL(url, location.origin);
  return apiPage<T>(u.pathname + u.search, opts);
}
