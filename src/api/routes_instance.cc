// What a client or another server asks about this server before anything else: /api/v1 and v2
// instance (with the configuration limits clients size their UI by), peers, activity, rules,
// extended description, NodeInfo, WebFinger and host-meta, /health, and the default avatar and
// header pictures that every account without its own points at.
//
// Counts come from AccountService::Stats (cached for a minute), so these endpoints stay cheap
// even though every client calls them at start-up.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "api/account_routes.h"
#include "core/clock.h"
#include "domain/account_service.h"
#include "text/text.h"

namespace magpie::api {

namespace json = boost::json;

namespace {

// Limits the media module will enforce (DESIGN.md §7); announced here so clients check first.
constexpr int64_t kImageSizeLimit = 16 * 1024 * 1024;
constexpr int64_t kImageMatrixLimit = 33'177'600;  // 7680 x 4320 pixels
constexpr int64_t kVideoSizeLimit = 99 * 1024 * 1024;
constexpr int64_t kVideoMatrixLimit = 8'294'400;  // 3840 x 2160 pixels
constexpr int64_t kVideoFrameRateLimit = 120;
constexpr int kCharactersReservedPerUrl = 23;
constexpr int kPollMaxCharactersPerOption = 50;
constexpr int kPollMinExpiration = 300;
constexpr int kPollMaxExpiration = 2'629'746;

// A 48x48 light grey PNG: the picture of every account that has not uploaded one.
constexpr unsigned char kMissingPng[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x30, 0x08, 0x02, 0x00, 0x00, 0x00, 0xd8,
    0x60, 0x6e, 0xd0, 0x00, 0x00, 0x00, 0x3a, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xce,
    0x31, 0x0d, 0x00, 0x00, 0x08, 0x03, 0xb0, 0xf9, 0x57, 0xc6, 0xc1, 0x85, 0x22, 0x5c, 0x10,
    0x8e, 0x26, 0x15, 0xd0, 0x54, 0xcf, 0x2b, 0x11, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12,
    0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12,
    0x12, 0x12, 0x12, 0xba, 0xb3, 0x03, 0xb0, 0x97, 0x3c, 0x40, 0xa3, 0x4c, 0x93, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

std::string StreamingUrl(const ApiConfig& config) {
  std::string url = config.streaming_url.empty() ? config.base_url : config.streaming_url;
  if (url.starts_with("https://")) return "wss://" + url.substr(8);
  if (url.starts_with("http://")) return "ws://" + url.substr(7);
  return url;
}

// "4.3.0 (compatible; Magpie 0.1.0)" -> "0.1.0".
std::string MagpieVersion(const ApiConfig& config) {
  const std::string& v = config.version;
  size_t at = v.find("Magpie ");
  if (at == std::string::npos) return v;
  size_t end = v.find(')', at);
  return v.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
}

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.push_back(json::string(s));
  return out;
}

json::array SupportedMimeTypes() {
  return json::array{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"};
}

json::object StatusLimits(const ApiConfig& config) {
  return json::object{{"max_characters", config.max_status_chars},
                      {"max_media_attachments", config.max_media_attachments},
                      {"characters_reserved_per_url", kCharactersReservedPerUrl}};
}

json::object MediaLimits() {
  return json::object{{"supported_mime_types", SupportedMimeTypes()},
                      {"description_limit", 1500},
                      {"image_size_limit", kImageSizeLimit},
                      {"image_matrix_limit", kImageMatrixLimit},
                      {"video_size_limit", kVideoSizeLimit},
                      {"video_frame_rate_limit", kVideoFrameRateLimit},
                      {"video_matrix_limit", kVideoMatrixLimit}};
}

json::object PollLimits(const ApiConfig& config) {
  return json::object{{"max_options", config.max_poll_options},
                      {"max_characters_per_option", kPollMaxCharactersPerOption},
                      {"min_expiration", kPollMinExpiration},
                      {"max_expiration", kPollMaxExpiration}};
}

size_t MaxFeaturedTags(const ApiContext& ctx) {
  return ctx.accounts != nullptr ? ctx.accounts->config().max_featured_tags : 10;
}

domain::InstanceStats Stats(const ApiContext& ctx) {
  return ctx.accounts != nullptr ? ctx.accounts->Stats() : domain::InstanceStats{};
}

Result<http::Response> InstanceV1(Call& call) {
  const ApiContext& ctx = call.ctx();
  const ApiConfig& c = ctx.config;
  domain::InstanceStats stats = Stats(ctx);
  json::object o{
      {"uri", c.domain},
      {"title", c.title},
      {"short_description", c.description},
      {"description", c.description},
      {"email", c.contact_email},
      {"version", c.version},
      {"urls", json::object{{"streaming_api", StreamingUrl(c)}}},
      {"stats", json::object{{"user_count", stats.user_count},
                             {"status_count", stats.status_count},
                             {"domain_count", 0}}},
      {"thumbnail", c.base_url + "/headers/original/missing.png"},
      {"languages", Strings(c.languages)},
      {"registrations", c.registrations_open},
      {"approval_required", c.approval_required},
      {"invites_enabled", false},
      {"configuration",
       json::object{{"accounts", json::object{{"max_featured_tags", MaxFeaturedTags(ctx)}}},
                    {"statuses", StatusLimits(c)},
                    {"media_attachments", MediaLimits()},
                    {"polls", PollLimits(c)}}},
      {"contact_account", nullptr},
      {"rules", json::array()},
  };
  return JsonResponse(o);
}

Result<http::Response> InstanceV2(Call& call) {
  const ApiContext& ctx = call.ctx();
  const ApiConfig& c = ctx.config;
  domain::InstanceStats stats = Stats(ctx);
  json::object configuration{
      {"urls", json::object{{"streaming", StreamingUrl(c)}, {"status", nullptr}}},
      {"vapid", json::object{{"public_key", ""}}},
      {"accounts",
       json::object{{"max_featured_tags", MaxFeaturedTags(ctx)}, {"max_pinned_statuses", 5}}},
      {"statuses", StatusLimits(c)},
      {"media_attachments", MediaLimits()},
      {"polls", PollLimits(c)},
      {"translation", json::object{{"enabled", false}}},
  };
  json::object o{
      {"domain", c.domain},
      {"title", c.title},
      {"version", c.version},
      {"source_url", ""},
      {"description", c.description},
      // Active users are not tracked yet; every local user counts.
      {"usage", json::object{{"users", json::object{{"active_month", stats.user_count}}}}},
      {"thumbnail", json::object{{"url", c.base_url + "/headers/original/missing.png"},
                                 {"blurhash", nullptr},
                                 {"versions", json::object()}}},
      {"icon", json::array()},
      {"languages", Strings(c.languages)},
      {"configuration", std::move(configuration)},
      {"registrations", json::object{{"enabled", c.registrations_open},
                                     {"approval_required", c.approval_required},
                                     {"message", nullptr},
                                     {"url", nullptr}}},
      {"api_versions", json::object{{"mastodon", 2}}},
      {"contact", json::object{{"email", c.contact_email}, {"account", nullptr}}},
      {"rules", json::array()},
  };
  return JsonResponse(o);
}

Result<http::Response> EmptyArray(Call&) { return JsonResponse(json::array()); }
Result<http::Response> EmptyObject(Call&) { return EmptyJson(); }

// Twelve weeks, newest first. Activity is not counted yet, so every week reads zero.
Result<http::Response> Activity(Call& call) {
  constexpr int64_t kWeekMs = 7LL * 24 * 3600 * 1000;
  int64_t now = call.ctx().clock != nullptr ? call.ctx().clock->NowMillis() : 0;
  // Weeks start on Monday 00:00 UTC; the epoch was a Thursday.
  int64_t week = now - ((now + 3LL * 24 * 3600 * 1000) % kWeekMs);
  json::array out;
  for (int i = 0; i < 12; ++i) {
    out.push_back(json::object{{"week", std::to_string((week - i * kWeekMs) / 1000)},
                               {"statuses", "0"},
                               {"logins", "0"},
                               {"registrations", "0"}});
  }
  return JsonResponse(out);
}

Result<http::Response> ExtendedDescription(Call& call) {
  const ApiConfig& c = call.ctx().config;
  return JsonResponse(json::object{{"updated_at", core::FormatIso8601(0)},
                                   {"content", "<p>" + text::EscapeHtml(c.description) + "</p>"}});
}

Result<http::Response> NodeInfoLinks(Call& call) {
  const std::string& base = call.ctx().config.base_url;
  return JsonResponse(json::object{
      {"links", json::array{json::object{{"rel", "http://nodeinfo.diaspora.software/ns/schema/2.0"},
                                         {"href", base + "/nodeinfo/2.0"}}}}});
}

Result<http::Response> NodeInfo(Call& call) {
  const ApiContext& ctx = call.ctx();
  domain::InstanceStats stats = Stats(ctx);
  json::object o{
      {"version", "2.0"},
      {"software", json::object{{"name", "magpie"}, {"version", MagpieVersion(ctx.config)}}},
      {"protocols", json::array{"activitypub"}},
      {"services", json::object{{"outbound", json::array()}, {"inbound", json::array()}}},
      {"usage", json::object{{"users", json::object{{"total", stats.user_count},
                                                    {"activeMonth", stats.user_count},
                                                    {"activeHalfyear", stats.user_count}}},
                             {"localPosts", stats.status_count}}},
      {"openRegistrations", ctx.config.registrations_open},
      {"metadata", json::object{{"nodeName", ctx.config.title}}},
  };
  http::Response r = JsonResponse(o);
  r.content_type = "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"";
  return r;
}

Result<http::Response> HostMeta(Call& call) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
      "  <Link rel=\"lrdd\" template=\"" +
      text::EscapeHtml(call.ctx().config.base_url) +
      "/.well-known/webfinger?resource={uri}\"/>\n</XRD>\n";
  return http::Response::Text(200, std::move(xml), "application/xrd+xml; charset=utf-8");
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? char(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? char(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// resource = acct:user@domain, user@domain, or this server's profile URL (…/@user, …/users/user).
Result<http::Response> WebFinger(Call& call) {
  const ApiContext& ctx = call.ctx();
  const ApiConfig& c = ctx.config;
  auto resource = call.String("resource");
  if (!resource || resource->empty()) {
    return core::Error::BadRequest("The resource parameter is required");
  }
  std::string_view r = *resource;
  std::string username;
  const std::string profile_prefix = c.base_url + "/@";
  const std::string users_prefix = c.base_url + "/users/";
  if (r.starts_with(profile_prefix)) {
    username = std::string(r.substr(profile_prefix.size()));
  } else if (r.starts_with(users_prefix)) {
    username = std::string(r.substr(users_prefix.size()));
  } else {
    if (r.starts_with("acct:")) r.remove_prefix(5);
    if (r.starts_with("@")) r.remove_prefix(1);
    size_t at = r.find('@');
    if (at == std::string_view::npos || !EqualsIgnoreCase(r.substr(at + 1), c.domain)) {
      return core::Error::NotFound();
    }
    username = std::string(r.substr(0, at));
  }
  if (ctx.accounts == nullptr) return core::Error::NotFound();
  MAGPIE_ASSIGN_OR_RETURN(domain::Account account, ctx.accounts->Lookup(username));
  if (!account.domain.empty()) return core::Error::NotFound();
  const std::string url = c.base_url + "/@" + account.username;
  const std::string uri = c.base_url + "/users/" + account.username;
  json::object o{
      {"subject", "acct:" + account.username + "@" + c.domain},
      {"aliases", json::array{url, uri}},
      {"links",
       json::array{
           json::object{{"rel", "http://webfinger.net/rel/profile-page"},
                        {"type", "text/html"},
                        {"href", url}},
           json::object{{"rel", "self"}, {"type", "application/activity+json"}, {"href", uri}},
       }},
  };
  http::Response res = JsonResponse(o);
  res.content_type = "application/jrd+json; charset=utf-8";
  return res;
}

http::Response MissingPicture(http::Request&) {
  http::Response r = http::Response::Text(
      200, std::string(reinterpret_cast<const char*>(kMissingPng), sizeof kMissingPng),
      "image/png");
  r.SetHeader("Cache-Control", "public, max-age=604800");
  return r;
}

http::Response Health(http::Request&) {
  http::Response r = http::Response::Text(200, "ok", "text/plain; charset=utf-8");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterInstanceRoutes(http::Router& router, const ApiContext& ctx) {
  using http::Method;
  const http::RouteOptions kInline{.run_inline = true};
  auto add = [&](std::string_view pattern, ApiHandler h, http::RouteOptions o = {}) {
    router.Add(Method::kGet, pattern, Endpoint(ctx, std::move(h)), o);
  };
  add("/api/v1/instance", InstanceV1);
  add("/api/v2/instance", InstanceV2);
  add("/api/v1/instance/peers", EmptyArray, kInline);
  add("/api/v1/instance/activity", Activity, kInline);
  add("/api/v1/instance/rules", EmptyArray, kInline);
  add("/api/v1/instance/domain_blocks", EmptyArray, kInline);
  add("/api/v1/instance/extended_description", ExtendedDescription, kInline);
  add("/api/v1/instance/translation_languages", EmptyObject, kInline);
  add("/.well-known/nodeinfo", NodeInfoLinks, kInline);
  add("/nodeinfo/2.0", NodeInfo);
  add("/.well-known/host-meta", HostMeta, kInline);
  add("/.well-known/webfinger", WebFinger);
  router.Add(Method::kGet, "/health", Health, kInline);
  router.Add(Method::kGet, "/avatars/original/missing.png", MissingPicture, kInline);
  router.Add(Method::kGet, "/headers/original/missing.png", MissingPicture, kInline);
}

}  // namespace magpie::api
