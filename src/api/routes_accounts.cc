// /api/v1/accounts/* (personal notes and endorsements included) and the social-graph collections
// (blocks, mutes, follow requests, domain blocks, endorsements, featured tags), plus
// RegisterAccountRoutes, which assembles this file's
// routes with those of routes_oauth.cc, routes_instance.cc, routes_notifications.cc,
// routes_misc.cc and routes_magpie.cc (Magpie's own extensions).
//
// Handlers parse and type-check parameters (a present value of the wrong type is a 422 naming
// it), call AccountService, and present the result; AccountService owns every rule.
// GET /api/v1/accounts/:id/statuses belongs to the status routes.
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <chrono>
#include <map>

#include "api/account_routes.h"
#include "api/presenter.h"
#include "api/routes.h"
#include "domain/account_service.h"
#include "domain/auth_service.h"
#include "domain/names.h"
#include "text/text.h"

namespace magpie::api {

namespace json = boost::json;

namespace {

using domain::AccountService;

constexpr std::chrono::minutes kSignUpWindow{5};

AccountService& Accounts(Call& call) { return *call.ctx().accounts; }

Result<Id> Viewer(Call& call, std::string_view scope) {
  MAGPIE_ASSIGN_OR_RETURN(domain::AuthInfo auth, call.RequireUser(scope));
  return auth.account_id;
}

// ---- typed reads of nested parameters (fields_attributes, source[...]) -----------------------

Result<std::optional<std::string>> OptionalString(const json::value* v, std::string_view name) {
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (v->is_string()) return std::optional<std::string>(std::string(v->get_string()));
  if (v->is_int64() || v->is_uint64() || v->is_bool()) {
    return core::Error::Invalid(std::string(name) + " must be a string");
  }
  return core::Error::Invalid(std::string(name) + " must be a string");
}

// Rails' boolean casting, as Call::Bool does it, for values inside nested objects.
Result<std::optional<bool>> OptionalBool(const json::value* v, std::string_view name) {
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (v->is_bool()) return std::optional<bool>(v->get_bool());
  if (v->is_int64()) return std::optional<bool>(v->get_int64() != 0);
  if (v->is_string()) {
    std::string_view s = v->get_string();
    if (s == "true" || s == "1" || s == "on" || s == "t" || s == "TRUE" || s == "True") {
      return std::optional<bool>(true);
    }
    if (s == "false" || s == "0" || s == "off" || s == "f" || s == "FALSE" || s == "False" ||
        s.empty()) {
      return std::optional<bool>(false);
    }
  }
  return core::Error::Invalid(std::string(name) + " must be a boolean");
}

Result<std::optional<std::string>> TopString(const Call& call, std::string_view key) {
  const json::value* v = call.Raw(key);
  if (v != nullptr && (v->is_array() || v->is_object())) {
    return core::Error::Invalid(std::string(key) + " must be a string");
  }
  return std::optional<std::string>(call.String(key));
}

// fields_attributes as {"0": {"name": .., "value": ..}, ...} (forms) or [{...}, ...] (JSON).
Result<std::optional<std::vector<domain::ProfileField>>> ReadFields(const Call& call) {
  const json::value* raw = call.Raw("fields_attributes");
  if (raw == nullptr || raw->is_null()) {
    return std::optional<std::vector<domain::ProfileField>>();
  }
  std::vector<const json::value*> entries;
  if (raw->is_array()) {
    for (const auto& e : raw->get_array()) entries.push_back(&e);
  } else if (raw->is_object()) {
    // Form indexes are strings ("0", "1", "10"): order them as numbers.
    std::map<int64_t, const json::value*> ordered;
    int64_t fallback = 1'000'000;
    for (const auto& kv : raw->get_object()) {
      int64_t index = 0;
      std::string_view key = kv.key();
      auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
      if (ec != std::errc() || p != key.data() + key.size()) index = fallback++;
      ordered.emplace(index, &kv.value());
    }
    for (const auto& [index, v] : ordered) entries.push_back(v);
  } else {
    return core::Error::Invalid("fields_attributes must be a list of {name, value} objects");
  }
  if (entries.size() > 16) return core::Error::Invalid("fields_attributes has too many entries");
  std::vector<domain::ProfileField> fields;
  for (const json::value* e : entries) {
    if (!e->is_object()) {
      return core::Error::Invalid("fields_attributes must be a list of {name, value} objects");
    }
    MAGPIE_ASSIGN_OR_RETURN(
        auto name, OptionalString(e->get_object().if_contains("name"), "fields_attributes name"));
    MAGPIE_ASSIGN_OR_RETURN(auto value, OptionalString(e->get_object().if_contains("value"),
                                                       "fields_attributes value"));
    fields.push_back({name.value_or(""), value.value_or(""), 0});
  }
  return std::optional<std::vector<domain::ProfileField>>(std::move(fields));
}

// ---- accounts ------------------------------------------------------------------------------

Result<http::Response> SignUp(Call& call) {
  const ApiContext& ctx = call.ctx();
  MAGPIE_RETURN_IF_ERROR(call.RateLimit("sign_up", ClientIp(call),
                                        ctx.config.rate_limits.sign_up_per_ip, kSignUpWindow));
  MAGPIE_ASSIGN_OR_RETURN(domain::AuthInfo auth, call.RequireApp("write:accounts"));
  MAGPIE_ASSIGN_OR_RETURN(domain::Application app, ctx.auth->GetApp(auth.application_id));
  domain::SignUpRequest request;
  MAGPIE_ASSIGN_OR_RETURN(auto username, TopString(call, "username"));
  MAGPIE_ASSIGN_OR_RETURN(auto email, TopString(call, "email"));
  MAGPIE_ASSIGN_OR_RETURN(auto password, TopString(call, "password"));
  MAGPIE_ASSIGN_OR_RETURN(auto locale, TopString(call, "locale"));
  MAGPIE_ASSIGN_OR_RETURN(auto reason, TopString(call, "reason"));
  MAGPIE_ASSIGN_OR_RETURN(auto agreement, call.Bool("agreement"));
  request.username = username.value_or("");
  request.email = email.value_or("");
  request.password = password.value_or("");
  request.locale = locale.value_or("");
  request.reason = reason.value_or("");
  request.agreement = agreement.value_or(false);
  // The new user's token carries the scopes of the app token that signed them up (Mastodon).
  MAGPIE_ASSIGN_OR_RETURN(domain::IssuedToken token, ctx.auth->SignUp(request, app, auth.scopes));
  http::Response r = JsonResponse(json::object{{"access_token", token.access_token},
                                               {"token_type", "Bearer"},
                                               {"scope", token.scopes},
                                               {"created_at", token.created_at / 1000}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Result<http::Response> VerifyCredentials(Call& call) {
  // Either "read:accounts" or the narrow "profile" scope (which allows only this endpoint).
  MAGPIE_ASSIGN_OR_RETURN(domain::AuthInfo auth, call.RequireUser(""));
  if (!domain::ScopeAllows(auth.scopes, "read:accounts") &&
      !domain::ScopeAllows(auth.scopes, "profile")) {
    return core::Error::Forbidden("This action is outside the authorized scopes");
  }
  MAGPIE_ASSIGN_OR_RETURN(domain::Credentials c, Accounts(call).GetCredentials(auth.account_id));
  return JsonResponse(
      Presenter(call.ctx()).CredentialAccount(c.account, c.user, c.follow_requests_count));
}

Result<http::Response> UpdateCredentials(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:accounts"));
  domain::ProfileUpdate update;
  MAGPIE_ASSIGN_OR_RETURN(update.display_name, TopString(call, "display_name"));
  MAGPIE_ASSIGN_OR_RETURN(update.note, TopString(call, "note"));
  MAGPIE_ASSIGN_OR_RETURN(update.locked, call.Bool("locked"));
  MAGPIE_ASSIGN_OR_RETURN(update.bot, call.Bool("bot"));
  MAGPIE_ASSIGN_OR_RETURN(update.discoverable, call.Bool("discoverable"));
  MAGPIE_ASSIGN_OR_RETURN(update.indexable, call.Bool("indexable"));
  MAGPIE_ASSIGN_OR_RETURN(update.fields, ReadFields(call));
  if (const json::value* source = call.Raw("source"); source != nullptr && !source->is_null()) {
    if (!source->is_object()) return core::Error::Invalid("source must be an object");
    const json::object& s = source->get_object();
    MAGPIE_ASSIGN_OR_RETURN(update.privacy,
                            OptionalString(s.if_contains("privacy"), "source[privacy]"));
    MAGPIE_ASSIGN_OR_RETURN(update.sensitive,
                            OptionalBool(s.if_contains("sensitive"), "source[sensitive]"));
    MAGPIE_ASSIGN_OR_RETURN(update.language,
                            OptionalString(s.if_contains("language"), "source[language]"));
  }
  // avatar / header uploads (multipart file parts) wait for the media module; they are accepted
  // and ignored so that a client saving its whole profile form still succeeds.
  MAGPIE_ASSIGN_OR_RETURN(domain::Credentials c, Accounts(call).UpdateCredentials(viewer, update));
  return JsonResponse(
      Presenter(call.ctx()).CredentialAccount(c.account, c.user, c.follow_requests_count));
}

Result<http::Response> GetAccount(Call& call) {
  MAGPIE_RETURN_IF_ERROR(call.ViewerId());  // a bad token is a 401 even here
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(domain::Account account, Accounts(call).Get(id));
  return JsonResponse(Presenter(call.ctx()).Account(account));
}

Result<http::Response> LookupAccount(Call& call) {
  MAGPIE_RETURN_IF_ERROR(call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(std::string acct, call.RequiredString("acct"));
  MAGPIE_ASSIGN_OR_RETURN(domain::Account account, Accounts(call).Lookup(acct));
  return JsonResponse(Presenter(call.ctx()).Account(account));
}

Result<http::Response> Followers(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto items, Accounts(call).Followers(viewer, id, call.Page(40, 80)));
  return AccountPage(call, items);
}

Result<http::Response> Following(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto items, Accounts(call).Following(viewer, id, call.Page(40, 80)));
  return AccountPage(call, items);
}

Result<http::Response> Relationships(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:follows"));
  MAGPIE_ASSIGN_OR_RETURN(std::vector<Id> ids, call.IdArray("id"));
  Presenter presenter(call.ctx());
  json::array out;
  for (const auto& r : Accounts(call).Relationships(viewer, ids)) {
    out.push_back(presenter.Relationship(r));
  }
  return JsonResponse(out);
}

Result<http::Response> SearchAccounts(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:accounts"));
  MAGPIE_ASSIGN_OR_RETURN(std::string q, call.RequiredString("q"));
  MAGPIE_ASSIGN_OR_RETURN(auto limit, call.Int("limit"));
  MAGPIE_ASSIGN_OR_RETURN(auto offset, call.Int("offset"));
  MAGPIE_ASSIGN_OR_RETURN(auto following, call.Bool("following"));
  MAGPIE_ASSIGN_OR_RETURN(auto resolve, call.Bool("resolve"));  // validated; nothing remote yet
  (void)resolve;
  auto found = Accounts(call).Search(
      viewer, q, static_cast<int>(std::clamp<int64_t>(limit.value_or(40), 1, 80)),
      static_cast<int>(std::clamp<int64_t>(offset.value_or(0), 0, 10'000)),
      following.value_or(false));
  Presenter presenter(call.ctx());
  json::array out;
  for (const auto& a : found) out.push_back(presenter.Account(a));
  return JsonResponse(out);
}

Result<http::Response> FamiliarFollowers(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:follows"));
  MAGPIE_ASSIGN_OR_RETURN(std::vector<Id> ids, call.IdArray("id"));
  if (ids.size() > 40) ids.resize(40);
  Presenter presenter(call.ctx());
  json::array out;
  for (const auto& [target, familiar] : Accounts(call).FamiliarFollowers(viewer, ids)) {
    out.push_back(
        json::object{{"id", core::IdToString(target)}, {"accounts", presenter.Accounts(familiar)}});
  }
  return JsonResponse(out);
}

// POST /:id/<action> answering the new Relationship.
using RelationshipAction = std::function<Result<domain::Relationship>(Call&, Id viewer, Id target)>;

ApiHandler RelationshipEndpoint(std::string scope, RelationshipAction action) {
  return
      [scope = std::move(scope), action = std::move(action)](Call& call) -> Result<http::Response> {
        MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, scope));
        MAGPIE_ASSIGN_OR_RETURN(Id target, call.PathId());
        MAGPIE_ASSIGN_OR_RETURN(domain::Relationship r, action(call, viewer, target));
        return JsonResponse(Presenter(call.ctx()).Relationship(r));
      };
}

Result<domain::Relationship> DoFollow(Call& call, Id viewer, Id target) {
  domain::FollowOptions options;
  MAGPIE_ASSIGN_OR_RETURN(options.reblogs, call.Bool("reblogs"));
  MAGPIE_ASSIGN_OR_RETURN(options.notify, call.Bool("notify"));
  if (call.Raw("languages") != nullptr || call.Raw("languages[]") != nullptr) {
    MAGPIE_ASSIGN_OR_RETURN(options.languages, call.StringArray("languages"));
  }
  return Accounts(call).Follow(viewer, target, options);
}

Result<domain::Relationship> DoMute(Call& call, Id viewer, Id target) {
  MAGPIE_ASSIGN_OR_RETURN(auto notifications, call.Bool("notifications"));
  MAGPIE_ASSIGN_OR_RETURN(auto duration, call.Int("duration"));
  return Accounts(call).Mute(viewer, target, notifications.value_or(true), duration.value_or(0));
}

// `comment` absent or empty clears the note (Mastodon).
Result<domain::Relationship> DoNote(Call& call, Id viewer, Id target) {
  MAGPIE_ASSIGN_OR_RETURN(auto comment, TopString(call, "comment"));
  return Accounts(call).SetNote(viewer, target, comment.value_or(""));
}

Result<domain::Relationship> DoEndorse(Call& call, Id viewer, Id target) {
  return Accounts(call).Endorse(viewer, target);
}

Result<domain::Relationship> DoUnendorse(Call& call, Id viewer, Id target) {
  return Accounts(call).Unendorse(viewer, target);
}

// GET /api/v1/accounts/:id/endorsements: the accounts :id features (public, as Mastodon 4.4).
Result<http::Response> AccountEndorsements(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto items,
                          Accounts(call).AccountEndorsements(viewer, id, call.Page(40, 80)));
  return AccountPage(call, items);
}

Result<http::Response> AccountLists(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto lists, Accounts(call).ListsContaining(viewer, id));
  json::array out;
  for (const auto& l : lists) out.push_back(ListJson(l));
  return JsonResponse(out);
}

json::object FeaturedTagJson(const ApiConfig& config, const domain::Account* owner,
                             const domain::FeaturedTag& t) {
  const std::string url = owner != nullptr
                              ? config.base_url + "/@" + owner->username + "/tagged/" + t.name
                              : config.base_url + "/tags/" + t.name;
  return json::object{
      {"id", core::IdToString(t.id)},
      {"name", t.name},
      {"url", url},
      {"statuses_count", std::to_string(t.statuses_count)},
      {"last_status_at", t.last_status_at > 0
                             ? json::value(json::string(core::FormatDate(t.last_status_at)))
                             : json::value(nullptr)},
  };
}

Result<http::Response> AccountFeaturedTags(Call& call) {
  MAGPIE_RETURN_IF_ERROR(call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(domain::Account owner, Accounts(call).Get(id));
  MAGPIE_ASSIGN_OR_RETURN(auto tags, Accounts(call).FeaturedTags(id));
  json::array out;
  for (const auto& t : tags) out.push_back(FeaturedTagJson(call.ctx().config, &owner, t));
  return JsonResponse(out);
}

Result<http::Response> EmptyAccountList(Call& call) {
  MAGPIE_RETURN_IF_ERROR(call.ViewerId());
  MAGPIE_RETURN_IF_ERROR(call.PathId());
  return JsonResponse(json::array());
}

// ---- collections of the signed-in user -------------------------------------------------------

Result<http::Response> Blocks(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:blocks"));
  return AccountPage(call, Accounts(call).Blocks(viewer, call.Page(40, 80)));
}

Result<http::Response> Mutes(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:mutes"));
  return AccountPage(call, Accounts(call).Mutes(viewer, call.Page(40, 80)));
}

Result<http::Response> FollowRequests(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:follows"));
  return AccountPage(call, Accounts(call).FollowRequests(viewer, call.Page(40, 80)));
}

Result<http::Response> DomainBlocks(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:blocks"));
  json::array out;
  for (const auto& d : Accounts(call).DomainBlocks(viewer)) out.push_back(json::string(d));
  return JsonResponse(out);
}

Result<http::Response> BlockDomain(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:blocks"));
  MAGPIE_ASSIGN_OR_RETURN(std::string domain, call.RequiredString("domain"));
  MAGPIE_RETURN_IF_ERROR(Accounts(call).BlockDomain(viewer, domain));
  return EmptyJson();
}

Result<http::Response> UnblockDomain(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:blocks"));
  MAGPIE_ASSIGN_OR_RETURN(std::string domain, call.RequiredString("domain"));
  MAGPIE_RETURN_IF_ERROR(Accounts(call).UnblockDomain(viewer, domain));
  return EmptyJson();
}

Result<http::Response> Endorsements(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:accounts"));
  return AccountPage(call, Accounts(call).Endorsements(viewer, call.Page(40, 80)));
}

Result<http::Response> FeaturedTags(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:accounts"));
  MAGPIE_ASSIGN_OR_RETURN(domain::Account owner, Accounts(call).Get(viewer));
  MAGPIE_ASSIGN_OR_RETURN(auto tags, Accounts(call).FeaturedTags(viewer));
  json::array out;
  for (const auto& t : tags) out.push_back(FeaturedTagJson(call.ctx().config, &owner, t));
  return JsonResponse(out);
}

Result<http::Response> FeatureTag(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:accounts"));
  MAGPIE_ASSIGN_OR_RETURN(std::string name, call.RequiredString("name"));
  MAGPIE_ASSIGN_OR_RETURN(domain::Account owner, Accounts(call).Get(viewer));
  MAGPIE_ASSIGN_OR_RETURN(domain::FeaturedTag tag, Accounts(call).FeatureTag(viewer, name));
  return JsonResponse(FeaturedTagJson(call.ctx().config, &owner, tag));
}

Result<http::Response> UnfeatureTag(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:accounts"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_RETURN_IF_ERROR(Accounts(call).UnfeatureTag(viewer, id));
  return EmptyJson();
}

Result<http::Response> FeaturedTagSuggestions(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:accounts"));
  const std::string& base = call.ctx().config.base_url;
  json::array out;
  for (const auto& name : Accounts(call).FeaturedTagSuggestions(viewer)) {
    out.push_back(json::object{{"name", name},
                               {"url", base + "/tags/" + name},
                               {"history", json::array()},
                               {"following", Accounts(call).FollowsTag(viewer, name)}});
  }
  return JsonResponse(out);
}

}  // namespace

http::Response AccountPage(Call& call, const std::vector<domain::Cursored>& items) {
  std::vector<Id> ids;
  std::vector<Id> cursors;
  ids.reserve(items.size());
  cursors.reserve(items.size());
  for (const auto& item : items) {
    ids.push_back(item.id);
    cursors.push_back(item.cursor);
  }
  http::Response r = JsonResponse(Presenter(call.ctx()).Accounts(ids));
  SetLinkHeader(r, call, cursors);
  return r;
}

void RegisterAccountRoutes(http::Router& router, const ApiContext& ctx) {
  using http::Method;
  RegisterOAuthRoutes(router, ctx);
  RegisterInstanceRoutes(router, ctx);
  RegisterNotificationRoutes(router, ctx);
  RegisterMiscRoutes(router, ctx);
  RegisterMagpieRoutes(router, ctx);

  auto add = [&](Method m, std::string_view pattern, ApiHandler h) {
    router.Add(m, pattern, Endpoint(ctx, std::move(h)));
  };
  add(Method::kPost, "/api/v1/accounts", SignUp);
  add(Method::kGet, "/api/v1/accounts/verify_credentials", VerifyCredentials);
  add(Method::kPatch, "/api/v1/accounts/update_credentials", UpdateCredentials);
  // Some clients (and Mastodon's own routes) also accept PUT.
  add(Method::kPut, "/api/v1/accounts/update_credentials", UpdateCredentials);
  add(Method::kGet, "/api/v1/accounts/relationships", Relationships);
  add(Method::kGet, "/api/v1/accounts/lookup", LookupAccount);
  add(Method::kGet, "/api/v1/accounts/search", SearchAccounts);
  add(Method::kGet, "/api/v1/accounts/familiar_followers", FamiliarFollowers);
  add(Method::kGet, "/api/v1/accounts/:id", GetAccount);
  add(Method::kGet, "/api/v1/accounts/:id/followers", Followers);
  add(Method::kGet, "/api/v1/accounts/:id/following", Following);
  add(Method::kGet, "/api/v1/accounts/:id/lists", AccountLists);
  add(Method::kGet, "/api/v1/accounts/:id/featured_tags", AccountFeaturedTags);
  add(Method::kGet, "/api/v1/accounts/:id/identity_proofs", EmptyAccountList);
  add(Method::kGet, "/api/v1/accounts/:id/endorsements", AccountEndorsements);

  add(Method::kPost, "/api/v1/accounts/:id/follow",
      RelationshipEndpoint("write:follows", DoFollow));
  add(Method::kPost, "/api/v1/accounts/:id/unfollow",
      RelationshipEndpoint("write:follows",
                           [](Call& c, Id v, Id t) { return Accounts(c).Unfollow(v, t); }));
  add(Method::kPost, "/api/v1/accounts/:id/remove_from_followers",
      RelationshipEndpoint("write:follows",
                           [](Call& c, Id v, Id t) -> Result<domain::Relationship> {
                             // Removing a follower is a soft block: block and unblock, as Mastodon
                             // does.
                             MAGPIE_RETURN_IF_ERROR(Accounts(c).Block(v, t));
                             return Accounts(c).Unblock(v, t);
                           }));
  add(Method::kPost, "/api/v1/accounts/:id/block",
      RelationshipEndpoint("write:blocks",
                           [](Call& c, Id v, Id t) { return Accounts(c).Block(v, t); }));
  add(Method::kPost, "/api/v1/accounts/:id/unblock",
      RelationshipEndpoint("write:blocks",
                           [](Call& c, Id v, Id t) { return Accounts(c).Unblock(v, t); }));
  add(Method::kPost, "/api/v1/accounts/:id/mute", RelationshipEndpoint("write:mutes", DoMute));
  add(Method::kPost, "/api/v1/accounts/:id/unmute",
      RelationshipEndpoint("write:mutes",
                           [](Call& c, Id v, Id t) { return Accounts(c).Unmute(v, t); }));
  add(Method::kPost, "/api/v1/accounts/:id/note", RelationshipEndpoint("write:accounts", DoNote));
  add(Method::kPost, "/api/v1/accounts/:id/pin", RelationshipEndpoint("write:accounts", DoEndorse));
  add(Method::kPost, "/api/v1/accounts/:id/endorse",
      RelationshipEndpoint("write:accounts", DoEndorse));
  add(Method::kPost, "/api/v1/accounts/:id/unpin",
      RelationshipEndpoint("write:accounts", DoUnendorse));
  add(Method::kPost, "/api/v1/accounts/:id/unendorse",
      RelationshipEndpoint("write:accounts", DoUnendorse));

  add(Method::kGet, "/api/v1/blocks", Blocks);
  add(Method::kGet, "/api/v1/mutes", Mutes);
  add(Method::kGet, "/api/v1/follow_requests", FollowRequests);
  add(Method::kPost, "/api/v1/follow_requests/:id/authorize",
      RelationshipEndpoint("write:follows", [](Call& c, Id v, Id t) {
        return Accounts(c).AuthorizeFollowRequest(v, t);
      }));
  add(Method::kPost, "/api/v1/follow_requests/:id/reject",
      RelationshipEndpoint("write:follows", [](Call& c, Id v, Id t) {
        return Accounts(c).RejectFollowRequest(v, t);
      }));
  add(Method::kGet, "/api/v1/domain_blocks", DomainBlocks);
  add(Method::kPost, "/api/v1/domain_blocks", BlockDomain);
  add(Method::kDelete, "/api/v1/domain_blocks", UnblockDomain);
  add(Method::kGet, "/api/v1/endorsements", Endorsements);
  add(Method::kGet, "/api/v1/featured_tags", FeaturedTags);
  add(Method::kPost, "/api/v1/featured_tags", FeatureTag);
  add(Method::kGet, "/api/v1/featured_tags/suggestions", FeaturedTagSuggestions);
  add(Method::kDelete, "/api/v1/featured_tags/:id", UnfeatureTag);
}

}  // namespace magpie::api
