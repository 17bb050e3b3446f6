-- 0002: the social graph and the per-user collections around it (domain/social_store.h).
--
-- Conventions (as in 0001): times are INTEGER milliseconds since the epoch, enums are INTEGER
-- (their C++ order is append-only), booleans 0/1, string lists are JSON arrays of strings.
-- Graph rows (follows, follow_requests, blocks, mutes, list_accounts) get AUTOINCREMENT ids that
-- only serve as pagination cursors ("newest first" must never reuse a deleted row's id); every
-- other row's id is made by core::IdGenerator and supplied by the caller.
-- Every row that belongs to an account goes with it (ON DELETE CASCADE).

-- follows: the follower (account_id) follows target_account_id.
CREATE TABLE follows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  show_reblogs INTEGER NOT NULL DEFAULT 1,
  notify INTEGER NOT NULL DEFAULT 0,
  languages TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, target_account_id)
);
-- Covering indexes: a page of /followers is a range scan by (target, id), and FollowerIds of a
-- 100k-follower account is read from the index alone, without touching the table.
CREATE INDEX follows_by_target ON follows (target_account_id, id, account_id);
CREATE INDEX follows_by_account ON follows (account_id, id, target_account_id);

-- follow_requests: account_id asked to follow the locked target_account_id.
CREATE TABLE follow_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, target_account_id)
);
CREATE INDEX follow_requests_by_target ON follow_requests (target_account_id, id, account_id);

CREATE TABLE blocks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, target_account_id)
);
-- "Who blocks me" (blocked_by, BlockIdsEitherWay); pages of /api/v1/blocks by row id.
CREATE INDEX blocks_by_target ON blocks (target_account_id, account_id);
CREATE INDEX blocks_by_account ON blocks (account_id, id, target_account_id);

-- mutes: expires_at 0 = never. Expired rows stay until replaced; every read filters them out.
CREATE TABLE mutes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  hide_notifications INTEGER NOT NULL DEFAULT 1,
  expires_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, target_account_id)
);
CREATE INDEX mutes_by_account ON mutes (account_id, id);

-- Domains an account hides (stored lower-case, compared with accounts.domain lower-cased).
CREATE TABLE account_domain_blocks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  UNIQUE (account_id, domain)
);

-- notifications: account_id is the recipient. status_id 0 = about no status (follows). No
-- foreign key to statuses: statuses are soft-deleted, RemoveForStatus drops these rows.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  from_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type INTEGER NOT NULL,
  status_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX notifications_by_account ON notifications (account_id, id);
CREATE INDEX notifications_by_status ON notifications (status_id) WHERE status_id <> 0;

CREATE TABLE lists (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  replies_policy INTEGER NOT NULL DEFAULT 1,
  is_exclusive INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX lists_by_account ON lists (account_id);

CREATE TABLE list_accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  UNIQUE (list_id, account_id)
);
-- Members pages (by row id) and ListsContaining(owner, member).
CREATE INDEX list_accounts_by_list ON list_accounts (list_id, id, account_id);
CREATE INDEX list_accounts_by_account ON list_accounts (account_id, list_id);

-- filters: contexts is a JSON array of context names; action a FilterAction; expires_at 0 =
-- never.
CREATE TABLE filters (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  contexts TEXT NOT NULL DEFAULT '[]',
  action INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX filters_by_account ON filters (account_id);

CREATE TABLE filter_keywords (
  id INTEGER PRIMARY KEY,
  filter_id INTEGER NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
  keyword TEXT NOT NULL,
  whole_word INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX filter_keywords_by_filter ON filter_keywords (filter_id);

-- No foreign key to statuses (soft-deleted); a filter on a deleted status just never matches.
CREATE TABLE filter_statuses (
  id INTEGER PRIMARY KEY,
  filter_id INTEGER NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
  status_id INTEGER NOT NULL,
  UNIQUE (filter_id, status_id)
);

-- markers: one per (account, timeline name); version 0 on creation, +1 on every later set.
CREATE TABLE markers (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  timeline TEXT NOT NULL,
  last_read_id INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, timeline)
) WITHOUT ROWID;

-- conversations: one participant's view of a direct thread. participant_ids is a JSON array of
-- the other participants' ids.
CREATE TABLE conversations (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL,
  participant_ids TEXT NOT NULL DEFAULT '[]',
  last_status_id INTEGER NOT NULL,
  unread INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, conversation_id)
) WITHOUT ROWID;
-- /api/v1/conversations pages by the newest status.
CREATE INDEX conversations_by_last_status ON conversations (account_id, last_status_id);

CREATE TABLE featured_tags (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE,
  statuses_count INTEGER NOT NULL DEFAULT 0,
  last_status_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, name)
);
