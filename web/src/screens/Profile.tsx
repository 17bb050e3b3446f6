// A profile: who they are (note, counts, joined), what the reader can do (follow / unfollow,
// block, mute), and three tabs: posts, followers, following.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiPageUrl, type Page } from '../api/client';
import * as M from '../api/mastodon';
import type { Account, Relationship } from '../api/types';
import { Avatar, DisplayName, Empty, ErrorBox, Loading, errorMessage } from '../components/common';
import { RichContent } from '../components/RichContent';
import { Timeline } from '../components/Timeline';
import { currentLanguage, t } from '../i18n';
import { formatDate } from '../lib/format';
import { paths } from '../router';
import { me, useStore } from '../state';
import { ScreenHeader } from './Screen';

export function AccountList({ load, empty }: { load: () => Promise<Page<Account>>; empty: string }) {
  const [items, setItems] = useState<Account[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const busy = useRef(false);

  const page = useCallback(async (url?: string) => {
    if (busy.current) return;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const p = url ? await apiPageUrl<Account>(url) : await load();
      setItems((cur) => (url ? [...cur, ...p.items] : p.items));
      setNext(p.items.length ? p.links.next : undefined);
    } catch (e) {
      setError(e);
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, [load]);

  useEffect(() => {
    void page();
  }, [page]);

  return (
    <>
      <ul class="account-list" aria-busy={loading}>
        {items.map((a) => (
          <li key={a.id}>
            <a class="account-row" href={paths.profile(a.acct)}>
              <Avatar account={a} size={40} />
              <span>
                <DisplayName account={a} /> <span class="acct" dir="ltr">@{a.acct}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
      {loading && <Loading />}
      {error !== null && <ErrorBox error={error} onRetry={() => page(next)} />}
      {!loading && error === null && items.length === 0 && <Empty>{empty}</Empty>}
      {!loading && next && (
        <div class="load-more">
          <button type="button" class="btn" onClick={() => page(next)}>
            {t('timeline.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}

function Actions({ account, onChange }: { account: Account; onChange: () => void }) {
  const [rel, setRel] = useState<Relationship | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    M.relationships([account.id])
      .then((r) => live && setRel(r[0] ?? null))
      .catch(() => live && setRel(null));
    return () => {
      live = false;
    };
  }, [account.id]);

  const run = async (action: M.AccountAction, confirmText?: string) => {
    if (confirmText && !confirm(confirmText)) return;
    setBusy(true);
    setError(null);
    try {
      setRel(await M.accountAction(account.id, action));
      onChange(); // counters moved
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!rel) return null;
  const name = account.display_name || account.username;
  return (
    <div class="profile-actions">
      {rel.followed_by && <span class="badge">{t('profile.followsYou')}</span>}
      {!rel.blocking &&
        (rel.following || rel.requested ? (
          <button type="button" class="btn" disabled={busy} onClick={() => run('unfollow')} aria-label={t('profile.unfollowName', { name })}>
            {rel.requested ? t('profile.requested') : t('profile.unfollow')}
          </button>
        ) : (
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => run('follow')} aria-label={t('profile.followName', { name })}>
            {t('profile.follow')}
          </button>
        ))}
      <button
        type="button"
        class="btn"
        disabled={busy}
        aria-pressed={rel.muting}
        onClick={() => run(rel.muting ? 'unmute' : 'mute')}
      >
        {rel.muting ? t('profile.unmute') : t('profile.mute')}
      </button>
      <button
        type="button"
        class="btn btn-danger"
        disabled={busy}
        aria-pressed={rel.blocking}
        onClick={() => (rel.blocking ? run('unblock') : run('block', t('profile.confirmBlock', { acct: account.acct })))}
      >
        {rel.blocking ? t('profile.unblock') : t('profile.block')}
      </button>
      {rel.blocking && <p class="note">{t('profile.blocked')}</p>}
      {error && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function Profile({ acct, tab }: { acct: string; tab: 'posts' | 'followers' | 'following' }) {
  const self = useStore(me);
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setAccount(await M.lookupAccount(acct));
    } catch (e) {
      setAccount(null);
      setError(e);
    }
  }, [acct]);

  useEffect(() => {
    setAccount(null);
    void load();
  }, [load]);

  const statuses = useCallback((p: M.PageParams) => M.accountStatuses(account!.id, p), [account?.id]);
  const followers = useCallback(() => M.followers(account!.id, { limit: 40 }), [account?.id]);
  const following = useCallback(() => M.following(account!.id, { limit: 40 }), [account?.id]);

  if (error !== null) {
    return (
      <>
        <ScreenHeader title={`@${acct}`} />
        <ErrorBox error={error} onRetry={load} />
      </>
    );
  }
  if (!account) return <Loading />;
  const lang = currentLanguage();
  const name = account.display_name || account.username;
  const tabs = [
    { id: 'posts', href: paths.profile(account.acct), label: t('profile.postsCount', { count: account.statuses_count }) },
    { id: 'followers', href: paths.profile(account.acct, 'followers'), label: t('profile.followersCount', { count: account.followers_count }) },
    { id: 'following', href: paths.profile(account.acct, 'following'), label: t('profile.followingCount', { count: account.following_count }) },
  ] as const;
  return (
    <>
      <ScreenHeader title={name} />
      <section class="profile" aria-label={t('profile.about', { name })}>
        {account.header && !/missing|\/headers\/original\/missing/.test(account.header) && (
          <img class="profile-header" src={account.header} alt="" loading="lazy" />
        )}
        <div class="profile-top">
          <Avatar account={account} size={80} />
          <div>
            <p class="profile-name">
              <DisplayName account={account} />
            </p>
            <p class="acct">
              <bdi dir="ltr">@{account.acct}</bdi>
            </p>
            {account.locked && <span class="badge">{t('profile.locked')}</span>}
            {account.bot && <span class="badge">{t('profile.bot')}</span>}
          </div>
        </div>
        {self && self.id !== account.id && <Actions key={account.id} account={account} onChange={load} />}
        {self && self.id === account.id && (
          <p class="saved-links">
            <a class="btn btn-small" href="/bookmarks">
              {t('nav.bookmarks')}
            </a>
            <a class="btn btn-small" href="/favourites">
              {t('nav.favourites')}
            </a>
          </p>
        )}
        {account.note && <RichContent class="content profile-note" html={account.note} />}
        {account.fields && account.fields.length > 0 && (
          <dl class="profile-fields">
            {account.fields.map((f) => (
              <div key={f.name}>
                <dt dir="auto">{f.name}</dt>
                <dd>
                  <RichContent class="field-value" html={f.value} />
                </dd>
              </div>
            ))}
          </dl>
        )}
        <p class="note">{t('profile.joined', { date: formatDate(new Date(account.created_at), lang) })}</p>
      </section>
      <nav class="tabs" aria-label={t('profile.tabs')}>
        {tabs.map((x) => (
          <a key={x.id} href={x.href} aria-current={tab === x.id ? 'page' : undefined} class={tab === x.id ? 'tab active' : 'tab'}>
            {x.label}
          </a>
        ))}
      </nav>
      {tab === 'posts' && <Timeline key={`p-${account.id}`} load={statuses} label={t('profile.posts')} empty={t('profile.emptyPosts')} />}
      {tab === 'followers' && <AccountList key={`fr-${account.id}`} load={followers} empty={t('profile.emptyFollowers')} />}
      {tab === 'following' && <AccountList key={`fg-${account.id}`} load={following} empty={t('profile.emptyFollowing')} />}
    </>
  );
}
