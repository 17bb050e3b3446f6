// What the API layer is given by the composition root (app/): its configuration and the
// services it calls. api/ never touches storage directly (DESIGN.md §3). Non-owning pointers:
// app/ owns every service for the life of the server.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace magpie::core {
class RateLimiter;
class Clock;
namespace metrics {
class Registry;
}
}  // namespace magpie::core

namespace magpie::domain {
class AuthService;
class AccountService;
class StatusService;
class FilterService;
class NotificationService;
class SocialGraph;
}  // namespace magpie::domain

namespace magpie::timeline {
class TimelineService;
}

namespace magpie::api {

class AccountRenderCache;
class StatusRenderCache;

struct RateLimits {
  // Requests per window; 0 disables. Generous defaults; tests and benchmarks raise them.
  int64_t sign_up_per_ip = 25;          // per 5 minutes
  int64_t sign_in_per_ip = 100;         // per 5 minutes (password grant, sign-in page)
  int64_t posts_per_account = 300;      // per 3 hours, as Mastodon
  int64_t requests_per_ip = 3000;       // per 5 minutes, all API calls without a user
  int64_t requests_per_account = 3000;  // per 5 minutes
};

struct ApiConfig {
  std::string base_url = "http://localhost:8080";  // no trailing slash
  std::string domain = "localhost:8080";           // the `domain` of local accounts' acct URIs
  std::string streaming_url;                       // empty: same as base_url
  std::string title = "Magpie";
  std::string description = "A microblogging server for everyone, in every language.";
  std::string contact_email;
  std::string version = "4.3.0 (compatible; Magpie 0.1.0)";
  std::vector<std::string> languages = {"en", "zh", "ja", "es", "ar"};
  size_t max_status_chars = 2000;
  int max_media_attachments = 9;
  int max_poll_options = 4;
  bool registrations_open = true;
  bool approval_required = false;
  RateLimits rate_limits;
};

struct ApiContext {
  ApiConfig config;
  const core::Clock* clock = nullptr;
  core::RateLimiter* limiter = nullptr;
  core::metrics::Registry* metrics = nullptr;
  domain::AuthService* auth = nullptr;
  domain::AccountService* accounts = nullptr;
  domain::StatusService* statuses = nullptr;
  domain::NotificationService* notifications = nullptr;
  domain::SocialGraph* graph = nullptr;
  timeline::TimelineService* timelines = nullptr;
  domain::FilterService* filters = nullptr;  // filters v2 (routes_filters.cc, the presenter)
  // Viewer-independent JSON of statuses (status_render_cache.h); optional, nullptr: no caching.
  StatusRenderCache* status_render_cache = nullptr;
  // Serialized Account entities (account_render_cache.h); optional, nullptr: no caching.
  AccountRenderCache* account_render_cache = nullptr;
};

}  // namespace magpie::api
