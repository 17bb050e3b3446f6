// The shell: navigation (a left column on desktop, a bottom bar on phones, where Bookmarks and
// Likes move to the reader's own profile for room), the screen for the
// current path, the right sidebar (search, trending tags), the compose dialog, and keyboard
// shortcuts (j/k between posts, n to write, / to search).

import { useEffect, useRef, useState } from 'preact/hooks';
import * as M from './api/mastodon';
import type { Tag } from './api/types';
import { Compose } from './components/Compose';
import { Icon } from './components/Icon';
import { Loading } from './components/common';
import { t } from './i18n';
import { hashtagText } from './lib/autocomplete';
import { effectiveTheme, setThemePref, themePref, type ThemePref } from './lib/prefs';
import { navigate, parseRoute, paths, useLocation, type Route } from './router';
import { Callback, Landing, SignInButton, SignUp } from './screens/Auth';
import { Home } from './screens/Home';
import { Notifications } from './screens/Notifications';
import { Profile } from './screens/Profile';
import { PublicTimeline } from './screens/PublicTimeline';
import { Bookmarks, Favourites } from './screens/Saved';
import { ScreenHeader } from './screens/Screen';
import { Search, SearchForm } from './screens/Search';
import { Settings } from './screens/Settings';
import { StatusDetail } from './screens/StatusDetail';
import { TagPage } from './screens/TagPage';
import { composeDialog, me, useStore } from './state';

export interface AppProps {
  ready: boolean; // the session check has finished
  refreshSession: () => Promise<void>;
}

function NavLink({ href, icon, label, current, secondary }: { href: string; icon: string; label: string; current: boolean; secondary?: boolean }) {
  return (
    <a href={href} class={`nav-link${current ? ' active' : ''}${secondary ? ' nav-secondary' : ''}`} aria-current={current ? 'page' : undefined}>
      <Icon name={icon} size={24} />
      <span class="nav-label">{label}</span>
    </a>
  );
}

function Trending() {
  const [tags, setTags] = useState<Tag[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    M.trendingTags(10)
      .then(setTags)
      .catch(() => setFailed(true)); // an older server without trends: hide the box
  }, []);
  if (failed) return null;
  return (
    <section class="card trending" aria-labelledby="trending-h">
      <h2 id="trending-h">{t('sidebar.trending')}</h2>
      {tags === null && <Loading />}
      {tags && tags.length === 0 && <p class="note">{t('sidebar.trendingEmpty')}</p>}
      {tags && tags.length > 0 && (
        <ol class="trend-list">
          {tags.map((tag) => {
            const people = (tag.history ?? []).slice(0, 2).reduce((n, h) => n + Number(h.accounts || 0), 0);
            return (
              <li key={tag.name}>
                <a href={paths.tag(tag.name)}>
                  <bdi class="trend-name">{hashtagText(tag.name)}</bdi>
                  {people > 0 && <span class="note">{t('sidebar.people', { count: people })}</span>}
                </a>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function ComposeDialog() {
  const req = useStore(composeDialog);
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (req && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
    } else if (!req && d.open) d.close();
  }, [req]);
  const title = req?.edit
    ? t('compose.editTitle')
    : req?.replyTo
      ? t('compose.replyTitle')
      : req?.quote
        ? t('compose.quoteTitle')
        : t('compose.title');
  return (
    <dialog
      ref={ref}
      class="compose-dialog"
      aria-label={title}
      onClose={() => {
        composeDialog.set(null);
        (opener.current as HTMLElement | null)?.focus?.();
      }}
      onClick={(e) => e.target === ref.current && composeDialog.set(null)}
    >
      {req && (
        <div class="dialog-body">
          <div class="dialog-head">
            <h2>{title}</h2>
            <button type="button" class="icon-btn" aria-label={t('common.close')} onClick={() => composeDialog.set(null)}>
              <Icon name="close" />
            </button>
          </div>
          <Compose
            key={req.edit ? `edit-${req.edit.id}` : (req.replyTo?.id ?? req.quote?.id ?? 'new')}
            replyTo={req.replyTo}
            quote={req.quote}
            edit={req.edit}
            autoFocus
            onPosted={() => composeDialog.set(null)}
          />
        </div>
      )}
    </dialog>
  );
}

function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable=true], dialog[open]')) return;
      if (e.key === 'j' || e.key === 'k') {
        const posts = Array.from(document.querySelectorAll<HTMLElement>('main article.status'));
        if (!posts.length) return;
        const cur = posts.findIndex((p) => p === document.activeElement || p.contains(document.activeElement));
        const next = cur < 0 ? 0 : Math.max(0, Math.min(posts.length - 1, cur + (e.key === 'j' ? 1 : -1)));
        posts[next]!.focus();
        posts[next]!.scrollIntoView({ block: 'nearest' });
        e.preventDefault();
      } else if (e.key === 'n' && me.get()) {
        composeDialog.set({});
        e.preventDefault();
      } else if (e.key === '/') {
        const box = document.querySelector<HTMLInputElement>('input[type=search]');
        if (box) {
          box.focus();
          e.preventDefault();
        } else navigate('/search');
      } else if (e.key === 'Enter' && target.matches('article.status')) {
        const link = target.querySelector<HTMLAnchorElement>('a.status-time');
        if (link) navigate(new URL(link.href).pathname);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

function screenFor(route: Route, signedIn: boolean, props: AppProps, onThemeChange: (p: ThemePref) => void) {
  switch (route.name) {
    case 'home':
      return signedIn ? <Home /> : <Landing />;
    case 'public':
      return <PublicTimeline />;
    case 'notifications':
      return signedIn ? <Notifications /> : <Landing />;
    case 'bookmarks':
      return signedIn ? <Bookmarks /> : <Landing />;
    case 'favourites':
      return signedIn ? <Favourites /> : <Landing />;
    case 'search':
      return <Search q={route.q} />;
    case 'settings':
      return <Settings onThemeChange={onThemeChange} />;
    case 'signup':
      return <SignUp onSignedIn={props.refreshSession} />;
    case 'signin':
      return <Landing />;
    case 'callback':
      return <Callback onSignedIn={props.refreshSession} />;
    case 'tag':
      return <TagPage tag={route.tag} />;
    case 'status':
      return <StatusDetail id={route.id} />;
    case 'profile':
      return <Profile acct={route.acct} tab={route.tab} />;
    case 'notfound':
      return (
        <>
          <ScreenHeader title={t('errors.pageNotFound')} />
          <p>
            <a href="/">{t('errors.backHome')}</a>
          </p>
        </>
      );
  }
}

export function App(props: AppProps) {
  const loc = useLocation();
  const account = useStore(me);
  const [theme, setTheme] = useState<ThemePref>(themePref());
  useShortcuts();
  const route = parseRoute(loc.pathname, loc.search);
  const signedIn = account !== null;
  const dark = effectiveTheme(theme) === 'dark';

  // Move focus to the new screen's heading after a navigation, for keyboards and screen readers.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [loc.pathname]);

  const toggleTheme = () => {
    const next: ThemePref = dark ? 'light' : 'dark';
    setThemePref(next);
    setTheme(next);
  };

  return (
    <div class="layout">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <nav class="sidenav" aria-label={t('nav.main')}>
        <a class="brand" href="/" aria-label={t('app.name')}>
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span class="nav-label">{t('app.name')}</span>
        </a>
        {signedIn && <NavLink href="/" icon="home" label={t('nav.home')} current={route.name === 'home'} />}
        <NavLink href="/public" icon="globe" label={t('nav.public')} current={route.name === 'public'} />
        {signedIn && <NavLink href="/notifications" icon="bell" label={t('nav.notifications')} current={route.name === 'notifications'} />}
        <NavLink href="/search" icon="search" label={t('nav.search')} current={route.name === 'search'} />
        {signedIn && <NavLink href="/bookmarks" icon="bookmark" label={t('nav.bookmarks')} current={route.name === 'bookmarks'} secondary />}
        {signedIn && <NavLink href="/favourites" icon="heart" label={t('nav.favourites')} current={route.name === 'favourites'} secondary />}
        {signedIn && (
          <NavLink
            href={paths.profile(account.acct)}
            icon="user"
            label={t('nav.profile')}
            current={route.name === 'profile' && route.acct === account.acct}
          />
        )}
        <NavLink href="/settings" icon="settings" label={t('nav.settings')} current={route.name === 'settings'} />
        {signedIn && (
          <button type="button" class="btn btn-primary nav-compose" onClick={() => composeDialog.set({})} aria-label={t('nav.compose')}>
            <Icon name="pen" size={20} />
            <span class="nav-label">{t('nav.compose')}</span>
          </button>
        )}
        <button type="button" class="icon-btn theme-toggle" onClick={toggleTheme} aria-label={dark ? t('theme.toLight') : t('theme.toDark')}>
          <Icon name={dark ? 'sun' : 'moon'} />
        </button>
        {!signedIn && props.ready && route.name !== 'callback' && (
          <div class="nav-auth">
            <SignInButton />
          </div>
        )}
      </nav>
      <main id="main" tabIndex={-1}>
        {props.ready || route.name === 'callback' ? screenFor(route, signedIn, props, setTheme) : <Loading />}
      </main>
      <aside class="sidebar" aria-label={t('sidebar.label')}>
        <SearchForm compact initial={route.name === 'search' ? route.q : ''} />
        <Trending />
        <p class="note footer">{t('sidebar.footer')}</p>
      </aside>
      <ComposeDialog />
    </div>
  );
}
