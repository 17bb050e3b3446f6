// Typed calls for the Mastodon client API endpoints the app uses, one function per endpoint.

import { api, apiPage, type Page } from './client';
import type {
  Account,
  Context,
  InstanceV2,
  Notification,
  Relationship,
  SearchResults,
  Status,
  StatusEdit,
  StatusSource,
  Tag,
  Token,
  Visibility,
} from './types';

export interface PageParams {
  max_id?: string;
  since_id?: string;
  min_id?: string;
  limit?: number;
}

const enc = encodeURIComponent;

export const verifyCredentials = () => api<Account>('/api/v1/accounts/verify_credentials');

export const homeTimeline = (p: PageParams = {}) => apiPage<Status>('/api/v1/timelines/home', { params: { ...p } });
export const publicTimeline = (p: PageParams = {}) =>
  apiPage<Status>('/api/v1/timelines/public', { params: { ...p, local: true } });
export const tagTimeline = (tag: string, p: PageParams = {}) =>
  apiPage<Status>(`/api/v1/timelines/tag/${enc(tag)}`, { params: { ...p } });
export const accountStatuses = (id: string, p: PageParams = {}) =>
  apiPage<Status>(`/api/v1/accounts/${enc(id)}/statuses`, { params: { ...p } });
export const followers = (id: string, p: PageParams = {}) =>
  apiPage<Account>(`/api/v1/accounts/${enc(id)}/followers`, { params: { ...p } });
export const following = (id: string, p: PageParams = {}) =>
  apiPage<Account>(`/api/v1/accounts/${enc(id)}/following`, { params: { ...p } });
export const notifications = (p: PageParams = {}) =>
  apiPage<Notification>('/api/v1/notifications', { params: { ...p } });

export const getStatus = (id: string) => api<Status>(`/api/v1/statuses/${enc(id)}`);
export const getContext = (id: string) => api<Context>(`/api/v1/statuses/${enc(id)}/context`);

export interface NewStatus {
  status: string;
  visibility: Visibility;
  spoiler_text?: string;
  sensitive?: boolean;
  in_reply_to_id?: string;
  quoted_status_id?: string;
  language?: string;
}

// The Idempotency-Key makes a retried post (a double click, a flaky network) create one status.
export const postStatus = (s: NewStatus, idempotencyKey: string) =>
  api<Status>('/api/v1/statuses', {
    method: 'POST',
    body: s,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
export const deleteStatus = (id: string) => api<Status>(`/api/v1/statuses/${enc(id)}`, { method: 'DELETE' });

export interface StatusEditParams {
  status: string;
  spoiler_text?: string;
  sensitive?: boolean;
  language?: string;
}
export const statusSource = (id: string) => api<StatusSource>(`/api/v1/statuses/${enc(id)}/source`);
export const editStatus = (id: string, s: StatusEditParams) =>
  api<Status>(`/api/v1/statuses/${enc(id)}`, { method: 'PUT', body: s });
export const statusHistory = (id: string) => api<StatusEdit[]>(`/api/v1/statuses/${enc(id)}/history`);

export const favourite = (id: string, on: boolean) =>
  api<Status>(`/api/v1/statuses/${enc(id)}/${on ? 'favourite' : 'unfavourite'}`, { method: 'POST' });
export const reblog = (id: string, on: boolean) =>
  api<Status>(`/api/v1/statuses/${enc(id)}/${on ? 'reblog' : 'unreblog'}`, { method: 'POST' });
export const bookmark = (id: string, on: boolean) =>
  api<Status>(`/api/v1/statuses/${enc(id)}/${on ? 'bookmark' : 'unbookmark'}`, { method: 'POST' });
export const bookmarks = (p: PageParams = {}) => apiPage<Status>('/api/v1/bookmarks', { params: { ...p } });
export const favourites = (p: PageParams = {}) => apiPage<Status>('/api/v1/favourites', { params: { ...p } });

export const lookupAccount = (acct: string) => api<Account>('/api/v1/accounts/lookup', { params: { acct } });
export const getAccount = (id: string) => api<Account>(`/api/v1/accounts/${enc(id)}`);
export const relationships = (ids: string[]) =>
  api<Relationship[]>('/api/v1/accounts/relationships', { params: { id: ids } });

export type AccountAction = 'follow' | 'unfollow' | 'block' | 'unblock' | 'mute' | 'unmute';
export const accountAction = (id: string, action: AccountAction) =>
  api<Relationship>(`/api/v1/accounts/${enc(id)}/${action}`, { method: 'POST' });

export const searchAccounts = (q: string, limit = 5, signal?: AbortSignal) =>
  api<Account[]>('/api/v1/accounts/search', { params: { q, limit, resolve: false }, signal });
export const search = (q: string, type?: 'accounts' | 'statuses' | 'hashtags', limit = 20, signal?: AbortSignal) =>
  api<SearchResults>('/api/v2/search', { params: { q, type, limit, resolve: false }, signal });

export const trendingTags = (limit = 10) => api<Tag[]>('/api/v1/trends/tags', { params: { limit } });

// A Magpie extension (docs/API.md): every other session of the account ends, and the token used
// for the call is replaced by the one in the answer.
export const changePassword = (currentPassword: string, password: string) =>
  api<Token>('/api/magpie/v1/accounts/change_password', {
    method: 'POST',
    body: { current_password: currentPassword, password },
  });

export async function instance(): Promise<InstanceV2> {
  try {
    return await api<InstanceV2>('/api/v2/instance');
  } catch {
    // v1 shape: configuration.statuses is the same; max_toot_chars on some servers.
    const v1 = await api<InstanceV2 & { max_toot_chars?: number }>('/api/v1/instance');
    if (v1.max_toot_chars && !v1.configuration?.statuses?.max_characters) {
      v1.configuration = { ...v1.configuration, statuses: { max_characters: v1.max_toot_chars } };
    }
    return v1;
  }
}

export type { Page };
