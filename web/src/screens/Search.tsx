// Search people, posts and tags (/api/v2/search). The query lives in the URL (/search?q=...), so
// results can be linked and the back button works.

import { useEffect, useState } from 'preact/hooks';
import * as M from '../api/mastodon';
import type { SearchResults } from '../api/types';
import { Avatar, DisplayName, Empty, ErrorBox, Loading } from '../components/common';
import { StatusCard } from '../components/StatusCard';
import { hashtagText } from '../lib/autocomplete';
import { t } from '../i18n';
import { navigate, paths } from '../router';
import { ScreenHeader } from './Screen';

export function SearchForm({ initial = '', compact = false }: { initial?: string; compact?: boolean }) {
  const [q, setQ] = useState(initial);
  useEffect(() => setQ(initial), [initial]);
  return (
    <form
      role="search"
      class={`search-form${compact ? ' compact' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (q.trim()) navigate(paths.search(q.trim()));
      }}
    >
      <input
        class="input"
        type="search"
        value={q}
        onInput={(e) => setQ((e.target as HTMLInputElement).value)}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        dir="auto"
      />
      <button type="submit" class="btn">
        {t('search.submit')}
      </button>
    </form>
  );
}

export function Search({ q }: { q: string }) {
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const run = async () => {
    if (!q.trim()) {
      setResults(null);
      return;
    }
    setLoading(true);
    setError(null);
    try {
      setResults(await M.search(q.trim()));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void run();
  }, [q]);

  const none = results && !results.accounts.length && !results.statuses.length && !results.hashtags.length;
  return (
    <>
      <ScreenHeader title={t('search.title')} />
      <SearchForm initial={q} />
      {!q.trim() && <Empty>{t('search.hint')}</Empty>}
      {loading && <Loading />}
      {error !== null && <ErrorBox error={error} onRetry={run} />}
      {none && <Empty>{t('search.empty', { q })}</Empty>}
      {results && results.hashtags.length > 0 && (
        <section aria-labelledby="search-tags">
          <h2 id="search-tags">{t('search.hashtags')}</h2>
          <ul class="tag-list">
            {results.hashtags.map((tag) => (
              <li key={tag.name}>
                <a href={paths.tag(tag.name)}>
                  <bdi>{hashtagText(tag.name)}</bdi>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {results && results.accounts.length > 0 && (
        <section aria-labelledby="search-accounts">
          <h2 id="search-accounts">{t('search.accounts')}</h2>
          <ul class="account-list">
            {results.accounts.map((a) => (
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
        </section>
      )}
      {results && results.statuses.length > 0 && (
        <section aria-labelledby="search-statuses">
          <h2 id="search-statuses">{t('search.statuses')}</h2>
          {results.statuses.map((s) => (
            <StatusCard key={s.id} status={s} />
          ))}
        </section>
      )}
    </>
  );
}
