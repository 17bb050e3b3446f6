// Signed-out screens: the welcome page (sign in / sign up / browse), the sign-up form, and the
// OAuth callback that finishes a sign-in.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { beginSignIn, CallbackError, completeSignIn, signUp } from '../auth/session';
import { ErrorBox, Loading, errorMessage } from '../components/common';
import { currentLanguage, t } from '../i18n';
import { navigate } from '../router';
import { ScreenHeader } from './Screen';

export function SignInButton({ primary = true }: { primary?: boolean }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        class={`btn${primary ? ' btn-primary' : ''}`}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const here = location.pathname === '/signin' ? '/' : location.pathname + location.search;
            await beginSignIn(here, currentLanguage());
          } catch (e) {
            setError(e);
            setBusy(false);
          }
        }}
      >
        {t('nav.signIn')}
      </button>
      {error !== null && <ErrorBox error={error} />}
    </>
  );
}

export function Landing() {
  return (
    <section class="landing">
      <ScreenHeader title={t('landing.title')} />
      <p class="lead">{t('landing.tagline')}</p>
      <div class="landing-actions">
        <SignInButton />
        <a class="btn" href="/signup">
          {t('nav.signUp')}
        </a>
        <a class="btn btn-link" href="/public">
          {t('landing.browsePublic')}
        </a>
      </div>
    </section>
  );
}

type FieldErrors = Record<string, string>;

export function SignUp({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [agreement, setAgreement] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await signUp({ username, email, password, agreement, locale: currentLanguage() });
      await onSignedIn();
      navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.details) {
        const fe: FieldErrors = {};
        for (const [field, list] of Object.entries(err.details)) {
          fe[field] = list.map((d) => d.description || d.error).join(' ');
        }
        setFieldErrors(fe);
      }
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) =>
    fieldErrors[name] ? (
      <p class="field-error" id={`su-${name}-err`}>
        {fieldErrors[name]}
      </p>
    ) : null;
  const describedBy = (name: string, hint?: string) =>
    [hint, fieldErrors[name] ? `su-${name}-err` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <section class="auth-form">
      <ScreenHeader title={t('signup.title')} />
      <form onSubmit={submit} noValidate={false}>
        <div class="field">
          <label for="su-username">{t('signup.username')}</label>
          <input
            id="su-username"
            class="input"
            name="username"
            autoComplete="username"
            required
            pattern="[A-Za-z0-9_]{1,30}"
            value={username}
            aria-invalid={!!fieldErrors.username}
            aria-describedby={describedBy('username', 'su-username-hint')}
            onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
          />
          <p class="note" id="su-username-hint">
            {t('signup.usernameHint')}
          </p>
          {fieldError('username')}
        </div>
        <div class="field">
          <label for="su-email">{t('signup.email')}</label>
          <input
            id="su-email"
            class="input"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            aria-invalid={!!fieldErrors.email}
            aria-describedby={describedBy('email')}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          {fieldError('email')}
        </div>
        <div class="field">
          <label for="su-password">{t('signup.password')}</label>
          <input
            id="su-password"
            class="input"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            aria-invalid={!!fieldErrors.password}
            aria-describedby={describedBy('password', 'su-password-hint')}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
          <p class="note" id="su-password-hint">
            {t('signup.passwordHint')}
          </p>
          {fieldError('password')}
        </div>
        <label class="checkbox">
          <input type="checkbox" name="agreement" required checked={agreement} onChange={(e) => setAgreement((e.target as HTMLInputElement).checked)} />{' '}
          {t('signup.agreement')}
        </label>
        {fieldError('agreement')}
        {error && (
          <p class="inline-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('signup.submitting') : t('signup.submit')}
        </button>
      </form>
      <p class="note">
        {t('signup.haveAccount')} <SignInButton primary={false} />
      </p>
    </section>
  );
}

export function Callback({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Take the code out of the address bar and the history before anything else happens.
    const search = location.search;
    history.replaceState(null, '', '/callback');
    completeSignIn(search)
      .then(async (returnTo) => {
        await onSignedIn();
        navigate(returnTo, { replace: true });
      })
      .catch((e) => setError(e));
  }, []);
  if (error !== null) {
    const message = error instanceof CallbackError ? (error.message === 'state' ? t('callback.stateMismatch') : t('callback.failed', { reason: error.message })) : errorMessage(error);
    return (
      <section class="auth-form">
        <ScreenHeader title={t('callback.title')} />
        <p class="inline-error" role="alert">
          {message}
        </p>
        <SignInButton />
      </section>
    );
  }
  return <Loading label={t('callback.signingIn')} />;
}
