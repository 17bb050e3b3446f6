// JSON text for the small lists kept in one column (follow languages, filter contexts,
// conversation participants) and for lists of ids bound as one parameter and expanded in SQL
// with json_each(?). Arrays of strings or of ids, nothing else.
//
// Decoding is lenient: malformed text (or NULL, read as '') is an empty list and elements of the
// wrong type are skipped, never an error, since these columns are written only by this code and
// a damaged optional column must not make a whole row unreadable.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"

namespace magpie::storage::sqlite::jsonlist {

inline std::string FromStrings(std::span<const std::string> items) {
  boost::json::array out;
  out.reserve(items.size());
  for (const std::string& s : items) out.emplace_back(s);
  return boost::json::serialize(out);
}

// Ids need no escaping, so no JSON value is built for them.
inline std::string FromIds(std::span<const core::Id> ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

namespace detail {
inline const boost::json::array* ParseArray(std::string_view text, boost::json::value& holder) {
  boost::system::error_code ec;
  holder = boost::json::parse(text, ec);
  return ec ? nullptr : holder.if_array();
}
}  // namespace detail

inline std::vector<std::string> ToStrings(std::string_view json) {
  std::vector<std::string> out;
  boost::json::value v;
  const boost::json::array* items = detail::ParseArray(json, v);
  if (items == nullptr) return out;
  for (const boost::json::value& item : *items) {
    if (const boost::json::string* s = item.if_string()) out.emplace_back(s->data(), s->size());
  }
  return out;
}

inline std::vector<core::Id> ToIds(std::string_view json) {
  std::vector<core::Id> out;
  boost::json::value v;
  const boost::json::array* items = detail::ParseArray(json, v);
  if (items == nullptr) return out;
  for (const boost::json::value& item : *items) {
    if (const int64_t* id = item.if_int64()) out.push_back(*id);
  }
  return out;
}

}  // namespace magpie::storage::sqlite::jsonlist
