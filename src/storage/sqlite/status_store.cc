// Statuses and their interactions on SQLite.
//
// A status row carries denormalized copies of what hydration needs (mentioned account ids and
// tag names as JSON arrays, the author's locality, the counters), so GetMany is one indexed read
// with no joins. status_mentions and status_tags exist only to answer "which statuses mention /
// carry X" in id order.
//
// Variable-length id lists are bound as one JSON array parameter and expanded with json_each(),
// so each query is one cached prepared statement whatever the number of ids. Timeline SQL is
// assembled from fixed fragments (never from values): a finite set of variants, each prepared
// once per connection.
#include "storage/sqlite/status_store.h"

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <utility>

#include "core/log.h"
#include "storage/sqlite/json_lists.h"
#include "storage/sqlite/paging.h"

namespace magpie::storage::sqlite {

using core::Error;
using core::ErrorCode;
using core::Result;
using domain::Cursored;
using domain::Id;
using domain::InteractionFlags;
using domain::StatusEdit;
using domain::StatusQuery;

namespace {

constexpr int64_t kIdempotencyWindowMs = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Rows

constexpr std::string_view kStatusColumns =
    "id, account_id, text, spoiler_text, visibility, sensitive, language, in_reply_to_id, "
    "in_reply_to_account_id, reblog_of_id, quote_of_id, quote_policy, application_id, "
    "conversation_id, created_at, edited_at, deleted, mentioned_account_ids, tags, replies_count, "
    "reblogs_count, favourites_count, quotes_count, quote_state";

domain::Status ReadStatus(const Statement& st) {
  domain::Status s;
  s.id = st.Int(0);
  s.account_id = st.Int(1);
  s.text = st.Text(2);
  s.spoiler_text = st.Text(3);
  s.visibility = static_cast<domain::Visibility>(st.Int(4));
  s.sensitive = st.Bool(5);
  s.language = st.Text(6);
  s.in_reply_to_id = st.Int(7);  // NULL reads as 0, "none"
  s.in_reply_to_account_id = st.Int(8);
  s.reblog_of_id = st.Int(9);
  s.quote_of_id = st.Int(10);
  s.quote_policy = static_cast<domain::QuotePolicy>(st.Int(11));
  s.application_id = st.Int(12);
  s.conversation_id = st.Int(13);
  s.created_at = st.Int(14);
  s.edited_at = st.Int(15);
  s.deleted = st.Bool(16);
  s.mentioned_account_ids = jsonlist::ToIds(st.Text(17));
  s.tags = jsonlist::ToStrings(st.Text(18));
  s.replies_count = st.Int(19);
  s.reblogs_count = st.Int(20);
  s.favourites_count = st.Int(21);
  s.quotes_count = st.Int(22);
  s.quote_state = static_cast<domain::QuoteState>(st.Int(23));
  return s;
}

std::string StatusSelect(std::string_view where) {
  return "SELECT " + std::string(kStatusColumns) + " FROM statuses " + std::string(where);
}

// Moves one counter of one status, never below zero. `column` is always a literal of this file.
core::Status MoveStatusCounter(Connection& c, std::string_view column, Id id, int64_t delta) {
  if (id == 0) return core::Ok();
  const std::string col(column);
  return c.Prepare("UPDATE statuses SET " + col + " = MAX(" + col + " + ?2, 0) WHERE id = ?1")
      .BindAll(id, delta)
      .Run();
}

core::Status MoveStatusesCount(Connection& c, Id account_id, int64_t delta) {
  return c.Prepare("UPDATE accounts SET statuses_count = MAX(statuses_count + ?2, 0) WHERE id = ?1")
      .BindAll(account_id, delta)
      .Run();
}

// Writes the mention and tag index rows of a status (its old ones already removed).
core::Status InsertIndexRows(Connection& c, const domain::Status& s,
                             const std::vector<std::string>& normalized_tags) {
  if (!s.mentioned_account_ids.empty()) {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT OR IGNORE INTO status_mentions (account_id, status_id) "
                  "SELECT value, ?2 FROM json_each(?1) WHERE value <> 0")
            .BindAll(jsonlist::FromIds(s.mentioned_account_ids), s.id)
            .Run());
  }
  if (!normalized_tags.empty()) {
    const std::string names = jsonlist::FromStrings(normalized_tags);
    // The first spelling seen becomes the tag's display name.
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT OR IGNORE INTO tags (name, display_name) SELECT n.value, d.value FROM "
                  "json_each(?1) AS n JOIN json_each(?2) AS d ON d.key = n.key WHERE n.value <> ''")
            .BindAll(names, jsonlist::FromStrings(s.tags))
            .Run());
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT OR IGNORE INTO status_tags (tag_id, status_id) SELECT id, ?2 FROM tags "
                  "WHERE name IN (SELECT value FROM json_each(?1))")
            .BindAll(names, s.id)
            .Run());
  }
  return core::Ok();
}

// Is there a visible (non-deleted) status with this id? For writes that need one.
core::Status RequireLiveStatus(Connection& c, Id id) {
  Statement st = c.Prepare("SELECT 1 FROM statuses WHERE id = ?1 AND deleted = 0");
  st.Bind(1, id);
  if (st.Step()) return core::Ok();
  MAGPIE_RETURN_IF_ERROR(st.status());
  return Error::NotFound();
}

// ---------------------------------------------------------------------------------------------
// Timelines

// Parameters of every timeline query: ?1 the key (account id, tag name, JSON author list),
// ?2 the exclusive upper id, ?3 the exclusive lower id, ?4 the limit, ?5 the visibility filter.
struct TimelineShape {
  // "FROM ... WHERE ..." over `statuses s` (and possibly an index table), without the filters.
  std::string_view from_where;
  // The id column the page runs on (s.id, or the index table's status_id so its order is used).
  std::string_view id_column;
  // True only where the (visibility, id) index should serve the query: the public timeline. Other
  // shapes hide visibility from the planner (`+s.visibility`) so it keeps their own index.
  bool visibility_indexed = false;
};

std::vector<Id> RunTimeline(Database& db, const TimelineShape& shape, const StatusQuery& query,
                            const std::function<void(Statement&)>& bind_key) {
  std::vector<Id> out;
  if (query.local_only && query.remote_only) return out;  // nothing is both
  const PageBounds b = BoundsOf(query.page);
  const std::string id_col(shape.id_column);

  std::string sql = "SELECT " + id_col + " " + std::string(shape.from_where) +
                    " AND s.deleted = 0 AND " + id_col + " < ?2 AND " + id_col + " > ?3";
  std::optional<int64_t> visibility_param;
  if (query.visibilities.size() == 1) {
    sql += shape.visibility_indexed ? " AND s.visibility = ?5" : " AND +s.visibility = ?5";
    visibility_param = static_cast<int64_t>(query.visibilities.front());
  } else if (!query.visibilities.empty()) {
    // A bit per allowed visibility: one parameter whatever the set.
    int64_t mask = 0;
    for (domain::Visibility v : query.visibilities) mask |= int64_t{1} << static_cast<int>(v);
    sql += " AND ((?5 >> s.visibility) & 1) = 1";
    visibility_param = mask;
  }
  if (query.exclude_replies) {
    sql += " AND (s.in_reply_to_id IS NULL OR s.in_reply_to_account_id = s.account_id)";
  }
  if (query.exclude_reblogs) sql += " AND s.reblog_of_id IS NULL";
  if (query.local_only) sql += " AND s.local = 1";
  if (query.remote_only) sql += " AND s.local = 0";
  sql += " ORDER BY " + id_col + (b.ascending ? " ASC" : " DESC") + " LIMIT ?4";

  Statement st = db.Reader().Prepare(sql);
  bind_key(st);
  st.Bind(2, b.UpperId()).Bind(3, b.lower_id).Bind(4, b.limit);
  if (visibility_param) st.Bind(5, *visibility_param);
  while (st.Step()) out.push_back(st.Int(0));
  NewestFirst(b, out);
  return out;
}

// A page of (row id, other id) pairs from a `SELECT cursor, id ... AND cursor < ?2 AND cursor >
// ?3 ORDER BY cursor {ASC|DESC} LIMIT ?4` query keyed by ?1.
std::vector<Cursored> CursorPage(Database& db, std::string_view sql_desc, std::string_view sql_asc,
                                 Id key, const domain::Page& page) {
  const PageBounds b = BoundsOf(page);
  std::vector<Cursored> out;
  Statement st = db.Reader().Prepare(b.ascending ? sql_asc : sql_desc);
  st.BindAll(key, b.UpperId(), b.lower_id, b.limit);
  while (st.Step()) out.push_back(Cursored{st.Int(0), st.Int(1)});
  NewestFirst(b, out);
  return out;
}

// Adds (account, status) to favourites/bookmarks/pins; true when it was new. `counter` is the
// status column moved with it, or empty.
Result<bool> AddInteraction(Database& db, std::string_view table, std::string_view counter,
                            Id account_id, Id status_id, int64_t now) {
  return db.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(RequireLiveStatus(c, status_id));
    MAGPIE_RETURN_IF_ERROR(c.Prepare("INSERT OR IGNORE INTO " + std::string(table) +
                                     " (account_id, status_id, created_at) VALUES (?1, ?2, ?3)")
                               .BindAll(account_id, status_id, now)
                               .Run());
    if (c.Changes() == 0) return false;
    if (!counter.empty()) MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, counter, status_id, 1));
    return true;
  });
}

Result<bool> RemoveInteraction(Database& db, std::string_view table, std::string_view counter,
                               Id account_id, Id status_id) {
  return db.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM " + std::string(table) + " WHERE account_id = ?1 AND status_id = ?2")
            .BindAll(account_id, status_id)
            .Run());
    if (c.Changes() == 0) return false;
    if (!counter.empty()) MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, counter, status_id, -1));
    return true;
  });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Writes

SqliteStatusStore::SqliteStatusStore(Database& db, size_t interaction_viewers) : db_(db) {
  if (interaction_viewers == 0) return;
  // Viewers with more than this many of one kind are answered by the query instead.
  constexpr size_t kMaxPerKind = 5'000;
  auto cache = ViewerInteractionCache::Create(db_, interaction_viewers, kMaxPerKind);
  if (!cache.ok()) {
    core::log::Error("viewer interaction cache disabled",
                     {core::log::Str("error", cache.error().message)});
    return;
  }
  interactions_ = std::move(cache).value();
}

core::Status SqliteStatusStore::Create(const domain::Status& s,
                                       const std::vector<std::string>& normalized_tags,
                                       std::string_view idempotency_key) {
  if (normalized_tags.size() != s.tags.size()) {
    return Error::Invalid("normalized_tags must be parallel to status.tags");
  }
  return db_.Write(
      [&](Connection& c) { return InsertStatus(c, s, normalized_tags, idempotency_key); });
}

void SqliteStatusStore::CreateAsync(const domain::Status& status,
                                    const std::vector<std::string>& normalized_tags,
                                    const std::string& idempotency_key, CreateDone done) {
  if (normalized_tags.size() != status.tags.size()) {
    done(Error::Invalid("normalized_tags must be parallel to status.tags"));
    return;
  }
  // The job owns copies: it runs after the caller has moved on.
  db_.WriteAsync([s = status, tags = normalized_tags,
                  key = idempotency_key](Connection& c) { return InsertStatus(c, s, tags, key); },
                 std::move(done));
}

core::Status SqliteStatusStore::InsertStatus(Connection& c, const domain::Status& s,
                                             const std::vector<std::string>& normalized_tags,
                                             std::string_view idempotency_key) {
  bool local = false;
  {
    Statement st = c.Prepare("SELECT domain = '' FROM accounts WHERE id = ?1");
    st.Bind(1, s.account_id);
    if (!st.Step()) {
      MAGPIE_RETURN_IF_ERROR(st.status());
      return Error::NotFound();
    }
    local = st.Bool(0);
  }
  if (!idempotency_key.empty()) {
    // Forget this account's expired keys first, so an old key can be used again and the table
    // holds at most a day of keys.
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM idempotency_keys WHERE account_id = ?1 AND created_at <= ?2")
            .BindAll(s.account_id, s.created_at - kIdempotencyWindowMs)
            .Run());
    core::Status k = c.Prepare(
                          "INSERT INTO idempotency_keys (account_id, key, status_id, "
                          "created_at) VALUES (?1, ?2, ?3, ?4)")
                         .BindAll(s.account_id, idempotency_key, s.id, s.created_at)
                         .Run();
    if (!k.ok()) {
      if (k.error().code == ErrorCode::kConflict) {
        return Error::Conflict("Idempotency key already used");
      }
      return k;
    }
  }
  Statement ins = c.Prepare(
      "INSERT INTO statuses (id, account_id, local, text, spoiler_text, visibility, sensitive, "
      "language, in_reply_to_id, in_reply_to_account_id, reblog_of_id, quote_of_id, "
      "quote_policy, application_id, conversation_id, created_at, edited_at, "
      "mentioned_account_ids, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, 0), "
      "NULLIF(?10, 0), NULLIF(?11, 0), NULLIF(?12, 0), ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  ins.BindAll(s.id, s.account_id, local, s.text, s.spoiler_text, static_cast<int64_t>(s.visibility),
              s.sensitive, s.language, s.in_reply_to_id, s.in_reply_to_account_id, s.reblog_of_id,
              s.quote_of_id, static_cast<int64_t>(s.quote_policy), s.application_id,
              s.conversation_id, s.created_at, s.edited_at,
              jsonlist::FromIds(s.mentioned_account_ids), jsonlist::FromStrings(s.tags));
  if (core::Status r = ins.Run(); !r.ok()) {
    if (r.error().code == ErrorCode::kConflict) return Error::Conflict("Status already exists");
    return r;
  }
  MAGPIE_RETURN_IF_ERROR(InsertIndexRows(c, s, normalized_tags));

  MAGPIE_RETURN_IF_ERROR(
      c.Prepare("UPDATE accounts SET statuses_count = statuses_count + 1, last_status_at = "
                "MAX(last_status_at, ?2) WHERE id = ?1")
          .BindAll(s.account_id, s.created_at)
          .Run());
  MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, "replies_count", s.in_reply_to_id, 1));
  MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, "reblogs_count", s.reblog_of_id, 1));
  MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, "quotes_count", s.quote_of_id, 1));
  return core::Ok();
}

std::optional<Id> SqliteStatusStore::FindByIdempotencyKey(Id account_id, std::string_view key,
                                                          int64_t now) {
  Statement st = db_.Reader().Prepare(
      "SELECT status_id FROM idempotency_keys WHERE account_id = ?1 AND key = ?2 AND created_at > "
      "?3");
  st.BindAll(account_id, key, now - kIdempotencyWindowMs);
  if (st.Step()) return st.Int(0);
  return std::nullopt;
}

core::Status SqliteStatusStore::Update(const domain::Status& s,
                                       const std::vector<std::string>& normalized_tags,
                                       const StatusEdit& previous) {
  if (normalized_tags.size() != s.tags.size()) {
    return Error::Invalid("normalized_tags must be parallel to status.tags");
  }
  return db_.Write([&](Connection& c) -> core::Status {
    Id author = 0;
    {
      Statement st = c.Prepare("SELECT account_id FROM statuses WHERE id = ?1 AND deleted = 0");
      st.Bind(1, s.id);
      if (!st.Step()) {
        MAGPIE_RETURN_IF_ERROR(st.status());
        return Error::NotFound();
      }
      author = st.Int(0);
    }
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("UPDATE statuses SET text = ?2, spoiler_text = ?3, sensitive = ?4, language = "
                  "?5, mentioned_account_ids = ?6, tags = ?7, edited_at = ?8 WHERE id = ?1")
            .BindAll(s.id, s.text, s.spoiler_text, s.sensitive, s.language,
                     jsonlist::FromIds(s.mentioned_account_ids), jsonlist::FromStrings(s.tags),
                     s.edited_at)
            .Run());
    // An edit id of 0 lets SQLite choose one (the rowid); history is ordered by time anyway.
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT INTO status_edits (id, status_id, account_id, text, spoiler_text, "
                  "sensitive, created_at) VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)")
            .BindAll(previous.id, s.id, previous.account_id != 0 ? previous.account_id : author,
                     previous.text, previous.spoiler_text, previous.sensitive, previous.created_at)
            .Run());
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM status_mentions WHERE status_id = ?1").Bind(1, s.id).Run());
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM status_tags WHERE status_id = ?1").Bind(1, s.id).Run());
    return InsertIndexRows(c, s, normalized_tags);
  });
}

std::vector<StatusEdit> SqliteStatusStore::History(Id status_id) {
  std::vector<StatusEdit> out;
  Statement st = db_.Reader().Prepare(
      "SELECT id, status_id, account_id, text, spoiler_text, sensitive, created_at FROM "
      "status_edits WHERE status_id = ?1 ORDER BY created_at, id");
  st.Bind(1, status_id);
  while (st.Step()) {
    StatusEdit e;
    e.id = st.Int(0);
    e.status_id = st.Int(1);
    e.account_id = st.Int(2);
    e.text = st.Text(3);
    e.spoiler_text = st.Text(4);
    e.sensitive = st.Bool(5);
    e.created_at = st.Int(6);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Id>> SqliteStatusStore::Delete(Id id) {
  return db_.WriteReturning<std::vector<Id>>([&](Connection& c) -> Result<std::vector<Id>> {
    Id author = 0, parent = 0, reblog_of = 0, quote_of = 0;
    {
      Statement st = c.Prepare(
          "SELECT account_id, in_reply_to_id, reblog_of_id, quote_of_id, quote_state FROM statuses "
          "WHERE id = ?1 AND deleted = 0");
      st.Bind(1, id);
      if (!st.Step()) {
        MAGPIE_RETURN_IF_ERROR(st.status());
        return Error::NotFound();
      }
      author = st.Int(0);
      parent = st.Int(1);
      reblog_of = st.Int(2);
      // A revoked quote was taken off quotes_count when it was revoked.
      quote_of = st.Int(4) == static_cast<int64_t>(domain::QuoteState::kAccepted) ? st.Int(3) : 0;
    }
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("UPDATE statuses SET deleted = 1 WHERE id = ?1").Bind(1, id).Run());
    MAGPIE_RETURN_IF_ERROR(MoveStatusesCount(c, author, -1));
    MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, "replies_count", parent, -1));
    MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, "reblogs_count", reblog_of, -1));
    MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, "quotes_count", quote_of, -1));

    // Plain reblogs go with the original; each takes one off its own author's statuses_count.
    std::vector<Id> reblogs;
    {
      Statement st =
          c.Prepare("SELECT id FROM statuses WHERE reblog_of_id = ?1 AND deleted = 0 ORDER BY id");
      st.Bind(1, id);
      while (st.Step()) reblogs.push_back(st.Int(0));
      MAGPIE_RETURN_IF_ERROR(st.status());
    }
    if (!reblogs.empty()) {
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare("UPDATE accounts SET statuses_count = MAX(accounts.statuses_count - r.n, 0) "
                    "FROM (SELECT account_id, COUNT(*) AS n FROM statuses WHERE reblog_of_id = ?1 "
                    "AND deleted = 0 GROUP BY account_id) AS r WHERE accounts.id = r.account_id")
              .Bind(1, id)
              .Run());
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare("UPDATE statuses SET deleted = 1 WHERE reblog_of_id = ?1 AND deleted = 0")
              .Bind(1, id)
              .Run());
    }
    return reblogs;
  });
}

core::Status SqliteStatusStore::SetQuotePolicy(Id id, domain::QuotePolicy policy) {
  return db_.Write([&](Connection& c) -> core::Status {
    MAGPIE_RETURN_IF_ERROR(c.Prepare("UPDATE statuses SET quote_policy = ?2 WHERE id = ?1 AND "
                                     "deleted = 0")
                               .BindAll(id, static_cast<int64_t>(policy))
                               .Run());
    if (c.Changes() == 0) return Error::NotFound();
    return core::Ok();
  });
}

Result<bool> SqliteStatusStore::RevokeQuote(Id quoting_id) {
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    Id quote_of = 0;
    int64_t state = 0;
    {
      Statement st = c.Prepare(
          "SELECT quote_of_id, quote_state FROM statuses WHERE id = ?1 AND deleted = 0 AND "
          "quote_of_id IS NOT NULL");
      st.Bind(1, quoting_id);
      if (!st.Step()) {
        MAGPIE_RETURN_IF_ERROR(st.status());
        return Error::NotFound();
      }
      quote_of = st.Int(0);
      state = st.Int(1);
    }
    if (state != static_cast<int64_t>(domain::QuoteState::kAccepted)) return false;
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("UPDATE statuses SET quote_state = ?2 WHERE id = ?1")
            .BindAll(quoting_id, static_cast<int64_t>(domain::QuoteState::kRevoked))
            .Run());
    MAGPIE_RETURN_IF_ERROR(MoveStatusCounter(c, "quotes_count", quote_of, -1));
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

Result<domain::Status> SqliteStatusStore::Get(Id id) {
  Statement st = db_.Reader().Prepare(StatusSelect("WHERE id = ?1 AND deleted = 0"));
  st.Bind(1, id);
  if (st.Step()) return ReadStatus(st);
  MAGPIE_RETURN_IF_ERROR(st.status());
  return Error::NotFound();
}

std::vector<domain::Status> SqliteStatusStore::GetMany(std::span<const Id> ids) {
  std::vector<domain::Status> out;
  if (ids.empty()) return out;
  Statement st = db_.Reader().Prepare(
      StatusSelect("WHERE id IN (SELECT value FROM json_each(?1)) AND deleted = 0"));
  st.Bind(1, jsonlist::FromIds(ids));
  while (st.Step()) out.push_back(ReadStatus(st));
  return out;
}

std::vector<Id> SqliteStatusStore::AccountStatuses(Id account_id, const StatusQuery& query) {
  static constexpr TimelineShape kShape{"FROM statuses s WHERE s.account_id = ?1", "s.id", false};
  return RunTimeline(db_, kShape, query, [&](Statement& st) { st.Bind(1, account_id); });
}

// Measured (EXPLAIN QUERY PLAN and timings on SQLite 3.40, 2M statuses from 100k accounts, half
// of them by 1,000 prolific accounts; page of 20):
//   plan: SEARCH statuses USING INDEX statuses_account (account_id=? AND id>? AND id<?),
//         LIST SUBQUERY (json_each), USE TEMP B-TREE FOR ORDER BY.
// The temp B-tree is bounded by the LIMIT, and SQLite stops reading each author's index range
// once that author can no longer reach the top page, so the cost is about authors x limit index
// steps, not the authors' whole history: 1 author 0.1 ms, 50 authors 0.3-1 ms, 1,000 prolific
// authors 3-4 ms, 5,000 authors 14 ms, for the first page and for deep max_id pages alike.
// The alternative, walking the primary key newest-first and filtering by author (`+account_id`),
// wins with thousands of authors (0.6 ms for 1,000) but degrades to scanning the table when the
// authors post rarely (160 ms for one quiet author; 75 ms for five), so the index plan is kept.
// A page bound written as `(?2 = 0 OR id < ?2)` disables the range and made deep pages 17x
// slower (68 ms vs 4 ms for 1,000 authors), hence PageBounds::UpperId().
std::vector<Id> SqliteStatusStore::StatusesByAuthors(std::span<const Id> author_ids,
                                                     const StatusQuery& query) {
  if (author_ids.empty()) return {};
  static constexpr TimelineShape kShape{
      "FROM statuses s WHERE s.account_id IN (SELECT value FROM json_each(?1))", "s.id", false};
  const std::string authors = jsonlist::FromIds(author_ids);
  return RunTimeline(db_, kShape, query, [&](Statement& st) { st.Bind(1, authors); });
}

std::vector<Id> SqliteStatusStore::PublicStatuses(const StatusQuery& query) {
  // No key: ?1 stays unbound (NULL) and unused.
  static constexpr TimelineShape kShape{"FROM statuses s WHERE TRUE", "s.id", true};
  return RunTimeline(db_, kShape, query, [](Statement&) {});
}

std::vector<Id> SqliteStatusStore::TagStatuses(std::string_view normalized_tag,
                                               const StatusQuery& query) {
  // CROSS JOIN keeps status_tags outermost, so its (tag_id, status_id DESC) key gives the order.
  static constexpr TimelineShape kShape{
      "FROM status_tags t CROSS JOIN statuses s WHERE t.tag_id = (SELECT id FROM tags WHERE name "
      "= ?1) AND s.id = t.status_id",
      "t.status_id", false};
  return RunTimeline(db_, kShape, query, [&](Statement& st) { st.Bind(1, normalized_tag); });
}

std::vector<Id> SqliteStatusStore::StatusesByTags(std::span<const std::string> normalized_tags,
                                                  const StatusQuery& query) {
  if (normalized_tags.empty()) return {};
  // A status carrying two of the tags comes twice (once per tag row); callers merge pages and
  // drop repeats. The tag ids are resolved once by the subquery; each tag's (tag_id, status_id
  // DESC) range is read only as far as the LIMIT needs.
  static constexpr TimelineShape kShape{
      "FROM status_tags t CROSS JOIN statuses s WHERE t.tag_id IN (SELECT id FROM tags WHERE name "
      "IN (SELECT value FROM json_each(?1))) AND s.id = t.status_id",
      "t.status_id", false};
  std::vector<std::string> names(normalized_tags.begin(), normalized_tags.end());
  const std::string json = jsonlist::FromStrings(names);
  return RunTimeline(db_, kShape, query, [&](Statement& st) { st.Bind(1, json); });
}

std::vector<Id> SqliteStatusStore::MentioningStatuses(Id account_id, const StatusQuery& query) {
  static constexpr TimelineShape kShape{
      "FROM status_mentions m CROSS JOIN statuses s WHERE m.account_id = ?1 AND s.id = "
      "m.status_id",
      "m.status_id", false};
  return RunTimeline(db_, kShape, query, [&](Statement& st) { st.Bind(1, account_id); });
}

std::vector<Id> SqliteStatusStore::Descendants(Id id, int limit) {
  std::vector<Id> out;
  if (limit <= 0) return out;
  // A deleted reply hides its subtree too, as if it had never been written.
  Statement st = db_.Reader().Prepare(
      "WITH RECURSIVE tree(id) AS (SELECT id FROM statuses WHERE in_reply_to_id = ?1 AND deleted "
      "= 0 UNION SELECT s.id FROM statuses s JOIN tree ON s.in_reply_to_id = tree.id WHERE "
      "s.deleted = 0) SELECT id FROM tree ORDER BY id LIMIT ?2");
  st.BindAll(id, limit);
  while (st.Step()) out.push_back(st.Int(0));
  return out;
}

std::vector<Id> SqliteStatusStore::Quotes(Id id, const domain::Page& page) {
  std::vector<Cursored> rows = CursorPage(
      db_,
      "SELECT id, id FROM statuses WHERE quote_of_id = ?1 AND deleted = 0 AND quote_state = 0 AND "
      "id < ?2 AND id > ?3 ORDER BY id DESC LIMIT ?4",
      "SELECT id, id FROM statuses WHERE quote_of_id = ?1 AND deleted = 0 AND quote_state = 0 AND "
      "id < ?2 AND id > ?3 ORDER BY id ASC LIMIT ?4",
      id, page);
  std::vector<Id> out;
  out.reserve(rows.size());
  for (const Cursored& r : rows) out.push_back(r.id);
  return out;
}

std::optional<Id> SqliteStatusStore::FindReblog(Id account_id, Id status_id) {
  Statement st = db_.Reader().Prepare(
      "SELECT id FROM statuses WHERE account_id = ?1 AND reblog_of_id = ?2 AND deleted = 0 LIMIT "
      "1");
  st.BindAll(account_id, status_id);
  if (st.Step()) return st.Int(0);
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Favourites, reblogs, bookmarks, pins

Result<bool> SqliteStatusStore::AddFavourite(Id account_id, Id status_id, int64_t now) {
  return AddInteraction(db_, "favourites", "favourites_count", account_id, status_id, now);
}

Result<bool> SqliteStatusStore::RemoveFavourite(Id account_id, Id status_id) {
  return RemoveInteraction(db_, "favourites", "favourites_count", account_id, status_id);
}

std::vector<Cursored> SqliteStatusStore::FavouritedBy(Id status_id, const domain::Page& page) {
  return CursorPage(db_,
                    "SELECT id, account_id FROM favourites WHERE status_id = ?1 AND id < ?2 AND "
                    "id > ?3 ORDER BY id DESC LIMIT ?4",
                    "SELECT id, account_id FROM favourites WHERE status_id = ?1 AND id < ?2 AND "
                    "id > ?3 ORDER BY id ASC LIMIT ?4",
                    status_id, page);
}

std::vector<Cursored> SqliteStatusStore::FavouritesOf(Id account_id, const domain::Page& page) {
  return CursorPage(db_,
                    "SELECT f.id, f.status_id FROM favourites f CROSS JOIN statuses s WHERE "
                    "f.account_id = ?1 AND s.id = f.status_id AND s.deleted = 0 AND f.id < ?2 AND "
                    "f.id > ?3 ORDER BY f.id DESC LIMIT ?4",
                    "SELECT f.id, f.status_id FROM favourites f CROSS JOIN statuses s WHERE "
                    "f.account_id = ?1 AND s.id = f.status_id AND s.deleted = 0 AND f.id < ?2 AND "
                    "f.id > ?3 ORDER BY f.id ASC LIMIT ?4",
                    account_id, page);
}

std::vector<Cursored> SqliteStatusStore::RebloggedBy(Id status_id, const domain::Page& page) {
  return CursorPage(db_,
                    "SELECT id, account_id FROM statuses WHERE reblog_of_id = ?1 AND deleted = 0 "
                    "AND id < ?2 AND id > ?3 ORDER BY id DESC LIMIT ?4",
                    "SELECT id, account_id FROM statuses WHERE reblog_of_id = ?1 AND deleted = 0 "
                    "AND id < ?2 AND id > ?3 ORDER BY id ASC LIMIT ?4",
                    status_id, page);
}

Result<bool> SqliteStatusStore::AddBookmark(Id account_id, Id status_id, int64_t now) {
  return AddInteraction(db_, "bookmarks", "", account_id, status_id, now);
}

Result<bool> SqliteStatusStore::RemoveBookmark(Id account_id, Id status_id) {
  return RemoveInteraction(db_, "bookmarks", "", account_id, status_id);
}

std::vector<Cursored> SqliteStatusStore::BookmarksOf(Id account_id, const domain::Page& page) {
  return CursorPage(db_,
                    "SELECT b.id, b.status_id FROM bookmarks b CROSS JOIN statuses s WHERE "
                    "b.account_id = ?1 AND s.id = b.status_id AND s.deleted = 0 AND b.id < ?2 AND "
                    "b.id > ?3 ORDER BY b.id DESC LIMIT ?4",
                    "SELECT b.id, b.status_id FROM bookmarks b CROSS JOIN statuses s WHERE "
                    "b.account_id = ?1 AND s.id = b.status_id AND s.deleted = 0 AND b.id < ?2 AND "
                    "b.id > ?3 ORDER BY b.id ASC LIMIT ?4",
                    account_id, page);
}

Result<bool> SqliteStatusStore::Pin(Id account_id, Id status_id, int64_t now) {
  return AddInteraction(db_, "pins", "", account_id, status_id, now);
}

Result<bool> SqliteStatusStore::Unpin(Id account_id, Id status_id) {
  return RemoveInteraction(db_, "pins", "", account_id, status_id);
}

std::vector<Id> SqliteStatusStore::PinnedOf(Id account_id) {
  std::vector<Id> out;
  // Most recently pinned first, as Mastodon lists them.
  Statement st = db_.Reader().Prepare(
      "SELECT p.status_id FROM pins p CROSS JOIN statuses s WHERE p.account_id = ?1 AND s.id = "
      "p.status_id AND s.deleted = 0 ORDER BY p.id DESC");
  st.Bind(1, account_id);
  while (st.Step()) out.push_back(st.Int(0));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Muted conversations

Result<bool> SqliteStatusStore::MuteConversation(Id account_id, Id conversation_id, int64_t now) {
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT OR IGNORE INTO conversation_mutes (account_id, conversation_id, "
                  "created_at) SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM accounts WHERE id = "
                  "?1)")
            .BindAll(account_id, conversation_id, now)
            .Run());
    return c.Changes() > 0;
  });
}

Result<bool> SqliteStatusStore::UnmuteConversation(Id account_id, Id conversation_id) {
  return db_.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM conversation_mutes WHERE account_id = ?1 AND conversation_id = ?2")
            .BindAll(account_id, conversation_id)
            .Run());
    return c.Changes() > 0;
  });
}

std::vector<Id> SqliteStatusStore::ConversationMutedBy(Id conversation_id,
                                                       std::span<const Id> account_ids) {
  std::vector<Id> out;
  if (account_ids.empty() || conversation_id == 0) return out;
  // json_each drives the query: one primary-key lookup per account.
  Statement st = db_.Reader().Prepare(
      "SELECT m.account_id FROM json_each(?2) AS a CROSS JOIN conversation_mutes m ON "
      "m.account_id = a.value AND m.conversation_id = ?1");
  st.BindAll(conversation_id, jsonlist::FromIds(account_ids));
  while (st.Step()) out.push_back(st.Int(0));
  return out;
}

std::unordered_map<Id, InteractionFlags> SqliteStatusStore::Interactions(
    Id viewer, std::span<const Id> status_ids) {
  if (status_ids.empty() || viewer == 0) return {};
  std::shared_ptr<const ViewerInteractions> mine;
  if (interactions_) mine = interactions_->Get(viewer);
  if (!mine || !mine->complete) return InteractionsFromStore(viewer, status_ids, false);
  std::unordered_map<Id, InteractionFlags> out;
  if (mine->mutes_conversations) out = InteractionsFromStore(viewer, status_ids, true);
  for (Id id : status_ids) {
    InteractionFlags f = mine->FlagsFor(id);
    if (f.favourited || f.bookmarked || f.pinned || f.reblogged) {
      InteractionFlags& slot = out[id];
      f.muted = slot.muted;
      slot = f;
    }
  }
  return out;
}

std::unordered_map<Id, InteractionFlags> SqliteStatusStore::InteractionsFromStore(
    Id viewer, std::span<const Id> status_ids, bool muted_only) {
  std::unordered_map<Id, InteractionFlags> out;
  // The muted arm: statuses whose conversation the viewer muted.
  static constexpr std::string_view kMuted =
      "SELECT 4, s.id FROM json_each(?2) AS j CROSS JOIN statuses s ON s.id = j.value "
      "CROSS JOIN conversation_mutes m ON m.account_id = ?1 AND m.conversation_id = "
      "s.conversation_id";
  // All five flags in one statement; each arm is a point lookup per id on a unique index (or
  // the (account_id, reblog_of_id) index for reblogs, or the primary keys of statuses and
  // conversation_mutes for muted conversations).
  static const std::string kAll =
      "SELECT 0, status_id FROM favourites WHERE account_id = ?1 AND status_id IN (SELECT value "
      "FROM json_each(?2)) "
      "UNION ALL SELECT 1, status_id FROM bookmarks WHERE account_id = ?1 AND status_id IN "
      "(SELECT value FROM json_each(?2)) "
      "UNION ALL SELECT 2, status_id FROM pins WHERE account_id = ?1 AND status_id IN (SELECT "
      "value FROM json_each(?2)) "
      "UNION ALL SELECT 3, reblog_of_id FROM statuses WHERE account_id = ?1 AND reblog_of_id IN "
      "(SELECT value FROM json_each(?2)) AND deleted = 0 "
      "UNION ALL " +
      std::string(kMuted);
  Statement st = db_.Reader().Prepare(muted_only ? kMuted : std::string_view(kAll));
  st.Bind(1, viewer).Bind(2, jsonlist::FromIds(status_ids));
  while (st.Step()) {
    InteractionFlags& f = out[st.Int(1)];
    switch (st.Int(0)) {
      case 0:
        f.favourited = true;
        break;
      case 1:
        f.bookmarked = true;
        break;
      case 2:
        f.pinned = true;
        break;
      case 4:
        f.muted = true;
        break;
      default:
        f.reblogged = true;
        break;
    }
  }
  return out;
}

int64_t SqliteStatusStore::CountLocalStatuses() {
  // The sum of local authors' counters (as Mastodon's instance statistics do): it reads the
  // accounts table instead of counting every status row.
  Statement st = db_.Reader().Prepare(
      "SELECT COALESCE(SUM(statuses_count), 0) FROM accounts WHERE domain = ''");
  return st.Step() ? st.Int(0) : 0;
}

}  // namespace magpie::storage::sqlite
