// Request parameters, whatever way a Mastodon client sends them: the query string, a JSON body,
// an application/x-www-form-urlencoded body or a multipart/form-data body all become one
// boost::json::object. Form conventions are decoded as Rails does: `media_ids[]=1&media_ids[]=2`
// becomes an array, `fields_attributes[0][name]=x` a nested object {"fields_attributes":
// {"0": {"name": "x"}}}. Body keys override query keys. Multipart file parts are kept apart
// (UploadedFile) so large uploads are not copied into JSON.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace magpie::http {

struct UploadedFile {
  std::string field;         // form field name, e.g. "file", "avatar"
  std::string filename;      // as sent by the client
  std::string content_type;  // as sent by the client (do not trust it)
  std::string data;
};

struct Params {
  boost::json::object values;
  std::vector<UploadedFile> files;
};

// Fails with kBadRequest on malformed JSON, form or multipart bodies, on invalid UTF-8 in any
// key or value, and on nesting deeper than 8 levels or more than 1000 keys.
core::Result<Params> ParseParams(const Request& request);

// Decodes a query or form string "a=1&b=%20x" (`+` is a space) into pairs. Fails with
// kBadRequest on a bad percent escape, on invalid UTF-8 (or NUL) in a key or value, and on more
// than 1000 pairs. Pairs with an empty key are skipped.
core::Result<Fields> ParseUrlEncoded(std::string_view text);

// Decodes %XX escapes (and `+` as a space when `plus_is_space`, as forms do). Fails with
// kBadRequest on a malformed escape. The result is not checked for UTF-8.
core::Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace magpie::http
