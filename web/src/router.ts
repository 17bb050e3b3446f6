// A small history-API router: the server answers every app path with index.html (src/web/), and
// this maps location.pathname to a screen. Links inside the app are ordinary <a href> elements;
// a document-level click handler turns same-origin clicks into pushState navigations.

import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'public' }
  | { name: 'notifications' }
  | { name: 'bookmarks' }
  | { name: 'favourites' }
  | { name: 'search'; q: string }
  | { name: 'settings' }
  | { name: 'signup' }
  | { name: 'signin' }
  | { name: 'callback' }
  | { name: 'tag'; tag: string }
  | { name: 'status'; id: string }
  | { name: 'profile'; acct: string; tab: 'posts' | 'followers' | 'following' }
  | { name: 'notfound' };

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  const parts = path.split('/').slice(1).map(decode);
  switch (path) {
    case '/':
    case '/home':
      return { name: 'home' };
    case '/public':
      return { name: 'public' };
    case '/notifications':
      return { name: 'notifications' };
    case '/bookmarks':
      return { name: 'bookmarks' };
    case '/favourites':
      return { name: 'favourites' };
    case '/search':
      return { name: 'search', q: new URLSearchParams(search).get('q') ?? '' };
    case '/settings':
      return { name: 'settings' };
    case '/signup':
      return { name: 'signup' };
    case '/signin':
      return { name: 'signin' };
    case '/callback':
      return { name: 'callback' };
  }
  if (parts[0] === 'tags' && parts.length === 2 && parts[1]) return { name: 'tag', tag: parts[1] };
  if (parts[0] === 'statuses' && parts.length === 2 && parts[1]) return { name: 'status', id: parts[1] };
  if (parts[0]?.startsWith('@') && parts[0].length > 1) {
    const acct = parts[0].slice(1);
    if (parts.length === 1) return { name: 'profile', acct, tab: 'posts' };
    if (parts.length === 2 && (parts[1] === 'followers' || parts[1] === 'following')) {
      return { name: 'profile', acct, tab: parts[1] };
    }
    // Mastodon's own status URLs: /@alice/123
    if (parts.length === 2 && /^\d+$/.test(parts[1]!)) return { name: 'status', id: parts[1]! };
  }
  return { name: 'notfound' };
}

export const paths = {
  home: () => '/',
  tag: (tag: string) => `/tags/${encodeURIComponent(tag)}`,
  status: (id: string) => `/statuses/${encodeURIComponent(id)}`,
  profile: (acct: string, tab?: 'followers' | 'following') =>
    `/@${encodeURIComponent(acct).replace(/%40/g, '@')}${tab ? `/${tab}` : ''}`,
  search: (q: string) => `/search?q=${encodeURIComponent(q)}`,
};

export const RESELECT_EVENT = 'magpie:reselect';

type Listener = () => void;
const listeners = new Set<Listener>();

function notify(): void {
  for (const l of listeners) l();
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, location.origin);
  if (url.origin !== location.origin) {
    location.assign(url.href);
    return;
  }
  const target = url.pathname + url.search + url.hash;
  const same = target === location.pathname + location.search + location.hash;
  if (opts.replace) history.replaceState(null, '', target);
  else if (!same) history.pushState(null, '', target);
  else {
    // The link to the screen already shown (Home while on Home): refresh it, as other clients do.
    window.dispatchEvent(new Event(RESELECT_EVENT));
  }
  notify();
  if (!opts.replace) window.scrollTo(0, 0);
}

window.addEventListener('popstate', notify);

export function useLocation(): { pathname: string; search: string } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return { pathname: location.pathname, search: location.search };
}

// Paths the app owns. Anything else on the same origin (/oauth/..., /api/...) is a real page
// load.
export function isAppPath(pathname: string): boolean {
  return parseRoute(pathname).name !== 'notfound';
}

// Intercepts clicks on same-origin links to app paths, including links inside server-rendered
// status HTML (mentions and hashtags, which RichContent rewrites to app paths).
export function installLinkInterception(root: Document = document): void {
  root.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = (ev.target as Element | null)?.closest?.('a');
    if (!a || !a.hasAttribute('href') || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.origin);
    if (url.origin !== location.origin || !isAppPath(url.pathname)) return;
    if (url.pathname === '/callback') return;
    ev.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
