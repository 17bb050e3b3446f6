-- 0003: what the social graph and statuses gained after 0002: the options of follow requests,
-- `status` notifications, personal notes, endorsements, followed hashtags, muted conversations
-- and revoked quotes.
--
-- Conventions as in 0001 and 0002 (times in milliseconds, enums as their C++ values, booleans
-- 0/1, string lists as JSON arrays; graph rows get AUTOINCREMENT ids that only page lists).

-- A follow request remembers the options the follow will get once it is authorized.
ALTER TABLE follow_requests ADD COLUMN show_reblogs INTEGER NOT NULL DEFAULT 1;
ALTER TABLE follow_requests ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
ALTER TABLE follow_requests ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';

-- The followers who asked to be notified of an account's posts (NotifyingFollowerIds): few rows
-- per account, so a partial index keeps the lookup cheap however many followers it has. Queries
-- must repeat `notify = 1` for the planner to use it.
CREATE INDEX follows_notifying ON follows (target_account_id, account_id) WHERE notify = 1;

-- A quote's state, kept on the quoting status (domain::QuoteState): 0 accepted, 1 revoked by the
-- quoted status's author. Revoked quotes no longer count in quotes_count nor list in /quotes.
ALTER TABLE statuses ADD COLUMN quote_state INTEGER NOT NULL DEFAULT 0;

-- Personal notes an account keeps about another (Relationship.note). No row = no note.
CREATE TABLE account_notes (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  comment TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, target_account_id)
) WITHOUT ROWID;

-- Endorsements ("featured profiles"): account_id features target_account_id, which it follows.
-- Removing the follow removes the endorsement in the same transaction.
CREATE TABLE account_endorsements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, target_account_id)
);
CREATE INDEX account_endorsements_by_account
  ON account_endorsements (account_id, id, target_account_id);

-- Followed hashtags. tag_id is a tags row (0001); following a tag nobody used yet creates it.
CREATE TABLE tag_follows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, tag_id)
);
-- /api/v1/followed_tags pages by row id; the home fan-out asks who follows a tag.
CREATE INDEX tag_follows_by_account ON tag_follows (account_id, id, tag_id);
CREATE INDEX tag_follows_by_tag ON tag_follows (tag_id, account_id);

-- Conversations (threads, by statuses.conversation_id) an account muted: no notifications from
-- them, and Status.muted is true for their statuses.
CREATE TABLE conversation_mutes (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, conversation_id)
) WITHOUT ROWID;
