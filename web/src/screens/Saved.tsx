// The reader's own collections: the posts they bookmarked and the posts they liked, newest first
// as the server orders them, paged by the Link header like every timeline.

import * as M from '../api/mastodon';
import { Timeline } from '../components/Timeline';
import { t } from '../i18n';
import { ScreenHeader } from './Screen';

export function Bookmarks() {
  return (
    <>
      <ScreenHeader title={t('saved.bookmarksTitle')} />
      <Timeline load={M.bookmarks} label={t('saved.bookmarksTitle')} empty={t('saved.emptyBookmarks')} />
    </>
  );
}

export function Favourites() {
  return (
    <>
      <ScreenHeader title={t('saved.favouritesTitle')} />
      <Timeline load={M.favourites} label={t('saved.favouritesTitle')} empty={t('saved.emptyFavourites')} />
    </>
  );
}
