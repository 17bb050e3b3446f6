// One post with its thread: the posts it answers above, the post itself (focused), the replies
// below, and a reply box.

import { useCallback, useEffect, useState } from 'preact/hooks';
import * as M from '../api/mastodon';
import type { Context, Status } from '../api/types';
import { ErrorBox, Loading } from '../components/common';
import { Compose } from '../components/Compose';
import { StatusCard } from '../components/StatusCard';
import { t } from '../i18n';
import { me, useStatusEvents, useStore } from '../state';
import { ScreenHeader } from './Screen';

export function StatusDetail({ id }: { id: string }) {
  const self = useStore(me);
  const [status, setStatus] = useState<Status | null>(null);
  const [context, setContext] = useState<Context>({ ancestors: [], descendants: [] });
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    setStatus(null);
    try {
      const [s, c] = await Promise.all([M.getStatus(id), M.getContext(id)]);
      setStatus(s);
      setContext(c);
    } catch (e) {
      setError(e);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Scroll the focused post into view once the ancestors are above it.
  useEffect(() => {
    if (status && context.ancestors.length) {
      document.querySelector<HTMLElement>('.status-focused')?.scrollIntoView({ block: 'start' });
    }
  }, [status, context.ancestors.length]);

  useStatusEvents((e) => {
    if (e.type === 'posted' && e.status.in_reply_to_id) {
      const ids = new Set([id, ...context.descendants.map((d) => d.id)]);
      if (ids.has(e.status.in_reply_to_id)) {
        setContext((c) => ({ ...c, descendants: [...c.descendants, e.status] }));
      }
    } else if (e.type === 'deleted') {
      setContext((c) => ({
        ancestors: c.ancestors.filter((s) => s.id !== e.id),
        descendants: c.descendants.filter((s) => s.id !== e.id),
      }));
    }
  });

  return (
    <>
      <ScreenHeader title={t('detail.title')} />
      {error !== null && <ErrorBox error={error} onRetry={load} />}
      {!status && error === null && <Loading />}
      {status && (
        <div class="thread" aria-label={t('detail.thread')}>
          {context.ancestors.map((s) => (
            <StatusCard key={s.id} status={s} inThread />
          ))}
          <StatusCard key={status.id} status={status} focused />
          {self && <Compose key={`reply-${status.id}`} replyTo={status} />}
          <section aria-label={t('detail.replies')}>
            {context.descendants.map((s) => (
              <StatusCard key={s.id} status={s} inThread />
            ))}
          </section>
        </div>
      )}
    </>
  );
}
