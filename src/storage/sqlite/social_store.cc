// The per-user collection stores over the tables of migration 0002. See social_store.h for the
// contract. Lists of ids are bound as one JSON array and expanded with json_each, so a query's
// text (and its cached statement) never depends on how many ids there are.
#include "storage/sqlite/social_store.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "storage/sqlite/json_lists.h"
#include "storage/sqlite/paging.h"
#include "storage/sqlite/social_sql.h"

namespace magpie::storage::sqlite {

using core::Error;
using core::Result;
using core::Status;
using domain::Id;
using social_sql::RequireAccounts;

namespace {

// Keeps the first occurrence of each id, in order.
std::vector<Id> Distinct(std::span<const Id> ids) {
  std::vector<Id> out;
  std::unordered_set<Id> seen;
  for (Id id : ids) {
    if (seen.insert(id).second) out.push_back(id);
  }
  return out;
}

// Runs a DELETE or UPDATE addressed to one owner's row: kNotFound when it touched nothing.
Result<bool> ChangeOwnedRow(Database& db, std::string_view sql, Id id, Id owner_id) {
  return db.WriteReturning<bool>([&](Connection& c) -> Result<bool> {
    MAGPIE_RETURN_IF_ERROR(c.Prepare(sql).BindAll(id, owner_id).Run());
    if (c.Changes() == 0) return Error::NotFound("Record not found");
    return true;
  });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Notifications

namespace {

constexpr std::string_view kNotificationColumns =
    "SELECT id, account_id, from_account_id, type, status_id, created_at FROM notifications ";

domain::Notification ReadNotification(const Statement& st) {
  domain::Notification n;
  n.id = st.Int(0);
  n.account_id = st.Int(1);
  n.from_account_id = st.Int(2);
  n.type = static_cast<domain::NotificationType>(st.Int(3));
  n.status_id = st.Int(4);
  n.created_at = st.Int(5);
  return n;
}

std::string TypesJson(const std::vector<domain::NotificationType>& types) {
  std::vector<Id> values;
  values.reserve(types.size());
  for (domain::NotificationType t : types) values.push_back(static_cast<Id>(t));
  return jsonlist::FromIds(values);
}

}  // namespace

Status SqliteNotificationStore::Create(const domain::Notification& n) {
  return db_.Write([&](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {n.account_id, n.from_account_id}));
    return c
        .Prepare(
            "INSERT INTO notifications (id, account_id, from_account_id, type, status_id, "
            "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .BindAll(n.id, n.account_id, n.from_account_id, static_cast<int64_t>(n.type), n.status_id,
                 n.created_at)
        .Run();
  });
}

Status SqliteNotificationStore::CreateMany(std::span<const domain::Notification> notifications) {
  if (notifications.empty()) return core::Ok();
  return db_.Write([&](Connection& c) -> Status {
    // One prepared statement, stepped once per row; the EXISTS guards stand in for the foreign
    // keys so that an account deleted meanwhile skips its row instead of failing the batch.
    for (const domain::Notification& n : notifications) {
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare("INSERT INTO notifications (id, account_id, from_account_id, type, status_id, "
                    "created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM "
                    "accounts WHERE id = ?2) AND EXISTS (SELECT 1 FROM accounts WHERE id = ?3)")
              .BindAll(n.id, n.account_id, n.from_account_id, static_cast<int64_t>(n.type),
                       n.status_id, n.created_at)
              .Run());
    }
    return core::Ok();
  });
}

std::vector<domain::Notification> SqliteNotificationStore::List(
    Id account_id, const domain::NotificationQuery& query) {
  const PageBounds b = BoundsOf(query.page);
  // An empty `types` means every type: '[]' short-circuits the IN.
  Statement st =
      db_.Reader().Prepare(std::string(kNotificationColumns) +
                           "WHERE account_id = ?1 "
                           "AND (?2 = '[]' OR type IN (SELECT value FROM json_each(?2))) "
                           "AND type NOT IN (SELECT value FROM json_each(?3)) "
                           "AND (?4 = 0 OR from_account_id = ?4)" +
                           social_sql::PageTail("id", b, 5));
  st.BindAll(account_id, TypesJson(query.types), TypesJson(query.exclude_types),
             query.from_account_id);
  social_sql::BindPage(st, b, 5);
  std::vector<domain::Notification> out;
  while (st.Step()) out.push_back(ReadNotification(st));
  NewestFirst(b, out);
  return out;
}

Result<domain::Notification> SqliteNotificationStore::Get(Id account_id, Id id) {
  Statement st =
      db_.Reader().Prepare(std::string(kNotificationColumns) + "WHERE id = ?1 AND account_id = ?2");
  st.BindAll(id, account_id);
  if (st.Step()) return ReadNotification(st);
  MAGPIE_RETURN_IF_ERROR(st.status());
  return Error::NotFound("Record not found");
}

Result<bool> SqliteNotificationStore::Dismiss(Id account_id, Id id) {
  return ChangeOwnedRow(db_, "DELETE FROM notifications WHERE id = ?1 AND account_id = ?2", id,
                        account_id);
}

Status SqliteNotificationStore::Clear(Id account_id) {
  return db_.Write([&](Connection& c) {
    return c.Prepare("DELETE FROM notifications WHERE account_id = ?1").Bind(1, account_id).Run();
  });
}

Status SqliteNotificationStore::RemoveForStatus(Id status_id) {
  if (status_id == 0) return core::Ok();  // 0 means "about no status", never a real status
  return db_.Write([&](Connection& c) {
    // "status_id <> 0" lets the planner use the partial index notifications_by_status.
    return c.Prepare("DELETE FROM notifications WHERE status_id = ?1 AND status_id <> 0")
        .Bind(1, status_id)
        .Run();
  });
}

int64_t SqliteNotificationStore::CountUnread(Id account_id, Id since_id) {
  Statement st =
      db_.Reader().Prepare("SELECT COUNT(*) FROM notifications WHERE account_id = ?1 AND id > ?2");
  st.BindAll(account_id, since_id);
  return st.Step() ? st.Int(0) : 0;
}

// ---------------------------------------------------------------------------------------------
// Lists

namespace {

constexpr std::string_view kListColumns =
    "SELECT l.id, l.account_id, l.title, l.replies_policy, l.is_exclusive FROM lists l ";

domain::List ReadList(const Statement& st) {
  domain::List l;
  l.id = st.Int(0);
  l.account_id = st.Int(1);
  l.title = st.Text(2);
  l.replies_policy = static_cast<domain::RepliesPolicy>(st.Int(3));
  l.exclusive = st.Bool(4);
  return l;
}

std::vector<domain::List> ReadLists(Statement& st) {
  std::vector<domain::List> out;
  while (st.Step()) out.push_back(ReadList(st));
  return out;
}

}  // namespace

Status SqliteListStore::Create(const domain::List& list) {
  return db_.Write([&](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {list.account_id}));
    return c
        .Prepare(
            "INSERT INTO lists (id, account_id, title, replies_policy, is_exclusive) "
            "VALUES (?1, ?2, ?3, ?4, ?5)")
        .BindAll(list.id, list.account_id, list.title, static_cast<int64_t>(list.replies_policy),
                 list.exclusive)
        .Run();
  });
}

Status SqliteListStore::Update(const domain::List& list) {
  return db_.Write([&](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("UPDATE lists SET title = ?3, replies_policy = ?4, is_exclusive = ?5 "
                  "WHERE id = ?1 AND account_id = ?2")
            .BindAll(list.id, list.account_id, list.title,
                     static_cast<int64_t>(list.replies_policy), list.exclusive)
            .Run());
    if (c.Changes() == 0) return Error::NotFound("Record not found");
    return core::Ok();
  });
}

Result<bool> SqliteListStore::Delete(Id owner_id, Id list_id) {
  // Memberships go with the list (ON DELETE CASCADE).
  return ChangeOwnedRow(db_, "DELETE FROM lists WHERE id = ?1 AND account_id = ?2", list_id,
                        owner_id);
}

Result<domain::List> SqliteListStore::Get(Id owner_id, Id list_id) {
  Statement st =
      db_.Reader().Prepare(std::string(kListColumns) + "WHERE l.id = ?1 AND l.account_id = ?2");
  st.BindAll(list_id, owner_id);
  if (st.Step()) return ReadList(st);
  MAGPIE_RETURN_IF_ERROR(st.status());
  return Error::NotFound("Record not found");
}

std::vector<domain::List> SqliteListStore::ListsOf(Id owner_id) {
  Statement st =
      db_.Reader().Prepare(std::string(kListColumns) + "WHERE l.account_id = ?1 ORDER BY l.id");
  st.Bind(1, owner_id);
  return ReadLists(st);
}

std::vector<domain::List> SqliteListStore::ListsContaining(Id owner_id, Id member_id) {
  Statement st = db_.Reader().Prepare(std::string(kListColumns) +
                                      "JOIN list_accounts m ON m.list_id = l.id "
                                      "WHERE l.account_id = ?1 AND m.account_id = ?2 "
                                      "ORDER BY l.id");
  st.BindAll(owner_id, member_id);
  return ReadLists(st);
}

Status SqliteListStore::AddMembers(Id list_id, std::span<const Id> account_ids) {
  // Distinct and in the given order, so membership cursors follow the order of addition.
  const std::vector<Id> ids = Distinct(account_ids);
  if (ids.empty()) return core::Ok();
  const std::string json = jsonlist::FromIds(ids);
  return db_.Write([&](Connection& c) -> Status {
    {
      Statement st = c.Prepare("SELECT 1 FROM lists WHERE id = ?1");
      st.Bind(1, list_id);
      const bool found = st.Step();
      MAGPIE_RETURN_IF_ERROR(st.status());
      if (!found) return Error::NotFound("Record not found");
    }
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, ids));
    // "WHERE true" tells the parser that ON CONFLICT belongs to the INSERT, not to a join.
    return c
        .Prepare(
            "INSERT INTO list_accounts (list_id, account_id) "
            "SELECT ?1, value FROM json_each(?2) WHERE true ORDER BY key "
            "ON CONFLICT (list_id, account_id) DO NOTHING")
        .BindAll(list_id, json)
        .Run();
  });
}

Status SqliteListStore::RemoveMembers(Id list_id, std::span<const Id> account_ids) {
  if (account_ids.empty()) return core::Ok();
  const std::string json = jsonlist::FromIds(account_ids);
  return db_.Write([&](Connection& c) {
    return c
        .Prepare(
            "DELETE FROM list_accounts WHERE list_id = ?1 "
            "AND account_id IN (SELECT value FROM json_each(?2))")
        .BindAll(list_id, json)
        .Run();
  });
}

std::vector<domain::Cursored> SqliteListStore::Members(Id list_id, const domain::Page& page) {
  return social_sql::PagedCursors(
      db_.Reader(), "SELECT id, account_id FROM list_accounts WHERE list_id = ?1", list_id, page);
}

std::vector<Id> SqliteListStore::MemberIds(Id list_id) {
  return social_sql::Ids(db_.Reader(), "SELECT account_id FROM list_accounts WHERE list_id = ?1",
                         list_id);
}

// ---------------------------------------------------------------------------------------------
// Filters

namespace {

constexpr std::string_view kFilterColumns =
    "SELECT id, account_id, title, contexts, action, expires_at FROM filters ";

domain::Filter ReadFilter(const Statement& st) {
  domain::Filter f;
  f.id = st.Int(0);
  f.account_id = st.Int(1);
  f.title = st.Text(2);
  f.contexts = jsonlist::ToStrings(st.Text(3));
  f.action = static_cast<domain::FilterAction>(st.Int(4));
  f.expires_at = st.Int(5);
  return f;
}

// Loads the keywords and statuses of `filters` with two queries, however many filters there are.
void LoadFilterChildren(Connection& c, std::vector<domain::Filter>& filters) {
  if (filters.empty()) return;
  std::unordered_map<Id, domain::Filter*> by_id;
  std::vector<Id> ids;
  for (domain::Filter& f : filters) {
    by_id[f.id] = &f;
    ids.push_back(f.id);
  }
  const std::string json = jsonlist::FromIds(ids);
  {
    Statement st = c.Prepare(
        "SELECT filter_id, id, keyword, whole_word FROM filter_keywords "
        "WHERE filter_id IN (SELECT value FROM json_each(?1)) ORDER BY id");
    st.Bind(1, json);
    while (st.Step()) {
      auto it = by_id.find(st.Int(0));
      if (it != by_id.end()) it->second->keywords.push_back({st.Int(1), st.Text(2), st.Bool(3)});
    }
  }
  Statement st = c.Prepare(
      "SELECT filter_id, id, status_id FROM filter_statuses "
      "WHERE filter_id IN (SELECT value FROM json_each(?1)) ORDER BY id");
  st.Bind(1, json);
  while (st.Step()) {
    auto it = by_id.find(st.Int(0));
    if (it != by_id.end()) it->second->statuses.push_back({st.Int(1), st.Int(2)});
  }
}

}  // namespace

Status SqliteFilterStore::Save(const domain::Filter& filter) {
  const std::string contexts = jsonlist::FromStrings(filter.contexts);
  return db_.Write([&](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {filter.account_id}));
    {
      Statement st = c.Prepare("SELECT account_id FROM filters WHERE id = ?1");
      st.Bind(1, filter.id);
      if (st.Step() && st.Int(0) != filter.account_id) return Error::NotFound("Record not found");
      MAGPIE_RETURN_IF_ERROR(st.status());
    }
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("INSERT INTO filters (id, account_id, title, contexts, action, expires_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
                  "title = excluded.title, contexts = excluded.contexts, "
                  "action = excluded.action, expires_at = excluded.expires_at")
            .BindAll(filter.id, filter.account_id, filter.title, contexts,
                     static_cast<int64_t>(filter.action), filter.expires_at)
            .Run());
    // Replace, not merge: the caller's filter is the whole truth about its keywords/statuses.
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM filter_keywords WHERE filter_id = ?1").Bind(1, filter.id).Run());
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("DELETE FROM filter_statuses WHERE filter_id = ?1").Bind(1, filter.id).Run());
    for (const domain::FilterKeyword& k : filter.keywords) {
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare("INSERT INTO filter_keywords (id, filter_id, keyword, whole_word) "
                    "VALUES (?1, ?2, ?3, ?4)")
              .BindAll(k.id, filter.id, k.keyword, k.whole_word)
              .Run());
    }
    for (const domain::FilterStatus& s : filter.statuses) {
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare("INSERT INTO filter_statuses (id, filter_id, status_id) VALUES (?1, ?2, ?3)")
              .BindAll(s.id, filter.id, s.status_id)
              .Run());
    }
    return core::Ok();
  });
}

Result<bool> SqliteFilterStore::Delete(Id owner_id, Id filter_id) {
  // Keywords and statuses go with the filter (ON DELETE CASCADE).
  return ChangeOwnedRow(db_, "DELETE FROM filters WHERE id = ?1 AND account_id = ?2", filter_id,
                        owner_id);
}

Result<domain::Filter> SqliteFilterStore::Get(Id owner_id, Id filter_id) {
  Connection& c = db_.Reader();
  social_sql::ReadTransaction snapshot(c);
  std::vector<domain::Filter> filters;
  {
    Statement st = c.Prepare(std::string(kFilterColumns) + "WHERE id = ?1 AND account_id = ?2");
    st.BindAll(filter_id, owner_id);
    if (st.Step()) filters.push_back(ReadFilter(st));
    MAGPIE_RETURN_IF_ERROR(st.status());
  }
  if (filters.empty()) return Error::NotFound("Record not found");
  LoadFilterChildren(c, filters);
  return std::move(filters.front());
}

std::vector<domain::Filter> SqliteFilterStore::FiltersOf(Id owner_id) {
  Connection& c = db_.Reader();
  social_sql::ReadTransaction snapshot(c);
  std::vector<domain::Filter> filters;
  {
    Statement st = c.Prepare(std::string(kFilterColumns) + "WHERE account_id = ?1 ORDER BY id");
    st.Bind(1, owner_id);
    while (st.Step()) filters.push_back(ReadFilter(st));
  }
  LoadFilterChildren(c, filters);
  return filters;
}

// ---------------------------------------------------------------------------------------------
// Markers

std::vector<domain::Marker> SqliteMarkerStore::Get(Id account_id,
                                                   std::span<const std::string> timelines) {
  std::vector<domain::Marker> out;
  if (timelines.empty()) return out;
  Statement st = db_.Reader().Prepare(
      "SELECT timeline, last_read_id, version, updated_at FROM markers "
      "WHERE account_id = ?1 AND timeline IN (SELECT value FROM json_each(?2)) ORDER BY timeline");
  st.BindAll(account_id, jsonlist::FromStrings(timelines));
  while (st.Step()) out.push_back({st.Text(0), st.Int(1), st.Int(2), st.Int(3)});
  return out;
}

Result<domain::Marker> SqliteMarkerStore::Set(Id account_id, std::string_view timeline,
                                              Id last_read_id, int64_t now) {
  return db_.WriteReturning<domain::Marker>([&](Connection& c) -> Result<domain::Marker> {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {account_id}));
    Statement st = c.Prepare(
        "INSERT INTO markers (account_id, timeline, last_read_id, version, updated_at) "
        "VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (account_id, timeline) DO UPDATE SET "
        "last_read_id = excluded.last_read_id, version = version + 1, "
        "updated_at = excluded.updated_at "
        "RETURNING timeline, last_read_id, version, updated_at");
    st.BindAll(account_id, timeline, last_read_id, now);
    if (!st.Step()) {
      MAGPIE_RETURN_IF_ERROR(st.status());
      return Error::Internal("marker upsert returned no row");
    }
    domain::Marker m{st.Text(0), st.Int(1), st.Int(2), st.Int(3)};
    while (st.Step()) {
    }
    MAGPIE_RETURN_IF_ERROR(st.status());
    return m;
  });
}

// ---------------------------------------------------------------------------------------------
// Conversations

namespace {

domain::Conversation ReadConversation(const Statement& st, Id account_id) {
  domain::Conversation conv;
  conv.id = st.Int(0);
  conv.account_id = account_id;
  conv.participant_ids = jsonlist::ToIds(st.Text(1));
  conv.last_status_id = st.Int(2);
  conv.unread = st.Bool(3);
  return conv;
}

}  // namespace

Status SqliteConversationStore::RecordStatus(Id conversation_id, Id status_id, Id author_id,
                                             std::span<const Id> participant_ids) {
  std::vector<Id> everyone = Distinct(participant_ids);
  if (std::find(everyone.begin(), everyone.end(), author_id) == everyone.end()) {
    everyone.insert(everyone.begin(), author_id);
  }
  return db_.Write([&](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, everyone));
    for (Id p : everyone) {
      std::vector<Id> others;
      others.reserve(everyone.size() - 1);
      for (Id q : everyone) {
        if (q != p) others.push_back(q);
      }
      // A status older than the row's last one (a late delivery) must not roll the
      // participants back to an older view of the thread.
      MAGPIE_RETURN_IF_ERROR(
          c.Prepare("INSERT INTO conversations (account_id, conversation_id, participant_ids, "
                    "last_status_id, unread) VALUES (?1, ?2, ?3, ?4, ?5) "
                    "ON CONFLICT (account_id, conversation_id) DO UPDATE SET "
                    "participant_ids = CASE WHEN excluded.last_status_id >= last_status_id "
                    "THEN excluded.participant_ids ELSE participant_ids END, "
                    "last_status_id = MAX(last_status_id, excluded.last_status_id), "
                    "unread = excluded.unread")
              .BindAll(p, conversation_id, jsonlist::FromIds(others), status_id, p != author_id)
              .Run());
    }
    return core::Ok();
  });
}

std::vector<domain::Conversation> SqliteConversationStore::List(Id account_id,
                                                                const domain::Page& page) {
  const PageBounds b = BoundsOf(page);
  Statement st = db_.Reader().Prepare(
      "SELECT conversation_id, participant_ids, last_status_id, unread FROM conversations "
      "WHERE account_id = ?1" +
      social_sql::PageTail("last_status_id", b, 2));
  st.Bind(1, account_id);
  social_sql::BindPage(st, b, 2);
  std::vector<domain::Conversation> out;
  while (st.Step()) out.push_back(ReadConversation(st, account_id));
  NewestFirst(b, out);
  return out;
}

Result<domain::Conversation> SqliteConversationStore::Get(Id account_id, Id conversation_id) {
  Statement st = db_.Reader().Prepare(
      "SELECT conversation_id, participant_ids, last_status_id, unread FROM conversations "
      "WHERE account_id = ?1 AND conversation_id = ?2");
  st.BindAll(account_id, conversation_id);
  if (st.Step()) return ReadConversation(st, account_id);
  MAGPIE_RETURN_IF_ERROR(st.status());
  return Error::NotFound("Record not found");
}

Status SqliteConversationStore::MarkRead(Id account_id, Id conversation_id) {
  Result<bool> r = ChangeOwnedRow(
      db_, "UPDATE conversations SET unread = 0 WHERE conversation_id = ?1 AND account_id = ?2",
      conversation_id, account_id);
  if (!r.ok()) return std::move(r).error();
  return core::Ok();
}

Result<bool> SqliteConversationStore::Remove(Id account_id, Id conversation_id) {
  return ChangeOwnedRow(db_,
                        "DELETE FROM conversations WHERE conversation_id = ?1 AND account_id = ?2",
                        conversation_id, account_id);
}

// ---------------------------------------------------------------------------------------------
// Featured tags

Status SqliteFeaturedTagStore::Add(const domain::FeaturedTag& tag) {
  return db_.Write([&](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(RequireAccounts(c, {tag.account_id}));
    return c
        .Prepare(
            "INSERT INTO featured_tags (id, account_id, name, statuses_count, "
            "last_status_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .BindAll(tag.id, tag.account_id, tag.name, tag.statuses_count, tag.last_status_at)
        .Run();
  });
}

Result<bool> SqliteFeaturedTagStore::Remove(Id account_id, Id featured_tag_id) {
  return ChangeOwnedRow(db_, "DELETE FROM featured_tags WHERE id = ?1 AND account_id = ?2",
                        featured_tag_id, account_id);
}

std::vector<domain::FeaturedTag> SqliteFeaturedTagStore::Of(Id account_id) {
  Statement st = db_.Reader().Prepare(
      "SELECT id, name, statuses_count, last_status_at FROM featured_tags "
      "WHERE account_id = ?1 ORDER BY id");
  st.Bind(1, account_id);
  std::vector<domain::FeaturedTag> out;
  while (st.Step()) out.push_back({st.Int(0), account_id, st.Text(1), st.Int(2), st.Int(3)});
  return out;
}

}  // namespace magpie::storage::sqlite
