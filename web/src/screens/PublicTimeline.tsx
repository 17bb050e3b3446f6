// The local public timeline: every public post made on this server.

import * as M from '../api/mastodon';
import { Timeline } from '../components/Timeline';
import { t } from '../i18n';
import { ScreenHeader } from './Screen';

export function PublicTimeline() {
  return (
    <>
      <ScreenHeader title={t('timeline.publicTitle')} />
      <Timeline load={M.publicTimeline} label={t('timeline.publicTitle')} empty={t('timeline.emptyPublic')} poll />
    </>
  );
}
