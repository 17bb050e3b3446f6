// Start-up: language first (so the first paint is in the reader's language), then the saved
// session (verify_credentials) and the instance limits, in parallel with the first render.

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, setAccessToken, setUnauthorizedHandler } from './api/client';
import * as M from './api/mastodon';
import { App } from './app';
import { forgetToken, loadToken } from './auth/session';
import { initI18n, onLanguageChanged } from './i18n';
import { applyTheme, themePref } from './lib/prefs';
import { installLinkInterception } from './router';
import { limits, me } from './state';
import './styles.css';

async function refreshSession(): Promise<void> {
  const token = loadToken();
  setAccessToken(token);
  if (!token) {
    me.set(null);
    return;
  }
  try {
    me.set(await M.verifyCredentials());
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) forgetToken();
    me.set(null);
  }
}

async function loadLimits(): Promise<void> {
  try {
    const inst = await M.instance();
    const st = inst.configuration?.statuses;
    limits.set({
      maxChars: st?.max_characters ?? limits.get().maxChars,
      urlLength: st?.characters_reserved_per_url ?? limits.get().urlLength,
    });
  } catch {
    /* keep the defaults; the server has the last word on length anyway */
  }
}

function Root() {
  const [ready, setReady] = useState(false);
  const [, setLang] = useState('');
  useEffect(() => onLanguageChanged((l) => setLang(l)), []);
  useEffect(() => {
    void refreshSession().then(() => setReady(true));
    void loadLimits();
  }, []);
  return <App ready={ready} refreshSession={refreshSession} />;
}

setUnauthorizedHandler(() => {
  forgetToken();
  me.set(null);
});

applyTheme(themePref());
installLinkInterception();
await initI18n();
render(<Root />, document.getElementById('app')!);
