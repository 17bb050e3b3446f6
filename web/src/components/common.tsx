// Small shared pieces: avatar, relative time, loading / empty / error states, and the message a
// person can act on for an API error.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { Account } from '../api/types';
import { currentLanguage, t } from '../i18n';
import { formatDateTime, formatRelative, useMinuteTick } from '../lib/format';

const graphemes = new Intl.Segmenter();

// The account's picture, or its first letter on a tinted disc when there is none yet (the
// server's ".../missing.png" placeholder) or the picture fails to load.
export function Avatar({ account, size = 48 }: { account: Account; size?: number }) {
  const src = account.avatar_static || account.avatar;
  const [failed, setFailed] = useState(false);
  if (!src || failed || /\/missing\.png$/.test(src)) {
    const name = account.display_name || account.username || '?';
    const first = Array.from(graphemes.segment(name))[0]?.segment ?? '?';
    return (
      <span
        class="avatar avatar-letter"
        aria-hidden="true"
        data-hue={hueOf(account.id || name)}
        style={{ inlineSize: `${size}px`, blockSize: `${size}px`, fontSize: `${Math.round(size * 0.45)}px` }}
      >
        {first.toUpperCase()}
      </span>
    );
  }
  return <img class="avatar" src={src} width={size} height={size} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />;
}

// One of six tints, stable per account, so letter avatars are told apart at a glance.
function hueOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return h % 6;
}

// The name as the account wrote it; <bdi> keeps an Arabic name from reordering the text around it.
export function DisplayName({ account }: { account: Account }) {
  return <bdi class="display-name">{account.display_name || account.username}</bdi>;
}

export function RelativeTime({ iso }: { iso: string }) {
  useMinuteTick();
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const lang = currentLanguage();
  return (
    <time dateTime={iso} title={formatDateTime(date, lang)}>
      {formatRelative(date, lang)}
    </time>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state state-empty">{children}</div>;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('errors.network');
    if (e.status === 401) return t('errors.unauthorized');
    if (e.status === 403) return t('errors.forbidden', { message: e.message });
    if (e.status === 404) return t('errors.notFound');
    if (e.status === 429) return t('errors.rateLimited');
    return t('errors.generic', { message: e.message });
  }
  return t('errors.generic', { message: e instanceof Error ? e.message : String(e) });
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" class="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
