// A hashtag's timeline. Both #tag and Weibo-style #话题# link here (/tags/NAME).

import { useCallback } from 'preact/hooks';
import * as M from '../api/mastodon';
import { Timeline } from '../components/Timeline';
import { t } from '../i18n';
import { ScreenHeader } from './Screen';

export function TagPage({ tag }: { tag: string }) {
  const load = useCallback((p: M.PageParams) => M.tagTimeline(tag, p), [tag]);
  const title = t('timeline.tagTitle', { tag });
  return (
    <>
      <ScreenHeader title={title} />
      <Timeline key={tag} load={load} label={title} empty={t('timeline.emptyTag')} poll />
    </>
  );
}
