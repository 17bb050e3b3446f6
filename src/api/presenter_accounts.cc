// The account half of the Presenter (presenter.h): Account, CredentialAccount, Relationship and
// Notification entities, shaped as docs.joinmastodon.org "Entities" describes them. Batch
// methods fetch every account of a page in one store call (AccountService::GetMany) and keep the
// caller's order.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <string>
#include <unordered_map>

#include "api/account_render_cache.h"
#include "api/presenter.h"
#include "core/clock.h"
#include "domain/account_service.h"
#include "domain/names.h"
#include "text/text.h"

namespace magpie::api {

namespace json = boost::json;

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// Media paths are relative to the server's /system/ directory (the media module serves them);
// an empty path means the default picture.
std::string MediaUrl(const ApiConfig& config, const std::string& path, const char* missing) {
  if (path.empty()) return config.base_url + missing;
  if (path.starts_with("http://") || path.starts_with("https://")) return path;
  return config.base_url + "/system/" + path;
}

// Local mentions link to the profile they name; whether it exists is not checked (that would
// cost a query per mention per account on every page), remote ones stay plain text until
// federation can resolve them.
text::RenderOptions RenderOptionsFor(const ApiConfig& config) {
  text::RenderOptions options;
  options.base_url = config.base_url;
  options.resolve_mention =
      [&config](const text::Mention& m) -> std::optional<text::MentionTarget> {
    if (!m.domain.empty() && m.domain != config.domain) return std::nullopt;
    return text::MentionTarget{config.base_url + "/@" + m.username, m.username};
  };
  return options;
}

std::string RenderBio(const ApiConfig& config, const std::string& note) {
  if (note.empty()) return "";
  return text::RenderHtml(note, text::Parse(note), RenderOptionsFor(config));
}

// A profile field value: escaped and linkified like a bio, but without the paragraph around it.
std::string RenderFieldValue(const ApiConfig& config, const std::string& value) {
  std::string html = RenderBio(config, value);
  if (html.starts_with("<p>") && html.ends_with("</p>") &&
      html.find("<p>", 3) == std::string::npos) {
    html = html.substr(3, html.size() - 7);
  }
  return html;
}

json::value OptionalIso(int64_t millis) {
  if (millis <= 0) return nullptr;
  return json::string(core::FormatIso8601(millis));
}

}  // namespace

json::object Presenter::Account(const domain::Account& a) const {
  const ApiConfig& config = ctx_.config;
  const bool local = a.domain.empty();
  const std::string acct = local ? a.username : a.username + "@" + a.domain;
  const std::string profile_url = config.base_url + "/@" + acct;
  json::object o;
  o["id"] = core::IdToString(a.id);
  o["username"] = a.username;
  o["acct"] = acct;
  o["display_name"] = a.display_name;
  o["locked"] = a.locked;
  o["bot"] = a.bot;
  o["discoverable"] = a.discoverable;
  o["indexable"] = a.indexable;
  o["group"] = false;
  // Mastodon rounds the creation time down to the day, so profiles do not leak sign-up times.
  o["created_at"] = core::FormatIso8601(a.created_at - a.created_at % kDayMs);
  o["note"] = RenderBio(config, a.note);
  o["url"] = profile_url;
  o["uri"] = local ? config.base_url + "/users/" + a.username : profile_url;
  const std::string avatar = MediaUrl(config, a.avatar_path, "/avatars/original/missing.png");
  const std::string header = MediaUrl(config, a.header_path, "/headers/original/missing.png");
  o["avatar"] = avatar;
  o["avatar_static"] = avatar;
  o["header"] = header;
  o["header_static"] = header;
  o["followers_count"] = a.followers_count;
  o["following_count"] = a.following_count;
  o["statuses_count"] = a.statuses_count;
  o["last_status_at"] = a.last_status_at > 0
                            ? json::value(json::string(core::FormatDate(a.last_status_at)))
                            : json::value(nullptr);
  o["hide_collections"] = false;
  o["noindex"] = false;
  o["emojis"] = json::array();
  o["roles"] = json::array();
  json::array fields;
  for (const auto& f : a.fields) {
    fields.push_back(json::object{{"name", text::EscapeHtml(f.name)},
                                  {"value", RenderFieldValue(config, f.value)},
                                  {"verified_at", OptionalIso(f.verified_at)}});
  }
  o["fields"] = std::move(fields);
  if (a.suspended) o["suspended"] = true;
  return o;
}

std::shared_ptr<const std::string> Presenter::AccountJsonHead(const domain::Account& a) const {
  if (ctx_.account_render_cache != nullptr) {
    if (auto cached = ctx_.account_render_cache->Get(a)) return cached;
  }
  json::object o = Account(a);
  for (std::string_view counter :
       {"followers_count", "following_count", "statuses_count", "last_status_at"}) {
    o.erase(counter);
  }
  std::string head = json::serialize(o);
  head.pop_back();  // the closing brace: the counters follow
  auto json = std::make_shared<const std::string>(std::move(head));
  if (ctx_.account_render_cache != nullptr) ctx_.account_render_cache->Put(a, json);
  return json;
}

void Presenter::AppendAccountCounters(const domain::Account& a, std::string& out) {
  // The head is never empty ("{\"id\":..."), so the counters always follow a member.
  auto append_int = [&out](std::string_view key, int64_t value) {
    out += key;
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    (void)ec;  // 24 digits hold any int64_t
    out.append(digits, end);
  };
  append_int(",\"followers_count\":", a.followers_count);
  append_int(",\"following_count\":", a.following_count);
  append_int(",\"statuses_count\":", a.statuses_count);
  out += ",\"last_status_at\":";
  if (a.last_status_at > 0) {
    out += '"';
    out += core::FormatDate(a.last_status_at);
    out += '"';
  } else {
    out += "null";
  }
  out += '}';
}

json::object Presenter::CredentialAccount(const domain::Account& account, const domain::User& user,
                                          int64_t follow_requests_count) const {
  json::object o = Account(account);
  json::array plain_fields;
  for (const auto& f : account.fields) {
    plain_fields.push_back(json::object{
        {"name", f.name}, {"value", f.value}, {"verified_at", OptionalIso(f.verified_at)}});
  }
  json::object source;
  source["privacy"] = std::string(domain::VisibilityName(user.default_visibility));
  source["sensitive"] = user.default_sensitive;
  source["language"] = user.default_language.empty()
                           ? json::value(nullptr)
                           : json::value(json::string(user.default_language));
  source["quote_policy"] = std::string(domain::QuotePolicyName(user.default_quote_policy));
  source["note"] = account.note;
  source["fields"] = std::move(plain_fields);
  source["follow_requests_count"] = follow_requests_count;
  source["hide_collections"] = false;
  source["discoverable"] = account.discoverable;
  source["indexable"] = account.indexable;
  source["attribution_domains"] = json::array();
  o["source"] = std::move(source);
  // Mastodon's "everyone" role: no permissions, not shown on the profile.
  o["role"] = json::object{
      {"id", "-99"}, {"name", ""}, {"permissions", "0"}, {"color", ""}, {"highlighted", false}};
  return o;
}

json::array Presenter::Accounts(std::span<const Id> ids) const {
  json::array out;
  if (ids.empty() || ctx_.accounts == nullptr) return out;
  for (const auto& a : ctx_.accounts->GetMany(ids)) out.push_back(Account(a));
  return out;
}

json::object Presenter::Relationship(const domain::Relationship& r) const {
  json::array languages;
  for (const auto& l : r.languages) languages.push_back(json::string(l));
  return json::object{
      {"id", core::IdToString(r.target_id)},
      {"following", r.following},
      {"showing_reblogs", r.showing_reblogs},
      {"notifying", r.notifying},
      // A pending request shows the options the follow will get, as Mastodon does.
      {"languages", (r.following || r.requested) && !r.languages.empty()
                        ? json::value(std::move(languages))
                        : json::value(nullptr)},
      {"followed_by", r.followed_by},
      {"blocking", r.blocking},
      {"blocked_by", r.blocked_by},
      {"muting", r.muting},
      {"muting_notifications", r.muting_notifications},
      {"requested", r.requested},
      {"requested_by", r.requested_by},
      {"domain_blocking", r.domain_blocking},
      {"endorsed", r.endorsed},
      {"note", r.note},
  };
}

json::array Presenter::Notifications(Id viewer,
                                     const std::vector<domain::Notification>& items) const {
  json::array out;
  if (items.empty()) return out;
  // One batch of accounts and one of statuses for the whole page.
  std::vector<Id> account_ids;
  std::vector<Id> status_ids;
  for (const auto& n : items) {
    account_ids.push_back(n.from_account_id);
    if (n.status_id != 0) status_ids.push_back(n.status_id);
  }
  std::unordered_map<Id, json::object> accounts;
  if (ctx_.accounts != nullptr) {
    for (const auto& a : ctx_.accounts->GetMany(account_ids)) accounts.emplace(a.id, Account(a));
  }
  std::unordered_map<std::string, json::object> statuses;
  if (!status_ids.empty()) {
    json::array rendered = Statuses(viewer, status_ids, "notifications");
    for (auto& s : rendered) {
      if (!s.is_object()) continue;
      const auto* id = s.as_object().if_contains("id");
      if (id != nullptr && id->is_string()) {
        statuses.emplace(std::string(id->as_string()), std::move(s.as_object()));
      }
    }
  }
  for (const auto& n : items) {
    auto account = accounts.find(n.from_account_id);
    if (account == accounts.end()) continue;
    json::object o;
    o["id"] = core::IdToString(n.id);
    o["type"] = std::string(domain::NotificationTypeName(n.type));
    o["created_at"] = core::FormatIso8601(n.created_at);
    o["group_key"] = "ungrouped-" + core::IdToString(n.id);
    o["account"] = account->second;
    if (n.status_id != 0) {
      // A status the viewer can no longer see (deleted, now private, filtered) takes its
      // notification with it.
      auto status = statuses.find(core::IdToString(n.status_id));
      if (status == statuses.end()) continue;
      o["status"] = status->second;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace magpie::api
