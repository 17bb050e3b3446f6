// Notifications: mentions, replies, follows, likes, reposts and reposts with comment, newest
// first, with infinite scroll.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiPageUrl } from '../api/client';
import * as M from '../api/mastodon';
import type { Notification } from '../api/types';
import { Avatar, Empty, ErrorBox, Loading, RelativeTime } from '../components/common';
import { Icon } from '../components/Icon';
import { StatusCard } from '../components/StatusCard';
import { t } from '../i18n';
import { paths } from '../router';
import { ScreenHeader } from './Screen';

const KNOWN = ['mention', 'status', 'reblog', 'favourite', 'follow', 'follow_request', 'update', 'quote', 'poll'];
const ICONS: Record<string, string> = {
  mention: 'reply',
  status: 'pen',
  reblog: 'repost',
  favourite: 'heart',
  follow: 'user',
  follow_request: 'user',
  update: 'pen',
  quote: 'quote',
  poll: 'bell',
};

function NotificationItem({ n }: { n: Notification }) {
  const name = n.account.display_name || n.account.username;
  const type = KNOWN.includes(n.type) ? n.type : 'other';
  // A mention or a reply is a post to read in full; other kinds are a line about the post.
  if ((n.type === 'mention' || n.type === 'status' || n.type === 'quote') && n.status) {
    return (
      <li class="notification">
        <p class="notification-line">
          <Icon name={ICONS[n.type] ?? 'bell'} size={16} /> {t(`notifications.${type}`, { name })}
        </p>
        <StatusCard status={n.status} />
      </li>
    );
  }
  return (
    <li class="notification">
      <div class="notification-row">
        <Icon name={ICONS[n.type] ?? 'bell'} size={20} />
        <a href={paths.profile(n.account.acct)} class="notification-avatar" tabIndex={-1} aria-hidden="true">
          <Avatar account={n.account} size={32} />
        </a>
        <div>
          <p class="notification-line">
            <a href={paths.profile(n.account.acct)}>{t(`notifications.${type}`, { name })}</a> ·{' '}
            <RelativeTime iso={n.created_at} />
          </p>
          {n.status && (
            <a class="notification-status" href={paths.status(n.status.id)} dir="auto">
              {excerpt(n.status.content)}
            </a>
          )}
        </div>
      </div>
    </li>
  );
}

function excerpt(html: string): string {
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

export function Notifications() {
  const [items, setItems] = useState<Notification[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const busy = useRef(false);

  const loadPage = useCallback(async (url?: string) => {
    if (busy.current) return;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = url ? await apiPageUrl<Notification>(url) : await M.notifications({ limit: 30 });
      setItems((cur) => (url ? [...cur, ...page.items.filter((n) => !cur.some((c) => c.id === n.id))] : page.items));
      setNext(page.items.length ? page.links.next : undefined);
    } catch (e) {
      setError(e);
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void loadPage();
  }, [loadPage]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !next || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && void loadPage(next), { rootMargin: '400px 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, [next, loadPage]);

  return (
    <>
      <ScreenHeader title={t('notifications.title')} />
      <ul class="notifications" aria-busy={loading}>
        {items.map((n) => (
          <NotificationItem key={n.id} n={n} />
        ))}
      </ul>
      {loading && <Loading />}
      {error !== null && <ErrorBox error={error} onRetry={() => loadPage(next)} />}
      {!loading && error === null && items.length === 0 && <Empty>{t('notifications.empty')}</Empty>}
      {!loading && next && (
        <div class="load-more">
          <button type="button" class="btn" onClick={() => loadPage(next)}>
            {t('timeline.loadMore')}
          </button>
        </div>
      )}
      <div ref={sentinel} class="sentinel" aria-hidden="true" />
    </>
  );
}
