// Query helpers shared by the social stores (graph_store.cc, social_store.cc): the Mastodon
// paging tail, reading id lists, and the "does this account exist" check that turns a would-be
// foreign-key failure into kNotFound. Internal to storage/sqlite.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/model.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/json_lists.h"
#include "storage/sqlite/paging.h"

namespace magpie::storage::sqlite::social_sql {

// The paging tail of a query over `col` in paging.h's form, its parameters at ?first (upper
// bound), ?first+1 (lower bound) and ?first+2 (limit); bind them with BindPage. Only the column
// name and parameter numbers are spliced into the SQL, never values, so each (query, direction)
// pair is one cached statement.
// "?n". Appended rather than `"?" + std::to_string(n)`, which GCC 12 at -O3 flags with a false
// -Wrestrict.
inline std::string Param(int n) {
  std::string p = "?";
  p.append(std::to_string(n));
  return p;
}

inline std::string PageTail(std::string_view col, const PageBounds& b, int first) {
  const std::string upper = Param(first);
  const std::string lower = Param(first + 1);
  const std::string limit = Param(first + 2);
  std::string sql;
  sql.append(" AND ").append(col).append(" < ").append(upper);
  sql.append(" AND ").append(col).append(" > ").append(lower);
  sql.append(" ORDER BY ").append(col).append(b.ascending ? " ASC" : " DESC");
  sql.append(" LIMIT ").append(limit);
  return sql;
}

inline void BindPage(Statement& st, const PageBounds& b, int first) {
  st.Bind(first, b.UpperId());
  st.Bind(first + 1, b.lower_id);
  st.Bind(first + 2, b.limit);
}

// Runs `select_where` ("SELECT cursor, id FROM t WHERE owner = ?1 [AND ... ?2..]") with the
// paging tail over `col`; `bind_extra` binds ?2..?(1 + extra_params). Newest first.
template <typename BindExtra>
std::vector<domain::Cursored> PagedCursors(Connection& c, std::string_view select_where,
                                           std::string_view col, core::Id owner,
                                           const domain::Page& page, int extra_params,
                                           BindExtra bind_extra) {
  const PageBounds b = BoundsOf(page);
  const int first = 2 + extra_params;
  Statement st = c.Prepare(std::string(select_where) + PageTail(col, b, first));
  st.Bind(1, owner);
  bind_extra(st);
  BindPage(st, b, first);
  std::vector<domain::Cursored> out;
  while (st.Step()) out.push_back({st.Int(0), st.Int(1)});
  NewestFirst(b, out);
  return out;
}

inline std::vector<domain::Cursored> PagedCursors(Connection& c, std::string_view select_where,
                                                  core::Id owner, const domain::Page& page) {
  return PagedCursors(c, select_where, "id", owner, page, 0, [](Statement&) {});
}

// The first column of every row of `sql`, with ?1 bound to `owner`.
inline std::vector<core::Id> Ids(Connection& c, std::string_view sql, core::Id owner) {
  Statement st = c.Prepare(sql);
  st.Bind(1, owner);
  std::vector<core::Id> out;
  while (st.Step()) out.push_back(st.Int(0));
  return out;
}

// kNotFound unless every account in `ids` exists (repeats allowed). The foreign keys would
// refuse the row anyway, but as an internal error, while a missing account is expected input.
inline core::Status RequireAccounts(Connection& c, std::span<const core::Id> ids) {
  if (ids.empty()) return core::Ok();
  Statement st = c.Prepare(
      "SELECT (SELECT COUNT(DISTINCT value) FROM json_each(?1)), "
      "(SELECT COUNT(*) FROM accounts WHERE id IN (SELECT value FROM json_each(?1)))");
  st.Bind(1, jsonlist::FromIds(ids));
  const bool all = st.Step() && st.Int(0) == st.Int(1);
  MAGPIE_RETURN_IF_ERROR(st.status());
  if (!all) return core::Error::NotFound("Record not found");
  return core::Ok();
}

inline core::Status RequireAccounts(Connection& c, std::initializer_list<core::Id> ids) {
  return RequireAccounts(c, std::span<const core::Id>(ids.begin(), ids.size()));
}

// A consistent snapshot across several reads on this thread's read connection (a reader
// otherwise sees each statement's own snapshot, and a write could land between two of them).
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& c) : c_(c), open_(c.Exec("BEGIN").ok()) {}
  ~ReadTransaction() {
    if (open_) (void)c_.Exec("COMMIT");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& c_;
  bool open_;
};

}  // namespace magpie::storage::sqlite::social_sql
