// SqliteGraphStore: follows, follow requests, blocks, mutes and domain blocks over the tables
// of migration 0002; personal notes, endorsements and followed hashtags over those of 0003. See
// graph_store.h for the contract.
#include "storage/sqlite/graph_store.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "core/log.h"
#include "storage/sqlite/json_lists.h"
#include "storage/sqlite/paging.h"
#include "storage/sqlite/social_sql.h"

namespace magpie::storage::sqlite {

using core::Error;
using core::Result;
using core::Status;
using domain::Cursored;
using domain::Id;
using social_sql::Ids;
using social_sql::PagedCursors;
using social_sql::RequireAccounts;

namespace {

const core::Clock& DefaultClock() {
  static const core::SystemClock clock;
  return clock;
}

// Moves a follow's two counters by `delta`, never below zero.
Status MoveFollowCounters(Connection& c, Id follower, Id target, int delta) {
  MAGPIE_RETURN_IF_ERROR(
      c.Prepare("UPDATE accounts SET following_count = MAX(following_count + ?2, 0) WHERE id = ?1")
          .BindAll(follower, delta)
          .Run());
  return c
      .Prepare("UPDATE accounts SET followers_count = MAX(followers_count + ?2, 0) WHERE id = ?1")
      .BindAll(target, delta)
      .Run();
}

// Deletes the follow follower -> target with its counters and the follower's endorsement of the
// target (only followed accounts can be endorsed); true when there was a follow.
Result<bool> DeleteFollow(Connection& c, Id follower, Id target) {
  MAGPIE_RETURN_IF_ERROR(
      c.Prepare("DELETE FROM follows WHERE account_id = ?1 AND target_account_id = ?2")
          .BindAll(follower, target)
          .Run());
  if (c.Changes() == 0) return false;
  MAGPIE_RETURN_IF_ERROR(MoveFollowCounters(c, follower, target, -1));
  MAGPIE_RETURN_IF_ERROR(
      c.Prepare("DELETE FROM account_endorsements WHERE account_id = ?1 AND target_account_id = ?2")
          .BindAll(follower, target)
          .Run());
  return true;
}

Result<bool> DeleteFrom(Connection& c, std::string_view sql, Id a, Id b) {
  MAGPIE_RETURN_IF_ERROR(c.Prepare(sql).BindAll(a, b).Run());
  return c.Changes() > 0;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) {
    return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  });
  return out;
}

}  // namespace

SqliteGraphStore::SqliteGraphStore(Database& db) : SqliteGraphStore(db, DefaultClock()) {}

SqliteGraphStore::SqliteGraphStore(Database& db, const core::Clock& clock)
    : db_(db), clock_(clock) {
  auto watch = db_.Watch({.table = "follows", .key_column = "target_account_id", .only_if_set = ""},
                         [this](std::span<const int64_t> targets) {
                           for (int64_t id : targets) notifying_.Invalidate(id);
                         });
  if (!watch.ok()) {
    // Without the watch the cache could go stale; every post asks SQLite instead.
    core::log::Error("notifying-followers cache disabled",
                     {core::log::Str("error", watch.error().message)});
    return;
  }
  follows_watch_ = std::move(watch).value();
  notifying_cached_ = true;
}

// ---------------------------------------------------------------------------------------------
// Follows and follow requests

Result<domain::Follow> SqliteGraphStore::AddFollow(const domain::Follow& follow) {
  const std::string languages = jsonlist::FromStrings(follow.languages);
  return db_.WriteReturning<domain::Follow>([&](Connection& c) -> Result<domain::Follow> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {follow.account_id, follow.target_account_id}));
    domain::Follow out = follow;
    bool exists = false;
    {
      Statement st = c.Prepare(
          "SELECT id, created_at FROM follows WHERE account_id = ?1 AND target_account_id = ?2");
      st.BindAll(follow.account_id, follow.target_account_id);
      if (st.Step()) {
        exists = true;
        out.id = st.Int(0);
        out.created_at = st.Int(1);
      }
      MAGPIE_RETURN_IF_ERROR(st.status());
    }
    if (exists) {
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare(
               "UPDATE follows SET show_reblogs = ?2, notify = ?3, languages = ?4 WHERE id = ?1")
              .BindAll(out.id, follow.show_reblogs, follow.notify, languages)
              .Run());
    } else {
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare("INSERT INTO follows (account_id, target_account_id, show_reblogs, notify, "
                    "languages, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
              .BindAll(follow.account_id, follow.target_account_id, follow.show_reblogs,
                       follow.notify, languages, follow.created_at)
              .Run());
      out.id = c.LastInsertRowId();
      MAGPIE_RETURN_IF_ERROR(
          MoveFollowCounters(c, follow.account_id, follow.target_account_id, +1));
    }
    MAGPIE_RETURN_IF_ERROR(DeleteFrom(
        c, "DELETE FROM follow_requests WHERE account_id = ?1 AND target_account_id = ?2",
        follow.account_id, follow.target_account_id));
    return out;
  });
}

Result<bool> SqliteGraphStore::RemoveFollow(Id account_id, Id target_id) {
  return db_.WriteReturning<bool>(
      [&](Connection& c) { return DeleteFollow(c, account_id, target_id); });
}

namespace {

// One (account -> target) row of follows or follow_requests, selected as "id, show_reblogs,
// notify, languages, created_at" with ?1 = account and ?2 = target.
std::optional<domain::Follow> ReadFollowRow(Statement& st, Id account_id, Id target_id) {
  st.BindAll(account_id, target_id);
  if (!st.Step()) return std::nullopt;
  domain::Follow f;
  f.id = st.Int(0);
  f.account_id = account_id;
  f.target_account_id = target_id;
  f.show_reblogs = st.Bool(1);
  f.notify = st.Bool(2);
  f.languages = jsonlist::ToStrings(st.Text(3));
  f.created_at = st.Int(4);
  return f;
}

}  // namespace

std::optional<domain::Follow> SqliteGraphStore::GetFollow(Id account_id, Id target_id) {
  Statement st = db_.Reader().Prepare(
      "SELECT id, show_reblogs, notify, languages, created_at FROM follows "
      "WHERE account_id = ?1 AND target_account_id = ?2");
  return ReadFollowRow(st, account_id, target_id);
}

std::vector<Id> SqliteGraphStore::NotifyingFollowerIds(Id account_id) {
  auto load = [&] {
    // `notify = 1` written out so the partial index follows_notifying serves it.
    return Ids(db_.Reader(),
               "SELECT account_id FROM follows WHERE target_account_id = ?1 AND notify = 1",
               account_id);
  };
  if (!notifying_cached_) return load();
  core::SnapshotCache<std::vector<Id>>::Ptr hit;
  core::SnapshotCache<std::vector<Id>>::Ticket ticket;
  if (notifying_.Find(account_id, hit, ticket)) return hit ? *hit : std::vector<Id>{};
  std::vector<Id> ids = load();
  notifying_.Fill(account_id, std::make_shared<const std::vector<Id>>(ids), ticket);
  return ids;
}

Result<bool> SqliteGraphStore::AddFollowRequest(const domain::Follow& request) {
  const std::string languages = jsonlist::FromStrings(request.languages);
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {request.account_id, request.target_account_id}));
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT INTO follow_requests (account_id, target_account_id, created_at, "
                  "show_reblogs, notify, languages) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                  "ON CONFLICT DO NOTHING")
            .BindAll(request.account_id, request.target_account_id, request.created_at,
                     request.show_reblogs, request.notify, languages)
            .Run());
    if (c.Changes() > 0) return true;
    // Asked again: the request keeps its place in the queue and takes the new options.
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("UPDATE follow_requests SET show_reblogs = ?3, notify = ?4, languages = ?5 "
                  "WHERE account_id = ?1 AND target_account_id = ?2")
            .BindAll(request.account_id, request.target_account_id, request.show_reblogs,
                     request.notify, languages)
            .Run());
    return false;
  });
}

std::optional<domain::Follow> SqliteGraphStore::GetFollowRequest(Id account_id, Id target_id) {
  Statement st = db_.Reader().Prepare(
      "SELECT id, show_reblogs, notify, languages, created_at FROM follow_requests "
      "WHERE account_id = ?1 AND target_account_id = ?2");
  return ReadFollowRow(st, account_id, target_id);
}

Result<bool> SqliteGraphStore::RemoveFollowRequest(Id account_id, Id target_id) {
  return db_.WriteReturning<bool>([&](Connection& c) {
    return DeleteFrom(
        c, "DELETE FROM follow_requests WHERE account_id = ?1 AND target_account_id = ?2",
        account_id, target_id);
  });
}

std::vector<Cursored> SqliteGraphStore::FollowRequestsFor(Id target_id, const domain::Page& page) {
  return PagedCursors(db_.Reader(),
                      "SELECT id, account_id FROM follow_requests WHERE target_account_id = ?1",
                      target_id, page);
}

// ---------------------------------------------------------------------------------------------
// Blocks and mutes

Result<bool> SqliteGraphStore::AddBlock(Id account_id, Id target_id, int64_t now) {
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {account_id, target_id}));
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT INTO blocks (account_id, target_account_id, created_at) "
                  "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
            .BindAll(account_id, target_id, now)
            .Run());
    const bool added = c.Changes() > 0;
    // A block ends the relationship both ways, even when it already existed (cheap, and it
    // repairs a follow that slipped in through another path).
    MAGPIE_RETURN_IF_ERROR(DeleteFollow(c, account_id, target_id));
    MAGPIE_RETURN_IF_ERROR(DeleteFollow(c, target_id, account_id));
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM follow_requests WHERE (account_id = ?1 AND target_account_id = ?2) "
                  "OR (account_id = ?2 AND target_account_id = ?1)")
            .BindAll(account_id, target_id)
            .Run());
    return added;
  });
}

Result<bool> SqliteGraphStore::RemoveBlock(Id account_id, Id target_id) {
  return db_.WriteReturning<bool>([&](Connection& c) {
    return DeleteFrom(c, "DELETE FROM blocks WHERE account_id = ?1 AND target_account_id = ?2",
                      account_id, target_id);
  });
}

Result<bool> SqliteGraphStore::AddMute(const domain::Mute& mute, int64_t now) {
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {mute.account_id, mute.target_account_id}));
    std::optional<int64_t> old_expiry;
    {
      Statement st = c.Prepare(
          "SELECT expires_at FROM mutes WHERE account_id = ?1 AND target_account_id = ?2");
      st.BindAll(mute.account_id, mute.target_account_id);
      if (st.Step()) old_expiry = st.Int(0);
      MAGPIE_RETURN_IF_ERROR(st.status());
    }
    const bool live = old_expiry && (*old_expiry == 0 || *old_expiry > now);
    if (live) {
      MAGPIE_RETURN_IF_ERROR(c.Prepare("UPDATE mutes SET hide_notifications = ?3, expires_at = ?4 "
                                       "WHERE account_id = ?1 AND target_account_id = ?2")
                                 .BindAll(mute.account_id, mute.target_account_id,
                                          mute.hide_notifications, mute.expires_at)
                                 .Run());
      return false;
    }
    // An expired mute is no mute: replace it, so the new one also gets a fresh cursor.
    MAGPIE_RETURN_IF_ERROR(
        DeleteFrom(c, "DELETE FROM mutes WHERE account_id = ?1 AND target_account_id = ?2",
                   mute.account_id, mute.target_account_id));
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT INTO mutes (account_id, target_account_id, hide_notifications, "
                  "expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
            .BindAll(mute.account_id, mute.target_account_id, mute.hide_notifications,
                     mute.expires_at, now)
            .Run());
    return true;
  });
}

Result<bool> SqliteGraphStore::RemoveMute(Id account_id, Id target_id) {
  return db_.WriteReturning<bool>([&](Connection& c) {
    return DeleteFrom(c, "DELETE FROM mutes WHERE account_id = ?1 AND target_account_id = ?2",
                      account_id, target_id);
  });
}

// ---------------------------------------------------------------------------------------------
// Relationships

std::vector<domain::Relationship> SqliteGraphStore::Relationships(Id account_id,
                                                                  std::span<const Id> target_ids) {
  std::vector<domain::Relationship> out;
  if (target_ids.empty()) return out;
  // One query: json_each(?2) drives it, so the answer keeps the targets' order (and repeats)
  // and every flag is an index lookup on a unique key.
  Statement st = db_.Reader().Prepare(
      "SELECT t.value, f.id IS NOT NULL, COALESCE(f.show_reblogs, r.show_reblogs, 0), "
      "  COALESCE(f.notify, r.notify, 0), COALESCE(f.languages, r.languages), "
      "  EXISTS (SELECT 1 FROM follows WHERE account_id = t.value AND target_account_id = ?1), "
      "  EXISTS (SELECT 1 FROM blocks WHERE account_id = ?1 AND target_account_id = t.value), "
      "  EXISTS (SELECT 1 FROM blocks WHERE account_id = t.value AND target_account_id = ?1), "
      "  m.id IS NOT NULL, COALESCE(m.hide_notifications, 0), "
      "  r.id IS NOT NULL, "
      "  EXISTS (SELECT 1 FROM follow_requests "
      "          WHERE account_id = t.value AND target_account_id = ?1), "
      "  EXISTS (SELECT 1 FROM accounts a JOIN account_domain_blocks d "
      "          ON d.account_id = ?1 AND d.domain = lower(a.domain) WHERE a.id = t.value), "
      "  EXISTS (SELECT 1 FROM account_endorsements "
      "          WHERE account_id = ?1 AND target_account_id = t.value), "
      "  (SELECT comment FROM account_notes WHERE account_id = ?1 AND target_account_id = t.value) "
      "FROM json_each(?2) AS t "
      "LEFT JOIN follows f ON f.account_id = ?1 AND f.target_account_id = t.value "
      "LEFT JOIN follow_requests r ON r.account_id = ?1 AND r.target_account_id = t.value "
      "LEFT JOIN mutes m ON m.account_id = ?1 AND m.target_account_id = t.value "
      "  AND (m.expires_at = 0 OR m.expires_at > ?3) "
      "ORDER BY t.key");
  st.BindAll(account_id, jsonlist::FromIds(target_ids), clock_.NowMillis());
  out.reserve(target_ids.size());
  while (st.Step()) {
    domain::Relationship r;
    r.target_id = st.Int(0);
    r.following = st.Bool(1);
    r.showing_reblogs = st.Bool(2);
    r.notifying = st.Bool(3);
    // The options of a follow, or of a pending request (what the follow will get).
    r.followed_by = st.Bool(5);
    r.blocking = st.Bool(6);
    r.blocked_by = st.Bool(7);
    r.muting = st.Bool(8);
    r.muting_notifications = r.muting && st.Bool(9);
    r.requested = st.Bool(10);
    r.requested_by = st.Bool(11);
    r.domain_blocking = st.Bool(12);
    if (r.following || r.requested) r.languages = jsonlist::ToStrings(st.Text(4));
    r.endorsed = st.Bool(13);
    r.note = st.Text(14);  // NULL (no note) reads as ""
    out.push_back(std::move(r));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Personal notes and endorsements

Status SqliteGraphStore::SetNote(Id account_id, Id target_id, std::string_view comment,
                                 int64_t now) {
  return db_.Write([&](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {account_id, target_id}));
    if (comment.empty()) {
      return c.Prepare("DELETE FROM account_notes WHERE account_id = ?1 AND target_account_id = ?2")
          .BindAll(account_id, target_id)
          .Run();
    }
    return c
        .Prepare(
            "INSERT INTO account_notes (account_id, target_account_id, comment, updated_at) "
            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, target_account_id) DO UPDATE SET "
            "comment = excluded.comment, updated_at = excluded.updated_at")
        .BindAll(account_id, target_id, comment, now)
        .Run();
  });
}

Result<bool> SqliteGraphStore::AddEndorsement(Id account_id, Id target_id, int64_t now) {
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {account_id, target_id}));
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT INTO account_endorsements (account_id, target_account_id, created_at) "
                  "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
            .BindAll(account_id, target_id, now)
            .Run());
    return c.Changes() > 0;
  });
}

Result<bool> SqliteGraphStore::RemoveEndorsement(Id account_id, Id target_id) {
  return db_.WriteReturning<bool>([&](Connection& c) {
    return DeleteFrom(
        c, "DELETE FROM account_endorsements WHERE account_id = ?1 AND target_account_id = ?2",
        account_id, target_id);
  });
}

std::vector<Cursored> SqliteGraphStore::Endorsements(Id account_id, const domain::Page& page) {
  return PagedCursors(
      db_.Reader(), "SELECT id, target_account_id FROM account_endorsements WHERE account_id = ?1",
      account_id, page);
}

// ---------------------------------------------------------------------------------------------
// Followed hashtags

Result<domain::FollowedTag> SqliteGraphStore::FollowTag(Id account_id, std::string_view normalized,
                                                        std::string_view display_name,
                                                        int64_t now) {
  if (normalized.empty()) return Error::Invalid("tag name must not be empty");
  return db_.WriteReturning<domain::FollowedTag>([&](Connection& c) -> Result<domain::FollowedTag> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {account_id}));
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT OR IGNORE INTO tags (name, display_name) VALUES (?1, ?2)")
            .BindAll(normalized, display_name.empty() ? normalized : display_name)
            .Run());
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT INTO tag_follows (account_id, tag_id, created_at) SELECT ?1, id, ?3 "
                  "FROM tags WHERE name = ?2 ON CONFLICT DO NOTHING")
            .BindAll(account_id, normalized, now)
            .Run());
    Statement st = c.Prepare(
        "SELECT f.id, t.display_name FROM tags t JOIN tag_follows f ON f.tag_id = t.id AND "
        "f.account_id = ?1 WHERE t.name = ?2");
    st.BindAll(account_id, normalized);
    if (!st.Step()) {
      MAGPIE_RETURN_IF_ERROR(st.status());
      return Error::Internal("tag follow vanished");
    }
    return domain::FollowedTag{st.Int(0), st.Text(1), std::string(normalized)};
  });
}

Result<bool> SqliteGraphStore::UnfollowTag(Id account_id, std::string_view normalized) {
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM tag_follows WHERE account_id = ?1 AND tag_id = (SELECT id FROM tags "
                  "WHERE name = ?2)")
            .BindAll(account_id, normalized)
            .Run());
    return c.Changes() > 0;
  });
}

std::vector<domain::FollowedTag> SqliteGraphStore::FollowedTags(Id account_id,
                                                                const domain::Page& page) {
  const PageBounds b = BoundsOf(page);
  Statement st = db_.Reader().Prepare(
      "SELECT f.id, t.display_name, t.name FROM tag_follows f CROSS JOIN tags t ON t.id = f.tag_id "
      "WHERE f.account_id = ?1" +
      social_sql::PageTail("f.id", b, 2));
  st.Bind(1, account_id);
  social_sql::BindPage(st, b, 2);
  std::vector<domain::FollowedTag> out;
  while (st.Step()) out.push_back({st.Int(0), st.Text(1), st.Text(2)});
  NewestFirst(b, out);
  return out;
}

std::vector<std::string> SqliteGraphStore::FollowedTagNames(Id account_id) {
  Statement st = db_.Reader().Prepare(
      "SELECT t.name FROM tag_follows f CROSS JOIN tags t ON t.id = f.tag_id WHERE f.account_id = "
      "?1");
  st.Bind(1, account_id);
  std::vector<std::string> out;
  while (st.Step()) out.push_back(st.Text(0));
  return out;
}

std::vector<Id> SqliteGraphStore::TagFollowerIds(std::string_view normalized) {
  Statement st = db_.Reader().Prepare(
      "SELECT account_id FROM tag_follows WHERE tag_id = (SELECT id FROM tags WHERE name = ?1)");
  st.Bind(1, normalized);
  std::vector<Id> out;
  while (st.Step()) out.push_back(st.Int(0));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Paged lists and whole sets

std::vector<Cursored> SqliteGraphStore::Followers(Id account_id, const domain::Page& page) {
  return PagedCursors(db_.Reader(),
                      "SELECT id, account_id FROM follows WHERE target_account_id = ?1", account_id,
                      page);
}

std::vector<Cursored> SqliteGraphStore::Following(Id account_id, const domain::Page& page) {
  return PagedCursors(db_.Reader(),
                      "SELECT id, target_account_id FROM follows WHERE account_id = ?1", account_id,
                      page);
}

std::vector<Cursored> SqliteGraphStore::Blocks(Id account_id, const domain::Page& page) {
  return PagedCursors(db_.Reader(),
                      "SELECT id, target_account_id FROM blocks WHERE account_id = ?1", account_id,
                      page);
}

std::vector<Cursored> SqliteGraphStore::Mutes(Id account_id, const domain::Page& page) {
  const int64_t now = clock_.NowMillis();
  return PagedCursors(db_.Reader(),
                      "SELECT id, target_account_id FROM mutes WHERE account_id = ?1 "
                      "AND (expires_at = 0 OR expires_at > ?2)",
                      "id", account_id, page, 1, [now](Statement& st) { st.Bind(2, now); });
}

std::vector<Id> SqliteGraphStore::FollowerIds(Id account_id) {
  return Ids(db_.Reader(), "SELECT account_id FROM follows WHERE target_account_id = ?1",
             account_id);
}

std::vector<Id> SqliteGraphStore::FollowingIds(Id account_id) {
  return Ids(db_.Reader(), "SELECT target_account_id FROM follows WHERE account_id = ?1",
             account_id);
}

std::vector<Id> SqliteGraphStore::BlockIdsEitherWay(Id account_id) {
  return Ids(db_.Reader(),
             "SELECT target_account_id FROM blocks WHERE account_id = ?1 "
             "UNION SELECT account_id FROM blocks WHERE target_account_id = ?1",
             account_id);
}

std::vector<domain::Mute> SqliteGraphStore::ActiveMutes(Id account_id, int64_t now) {
  Statement st = db_.Reader().Prepare(
      "SELECT target_account_id, hide_notifications, expires_at FROM mutes WHERE account_id = ?1 "
      "AND (expires_at = 0 OR expires_at > ?2)");
  st.BindAll(account_id, now);
  std::vector<domain::Mute> out;
  while (st.Step()) {
    out.push_back({.account_id = account_id,
                   .target_account_id = st.Int(0),
                   .hide_notifications = st.Bool(1),
                   .expires_at = st.Int(2)});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Domain blocks

Result<bool> SqliteGraphStore::AddDomainBlock(Id account_id, std::string_view domain) {
  const std::string normalized = AsciiLower(domain);
  if (normalized.empty()) return Error::Invalid("domain must not be empty");
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {account_id}));
    MAGPIE_RETURN_IF_ERROR(c.Prepare("INSERT INTO account_domain_blocks (account_id, domain) "
                                     "VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                               .BindAll(account_id, normalized)
                               .Run());
    return c.Changes() > 0;
  });
}

Result<bool> SqliteGraphStore::RemoveDomainBlock(Id account_id, std::string_view domain) {
  const std::string normalized = AsciiLower(domain);
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM account_domain_blocks WHERE account_id = ?1 AND domain = ?2")
            .BindAll(account_id, normalized)
            .Run());
    return c.Changes() > 0;
  });
}

std::vector<std::string> SqliteGraphStore::DomainBlocks(Id account_id) {
  Statement st = db_.Reader().Prepare(
      "SELECT domain FROM account_domain_blocks WHERE account_id = ?1 ORDER BY id DESC");
  st.Bind(1, account_id);
  std::vector<std::string> out;
  while (st.Step()) out.push_back(st.Text(0));
  return out;
}

}  // namespace magpie::storage::sqlite
