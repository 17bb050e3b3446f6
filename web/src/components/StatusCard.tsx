// One post in a timeline, a thread or a notification: who, when, the content (behind its content
// warning), pictures (lazy-loaded, alt text shown), the quoted post for a repost with comment,
// and the actions (reply, repost / repost with comment, like, bookmark; edit and delete on one's
// own posts). A plain reblog shows the original with a "X reposted" line above it. An edited post
// says so beside its time; that marker opens the edit history.

import { useEffect, useRef, useState } from 'preact/hooks';
import * as M from '../api/mastodon';
import { quotedStatusOf, type MediaAttachment, type Status } from '../api/types';
import { currentLanguage, t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { navigate, paths } from '../router';
import { composeDialog, emitStatus, me, useStatusEvents, useStore } from '../state';
import { Avatar, DisplayName, errorMessage, RelativeTime } from './common';
import { EditHistory } from './EditHistory';
import { Icon } from './Icon';
import { RichContent } from './RichContent';

function MediaGrid({ media, sensitive }: { media: MediaAttachment[]; sensitive: boolean }) {
  const [shown, setShown] = useState(!sensitive);
  if (media.length === 0) return null;
  return (
    <div class={`media-grid media-${Math.min(media.length, 9)}`} aria-label={t('status.media')} role="group">
      {!shown && (
        <button type="button" class="media-cover" onClick={() => setShown(true)}>
          {t('status.sensitiveMedia')} · {t('status.showMedia')}
        </button>
      )}
      {shown &&
        media.slice(0, 9).map((m) => (
          <figure class="media" key={m.id}>
            {m.type === 'video' || m.type === 'gifv' ? (
              <video
                src={m.url ?? undefined}
                poster={m.preview_url ?? undefined}
                controls={m.type === 'video'}
                autoplay={false}
                muted={m.type === 'gifv'}
                loop={m.type === 'gifv'}
                preload="none"
                aria-label={m.description || t('status.noAlt')}
              />
            ) : m.type === 'audio' ? (
              <audio src={m.url ?? undefined} controls preload="none" aria-label={m.description || t('status.noAlt')} />
            ) : (
              <a href={m.url ?? '#'} target="_blank" rel="noopener noreferrer">
                <img src={m.preview_url ?? m.url ?? ''} alt={m.description ?? ''} loading="lazy" decoding="async" />
              </a>
            )}
            {m.description && (
              <figcaption class="alt-text" dir="auto">
                <span class="alt-badge" aria-hidden="true">
                  {t('status.alt')}
                </span>{' '}
                {m.description}
              </figcaption>
            )}
          </figure>
        ))}
    </div>
  );
}

function QuotedStatus({ status }: { status: Status | null }) {
  if (!status) {
    return <div class="quote quote-missing">{t('status.quoteUnavailable')}</div>;
  }
  return (
    <a class="quote" href={paths.status(status.id)} aria-label={t('status.quotedPost', { name: status.account.display_name || status.account.username })}>
      <span class="quote-head">
        <Avatar account={status.account} size={20} /> <DisplayName account={status.account} />{' '}
        <span class="acct" dir="ltr">@{status.account.acct}</span>
      </span>
      {status.spoiler_text ? (
        <span class="cw-text" dir="auto">
          {t('status.contentWarning', { text: status.spoiler_text })}
        </span>
      ) : (
        <RichContent class="content quote-content" html={status.content} lang={status.language} />
      )}
    </a>
  );
}

export interface StatusCardProps {
  status: Status;
  focused?: boolean; // the main post of a thread: larger text, full date
  inThread?: boolean; // inside a thread the "replying to" line says nothing new
  onDeleted?: (id: string) => void;
}

export function StatusCard({ status: initial, focused, inThread, onDeleted }: StatusCardProps) {
  const [outer, setOuter] = useState(initial);
  useEffect(() => setOuter(initial), [initial]);
  const account = useStore(me);
  const s = outer.reblog ?? outer; // the post shown
  const [cwOpen, setCwOpen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const quoted = s.quote ? quotedStatusOf(s) : undefined;
  const own = account?.id === s.account.id;
  const name = s.account.display_name || s.account.username;

  useEffect(() => {
    if (!menuOpen) return;
    menuRef.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const close = (e: Event) => {
      if (!menuRef.current?.parentElement?.contains(e.target as Node)) setMenuOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [menuOpen]);

  const update = (next: Status) => {
    // An action on a reblogged post answers with the original: put it back inside the reblog.
    setOuter((o) => (o.reblog ? { ...o, reblog: next } : next));
  };

  // An edit saved anywhere (the compose dialog) shows here at once.
  useStatusEvents((e) => {
    if (e.type === 'updated' && e.status.id === s.id) update(e.status);
  });

  const act = async (fn: () => Promise<Status>, optimistic: Partial<Status>) => {
    if (!account) {
      navigate('/signin');
      return;
    }
    setBusy(true);
    setError(null);
    const before = outer;
    update({ ...s, ...optimistic });
    try {
      const result = await fn();
      // unreblog/unfavourite answer with the original; reblog answers with the new reblog.
      update(result.reblog && result.reblog.id === s.id ? { ...result.reblog, reblogged: true } : result);
    } catch (e) {
      setOuter(before);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const toggleFavourite = () =>
    act(() => M.favourite(s.id, !s.favourited), {
      favourited: !s.favourited,
      favourites_count: s.favourites_count + (s.favourited ? -1 : 1),
    });
  const toggleReblog = () => {
    setMenuOpen(false);
    return act(() => M.reblog(s.id, !s.reblogged), {
      reblogged: !s.reblogged,
      reblogs_count: s.reblogs_count + (s.reblogged ? -1 : 1),
    });
  };
  const toggleBookmark = () =>
    act(() => M.bookmark(s.id, !s.bookmarked), { bookmarked: !s.bookmarked });
  const edit = () => composeDialog.set({ edit: s });
  const quote = () => {
    setMenuOpen(false);
    if (!account) return navigate('/signin');
    composeDialog.set({ quote: s });
  };
  const reply = () => {
    if (!account) return navigate('/signin');
    composeDialog.set({ replyTo: s });
  };
  const remove = async () => {
    if (!confirm(t('status.deleteConfirm'))) return;
    try {
      await M.deleteStatus(s.id);
      emitStatus({ type: 'deleted', id: s.id });
      onDeleted?.(s.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  // Clicking the body of a post (not a link or a button) opens its thread, as in other clients.
  const openThread = (e: MouseEvent) => {
    if (focused) return;
    const target = e.target as Element;
    if (target.closest('a,button,video,audio,summary,input,textarea,select')) return;
    if (window.getSelection()?.toString()) return;
    navigate(paths.status(s.id));
  };

  const showContent = !s.spoiler_text || cwOpen;
  return (
    <article
      class={`status${focused ? ' status-focused' : ''}`}
      tabIndex={0}
      aria-label={t('status.postBy', { name })}
      data-id={s.id}
    >
      {outer.reblog && (
        <p class="status-prelude">
          <Icon name="repost" size={14} />{' '}
          <a href={paths.profile(outer.account.acct)}>
            {t('status.rebloggedBy', { name: outer.account.display_name || outer.account.username })}
          </a>
        </p>
      )}
      <div class="status-row">
        <a class="status-avatar" href={paths.profile(s.account.acct)} tabIndex={-1} aria-hidden="true">
          <Avatar account={s.account} />
        </a>
        <div class="status-main" onClick={openThread}>
          <header class="status-head">
            <a class="status-author" href={paths.profile(s.account.acct)}>
              <DisplayName account={s.account} /> <span class="acct" dir="ltr">@{s.account.acct}</span>
            </a>
            <span class="status-meta">
              <a class="status-time" href={paths.status(s.id)}>
                <RelativeTime iso={s.created_at} />
              </a>
              {s.edited_at && (
                <>
                  {' · '}
                  <button
                    type="button"
                    class="edited-marker"
                    aria-haspopup="dialog"
                    title={formatDateTime(new Date(s.edited_at), currentLanguage())}
                    aria-label={t('status.editedLabel', { time: formatDateTime(new Date(s.edited_at), currentLanguage()) })}
                    onClick={() => setHistoryOpen(true)}
                  >
                    {t('status.edited')}
                  </button>
                </>
              )}
              {s.visibility !== 'public' && (
                <span class="badge" title={t(`compose.visibilityOptions.${s.visibility}`)}>
                  {t(`compose.visibilityOptions.${s.visibility}`)}
                </span>
              )}
            </span>
          </header>
          {s.in_reply_to_id && !focused && !inThread && (
            <p class="status-replying">
              <a href={paths.status(s.in_reply_to_id)}>{t('status.inReplyTo')}</a>
            </p>
          )}
          {s.spoiler_text && (
            <p class="cw">
              <span class="cw-text" dir="auto">
                {s.spoiler_text}
              </span>{' '}
              <button type="button" class="btn btn-small" aria-expanded={cwOpen} onClick={() => setCwOpen(!cwOpen)}>
                {cwOpen ? t('status.showLess') : t('status.showMore')}
              </button>
            </p>
          )}
          {showContent && (
            <>
              <RichContent class="content" html={s.content} mentions={s.mentions} lang={s.language} />
              <MediaGrid media={s.media_attachments} sensitive={s.sensitive} />
              {quoted !== undefined && <QuotedStatus status={quoted} />}
            </>
          )}
          {focused && (
            <p class="status-date note">
              <time dateTime={s.created_at}>{formatDateTime(new Date(s.created_at), currentLanguage())}</time>
            </p>
          )}
          {error && (
            <p class="inline-error" role="alert">
              {error}
            </p>
          )}
          <div class="status-actions" role="group" aria-label={t('status.actions')}>
            <button type="button" class="action" onClick={reply} aria-label={t('status.replyCount', { count: s.replies_count })}>
              <Icon name="reply" size={18} mirror />
              <span aria-hidden="true">{s.replies_count || ''}</span>
            </button>
            <div class="menu-anchor">
              <button
                type="button"
                class={`action${s.reblogged ? ' active-repost' : ''}`}
                aria-haspopup="menu"
                aria-expanded={menuOpen}
                aria-label={t('status.repostCount', { count: s.reblogs_count })}
                onClick={() => setMenuOpen(!menuOpen)}
                disabled={busy}
              >
                <Icon name="repost" size={18} />
                <span aria-hidden="true">{s.reblogs_count || ''}</span>
              </button>
              {menuOpen && (
                <div
                  class="menu"
                  role="menu"
                  ref={menuRef}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') setMenuOpen(false);
                    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                      e.preventDefault();
                      const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? []);
                      const i = items.indexOf(document.activeElement as HTMLElement);
                      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
                    }
                  }}
                >
                  {(s.visibility === 'public' || s.visibility === 'unlisted') && (
                    <button type="button" role="menuitem" onClick={toggleReblog}>
                      <Icon name="repost" size={16} /> {s.reblogged ? t('status.unreblog') : t('status.reblog')}
                    </button>
                  )}
                  <button type="button" role="menuitem" onClick={quote}>
                    <Icon name="quote" size={16} /> {t('status.quote')}
                  </button>
                </div>
              )}
            </div>
            <button
              type="button"
              class={`action${s.favourited ? ' active-like' : ''}`}
              aria-pressed={!!s.favourited}
              aria-label={t('status.likeCount', { count: s.favourites_count })}
              onClick={toggleFavourite}
              disabled={busy}
            >
              <Icon name="heart" size={18} />
              <span aria-hidden="true">{s.favourites_count || ''}</span>
            </button>
            <button
              type="button"
              class={`action action-narrow${s.bookmarked ? ' active-bookmark' : ''}`}
              aria-pressed={!!s.bookmarked}
              aria-label={t('status.bookmark')}
              title={t('status.bookmark')}
              onClick={toggleBookmark}
              disabled={busy}
            >
              <Icon name="bookmark" size={18} />
            </button>
            {own && (
              <>
                <button type="button" class="action action-narrow action-own" aria-label={t('status.edit')} title={t('status.edit')} onClick={edit}>
                  <Icon name="edit" size={18} />
                </button>
                <button type="button" class="action action-narrow" aria-label={t('status.delete')} title={t('status.delete')} onClick={remove}>
                  <Icon name="trash" size={18} />
                </button>
              </>
            )}
          </div>
        </div>
      </div>
      {historyOpen && <EditHistory id={s.id} onClose={() => setHistoryOpen(false)} />}
    </article>
  );
}
