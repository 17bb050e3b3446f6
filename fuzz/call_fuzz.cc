// libFuzzer target for the API's request path short of the services (api/call.h): parameters
// parsed from a query and a body (http::ParseParams), then every Call getter a handler uses —
// String, RequiredString, Bool, Int, StringArray, IdArray, PathId, Page — then the error mapping
// and the Link header, all through api::Endpoint as the server runs them. Checks, beyond "no
// crash, no sanitizer report", what a client may rely on: never a 500, a JSON body that is valid
// UTF-8, header values without CR/LF, and a page limit inside its bounds.
//
// Input layout: byte 0 picks the content type, byte 1 the query length (mod 64), byte 2 the
// length of the ":id" path parameter (mod 32); then the query, the path parameter, the body.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

#include "api/call.h"
#include "api/context.h"
#include "core/utf8.h"
#include "http/params.h"

namespace {

namespace json = boost::json;
using magpie::api::Call;
using magpie::core::Error;
using magpie::core::Result;

constexpr std::string_view kContentTypes[] = {
    "application/json",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=XyZ",
    "multipart/form-data; boundary=\"b\"",
    "",
    "text/plain",
    "multipart/form-data",
};

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

// What a typical handler does with its parameters; the first error is returned like a handler's.
Result<magpie::http::Response> Handler(Call& call) {
  json::object out;
  if (auto s = call.String("status")) out["status"] = *s;
  MAGPIE_ASSIGN_OR_RETURN(auto sensitive, call.Bool("sensitive"));
  if (sensitive) out["sensitive"] = *sensitive;
  MAGPIE_ASSIGN_OR_RETURN(auto expires, call.Int("expires_in"));
  if (expires) out["expires_in"] = *expires;
  MAGPIE_ASSIGN_OR_RETURN(auto types, call.StringArray("types"));
  json::array types_json;
  for (const auto& t : types) types_json.emplace_back(t);
  out["types"] = std::move(types_json);
  MAGPIE_ASSIGN_OR_RETURN(auto ids, call.IdArray("media_ids"));
  out["media_ids"] = ids.size();

  const magpie::domain::Page page = call.Page(20, 40);
  Check(page.limit >= 1 && page.limit <= 40, "page limit clamped");

  MAGPIE_ASSIGN_OR_RETURN(auto id, call.PathId("id"));
  MAGPIE_ASSIGN_OR_RETURN(auto grant, call.RequiredString("grant_type"));
  out["grant_type"] = grant;
  magpie::http::Response response = magpie::api::JsonResponse(out);
  magpie::api::SetLinkHeader(response, call, {id, id / 2 + 1});
  return response;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view content_type =
      kContentTypes[static_cast<uint8_t>(input[0]) % std::size(kContentTypes)];
  size_t query_size = static_cast<uint8_t>(input[1]) % 64;
  size_t id_size = static_cast<uint8_t>(input[2]) % 32;
  input.remove_prefix(3);
  if (query_size > input.size()) query_size = input.size();
  const std::string_view query = input.substr(0, query_size);
  input.remove_prefix(query_size);
  if (id_size > input.size()) id_size = input.size();
  const std::string_view id = input.substr(0, id_size);
  const std::string_view body = input.substr(id_size);

  magpie::http::Request req;
  req.method = magpie::http::Method::kPost;
  req.path = "/api/v1/fuzz";
  auto fields = magpie::http::ParseUrlEncoded(query);
  if (!fields.ok()) return 0;  // the server answers 400 before routing (params_fuzz covers it)
  req.query = std::move(fields).value();
  if (!content_type.empty()) req.headers.emplace_back("content-type", std::string(content_type));
  req.body = std::string(body);
  req.path_params.emplace_back("id", std::string(id));

  static const magpie::api::ApiContext ctx;  // no services: the getters need none
  // Auth() would reach the (absent) AuthService for an access_token parameter; handlers that
  // authenticate are exercised by the integration tests instead.
  if (auto params = magpie::http::ParseParams(req);
      params.ok() && params->values.contains("access_token")) {
    return 0;
  }

  static const magpie::http::Handler endpoint = magpie::api::Endpoint(ctx, Handler);
  const magpie::http::Response response = endpoint(req);

  Check(response.status != 500, "no 500 from client input");
  Check(magpie::core::IsValidUtf8(response.body), "body is valid UTF-8");
  std::error_code ec;
  const json::value parsed = json::parse(response.body, ec);
  Check(!ec, "body is JSON");
  if (response.status >= 400) {
    Check(parsed.is_object() && parsed.as_object().contains("error"), "error body has error");
  }
  for (const auto& [name, value] : response.headers) {
    Check(value.find_first_of("\r\n") == std::string::npos, "no CR/LF in a header value");
  }
  return 0;
}
