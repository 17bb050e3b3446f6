// Writing a post: text with a live character counter (grapheme clusters, links as 23, like the
// server), @mention and #hashtag suggestions from the API, a content warning, visibility, and the
// context of a reply or a repost with comment (quoted_status_id). Editing one's own post uses the
// same box: it starts from the text as written (GET /api/v1/statuses/:id/source, not the rendered
// HTML) and saves with PUT /api/v1/statuses/:id; visibility cannot change on an edit.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import * as M from '../api/mastodon';
import type { Account, Status, Tag, Visibility } from '../api/types';
import { randomToken } from '../auth/pkce';
import { currentLanguage, t } from '../i18n';
import { formatNumber } from '../lib/format';
import { activeToken, applyCompletion, hashtagText, type ActiveToken } from '../lib/autocomplete';
import { countPostLength } from '../lib/count';
import { emitStatus, limits, me, useStore } from '../state';
import { Avatar, DisplayName, errorMessage, Loading } from './common';
import { RichContent } from './RichContent';

type Suggestion = { kind: 'account'; account: Account } | { kind: 'tag'; tag: Tag };

let composeSeq = 0;

export interface ComposeProps {
  replyTo?: Status;
  quote?: Status;
  edit?: Status;
  onPosted?: (s: Status) => void;
  autoFocus?: boolean;
}

function initialText(replyTo: Status | undefined, self: Account | null): string {
  if (!replyTo) return '';
  const accts = [replyTo.account.acct, ...replyTo.mentions.map((m) => m.acct)].filter(
    (a, i, all) => a !== self?.acct && all.indexOf(a) === i,
  );
  return accts.length ? `${accts.map((a) => `@${a}`).join(' ')} ` : '';
}

export function Compose({ replyTo, quote, edit, onPosted, autoFocus }: ComposeProps) {
  const self = useStore(me);
  const { maxChars, urlLength } = useStore(limits);
  const [id] = useState(() => `compose-${++composeSeq}`);
  const [text, setText] = useState(() => initialText(replyTo, self));
  const [cwOn, setCwOn] = useState(!!replyTo?.spoiler_text);
  const [cw, setCw] = useState(replyTo?.spoiler_text ?? '');
  const [visibility, setVisibility] = useState<Visibility>(() => {
    const v = replyTo?.visibility ?? self?.source?.privacy ?? 'public';
    return v;
  });
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [token, setToken] = useState<ActiveToken | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const idempotency = useRef(randomToken(16));
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Editing: the source is loading (null), failed (an error), or in the box (true).
  const [source, setSource] = useState<true | null | { error: unknown }>(edit ? null : true);

  const loadSource = async () => {
    if (!edit) return;
    setSource(null);
    try {
      const src = await M.statusSource(edit.id);
      setText(src.text);
      setCw(src.spoiler_text);
      setCwOn(!!src.spoiler_text);
      setSource(true);
    } catch (e) {
      setSource({ error: e });
    }
  };
  useEffect(() => {
    void loadSource();
  }, [edit?.id]);

  const used = useMemo(() => countPostLength(text, urlLength) + (cwOn ? countPostLength(cw, urlLength) : 0), [text, cw, cwOn, urlLength]);
  const remaining = maxChars - used;
  // A repost with comment may be bare (the server allows an empty text with a quote), but not an edit.
  const canPost = !posting && source === true && text.trim().length > 0 && remaining >= 0;

  useEffect(() => {
    if (!autoFocus || !textarea.current || source !== true) return;
    const el = textarea.current;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [autoFocus, source === true]);

  // Suggestions for the word at the caret, debounced; a stale answer is dropped (AbortController).
  useEffect(() => {
    if (!token) {
      setSuggestions([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      try {
        if (token.type === 'mention') {
          const accounts = await M.searchAccounts(token.query, 5, ctrl.signal);
          setSuggestions(accounts.map((account) => ({ kind: 'account', account })));
        } else {
          const res = await M.search(token.query, 'hashtags', 5, ctrl.signal);
          setSuggestions(res.hashtags.map((tag) => ({ kind: 'tag', tag })));
        }
        setActive(0);
      } catch {
        if (!ctrl.signal.aborted) setSuggestions([]);
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [token?.type, token?.query]);

  const updateToken = () => {
    const el = textarea.current;
    if (!el) return;
    setToken(el.selectionStart === el.selectionEnd ? activeToken(el.value, el.selectionStart) : null);
  };

  const pick = (sugg: Suggestion) => {
    if (!token) return;
    const replacement = sugg.kind === 'account' ? `@${sugg.account.acct}` : hashtagText(sugg.tag.name);
    const next = applyCompletion(text, token, replacement);
    setText(next.text);
    setToken(null);
    setSuggestions([]);
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (!canPost) return;
    setPosting(true);
    setError(null);
    try {
      if (edit) {
        const status = await M.editStatus(edit.id, {
          status: text,
          spoiler_text: cwOn && cw.trim() ? cw : '',
          // Taking the warning away takes "sensitive" with it; the language stays as it was.
          sensitive: cwOn && cw.trim() ? true : edit.media_attachments.length ? undefined : false,
        });
        setNotice(t('compose.saved'));
        emitStatus({ type: 'updated', status });
        onPosted?.(status);
        return;
      }
      const status = await M.postStatus(
        {
          status: text,
          visibility,
          spoiler_text: cwOn && cw.trim() ? cw : undefined,
          sensitive: cwOn && cw.trim() ? true : undefined,
          in_reply_to_id: replyTo?.id,
          quoted_status_id: quote?.id,
        },
        idempotency.current,
      );
      idempotency.current = randomToken(16);
      setText('');
      setCw('');
      setCwOn(false);
      setNotice(t('compose.posted'));
      emitStatus({ type: 'posted', status });
      onPosted?.(status);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPosting(false);
    }
  };

  const listOpen = suggestions.length > 0 && token !== null;
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      void submit();
      return;
    }
    if (!listOpen) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(suggestions[active]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setSuggestions([]);
    }
  };

  const placeholder = replyTo ? t('compose.replyPlaceholder') : quote ? t('compose.quotePlaceholder') : t('compose.placeholder');
  if (source === null) return <Loading />;
  if (source !== true) {
    return (
      <div class="state state-error" role="alert">
        <p>{errorMessage(source.error)}</p>
        <button type="button" class="btn" onClick={() => void loadSource()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <form class="compose" onSubmit={submit} aria-label={edit ? t('compose.editTitle') : t('compose.title')}>
      {replyTo && (
        <p class="compose-context">
          {t('compose.replyingTo', { name: replyTo.account.display_name || replyTo.account.username })}
        </p>
      )}
      {cwOn && (
        <input
          class="input cw-input"
          type="text"
          value={cw}
          onInput={(e) => setCw((e.target as HTMLInputElement).value)}
          placeholder={t('compose.cwPlaceholder')}
          aria-label={t('compose.cwLabel')}
          dir="auto"
        />
      )}
      <div class="compose-text">
        <textarea
          ref={textarea}
          id={`${id}-text`}
          class="input"
          rows={replyTo || quote ? 3 : 4}
          value={text}
          placeholder={placeholder}
          aria-label={t('compose.label')}
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={`${id}-suggestions`}
          aria-activedescendant={listOpen ? `${id}-s-${active}` : undefined}
          aria-describedby={`${id}-count`}
          dir="auto"
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
            updateToken();
          }}
          onClick={updateToken}
          onKeyUp={(e) => {
            if (!['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) updateToken();
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setSuggestions([]), 150)}
        />
        <ul id={`${id}-suggestions`} class="suggestions" role="listbox" aria-label={t('compose.suggestions')} hidden={!listOpen}>
          {listOpen &&
            suggestions.map((s, i) => (
              <li
                id={`${id}-s-${i}`}
                key={s.kind === 'account' ? s.account.id : s.tag.name}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(s);
                }}
              >
                {s.kind === 'account' ? (
                  <>
                    <Avatar account={s.account} size={24} /> <DisplayName account={s.account} />{' '}
                    <span class="acct" dir="ltr">@{s.account.acct}</span>
                  </>
                ) : (
                  <span>{hashtagText(s.tag.name)}</span>
                )}
              </li>
            ))}
        </ul>
      </div>
      {quote && (
        <div class="compose-quote" aria-label={t('compose.quoting')}>
          <span class="quote-head">
            <DisplayName account={quote.account} /> <span class="acct" dir="ltr">@{quote.account.acct}</span>
          </span>
          <RichContent class="content quote-content" html={quote.content} lang={quote.language} />
        </div>
      )}
      <div class="compose-bar">
        <button type="button" class={`btn btn-small${cwOn ? ' btn-on' : ''}`} aria-pressed={cwOn} onClick={() => setCwOn(!cwOn)}>
          {t('compose.cwToggle')}
        </button>
        {!edit && (
          <>
            <label class="visually-hidden" for={`${id}-vis`}>
              {t('compose.visibility')}
            </label>
            <select id={`${id}-vis`} class="input select" value={visibility} onChange={(e) => setVisibility((e.target as HTMLSelectElement).value as Visibility)}>
              {(['public', 'unlisted', 'private', 'direct'] as const).map((v) => (
                <option value={v} key={v}>
                  {t(`compose.visibilityOptions.${v}`)}
                </option>
              ))}
            </select>
          </>
        )}
        <span id={`${id}-count`} class={`counter${remaining < 0 ? ' over' : remaining <= 20 ? ' near' : ''}`} data-remaining={remaining}>
          <span aria-hidden="true">{formatNumber(remaining, currentLanguage())}</span>
          <span class="visually-hidden">
            {remaining >= 0 ? t('compose.remaining', { count: remaining }) : t('compose.over', { count: -remaining })}
          </span>
        </span>
        <button type="submit" class="btn btn-primary" disabled={!canPost}>
          {posting ? t('compose.posting') : edit ? t('compose.save') : replyTo ? t('compose.submitReply') : t('compose.submit')}
        </button>
      </div>
      {error && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
      <p class="visually-hidden" role="status">
        {notice}
      </p>
    </form>
  );
}
