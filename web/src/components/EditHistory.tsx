// The versions of an edited post (GET /api/v1/statuses/:id/history) in a modal dialog, newest
// first. The native <dialog> traps focus and closes on Escape; focus goes back to the "edited"
// marker that opened it.

import { useEffect, useRef, useState } from 'preact/hooks';
import * as M from '../api/mastodon';
import type { StatusEdit } from '../api/types';
import { currentLanguage, t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { ErrorBox, Loading } from './common';
import { Icon } from './Icon';
import { RichContent } from './RichContent';

export function EditHistory({ id, onClose }: { id: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const [versions, setVersions] = useState<StatusEdit[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async () => {
    setError(null);
    try {
      setVersions(await M.statusHistory(id));
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    opener.current = document.activeElement;
    ref.current?.showModal();
    void load();
    return () => (opener.current as HTMLElement | null)?.focus?.();
  }, [id]);

  const lang = currentLanguage();
  // Oldest first from the server; the newest is what the post says now.
  const newestFirst = versions ? [...versions].reverse() : [];
  return (
    <dialog
      ref={ref}
      class="history-dialog"
      aria-labelledby={`history-${id}`}
      onClose={onClose}
      onClick={(e) => e.target === ref.current && ref.current?.close()}
    >
      <div class="dialog-head">
        <h2 id={`history-${id}`}>{t('history.title')}</h2>
        <button type="button" class="icon-btn" aria-label={t('common.close')} onClick={() => ref.current?.close()}>
          <Icon name="close" />
        </button>
      </div>
      {versions === null && error === null && <Loading />}
      {error !== null && <ErrorBox error={error} onRetry={load} />}
      {versions && (
        <ol class="history-list">
          {newestFirst.map((v, i) => {
            const when = formatDateTime(new Date(v.created_at), lang);
            const label =
              i === 0 ? t('history.current', { time: when }) : i === newestFirst.length - 1 ? t('history.original', { time: when }) : t('history.edited', { time: when });
            return (
              <li key={`${v.created_at}-${i}`}>
                <h3>
                  <time dateTime={v.created_at}>{label}</time>
                </h3>
                {v.spoiler_text && (
                  <p class="cw-text" dir="auto">
                    {t('status.contentWarning', { text: v.spoiler_text })}
                  </p>
                )}
                <RichContent class="content" html={v.content} />
              </li>
            );
          })}
        </ol>
      )}
    </dialog>
  );
}
