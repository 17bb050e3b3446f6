// Small value helpers for Request and Response. Header names are compared case-insensitively on
// responses (handlers may write "Location" or "location"); requests already carry lower-case
// names, so lookups there are exact.
#include "http/message.h"

#include <algorithm>

namespace magpie::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

std::optional<std::string_view> FindField(const Fields& fields, std::string_view key) {
  for (const auto& [k, v] : fields) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

}  // namespace

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
  return FindField(headers, lower_name);
}

std::optional<std::string_view> Request::Query(std::string_view key) const {
  return FindField(query, key);
}

std::string_view Request::PathParam(std::string_view name) const {
  return FindField(path_params, name).value_or(std::string_view());
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Response Response::Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  // No body, so no Content-Type: the server omits the header when this is empty.
  r.content_type.clear();
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

void SharedBody::Append(std::string_view bytes) {
  if (bytes.empty()) return;
  // Consecutive copied bytes extend one piece.
  if (pieces_.empty() || pieces_.back().shared != nullptr) {
    pieces_.push_back(Piece{nullptr, owned_.size(), 0});
  }
  owned_.append(bytes);
  pieces_.back().size += bytes.size();
  size_ += bytes.size();
}

void SharedBody::Append(std::shared_ptr<const std::string> bytes) {
  if (!bytes || bytes->empty()) return;
  pieces_.push_back(Piece{bytes.get(), 0, bytes->size()});
  size_ += bytes->size();
  keep_.push_back(std::move(bytes));
}

void SharedBody::AppendRef(const std::string& bytes) {
  if (bytes.empty()) return;
  pieces_.push_back(Piece{&bytes, 0, bytes.size()});
  size_ += bytes.size();
}

void SharedBody::Keep(std::shared_ptr<const std::string> owner) {
  if (owner) keep_.push_back(std::move(owner));
}

void SharedBody::Reserve(size_t pieces, size_t owned_bytes) {
  pieces_.reserve(pieces_.size() + pieces);
  keep_.reserve(keep_.size() + pieces / 2);
  owned_.reserve(owned_.size() + owned_bytes);
}

SharedBody::Mark SharedBody::mark() const {
  return Mark{pieces_.size(), pieces_.empty() ? 0 : pieces_.back().size, owned_.size(),
              keep_.size(), size_};
}

void SharedBody::Truncate(const Mark& mark) {
  pieces_.resize(mark.pieces);
  if (!pieces_.empty()) pieces_.back().size = mark.last_size;
  owned_.resize(mark.owned);
  keep_.resize(mark.keep);
  size_ = mark.size;
}

std::vector<std::string_view> SharedBody::Pieces() const {
  std::vector<std::string_view> out;
  out.reserve(pieces_.size());
  for (const Piece& p : pieces_) {
    out.push_back(p.shared != nullptr ? std::string_view(*p.shared)
                                      : std::string_view(owned_).substr(p.offset, p.size));
  }
  return out;
}

std::string SharedBody::Flatten() const {
  std::string out;
  out.reserve(size_);
  for (std::string_view piece : Pieces()) out += piece;
  return out;
}

void Response::SetHeader(std::string name, std::string value) {
  // "Set" replaces every earlier value of the header, whatever its case.
  std::erase_if(headers, [&](const auto& field) { return EqualsIgnoreCase(field.first, name); });
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace magpie::http
