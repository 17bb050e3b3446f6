// libFuzzer target for request parameter parsing (http/params.h): arbitrary bytes as a query
// string and a body under several content types. Checks, beyond "no crash, no sanitizer report",
// the contract's promises: failures are kBadRequest, and every string that comes out is valid
// UTF-8 (file data aside).
//
// Input layout: byte 0 picks the content type, byte 1 the query length (mod 64), then the query,
// then the body.
#include <boost/json/value.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "http/params.h"

namespace {

using magpie::http::Fields;
using magpie::http::Request;

constexpr std::string_view kContentTypes[] = {
    "application/json",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=XyZ",
    "multipart/form-data; boundary=\"b\"",
    "",
    "application/activity+json",
    "multipart/form-data",
};

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckStrings(const boost::json::value& v) {
  if (v.is_string()) {
    Check(magpie::core::IsValidUtf8(v.get_string()));
  } else if (v.is_array()) {
    for (const auto& e : v.get_array()) CheckStrings(e);
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      Check(magpie::core::IsValidUtf8(kv.key()));
      CheckStrings(kv.value());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view content_type =
      kContentTypes[static_cast<uint8_t>(input[0]) % std::size(kContentTypes)];
  size_t query_size = static_cast<uint8_t>(input[1]) % 64;
  input.remove_prefix(2);
  if (query_size > input.size()) query_size = input.size();
  std::string_view query = input.substr(0, query_size);
  std::string_view body = input.substr(query_size);

  (void)magpie::http::PercentDecode(query, false);

  Request req;
  req.method = magpie::http::Method::kPost;
  auto fields = magpie::http::ParseUrlEncoded(query);
  if (fields.ok()) {
    for (const auto& [k, v] : *fields) {
      Check(magpie::core::IsValidUtf8(k) && magpie::core::IsValidUtf8(v));
    }
    req.query = std::move(fields).value();
  } else {
    Check(fields.error().code == magpie::core::ErrorCode::kBadRequest);
  }
  if (!content_type.empty()) req.headers.emplace_back("content-type", std::string(content_type));
  req.body = std::string(body);

  auto params = magpie::http::ParseParams(req);
  if (!params.ok()) {
    Check(params.error().code == magpie::core::ErrorCode::kBadRequest);
    Check(!params.error().message.empty());
    Check(magpie::core::IsValidUtf8(params.error().message));  // it goes back to the client
    return 0;
  }
  CheckStrings(boost::json::value(params->values));
  for (const auto& file : params->files) {
    Check(magpie::core::IsValidUtf8(file.field) && magpie::core::IsValidUtf8(file.filename));
    Check(file.data.size() <= body.size());
  }
  return 0;
}
