// Signing in like any other Mastodon app (MASTODON-API.md, OAuth):
//   1. register once per browser: POST /api/v1/apps with redirect_uri = origin + "/callback";
//   2. sign in: redirect to /oauth/authorize (response_type=code, PKCE S256, a random state);
//   3. /callback?code&state: check the state, POST /oauth/token with the code and the verifier,
//      keep the token in localStorage and replace the URL so the code leaves the history;
//   sign up: a client_credentials app token, then POST /api/v1/accounts returns a user token.
// The token lives only in localStorage and in memory; it is never put in a URL or logged.

import { api, ApiError, setAccessToken } from '../api/client';
import type { Application, Token } from '../api/types';
import { challengeFor, createVerifier, randomToken } from './pkce';

export const SCOPES = 'read write follow push';
const APP_KEY = 'magpie.app';
const TOKEN_KEY = 'magpie.token';
const PENDING_KEY = 'magpie.oauth';

interface StoredApp extends Application {
  redirect_uri: string;
}

interface Pending {
  state: string;
  verifier: string;
  returnTo: string;
}

export function redirectUri(): string {
  return `${location.origin}/callback`;
}

export function loadToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
  setAccessToken(token);
}

async function ensureApp(): Promise<StoredApp> {
  const uri = redirectUri();
  try {
    const saved = JSON.parse(localStorage.getItem(APP_KEY) ?? 'null') as StoredApp | null;
    if (saved && saved.redirect_uri === uri && saved.client_id && saved.client_secret) return saved;
  } catch {
    /* corrupt entry: register again */
  }
  const app = await api<Application>('/api/v1/apps', {
    method: 'POST',
    token: null,
    body: { client_name: 'Magpie Web', redirect_uris: uri, scopes: SCOPES, website: location.origin },
  });
  const stored: StoredApp = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: uri };
  localStorage.setItem(APP_KEY, JSON.stringify(stored));
  return stored;
}

async function appToken(app: StoredApp): Promise<Token> {
  return api<Token>('/oauth/token', {
    method: 'POST',
    token: null,
    body: {
      grant_type: 'client_credentials',
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: app.redirect_uri,
      scope: SCOPES,
    },
  });
}

// The registered app and an app token. A server whose data was reset no longer knows a saved
// client_id: then the app registers again, once.
async function validApp(): Promise<{ app: StoredApp; token: Token }> {
  let app = await ensureApp();
  try {
    return { app, token: await appToken(app) };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500) throw e;
    localStorage.removeItem(APP_KEY);
    app = await ensureApp();
    return { app, token: await appToken(app) };
  }
}

// Starts the authorization-code flow; the browser leaves the app for the server's sign-in page.
export async function beginSignIn(returnTo = '/', lang?: string): Promise<void> {
  const { app } = await validApp();
  const verifier = createVerifier();
  const pending: Pending = { state: randomToken(16), verifier, returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: app.redirect_uri,
    scope: SCOPES,
    state: pending.state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: 'S256',
  });
  if (lang) q.set('lang', lang);
  location.assign(`/oauth/authorize?${q.toString()}`);
}

export class CallbackError extends Error {}

// Handles /callback: exchanges the code, stores the token, and returns where to go next. The
// caller replaces the history entry before anything else renders, so the code is not kept.
export async function completeSignIn(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const error = params.get('error');
  if (error) throw new CallbackError(params.get('error_description') ?? error);
  const code = params.get('code');
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  if (!code || !pending || params.get('state') !== pending.state) {
    throw new CallbackError('state');
  }
  const app = await ensureApp();
  const token = await api<Token>('/oauth/token', {
    method: 'POST',
    token: null,
    body: {
      grant_type: 'authorization_code',
      code,
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: app.redirect_uri,
      code_verifier: pending.verifier,
      scope: SCOPES,
    },
  });
  storeToken(token.access_token);
  return pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('//') ? pending.returnTo : '/';
}

export interface SignUpForm {
  username: string;
  email: string;
  password: string;
  agreement: boolean;
  locale: string;
}

export async function signUp(form: SignUpForm): Promise<void> {
  const { token: app } = await validApp();
  const token = await api<Token>('/api/v1/accounts', {
    method: 'POST',
    token: app.access_token,
    body: form,
  });
  storeToken(token.access_token);
}

export async function signOut(): Promise<void> {
  const token = loadToken();
  localStorage.removeItem(TOKEN_KEY);
  setAccessToken(null);
  if (!token) return;
  try {
    const app = JSON.parse(localStorage.getItem(APP_KEY) ?? 'null') as StoredApp | null;
    if (app) {
      await api('/oauth/revoke', {
        method: 'POST',
        token: null,
        body: { client_id: app.client_id, client_secret: app.client_secret, token },
      });
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e; // the token is forgotten locally either way
  }
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
  setAccessToken(null);
}
