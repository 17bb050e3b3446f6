// Settings kept in this browser: language, Chinese script, theme; and the account: who is signed
// in, password, sign out.

import { useState } from 'preact/hooks';
import { signOut } from '../auth/session';
import {
  LANGUAGE_NAMES,
  LANGUAGES,
  clearSavedLanguage,
  currentLanguage,
  detectLanguage,
  savedLanguage,
  setLanguage,
  t,
  type Lang,
} from '../i18n';
import { scriptPref, setScriptPref, setThemePref, themePref, type ScriptPref, type ThemePref } from '../lib/prefs';
import { me, useStore } from '../state';
import { ScreenHeader } from './Screen';

export function Settings({ onThemeChange }: { onThemeChange: (p: ThemePref) => void }) {
  const self = useStore(me);
  const [langChoice, setLangChoice] = useState<string>(savedLanguage() ?? 'auto');
  const [script, setScript] = useState<ScriptPref>(scriptPref());
  const [theme, setTheme] = useState<ThemePref>(themePref());
  const [status, setStatus] = useState('');

  const saved = () => setStatus(t('settings.saved'));

  return (
    <>
      <ScreenHeader title={t('settings.title')} />
      <form class="settings" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="set-lang">{t('settings.language')}</label>
          <select
            id="set-lang"
            class="input select"
            value={langChoice}
            onChange={async (e) => {
              const v = (e.target as HTMLSelectElement).value;
              setLangChoice(v);
              if (v === 'auto') {
                clearSavedLanguage();
                await setLanguage(detectLanguage(), false);
              } else {
                await setLanguage(v as Lang);
              }
              saved();
            }}
          >
            <option value="auto">{t('settings.languageAuto', { name: LANGUAGE_NAMES[detectLanguage()] })}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>

        <fieldset class="field">
          <legend>{t('settings.script')}</legend>
          <p class="note" id="script-help">
            {t('settings.scriptHelp')}
          </p>
          {(['original', 'zh-Hans', 'zh-Hant'] as const).map((v) => (
            <label key={v} class="radio">
              <input
                type="radio"
                name="script"
                value={v}
                checked={script === v}
                aria-describedby="script-help"
                onChange={() => {
                  setScript(v);
                  setScriptPref(v);
                  saved();
                }}
              />{' '}
              {t(`settings.scriptOptions.${v}`)}
            </label>
          ))}
        </fieldset>

        <fieldset class="field">
          <legend>{t('settings.theme')}</legend>
          {(['system', 'light', 'dark'] as const).map((v) => (
            <label key={v} class="radio">
              <input
                type="radio"
                name="theme"
                value={v}
                checked={theme === v}
                onChange={() => {
                  setTheme(v);
                  setThemePref(v);
                  onThemeChange(v);
                  saved();
                }}
              />{' '}
              {t(`settings.themeOptions.${v}`)}
            </label>
          ))}
        </fieldset>

        {self && (
          <fieldset class="field">
            <legend>{t('settings.account')}</legend>
            <p>{t('settings.signedInAs', { acct: self.acct })}</p>
            <h2 class="h3">{t('settings.password')}</h2>
            <p class="note">{t('settings.passwordNote')}</p>
            <button
              type="button"
              class="btn"
              onClick={async () => {
                await signOut();
                location.assign('/');
              }}
            >
              {t('nav.signOut')}
            </button>
          </fieldset>
        )}

        <fieldset class="field">
          <legend>{t('settings.shortcuts')}</legend>
          <p class="note">{t('settings.shortcutsHelp')}</p>
        </fieldset>
        <p role="status" class="note" lang={currentLanguage()}>
          {status}
        </p>
      </form>
    </>
  );
}
