// The Mastodon entities the web app reads (docs.joinmastodon.org/entities), trimmed to the fields
// it uses. Extra fields the server sends are ignored; fields a server may omit are optional.

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface Field {
  name: string;
  value: string;
  verified_at?: string | null;
}

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot?: boolean;
  note: string;
  url: string;
  avatar: string;
  avatar_static?: string;
  header?: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  created_at: string;
  fields?: Field[];
  source?: { privacy?: Visibility; language?: string; note?: string };
}

export interface MediaAttachment {
  id: string;
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown';
  url: string | null;
  preview_url: string | null;
  description: string | null;
  meta?: { small?: { width?: number; height?: number; aspect?: number } };
}

export interface Mention {
  id: string;
  username: string;
  acct: string;
  url: string;
}

export interface Tag {
  name: string;
  url: string;
  history?: { day: string; uses: string; accounts: string }[];
}

// Mastodon 4.4+ wraps the quoted post: { state, quoted_status }. Some servers put a Status there
// directly; quotedStatusOf() accepts both.
export interface Quote {
  state?: string;
  quoted_status?: Status | null;
}

export interface Status {
  id: string;
  uri?: string;
  url?: string | null;
  created_at: string;
  account: Account;
  content: string;
  visibility: Visibility;
  sensitive: boolean;
  spoiler_text: string;
  media_attachments: MediaAttachment[];
  mentions: Mention[];
  tags: Tag[];
  reblogs_count: number;
  favourites_count: number;
  replies_count: number;
  quotes_count?: number;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  reblog: Status | null;
  quote?: Quote | Status | null;
  language: string | null;
  favourited?: boolean;
  reblogged?: boolean;
  bookmarked?: boolean;
  muted?: boolean;
  edited_at?: string | null;
}

// GET /api/v1/statuses/:id/source: the text as written, for editing.
export interface StatusSource {
  id: string;
  text: string;
  spoiler_text: string;
}

// One version of an edited status (GET /api/v1/statuses/:id/history, oldest first).
export interface StatusEdit {
  content: string;
  spoiler_text: string;
  sensitive: boolean;
  created_at: string;
  account: Account;
  media_attachments?: MediaAttachment[];
}

export function quotedStatusOf(s: Status): Status | null {
  const q = s.quote;
  if (!q) return null;
  if ('quoted_status' in q) return q.quoted_status ?? null;
  if ('id' in q && 'content' in q) return q as Status;
  return null;
}

export interface Context {
  ancestors: Status[];
  descendants: Status[];
}

export type NotificationType =
  | 'mention'
  | 'status'
  | 'reblog'
  | 'follow'
  | 'follow_request'
  | 'favourite'
  | 'poll'
  | 'update'
  | 'quote'
  | string;

export interface Notification {
  id: string;
  type: NotificationType;
  created_at: string;
  account: Account;
  status?: Status | null;
}

export interface Relationship {
  id: string;
  following: boolean;
  followed_by: boolean;
  blocking: boolean;
  muting: boolean;
  requested: boolean;
}

export interface SearchResults {
  accounts: Account[];
  statuses: Status[];
  hashtags: Tag[];
}

export interface Application {
  id?: string;
  name?: string;
  client_id: string;
  client_secret: string;
}

export interface Token {
  access_token: string;
  token_type: string;
  scope: string;
  created_at: number;
}

export interface InstanceV2 {
  domain?: string;
  title?: string;
  description?: string;
  configuration?: {
    urls?: { streaming?: string };
    statuses?: { max_characters?: number; characters_reserved_per_url?: number };
    accounts?: { max_pinned_statuses?: number };
  };
  registrations?: { enabled?: boolean; approval_required?: boolean };
}
