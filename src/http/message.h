// The transport's view of one HTTP exchange. Knows nothing of posts or accounts: api/ builds on it.
// A Request is owned by one handler invocation; a Response is moved back to the connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace magpie::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method m);

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string target;  // raw request target, e.g. "/api/v1/timelines/home?limit=20"
  std::string path;    // percent-decoded path without the query, e.g. "/api/v1/timelines/home"
  Fields query;        // percent-decoded query parameters in order; keys may repeat ("ids[]")
  Fields headers;      // names lower-cased
  std::string body;
  std::string remote_address;  // peer IP as text
  std::string request_id;      // unique per request; echoed as X-Request-Id
  Fields path_params;          // filled by the Router from ":name" segments

  // First header with this lower-case name, or nullopt.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
  // First query parameter with this key, or nullopt.
  std::optional<std::string_view> Query(std::string_view key) const;
  // Path parameter by name; empty when absent.
  std::string_view PathParam(std::string_view name) const;
};

// A response body assembled from pieces: bytes copied in, and shared immutable strings (cached
// renderings) referenced without a copy. The server hands the pieces to the kernel in gathered
// writes, so a page built mostly of cached fragments is copied once (into the socket), not twice.
class SharedBody {
 public:
  void Append(std::string_view bytes);
  void Append(std::shared_ptr<const std::string> bytes);
  // References `bytes` without owning them: the caller keeps them alive as long as the body,
  // typically by passing their owner to Keep() (one reference per fragment, however often it is
  // appended, and no reference counting per append).
  void AppendRef(const std::string& bytes);
  void Keep(std::shared_ptr<const std::string> owner);
  // Room for about this many more pieces and copied bytes.
  void Reserve(size_t pieces, size_t owned_bytes);
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // A position to come back to with Truncate (drops everything appended after it).
  struct Mark {
    size_t pieces = 0;
    size_t last_size = 0;
    size_t owned = 0;
    size_t keep = 0;
    size_t size = 0;
  };
  Mark mark() const;
  void Truncate(const Mark& mark);

  // The pieces in order; valid while the body is alive and unchanged.
  std::vector<std::string_view> Pieces() const;
  std::string Flatten() const;

 private:
  struct Piece {
    const std::string* shared = nullptr;  // null: owned_[offset, offset + size)
    size_t offset = 0;
    size_t size = 0;
  };
  std::string owned_;
  std::vector<Piece> pieces_;
  std::vector<std::shared_ptr<const std::string>> keep_;
  size_t size_ = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  Fields headers;  // extra headers (Link, X-RateLimit-*, Location, Cache-Control, ...)
  std::string body;
  // When not empty, the body is these pieces and `body` is ignored (a timeline page).
  SharedBody pieces;
  // When set, the body is the contents of this file (static assets); `body` is ignored.
  std::string file_path;

  // The body as one string, whichever way it is held (not a file's contents).
  std::string BodyText() const { return pieces.empty() ? body : pieces.Flatten(); }

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body, std::string content_type);
  // A redirect with an empty body.
  static Response Redirect(int status, std::string location);
  void SetHeader(std::string name, std::string value);
};

}  // namespace magpie::http
