-- Accounts, local users, OAuth, statuses and the interactions on them.
--
-- Conventions (shared by every migration): ids are INTEGER PRIMARY KEY made by core::IdGenerator
-- (time-ordered), except the row ids of favourites/bookmarks/pins, which are only pagination
-- cursors and so AUTOINCREMENT (never reused). Times are INTEGER milliseconds since the epoch.
-- Enums are INTEGER values of the C++ enum (append-only order in domain/model.h). Booleans are
-- INTEGER 0/1. An optional reference to another status is NULL when absent (so partial indexes
-- stay small and `col = ?` implies `col IS NOT NULL`).

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  -- NOCASE: usernames and domains are unique case-insensitively (ASCII is enough).
  username TEXT NOT NULL COLLATE NOCASE,
  domain TEXT NOT NULL DEFAULT '' COLLATE NOCASE,  -- '' for local accounts
  display_name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
  note TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL DEFAULT '[]',  -- JSON: [{"name":..,"value":..,"verified_at":..}]
  avatar_path TEXT NOT NULL DEFAULT '',
  header_path TEXT NOT NULL DEFAULT '',
  locked INTEGER NOT NULL DEFAULT 0,
  bot INTEGER NOT NULL DEFAULT 0,
  discoverable INTEGER NOT NULL DEFAULT 1,
  indexable INTEGER NOT NULL DEFAULT 1,
  suspended INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  followers_count INTEGER NOT NULL DEFAULT 0,
  following_count INTEGER NOT NULL DEFAULT 0,
  statuses_count INTEGER NOT NULL DEFAULT 0,
  last_status_at INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX accounts_username ON accounts (username, domain);
-- Prefix search on display names (LIKE 'x%' uses a NOCASE index).
CREATE INDEX accounts_display_name ON accounts (display_name) WHERE domain = '';

CREATE TABLE users (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
  email TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
  password_hash TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT 'en',
  approved INTEGER NOT NULL DEFAULT 1,
  confirmed INTEGER NOT NULL DEFAULT 1,
  admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  default_visibility INTEGER NOT NULL DEFAULT 0,
  default_sensitive INTEGER NOT NULL DEFAULT 0,
  default_language TEXT NOT NULL DEFAULT '',
  default_quote_policy INTEGER NOT NULL DEFAULT 0,
  expand_media TEXT NOT NULL DEFAULT 'default',
  expand_spoilers INTEGER NOT NULL DEFAULT 0
);
-- Queries must repeat `email <> ''` for the planner to use this partial index.
CREATE UNIQUE INDEX users_email ON users (email) WHERE email <> '';

CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  website TEXT NOT NULL DEFAULT '',
  redirect_uris TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  scopes TEXT NOT NULL DEFAULT '',
  client_id TEXT NOT NULL UNIQUE,
  client_secret TEXT NOT NULL,
  owner_account_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

-- Only SHA-256 hashes of tokens are stored.
CREATE TABLE access_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  refresh_token_hash TEXT NOT NULL DEFAULT '',
  application_id INTEGER NOT NULL DEFAULT 0,
  account_id INTEGER NOT NULL DEFAULT 0,  -- 0 for an app-only token
  scopes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  last_used_at INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX access_tokens_refresh ON access_tokens (refresh_token_hash)
  WHERE refresh_token_hash <> '';
CREATE INDEX access_tokens_account ON access_tokens (account_id) WHERE revoked_at = 0;

CREATE TABLE authorization_codes (
  code_hash TEXT PRIMARY KEY,
  application_id INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  redirect_uri TEXT NOT NULL DEFAULT '',
  scopes TEXT NOT NULL DEFAULT '',
  code_challenge TEXT NOT NULL DEFAULT '',
  code_challenge_method TEXT NOT NULL DEFAULT '',
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE statuses (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  -- Denormalized from accounts.domain = '' at creation, so local/remote timelines need no join.
  local INTEGER NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  spoiler_text TEXT NOT NULL DEFAULT '',
  visibility INTEGER NOT NULL,
  sensitive INTEGER NOT NULL DEFAULT 0,
  language TEXT NOT NULL DEFAULT '',
  in_reply_to_id INTEGER,  -- NULL when none
  in_reply_to_account_id INTEGER,
  reblog_of_id INTEGER,
  quote_of_id INTEGER,
  quote_policy INTEGER NOT NULL DEFAULT 0,
  application_id INTEGER NOT NULL DEFAULT 0,
  conversation_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  edited_at INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  -- Denormalized copies for hydration without joins; status_mentions/status_tags index them.
  mentioned_account_ids TEXT NOT NULL DEFAULT '[]',  -- JSON array of ids
  tags TEXT NOT NULL DEFAULT '[]',  -- JSON array of tag names as written
  replies_count INTEGER NOT NULL DEFAULT 0,
  reblogs_count INTEGER NOT NULL DEFAULT 0,
  favourites_count INTEGER NOT NULL DEFAULT 0,
  quotes_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX statuses_account ON statuses (account_id, id DESC);
-- Ordered by id within a reblogged status (the rowid is the index's last column): RebloggedBy.
CREATE INDEX statuses_reblog_of ON statuses (reblog_of_id) WHERE reblog_of_id IS NOT NULL;
-- Point lookups "has this account reblogged that status": FindReblog, Interactions.
CREATE INDEX statuses_reblogger ON statuses (account_id, reblog_of_id)
  WHERE reblog_of_id IS NOT NULL;
CREATE INDEX statuses_in_reply_to ON statuses (in_reply_to_id) WHERE in_reply_to_id IS NOT NULL;
CREATE INDEX statuses_quote_of ON statuses (quote_of_id) WHERE quote_of_id IS NOT NULL;
CREATE INDEX statuses_visibility ON statuses (visibility, id);

-- Earlier versions of edited statuses.
CREATE TABLE status_edits (
  id INTEGER PRIMARY KEY,
  status_id INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  spoiler_text TEXT NOT NULL DEFAULT '',
  sensitive INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX status_edits_status ON status_edits (status_id, created_at);

CREATE TABLE status_mentions (
  account_id INTEGER NOT NULL,
  status_id INTEGER NOT NULL,
  PRIMARY KEY (account_id, status_id DESC)
) WITHOUT ROWID;
CREATE INDEX status_mentions_status ON status_mentions (status_id);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,  -- text::NormalizeTag form
  display_name TEXT NOT NULL  -- as first written
);

CREATE TABLE status_tags (
  tag_id INTEGER NOT NULL,
  status_id INTEGER NOT NULL,
  PRIMARY KEY (tag_id, status_id DESC)
) WITHOUT ROWID;
CREATE INDEX status_tags_status ON status_tags (status_id);

CREATE TABLE favourites (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL,
  status_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, status_id)
);
CREATE INDEX favourites_status ON favourites (status_id, id);
CREATE INDEX favourites_account ON favourites (account_id, id);

CREATE TABLE bookmarks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL,
  status_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, status_id)
);
CREATE INDEX bookmarks_status ON bookmarks (status_id, id);
CREATE INDEX bookmarks_account ON bookmarks (account_id, id);

CREATE TABLE pins (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL,
  status_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, status_id)
);

-- (account, Idempotency-Key header) -> the status it created; honoured for 24 hours.
CREATE TABLE idempotency_keys (
  account_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  status_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
) WITHOUT ROWID;
