// A paginated list of posts: first page, infinite scroll (an IntersectionObserver on a sentinel,
// with a "Load more" button for keyboards and old browsers), and a "new posts" bar fed by polling
// with since_id every 20 s (the streaming API will replace the poll when the server has it).
// New posts are held in the bar, not pushed into the list, so what the reader is looking at does
// not move.
//
// The first render of a page is measured (performance.measure "magpie:timeline-render": from the
// data's arrival to the DOM committed and laid out) for the ≤100 ms target of issue 4.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { apiPageUrl, type Page } from '../api/client';
import type { PageParams } from '../api/mastodon';
import type { Status } from '../api/types';
import { t } from '../i18n';
import { RESELECT_EVENT } from '../router';
import { useStatusEvents } from '../state';
import { Empty, ErrorBox, Loading } from './common';
import { StatusCard } from './StatusCard';

export const POLL_INTERVAL_MS = 20_000;
const PAGE_SIZE = 20;

export interface TimelineProps {
  load: (p: PageParams) => Promise<Page<Status>>;
  empty: string;
  label: string;
  poll?: boolean;
  acceptOwnPosts?: boolean; // home: the reader's new posts appear at the top at once
}

// The end: an empty page, or a short page without a next link. A full page without a Link header
// (a server that sends none) goes on with max_id.
function isLastPage(page: Page<Status>): boolean {
  return page.items.length === 0 || (!page.links.next && page.items.length < PAGE_SIZE);
}

function dedupe(list: Status[]): Status[] {
  const seen = new Set<string>();
  return list.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

export function Timeline({ load, empty, label, poll, acceptOwnPosts }: TimelineProps) {
  const [items, setItems] = useState<Status[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState<Status[]>([]);
  const sentinel = useRef<HTMLDivElement>(null);
  const measuring = useRef(false);
  const loadingRef = useRef(false);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const loadFirst = useCallback(async () => {
    setLoading(true);
    setError(null);
    loadingRef.current = true;
    try {
      const page = await load({ limit: PAGE_SIZE });
      performance.mark('magpie:timeline-data');
      measuring.current = true;
      setItems(dedupe(page.items));
      setNext(page.links.next);
      setDone(isLastPage(page));
      setPending([]);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
      loadingRef.current = false;
    }
  }, [load]);

  useEffect(() => {
    setItems([]);
    void loadFirst();
  }, [loadFirst]);

  useEffect(() => {
    const reload = () => void loadFirst();
    window.addEventListener(RESELECT_EVENT, reload);
    return () => window.removeEventListener(RESELECT_EVENT, reload);
  }, [loadFirst]);

  useLayoutEffect(() => {
    if (!measuring.current || items.length === 0) return;
    measuring.current = false;
    void document.body.offsetHeight; // include style and layout in the measurement
    performance.mark('magpie:timeline-rendered');
    performance.measure('magpie:timeline-render', 'magpie:timeline-data', 'magpie:timeline-rendered');
  }, [items]);

  const loadMore = useCallback(async () => {
    if (loadingRef.current || done) return;
    const last = itemsRef.current[itemsRef.current.length - 1];
    if (!last) return;
    loadingRef.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = next ? await apiPageUrl<Status>(next) : await load({ max_id: last.id, limit: PAGE_SIZE });
      setItems((cur) => dedupe([...cur, ...page.items]));
      setNext(page.links.next);
      if (isLastPage(page)) setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
      loadingRef.current = false;
    }
  }, [next, done, load]);

  // Infinite scroll.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    }, { rootMargin: '600px 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, [loadMore]);

  // New posts: poll above the newest post we know of.
  useEffect(() => {
    if (!poll) return;
    const id = setInterval(async () => {
      if (document.hidden) return;
      const top = pendingRef.current[0]?.id ?? itemsRef.current[0]?.id;
      if (!top) return;
      try {
        const page = await load({ since_id: top, limit: 40 });
        const known = new Set(itemsRef.current.map((x) => x.id));
        const fresh = page.items.filter((x) => !known.has(x.id));
        if (fresh.length > 0) setPending((p) => dedupe([...fresh, ...p]));
      } catch {
        /* the next poll tries again */
      }
    }, POLL_INTERVAL_MS);
    return () => clearInterval(id);
  }, [poll, load]);

  const showPending = () => {
    setItems((cur) => dedupe([...pendingRef.current, ...cur]));
    setPending([]);
    window.scrollTo({ top: 0 });
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main article.status')?.focus());
  };

  useStatusEvents((e) => {
    if (e.type === 'deleted') {
      setItems((cur) => cur.filter((s) => s.id !== e.id && s.reblog?.id !== e.id));
    } else if (e.type === 'posted' && acceptOwnPosts) {
      setItems((cur) => dedupe([e.status, ...cur]));
    }
  });

  return (
    <section class="timeline" aria-label={label}>
      {pending.length > 0 && (
        <div class="new-posts-bar">
          <button type="button" class="btn btn-primary" onClick={showPending}>
            {t('timeline.newPosts', { count: pending.length })}
          </button>
        </div>
      )}
      <div role="feed" aria-busy={loading} aria-label={label}>
        {items.map((s) => (
          <StatusCard key={s.id} status={s} />
        ))}
      </div>
      {loading && <Loading />}
      {error !== null && <ErrorBox error={error} onRetry={() => (items.length ? loadMore() : loadFirst())} />}
      {!loading && error === null && items.length === 0 && <Empty>{empty}</Empty>}
      {!loading && error === null && items.length > 0 && !done && (
        <div class="load-more">
          <button type="button" class="btn" onClick={() => loadMore()}>
            {t('timeline.loadMore')}
          </button>
        </div>
      )}
      {done && items.length > 0 && <p class="state state-end">{t('timeline.end')}</p>}
      <div ref={sentinel} class="sentinel" aria-hidden="true" />
    </section>
  );
}
