// Request parameters: query string + body -> one JSON object (see params.h for the contract).
//
// Everything here reads untrusted bytes, so every failure is a kBadRequest value with a message a
// client developer can act on, never an exception or an assert. The limits (8 levels of
// nesting, 1000 keys) bound the work one request can cause beyond its size, which the server
// already caps. Pure functions; thread-safe.
#include "http/params.h"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>
#include <span>

#include "core/utf8.h"

namespace magpie::http {
namespace {

namespace json = boost::json;
using core::Error;
using core::Status;

constexpr int kMaxDepth = 8;
constexpr size_t kMaxKeys = 1000;
constexpr size_t kMaxBoundary = 200;  // RFC 2046 allows 70; be lenient, but bounded

Error TooManyKeys() {
  return Error::BadRequest("Too many parameters (limit " + std::to_string(kMaxKeys) + ")");
}
Error TooDeep() {
  return Error::BadRequest("Parameters nested too deeply (limit " + std::to_string(kMaxDepth) +
                           " levels)");
}

// A key for an error message: short keys verbatim, long ones cut at a character boundary.
std::string Quoted(std::string_view key) {
  constexpr size_t kMax = 64;
  if (key.size() > kMax) {
    size_t n = kMax;
    while (n > 0 && (static_cast<unsigned char>(key[n]) & 0xC0) == 0x80) --n;
    return "\"" + std::string(key.substr(0, n)) + "...\"";
  }
  return "\"" + std::string(key) + "\"";
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ---- Rails-style nested keys -------------------------------------------------------------

// "a[b][]" -> name "a", subkeys {"b", ""}; an empty subkey means "append to an array". A key
// that does not have this shape ("a[b", "[x]", "a[b]c") is taken literally, as one plain name.
struct KeyPath {
  std::string_view name;
  std::vector<std::string_view> subkeys;
};

KeyPath SplitKey(std::string_view key) {
  KeyPath path;
  size_t open = key.find('[');
  if (open == 0 || open == std::string_view::npos) {
    path.name = key;
    return path;
  }
  path.name = key.substr(0, open);
  size_t pos = open;
  while (pos < key.size()) {
    if (key[pos] != '[') break;
    size_t close = key.find(']', pos + 1);
    if (close == std::string_view::npos) break;
    std::string_view sub = key.substr(pos + 1, close - pos - 1);
    if (sub.find('[') != std::string_view::npos) break;
    path.subkeys.push_back(sub);
    pos = close + 1;
  }
  if (pos != key.size()) {  // not of the form name[..][..]: literal
    path.name = key;
    path.subkeys.clear();
  }
  return path;
}

Error Conflict(std::string_view key) {
  return Error::BadRequest("Parameter " + Quoted(key) +
                           " is given both as a value and as a list or nested object");
}

// Stores `value` under obj[key] following the remaining subkeys, the way Rails' query parser
// does: `[]` appends to an array (`a[][b]` adds to the last object of that array unless it
// already has "b", in which case a new object is started), `[x]` descends into an object.
Status Insert(json::object& obj, std::string_view key, std::span<const std::string_view> rest,
              std::string&& value) {
  if (rest.empty()) {
    obj[key] = json::string(value);  // a repeated plain key: the last one wins
    return core::Ok();
  }
  json::value& slot = obj[key];
  if (rest.front().empty()) {
    if (slot.is_null()) slot.emplace_array();
    if (!slot.is_array()) return Conflict(key);
    json::array& arr = slot.as_array();
    if (rest.size() == 1) {
      arr.emplace_back(json::string(value));
      return core::Ok();
    }
    std::string_view child = rest[1];
    if (child.empty()) {
      return Error::BadRequest("Parameter " + Quoted(key) + " uses unsupported nesting \"[][]\"");
    }
    if (arr.empty() || !arr.back().is_object() || arr.back().as_object().contains(child)) {
      arr.emplace_back(json::object());
    }
    return Insert(arr.back().as_object(), child, rest.subspan(2), std::move(value));
  }
  if (slot.is_null()) slot.emplace_object();
  if (!slot.is_object()) return Conflict(key);
  return Insert(slot.as_object(), rest.front(), rest.subspan(1), std::move(value));
}

// Adds one decoded form pair (query, urlencoded body or multipart text part) to `values`.
Status AddFormPair(json::object& values, std::string_view key, std::string&& value,
                   size_t& key_count) {
  if (++key_count > kMaxKeys) return TooManyKeys();
  if (!core::IsValidUtf8(key) || !core::IsValidUtf8(value)) {
    return Error::BadRequest("Parameters must be valid UTF-8 text");
  }
  KeyPath path = SplitKey(key);
  if (path.subkeys.size() + 1 > static_cast<size_t>(kMaxDepth)) return TooDeep();
  return Insert(values, path.name, path.subkeys, std::move(value));
}

// ---- JSON ---------------------------------------------------------------------------------

// Every key and string must be valid UTF-8 without NUL (Boost.JSON checks UTF-8 but accepts
// "\u0000"), and the keys are counted against the same limit as form keys.
Status CheckJson(const json::value& v, size_t& key_count) {
  switch (v.kind()) {
    case json::kind::string:
      if (!core::IsValidUtf8(v.get_string())) {
        return Error::BadRequest("JSON body strings must be valid UTF-8 text without NUL");
      }
      return core::Ok();
    case json::kind::array:
      for (const json::value& e : v.get_array()) MAGPIE_RETURN_IF_ERROR(CheckJson(e, key_count));
      return core::Ok();
    case json::kind::object:
      for (const auto& kv : v.get_object()) {
        if (++key_count > kMaxKeys) return TooManyKeys();
        if (!core::IsValidUtf8(kv.key())) {
          return Error::BadRequest("JSON body keys must be valid UTF-8 text without NUL");
        }
        MAGPIE_RETURN_IF_ERROR(CheckJson(kv.value(), key_count));
      }
      return core::Ok();
    default:
      return core::Ok();
  }
}

core::Result<json::object> ParseJsonBody(std::string_view body, size_t& key_count) {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, json::storage_ptr(), options);
  if (ec == json::error::too_deep) return TooDeep();
  if (ec) return Error::BadRequest("Invalid JSON body: " + ec.message());
  if (!v.is_object()) return Error::BadRequest("JSON body must be an object");
  MAGPIE_RETURN_IF_ERROR(CheckJson(v, key_count));
  return std::move(v.as_object());
}

// ---- Content-Type and header parameters ---------------------------------------------------

// Splits `type/subtype; k=v; k2="v 2"` into the lower-cased media type and its parameters.
// Parameter values may be tokens or quoted strings with backslash escapes.
struct HeaderValue {
  std::string value;  // lower-cased for Content-Type, as is for Content-Disposition
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased
};

HeaderValue ParseHeaderValue(std::string_view s) {
  HeaderValue out;
  size_t semi = s.find(';');
  out.value = ToLower(Trim(s.substr(0, semi)));
  size_t pos = semi == std::string_view::npos ? s.size() : semi + 1;
  while (pos < s.size()) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == ';')) ++pos;
    size_t eq = s.find_first_of("=;", pos);
    if (eq == std::string_view::npos || s[eq] == ';') {  // a bare token: skip it
      pos = eq == std::string_view::npos ? s.size() : eq + 1;
      continue;
    }
    std::string name = ToLower(Trim(s.substr(pos, eq - pos)));
    pos = eq + 1;
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
    std::string value;
    if (pos < s.size() && s[pos] == '"') {
      ++pos;
      while (pos < s.size() && s[pos] != '"') {
        // Only \" and \\ are unescaped: a lone backslash is kept, since old browsers send
        // Windows paths ("C:\photos\a.jpg") unescaped in filename.
        if (s[pos] == '\\' && pos + 1 < s.size() && (s[pos + 1] == '"' || s[pos + 1] == '\\')) {
          ++pos;
        }
        value += s[pos++];
      }
      if (pos < s.size()) ++pos;  // closing quote
      size_t next = s.find(';', pos);
      pos = next == std::string_view::npos ? s.size() : next + 1;
    } else {
      size_t next = s.find(';', pos);
      value = std::string(Trim(s.substr(pos, next - pos)));
      pos = next == std::string_view::npos ? s.size() : next + 1;
    }
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

const std::string* FindParam(const HeaderValue& h, std::string_view name) {
  for (const auto& [k, v] : h.params) {
    if (k == name) return &v;
  }
  return nullptr;
}

// ---- multipart/form-data (RFC 7578) -------------------------------------------------------

Error Unterminated() {
  return Error::BadRequest("Unterminated multipart body (closing boundary not found)");
}

Status ParseMultipart(std::string_view body, std::string_view boundary, Params& out,
                      size_t& key_count) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next_delimiter = "\r\n" + delimiter;
  size_t pos;
  if (body.substr(0, delimiter.size()) == delimiter) {
    pos = 0;
  } else {
    pos = body.find(next_delimiter);  // skip a preamble
    if (pos == std::string_view::npos) {
      return Error::BadRequest("Malformed multipart body: the boundary does not occur in it");
    }
    pos += 2;
  }
  for (;;) {
    // `pos` is at a delimiter. "--" after it closes the body; anything after is epilogue.
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return core::Ok();
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (pos >= body.size()) return Unterminated();
    if (body.substr(pos, 2) != "\r\n") {
      return Error::BadRequest("Malformed multipart body: boundary line not followed by CRLF");
    }
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return Unterminated();
    std::string_view headers =
        headers_end > pos ? body.substr(pos + 2, headers_end - pos - 2) : std::string_view();
    size_t data_begin = headers_end + 4;
    size_t data_end = body.find(next_delimiter, data_begin);
    if (data_end == std::string_view::npos) return Unterminated();
    std::string_view data = body.substr(data_begin, data_end - data_begin);
    pos = data_end + 2;

    std::optional<HeaderValue> disposition;
    std::string part_type;
    while (!headers.empty()) {
      size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers.remove_prefix(eol == std::string_view::npos ? headers.size() : eol + 2);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view name = Trim(line.substr(0, colon));
      std::string_view value = Trim(line.substr(colon + 1));
      if (EqualsIgnoreCase(name, "content-disposition")) {
        disposition = ParseHeaderValue(value);
      } else if (EqualsIgnoreCase(name, "content-type")) {
        part_type = std::string(value);
      }
    }
    // A part without a form-data name cannot be addressed by a handler; ignore it, as Rails does.
    if (!disposition || disposition->value != "form-data") continue;
    const std::string* field = FindParam(*disposition, "name");
    if (!field || field->empty()) continue;
    if (const std::string* filename = FindParam(*disposition, "filename")) {
      if (++key_count > kMaxKeys) return TooManyKeys();
      if (!core::IsValidUtf8(*field) || !core::IsValidUtf8(*filename) ||
          !core::IsValidUtf8(part_type)) {
        return Error::BadRequest("Multipart field names and filenames must be valid UTF-8 text");
      }
      out.files.push_back(UploadedFile{*field, *filename,
                                       part_type.empty() ? "application/octet-stream" : part_type,
                                       std::string(data)});
    } else {
      MAGPIE_RETURN_IF_ERROR(AddFormPair(out.values, *field, std::string(data), key_count));
    }
  }
}

}  // namespace

core::Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      int lo = hi >= 0 ? HexValue(text[i + 2]) : -1;
      if (lo < 0)
        return Error::BadRequest(
            "Invalid percent-encoding (a '%' must be followed by two hex digits)");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

core::Result<Fields> ParseUrlEncoded(std::string_view text) {
  Fields fields;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text.remove_prefix(amp == std::string_view::npos ? text.size() : amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    if (raw_key.empty()) continue;
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (fields.size() >= kMaxKeys) return TooManyKeys();
    MAGPIE_ASSIGN_OR_RETURN(std::string key, PercentDecode(raw_key, true));
    MAGPIE_ASSIGN_OR_RETURN(std::string value, PercentDecode(raw_value, true));
    if (!core::IsValidUtf8(key) || !core::IsValidUtf8(value)) {
      return Error::BadRequest("Parameters must be valid UTF-8 text");
    }
    fields.emplace_back(std::move(key), std::move(value));
  }
  return fields;
}

core::Result<Params> ParseParams(const Request& request) {
  Params params;
  size_t key_count = 0;
  for (const auto& [key, value] : request.query) {
    std::string copy = value;
    MAGPIE_RETURN_IF_ERROR(AddFormPair(params.values, key, std::move(copy), key_count));
  }

  std::string_view body = request.body;
  if (body.empty()) return params;
  std::optional<std::string_view> content_type = request.Header("content-type");
  HeaderValue type = ParseHeaderValue(content_type.value_or(""));
  std::string_view trimmed = body;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t' ||
                              trimmed.front() == '\r' || trimmed.front() == '\n')) {
    trimmed.remove_prefix(1);
  }
  const bool is_json = type.value == "application/json" ||
                       (type.value.size() > 5 && type.value.ends_with("+json")) ||
                       (type.value.empty() && !trimmed.empty() && trimmed.front() == '{');

  json::object body_values;
  if (is_json) {
    if (trimmed.empty()) return params;  // an empty JSON body means no parameters
    MAGPIE_ASSIGN_OR_RETURN(body_values, ParseJsonBody(body, key_count));
  } else if (type.value == "application/x-www-form-urlencoded" || type.value.empty()) {
    // Without a Content-Type, a body that is not JSON is read as a form, as curl -d sends it.
    MAGPIE_ASSIGN_OR_RETURN(Fields pairs, ParseUrlEncoded(body));
    for (auto& [key, value] : pairs) {
      MAGPIE_RETURN_IF_ERROR(AddFormPair(body_values, key, std::move(value), key_count));
    }
  } else if (type.value == "multipart/form-data") {
    const std::string* boundary = FindParam(type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary) {
      return Error::BadRequest("multipart/form-data body without a valid boundary parameter");
    }
    Params multipart;
    MAGPIE_RETURN_IF_ERROR(ParseMultipart(body, *boundary, multipart, key_count));
    body_values = std::move(multipart.values);
    params.files = std::move(multipart.files);
  } else {
    // Another media type (an image upload sent raw, text/plain...): the handler reads the body
    // itself; the parameters are the query's.
    return params;
  }
  for (auto& kv : body_values) params.values[kv.key()] = std::move(kv.value());
  return params;
}

}  // namespace magpie::http
