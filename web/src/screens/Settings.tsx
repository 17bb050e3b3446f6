// Settings kept in this browser: language, Chinese script, theme; and the account: who is signed
// in, password, sign out.
//
// The password form uses Magpie's extension POST /api/magpie/v1/accounts/change_password (the
// Mastodon API has none). The server signs every other session out and answers a new token for
// this one, which replaces the stored token at once.

import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import * as M from '../api/mastodon';
import { errorMessage } from '../components/common';
import { signOut, storeToken } from '../auth/session';
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

type PasswordField = 'current' | 'password' | 'confirm';

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    setFormError(null);
    const next: Partial<Record<PasswordField, string>> = {};
    if (!current) next.current = t('settings.passwordCurrentMissing');
    // Code points, as the server counts them; the server has the last word on the rules.
    if ([...password].length < 8) next.password = t('settings.passwordTooShort');
    if (confirm !== password) next.confirm = t('settings.passwordMismatch');
    setErrors(next);
    if (Object.keys(next).length) {
      const first = (['current', 'password', 'confirm'] as const).find((k) => next[k]);
      form.current?.querySelector<HTMLInputElement>(`#pw-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const token = await M.changePassword(current, password);
      storeToken(token.access_token);
      setCurrent('');
      setPassword('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      // 422 details name the field: current_password or password.
      if (err instanceof ApiError && err.status === 422 && err.details) {
        const fromServer: Partial<Record<PasswordField, string>> = {};
        if (err.details.current_password) fromServer.current = t('settings.passwordCurrentWrong');
        const problem = err.details.password?.[0]?.error;
        if (problem) {
          fromServer.password =
            problem === 'ERR_TOO_LONG' ? t('settings.passwordTooLong') : problem === 'ERR_TOO_SHORT' || problem === 'ERR_BLANK' ? t('settings.passwordTooShort') : err.details.password![0]!.description;
        }
        setErrors(fromServer);
        if (!fromServer.current && !fromServer.password) setFormError(errorMessage(err));
        form.current?.querySelector<HTMLInputElement>(fromServer.current ? '#pw-current' : '#pw-password')?.focus();
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (key: PasswordField, label: string, value: string, set: (v: string) => void, autocomplete: string, hint?: string) => (
    <div class="password-field">
      <label for={`pw-${key}`}>{label}</label>
      <input
        id={`pw-${key}`}
        class="input"
        type="password"
        value={value}
        autocomplete={autocomplete}
        required
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={[hint ? `pw-${key}-hint` : '', errors[key] ? `pw-${key}-error` : ''].filter(Boolean).join(' ') || undefined}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
      />
      {hint && (
        <p class="note" id={`pw-${key}-hint`}>
          {hint}
        </p>
      )}
      {errors[key] && (
        <p class="field-error" id={`pw-${key}-error`}>
          {errors[key]}
        </p>
      )}
    </div>
  );

  return (
    <form class="password-form" ref={form} onSubmit={submit} aria-labelledby="pw-heading" noValidate>
      {field('current', t('settings.passwordCurrent'), current, setCurrent, 'current-password')}
      {field('password', t('settings.passwordNew'), password, setPassword, 'new-password', t('signup.passwordHint'))}
      {field('confirm', t('settings.passwordConfirm'), confirm, setConfirm, 'new-password')}
      <p class="note">{t('settings.passwordSessions')}</p>
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('settings.passwordChanging') : t('settings.passwordSubmit')}
        </button>
      </div>
      {formError && (
        <p class="inline-error" role="alert">
          {formError}
        </p>
      )}
      <p role="status" class={done ? 'success' : 'visually-hidden'}>
        {done ? t('settings.passwordChanged') : ''}
      </p>
    </form>
  );
}

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
      <div class="settings">
        <form onSubmit={(e) => e.preventDefault()}>
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

          <p role="status" class="note" lang={currentLanguage()}>
            {status}
          </p>
        </form>
        {self && (
          <section class="field" aria-labelledby="account-heading">
            <h2 id="account-heading" class="h3">
              {t('settings.account')}
            </h2>
            <p>{t('settings.signedInAs', { acct: self.acct })}</p>
            <h3 id="pw-heading" class="h3">
              {t('settings.password')}
            </h3>
            <PasswordForm />
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
          </section>
        )}
        <section class="field" aria-labelledby="shortcuts-heading">
          <h2 id="shortcuts-heading" class="h3">
            {t('settings.shortcuts')}
          </h2>
          <p class="note">{t('settings.shortcutsHelp')}</p>
        </section>
      </div>
    </>
  );
}
