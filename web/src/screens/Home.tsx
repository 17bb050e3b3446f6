// Home: the compose box and the reader's home timeline (polling for new posts).

import * as M from '../api/mastodon';
import { Compose } from '../components/Compose';
import { Timeline } from '../components/Timeline';
import { t } from '../i18n';
import { ScreenHeader } from './Screen';

export function Home() {
  return (
    <>
      <ScreenHeader title={t('timeline.homeTitle')} />
      <Compose />
      <Timeline load={M.homeTimeline} label={t('timeline.homeTitle')} empty={t('timeline.emptyHome')} poll acceptOwnPosts />
    </>
  );
}
