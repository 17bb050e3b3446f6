// The transport's view of one HTTP exchange. Knows nothing of posts or accounts: api/ builds on it.
// A Request is owned by one handler invocation; a Response is moved back to the connection.
#pragma once

#include <cstdint>
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

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  Fields headers;  // extra headers (Link, X-RateLimit-*, Location, Cache-Control, ...)
  std::string body;
  // When set, the body is the contents of this file (static assets); `body` is ignored.
  std::string file_path;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body, std::string content_type);
  // A redirect with an empty body.
  static Response Redirect(int status, std::string location);
  void SetHeader(std::string name, std::string value);
};

}  // namespace magpie::http
