// AccountService (contract in account_service.h).
//
// Reads that gate an action (is the target blocked? followed?) use the in-memory SocialGraph;
// relationship answers come from the store in one query per batch. Validation failures are
// kInvalid errors shaped like Rails' ("Validation failed: ...") with per-field details.
#include "domain/account_service.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/utf8.h"
#include "domain/names.h"
#include "domain/validation.h"
#include "text/text.h"

namespace magpie::domain {

namespace {

using core::Error;

constexpr int64_t kStatsTtlMs = 60 * 1000;
constexpr size_t kMaxUsernameBytes = 30;
constexpr size_t kMaxListMembersPerCall = 1000;
constexpr int kMaxSearchOffset = 1000;
constexpr int kMaxDirectoryScan = 1000;

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool IsUsername(std::string_view s) {
  if (s.empty() || s.size() > kMaxUsernameBytes) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Splits "@user@domain" / "user@domain" / "user" into (user, domain).
std::pair<std::string_view, std::string_view> SplitAcct(std::string_view acct) {
  acct = Trim(acct);
  if (!acct.empty() && acct.front() == '@') acct.remove_prefix(1);
  size_t at = acct.find('@');
  if (at == std::string_view::npos) return {acct, {}};
  return {acct.substr(0, at), acct.substr(at + 1)};
}

// Lower-cased host name, or empty when it is not one. Letters beyond ASCII are allowed so that
// internationalized domains can be blocked as users write them.
std::string NormalizeDomain(std::string_view domain) {
  domain = Trim(domain);
  if (domain.starts_with("*.")) domain.remove_prefix(2);
  while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty() || domain.size() > 253) return {};
  std::string out = AsciiLower(domain);
  bool label_start = true;
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
              (c == '-' && !label_start) || (c == '.' && !label_start) ||
              (c == ':' && !label_start);  // a port, as in "localhost:3000"
    if (!ok) return {};
    label_start = c == '.';
  }
  if (label_start) return {};
  return out;
}

Error NotAllowed() { return Error::Forbidden("This action is not allowed"); }

}  // namespace

AccountService::AccountService(Stores stores, SocialGraph& graph,
                               NotificationService& notifications, const core::Clock& clock,
                               core::IdGenerator& ids, AccountServiceConfig config)
    : stores_(stores),
      graph_(graph),
      notifications_(notifications),
      clock_(clock),
      ids_(ids),
      config_(std::move(config)) {}

// ---- accounts --------------------------------------------------------------------------------

Result<Account> AccountService::Get(Id id) {
  MAGPIE_ASSIGN_OR_RETURN(Account account, stores_.accounts->Get(id));
  if (account.suspended) return Error::NotFound();
  return account;
}

std::vector<std::shared_ptr<const Account>> AccountService::GetManyShared(std::span<const Id> ids) {
  std::vector<std::shared_ptr<const Account>> out = stores_.accounts->GetManyShared(ids);
  std::erase_if(out, [](const auto& a) { return !a || a->suspended; });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const auto& a, const auto& b) { return a->id == b->id; }),
            out.end());
  return out;
}

std::vector<Account> AccountService::GetMany(std::span<const Id> ids) {
  std::vector<Account> found = stores_.accounts->GetMany(ids);
  std::unordered_map<Id, size_t> index;
  index.reserve(found.size());
  for (size_t i = 0; i < found.size(); ++i) index.emplace(found[i].id, i);
  std::vector<Account> out;
  out.reserve(ids.size());
  std::unordered_set<Id> seen;
  for (Id id : ids) {
    auto it = index.find(id);
    if (it == index.end() || found[it->second].suspended || !seen.insert(id).second) continue;
    out.push_back(found[it->second]);
  }
  return out;
}

Result<Account> AccountService::Lookup(std::string_view acct) {
  auto [user, domain] = SplitAcct(acct);
  if (!IsUsername(user)) return Error::NotFound();
  std::string host = AsciiLower(domain);
  if (!host.empty() && host == AsciiLower(config_.local_domain)) host.clear();
  MAGPIE_ASSIGN_OR_RETURN(Account account, stores_.accounts->FindByUsername(user, host));
  if (account.suspended) return Error::NotFound();
  return account;
}

Result<Credentials> AccountService::GetCredentials(Id account_id) {
  Credentials c;
  MAGPIE_ASSIGN_OR_RETURN(c.account, stores_.accounts->Get(account_id));
  MAGPIE_ASSIGN_OR_RETURN(c.user, stores_.accounts->GetUser(account_id));
  // Only locked accounts collect requests; an unlocked one approves them as they arrive.
  if (c.account.locked) {
    Page page;
    page.limit = 500;
    c.follow_requests_count =
        static_cast<int64_t>(stores_.graph->FollowRequestsFor(account_id, page).size());
  }
  return c;
}

Result<Credentials> AccountService::UpdateCredentials(Id account_id, const ProfileUpdate& update) {
  MAGPIE_ASSIGN_OR_RETURN(Credentials c, GetCredentials(account_id));
  std::vector<core::FieldError> errors;
  auto too_long = [](size_t max) {
    return "is too long (maximum is " + std::to_string(max) + " characters)";
  };
  if (update.display_name) {
    std::string_view name = Trim(*update.display_name);
    if (text::CountGraphemes(name) > config_.max_display_name_chars) {
      errors.push_back({"display_name", "ERR_TOO_LONG", too_long(config_.max_display_name_chars)});
    } else {
      c.account.display_name = std::string(name);
    }
  }
  if (update.note) {
    if (text::CountGraphemes(*update.note) > config_.max_note_chars) {
      errors.push_back({"note", "ERR_TOO_LONG", too_long(config_.max_note_chars)});
    } else {
      c.account.note = std::string(Trim(*update.note));
    }
  }
  if (update.fields) {
    std::vector<ProfileField> fields;
    for (const ProfileField& f : *update.fields) {
      std::string_view name = Trim(f.name);
      std::string_view value = Trim(f.value);
      if (name.empty() && value.empty()) continue;  // a cleared row in the client's form
      if (CountCodePoints(name) > config_.max_field_chars ||
          CountCodePoints(value) > config_.max_field_chars) {
        errors.push_back({"fields", "ERR_TOO_LONG", too_long(config_.max_field_chars)});
        break;
      }
      ProfileField kept{std::string(name), std::string(value), 0};
      // Keep a verification only while the value it verified is unchanged.
      for (const ProfileField& old : c.account.fields) {
        if (old.name == kept.name && old.value == kept.value) kept.verified_at = old.verified_at;
      }
      fields.push_back(std::move(kept));
    }
    if (fields.size() > config_.max_fields) {
      errors.push_back(
          {"fields", "ERR_TOO_LONG",
           "is too long (maximum is " + std::to_string(config_.max_fields) + " fields)"});
    }
    c.account.fields = std::move(fields);
  }
  if (update.locked) c.account.locked = *update.locked;
  if (update.bot) c.account.bot = *update.bot;
  if (update.discoverable) c.account.discoverable = *update.discoverable;
  if (update.indexable) c.account.indexable = *update.indexable;
  if (update.locale) {
    if (!LooksLikeLocale(*update.locale)) {
      errors.push_back({"locale", "ERR_INVALID", "is not included in the list"});
    } else {
      c.user.locale = *update.locale;
    }
  }
  if (update.privacy) {
    auto v = ParseVisibility(*update.privacy);
    if (!v || *v == Visibility::kDirect) {
      errors.push_back({"source_privacy", "ERR_INCLUSION", "is not included in the list"});
    } else {
      c.user.default_visibility = *v;
    }
  }
  if (update.sensitive) c.user.default_sensitive = *update.sensitive;
  if (update.language) {
    if (!update.language->empty() && !LooksLikeLanguage(*update.language)) {
      errors.push_back({"source_language", "ERR_INVALID", "is not a valid language code"});
    } else {
      c.user.default_language = *update.language;
    }
  }
  if (!errors.empty()) return ValidationFailed(errors);

  MAGPIE_RETURN_IF_ERROR(stores_.accounts->UpdateProfile(c.account));
  if (update.locale || update.privacy || update.sensitive || update.language) {
    MAGPIE_RETURN_IF_ERROR(stores_.accounts->UpdateUser(c.user));
  }
  // Unlocking an account does not approve its pending requests (Mastodon does that in a job);
  // the owner can still authorize them from /api/v1/follow_requests.
  return c;
}

std::vector<Account> AccountService::Search(Id viewer, std::string_view query, int limit,
                                            int offset, bool following_only) {
  auto [user, domain] = SplitAcct(query);
  std::string host = AsciiLower(domain);
  if (!host.empty() && host != AsciiLower(config_.local_domain)) return {};  // no remote yet
  std::string_view prefix = Trim(user);
  if (prefix.empty() || prefix.size() > 100) return {};
  limit = std::clamp(limit, 1, 80);
  offset = std::clamp(offset, 0, kMaxSearchOffset);
  // Over-fetch so that dropping blocked or unfollowed accounts still fills the page.
  const int fetch = std::min(offset + limit * (following_only ? 4 : 2) + 10, 2000);
  std::vector<Account> found = stores_.accounts->SearchByPrefix(prefix, fetch);
  IdSetPtr blocked = viewer ? graph_.BlockedEitherWay(viewer) : std::make_shared<const IdSet>();
  IdSetPtr following = viewer ? graph_.Following(viewer) : std::make_shared<const IdSet>();
  std::vector<Account> out;
  int skipped = 0;
  for (Account& a : found) {
    if (a.suspended || blocked->count(a.id)) continue;
    if (following_only && !following->count(a.id)) continue;
    if (skipped < offset) {
      ++skipped;
      continue;
    }
    out.push_back(std::move(a));
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

std::vector<Account> AccountService::Directory(Id viewer, const DirectoryQuery& query) {
  // Every account is local until federation arrives, so `local` changes nothing yet.
  const int limit = std::clamp(query.limit, 1, 80);
  const int offset = std::clamp(query.offset, 0, kMaxDirectoryScan);
  Page page;
  page.limit = std::min(kMaxDirectoryScan, offset + limit) + 20;
  std::vector<Id> ids = stores_.accounts->LocalAccountIds(page);
  std::vector<Account> accounts = GetMany(ids);
  IdSetPtr blocked = viewer ? graph_.BlockedEitherWay(viewer) : std::make_shared<const IdSet>();
  std::erase_if(accounts,
                [&](const Account& a) { return !a.discoverable || blocked->count(a.id) > 0; });
  if (!query.order_new) {
    std::stable_sort(accounts.begin(), accounts.end(), [](const Account& a, const Account& b) {
      return a.last_status_at > b.last_status_at;
    });
  }
  if (static_cast<size_t>(offset) >= accounts.size()) return {};
  accounts.erase(accounts.begin(), accounts.begin() + offset);
  if (accounts.size() > static_cast<size_t>(limit)) accounts.resize(limit);
  return accounts;
}

std::vector<Account> AccountService::Suggestions(Id viewer, int limit) {
  limit = std::clamp(limit, 1, 80);
  Page page;
  page.limit = 200;
  std::vector<Account> accounts = GetMany(stores_.accounts->LocalAccountIds(page));
  IdSetPtr following = graph_.Following(viewer);
  IdSetPtr blocked = graph_.BlockedEitherWay(viewer);
  IdSetPtr muted = graph_.Muted(viewer);
  std::erase_if(accounts, [&](const Account& a) {
    return a.id == viewer || !a.discoverable || following->count(a.id) || blocked->count(a.id) ||
           muted->count(a.id);
  });
  std::stable_sort(accounts.begin(), accounts.end(), [](const Account& a, const Account& b) {
    return a.followers_count > b.followers_count;
  });
  if (accounts.size() > static_cast<size_t>(limit)) accounts.resize(limit);
  return accounts;
}

std::vector<std::pair<Id, std::vector<Id>>> AccountService::FamiliarFollowers(
    Id viewer, std::span<const Id> targets) {
  std::vector<std::pair<Id, std::vector<Id>>> out;
  IdSetPtr following = graph_.Following(viewer);
  for (Id target : targets) {
    std::vector<Id> familiar;
    if (target != viewer) {
      IdSetPtr followers = graph_.Followers(target);
      const IdSet& small = following->size() < followers->size() ? *following : *followers;
      const IdSet& large = &small == following.get() ? *followers : *following;
      for (Id id : small) {
        if (large.count(id)) familiar.push_back(id);
        if (familiar.size() >= 40) break;
      }
      std::sort(familiar.begin(), familiar.end());
    }
    out.emplace_back(target, std::move(familiar));
  }
  return out;
}

InstanceStats AccountService::Stats() {
  const int64_t now = clock_.NowMillis();
  {
    std::lock_guard lock(stats_mu_);
    if (stats_expires_ > now) return stats_;
  }
  InstanceStats fresh;
  fresh.user_count = stores_.accounts->CountLocalUsers();
  if (stores_.statuses != nullptr) fresh.status_count = stores_.statuses->CountLocalStatuses();
  std::lock_guard lock(stats_mu_);
  stats_ = fresh;
  stats_expires_ = now + kStatsTtlMs;
  return fresh;
}

// ---- relationships ---------------------------------------------------------------------------

Result<Account> AccountService::ActionTarget(Id viewer, Id target) {
  MAGPIE_ASSIGN_OR_RETURN(Account account, Get(target));
  if (target == viewer) return NotAllowed();
  return account;
}

Relationship AccountService::RelationshipTo(Id viewer, Id target) {
  const Id ids[] = {target};
  std::vector<Relationship> rels = stores_.graph->Relationships(viewer, ids);
  if (rels.empty()) {
    Relationship r;
    r.target_id = target;
    return r;
  }
  return rels.front();
}

std::vector<Relationship> AccountService::Relationships(Id viewer, std::span<const Id> targets) {
  // Unknown ids are left out, as Mastodon does; duplicates answered once.
  std::vector<Account> existing = GetMany(targets);
  std::vector<Id> ids;
  ids.reserve(existing.size());
  for (const Account& a : existing) ids.push_back(a.id);
  if (ids.empty()) return {};
  return stores_.graph->Relationships(viewer, ids);
}

Result<Relationship> AccountService::Follow(Id viewer, Id target, const FollowOptions& options) {
  MAGPIE_ASSIGN_OR_RETURN(Account account, ActionTarget(viewer, target));
  if (graph_.IsBlockedEitherWay(viewer, target)) return NotAllowed();
  if (options.languages) {
    if (options.languages->size() > 100) {
      return ValidationFailed("languages", "ERR_TOO_LONG", "has too many entries");
    }
    for (const auto& l : *options.languages) {
      if (!LooksLikeLanguage(l)) {
        return ValidationFailed("languages", "ERR_INVALID", "contains an invalid language code");
      }
    }
  }
  std::optional<domain::Follow> existing = stores_.graph->GetFollow(viewer, target);
  if (existing) {
    // Following already: only the options change (Mastodon's "update follow" path).
    domain::Follow f = *existing;
    if (options.reblogs) f.show_reblogs = *options.reblogs;
    if (options.notify) f.notify = *options.notify;
    if (options.languages) f.languages = *options.languages;
    MAGPIE_RETURN_IF_ERROR(graph_.Follow(f));
    return RelationshipTo(viewer, target);
  }
  if (account.locked) {
    // The request keeps the options the follow will get once authorized; asking again changes
    // only the options given this time.
    domain::Follow request;
    if (auto pending = stores_.graph->GetFollowRequest(viewer, target)) request = *pending;
    request.account_id = viewer;
    request.target_account_id = target;
    if (options.reblogs) request.show_reblogs = *options.reblogs;
    if (options.notify) request.notify = *options.notify;
    if (options.languages) request.languages = *options.languages;
    request.created_at = clock_.NowMillis();
    MAGPIE_ASSIGN_OR_RETURN(bool added, stores_.graph->AddFollowRequest(request));
    if (added) notifications_.Notify(NotificationType::kFollowRequest, target, viewer, 0);
    return RelationshipTo(viewer, target);
  }
  domain::Follow f;
  f.id = ids_.Next();
  f.account_id = viewer;
  f.target_account_id = target;
  f.show_reblogs = options.reblogs.value_or(true);
  f.notify = options.notify.value_or(false);
  f.languages = options.languages.value_or(std::vector<std::string>{});
  f.created_at = clock_.NowMillis();
  MAGPIE_RETURN_IF_ERROR(graph_.Follow(f));
  notifications_.Notify(NotificationType::kFollow, target, viewer, 0);
  return RelationshipTo(viewer, target);
}

void AccountService::RemoveFromListsBetween(Id a, Id b) {
  for (const List& l : stores_.lists->ListsContaining(a, b)) {
    const Id member[] = {b};
    (void)stores_.lists->RemoveMembers(l.id, member);
  }
}

Result<Relationship> AccountService::Unfollow(Id viewer, Id target) {
  MAGPIE_RETURN_IF_ERROR(ActionTarget(viewer, target));
  MAGPIE_RETURN_IF_ERROR(graph_.Unfollow(viewer, target));
  MAGPIE_RETURN_IF_ERROR(stores_.graph->RemoveFollowRequest(viewer, target));
  // List members must be followed, so an unfollow takes them off the viewer's lists.
  RemoveFromListsBetween(viewer, target);
  return RelationshipTo(viewer, target);
}

Result<Relationship> AccountService::Block(Id viewer, Id target) {
  MAGPIE_RETURN_IF_ERROR(ActionTarget(viewer, target));
  MAGPIE_RETURN_IF_ERROR(graph_.Block(viewer, target));
  // The block removed the follows both ways, so neither keeps the other on a list.
  RemoveFromListsBetween(viewer, target);
  RemoveFromListsBetween(target, viewer);
  return RelationshipTo(viewer, target);
}

Result<Relationship> AccountService::Unblock(Id viewer, Id target) {
  MAGPIE_RETURN_IF_ERROR(ActionTarget(viewer, target));
  MAGPIE_RETURN_IF_ERROR(graph_.Unblock(viewer, target));
  return RelationshipTo(viewer, target);
}

Result<Relationship> AccountService::Mute(Id viewer, Id target, bool hide_notifications,
                                          int64_t duration_seconds) {
  MAGPIE_RETURN_IF_ERROR(ActionTarget(viewer, target));
  if (duration_seconds < 0 || duration_seconds > config_.max_mute_seconds) {
    return ValidationFailed(
        "duration", "ERR_INVALID",
        "must be between 0 and " + std::to_string(config_.max_mute_seconds) + " seconds");
  }
  domain::Mute mute;
  mute.account_id = viewer;
  mute.target_account_id = target;
  mute.hide_notifications = hide_notifications;
  mute.expires_at = duration_seconds > 0 ? clock_.NowMillis() + duration_seconds * 1000 : 0;
  MAGPIE_RETURN_IF_ERROR(graph_.Mute(mute));
  return RelationshipTo(viewer, target);
}

Result<Relationship> AccountService::Unmute(Id viewer, Id target) {
  MAGPIE_RETURN_IF_ERROR(ActionTarget(viewer, target));
  MAGPIE_RETURN_IF_ERROR(graph_.Unmute(viewer, target));
  return RelationshipTo(viewer, target);
}

Result<std::vector<Cursored>> AccountService::VisibleGraphPage(Id viewer, Id account_id,
                                                               const Page& page, bool followers) {
  MAGPIE_RETURN_IF_ERROR(Get(account_id));
  // Someone who blocks the viewer (or is blocked) shows the viewer no collections, as Mastodon.
  if (viewer != 0 && viewer != account_id && graph_.IsBlockedEitherWay(viewer, account_id)) {
    return std::vector<Cursored>{};
  }
  std::vector<Cursored> items = followers ? stores_.graph->Followers(account_id, page)
                                          : stores_.graph->Following(account_id, page);
  if (viewer != 0) {
    IdSetPtr blocked = graph_.BlockedEitherWay(viewer);
    if (!blocked->empty()) {
      std::erase_if(items, [&](const Cursored& c) { return blocked->count(c.id) > 0; });
    }
  }
  return items;
}

Result<std::vector<Cursored>> AccountService::Followers(Id viewer, Id account_id,
                                                        const Page& page) {
  return VisibleGraphPage(viewer, account_id, page, /*followers=*/true);
}

Result<std::vector<Cursored>> AccountService::Following(Id viewer, Id account_id,
                                                        const Page& page) {
  return VisibleGraphPage(viewer, account_id, page, /*followers=*/false);
}

std::vector<Cursored> AccountService::Blocks(Id viewer, const Page& page) {
  return stores_.graph->Blocks(viewer, page);
}

std::vector<Cursored> AccountService::Mutes(Id viewer, const Page& page) {
  return stores_.graph->Mutes(viewer, page);
}

std::vector<Cursored> AccountService::FollowRequests(Id viewer, const Page& page) {
  return stores_.graph->FollowRequestsFor(viewer, page);
}

Result<Relationship> AccountService::AuthorizeFollowRequest(Id viewer, Id requester) {
  std::optional<domain::Follow> request = stores_.graph->GetFollowRequest(requester, viewer);
  if (!request) return Error::NotFound();
  // The follow gets the options the requester asked for.
  domain::Follow f = *request;
  f.id = ids_.Next();
  f.created_at = clock_.NowMillis();
  // AddFollow removes the request in the same transaction.
  MAGPIE_RETURN_IF_ERROR(graph_.Follow(f));
  return RelationshipTo(viewer, requester);
}

Result<Relationship> AccountService::RejectFollowRequest(Id viewer, Id requester) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, stores_.graph->RemoveFollowRequest(requester, viewer));
  if (!removed) return Error::NotFound();
  return RelationshipTo(viewer, requester);
}

// ---- notes and endorsements ------------------------------------------------------------------

Result<Relationship> AccountService::SetNote(Id viewer, Id target, std::string_view comment) {
  MAGPIE_RETURN_IF_ERROR(Get(target));
  if (!core::IsValidUtf8(comment)) {
    return ValidationFailed("comment", "ERR_INVALID", "must be valid UTF-8");
  }
  std::string_view trimmed = Trim(comment);
  if (text::CountGraphemes(trimmed) > config_.max_account_note_chars) {
    return ValidationFailed("comment", "ERR_TOO_LONG",
                            "is too long (maximum is " +
                                std::to_string(config_.max_account_note_chars) + " characters)");
  }
  MAGPIE_RETURN_IF_ERROR(stores_.graph->SetNote(viewer, target, trimmed, clock_.NowMillis()));
  return RelationshipTo(viewer, target);
}

Result<Relationship> AccountService::Endorse(Id viewer, Id target) {
  MAGPIE_RETURN_IF_ERROR(ActionTarget(viewer, target));
  if (!graph_.IsFollowing(viewer, target)) {
    return Error::Invalid(
        "Validation failed: You must be already following the person you want to endorse");
  }
  MAGPIE_RETURN_IF_ERROR(stores_.graph->AddEndorsement(viewer, target, clock_.NowMillis()));
  return RelationshipTo(viewer, target);
}

Result<Relationship> AccountService::Unendorse(Id viewer, Id target) {
  MAGPIE_RETURN_IF_ERROR(Get(target));
  MAGPIE_RETURN_IF_ERROR(stores_.graph->RemoveEndorsement(viewer, target));
  return RelationshipTo(viewer, target);
}

std::vector<Cursored> AccountService::Endorsements(Id viewer, const Page& page) {
  return stores_.graph->Endorsements(viewer, page);
}

Result<std::vector<Cursored>> AccountService::AccountEndorsements(Id viewer, Id account_id,
                                                                  const Page& page) {
  MAGPIE_RETURN_IF_ERROR(Get(account_id));
  if (viewer != 0 && viewer != account_id && graph_.IsBlockedEitherWay(viewer, account_id)) {
    return std::vector<Cursored>{};
  }
  std::vector<Cursored> items = stores_.graph->Endorsements(account_id, page);
  if (viewer != 0) {
    IdSetPtr blocked = graph_.BlockedEitherWay(viewer);
    if (!blocked->empty()) {
      std::erase_if(items, [&](const Cursored& c) { return blocked->count(c.id) > 0; });
    }
  }
  return items;
}

// ---- followed hashtags -----------------------------------------------------------------------

namespace {

// "#magpie", "magpie" and the whole "#春节 快乐#" name one tag: the name without its marks.
std::string_view BareTagName(std::string_view name) {
  name = Trim(name);
  if (!name.empty() && name.front() == '#') name.remove_prefix(1);
  if (!name.empty() && name.back() == '#') name.remove_suffix(1);
  return Trim(name);
}

}  // namespace

Result<FollowedTag> AccountService::FollowTag(Id viewer, std::string_view name) {
  if (!core::IsValidUtf8(name)) return ValidationFailed("name", "ERR_INVALID", "is not a hashtag");
  std::string_view bare = BareTagName(name);
  if (bare.empty()) return ValidationFailed("name", "ERR_BLANK", "can't be blank");
  if (CountCodePoints(bare) > config_.max_tag_chars) {
    return ValidationFailed(
        "name", "ERR_TOO_LONG",
        "is too long (maximum is " + std::to_string(config_.max_tag_chars) + " characters)");
  }
  const std::string key = text::NormalizeTag(bare);
  if (key.empty()) return ValidationFailed("name", "ERR_INVALID", "is not a hashtag");
  return graph_.FollowTag(viewer, key, bare);
}

Result<std::string> AccountService::UnfollowTag(Id viewer, std::string_view name) {
  if (!core::IsValidUtf8(name)) return ValidationFailed("name", "ERR_INVALID", "is not a hashtag");
  std::string_view bare = BareTagName(name);
  const std::string key = text::NormalizeTag(bare);
  if (bare.empty() || key.empty()) {
    return ValidationFailed("name", "ERR_INVALID", "is not a hashtag");
  }
  MAGPIE_RETURN_IF_ERROR(graph_.UnfollowTag(viewer, key));
  return std::string(bare);
}

std::vector<FollowedTag> AccountService::FollowedTags(Id viewer, const Page& page) {
  return stores_.graph->FollowedTags(viewer, page);
}

bool AccountService::FollowsTag(Id viewer, std::string_view name) {
  if (viewer == 0 || !core::IsValidUtf8(name)) return false;
  const std::string key = text::NormalizeTag(BareTagName(name));
  return !key.empty() && graph_.FollowsTag(viewer, key);
}

// ---- preferences and markers -----------------------------------------------------------------

Result<User> AccountService::Preferences(Id account_id) {
  return stores_.accounts->GetUser(account_id);
}

std::vector<Marker> AccountService::Markers(Id account_id, std::span<const std::string> timelines) {
  std::vector<std::string> known;
  for (const auto& t : timelines) {
    if ((t == "home" || t == "notifications") &&
        std::find(known.begin(), known.end(), t) == known.end()) {
      known.push_back(t);
    }
  }
  if (known.empty()) return {};
  return stores_.markers->Get(account_id, known);
}

Result<Marker> AccountService::SetMarker(Id account_id, std::string_view timeline,
                                         Id last_read_id) {
  if (timeline != "home" && timeline != "notifications") {
    return ValidationFailed("timeline", "ERR_INCLUSION", "is not included in the list");
  }
  if (last_read_id <= 0) {
    return ValidationFailed("last_read_id", "ERR_BLANK", "can't be blank");
  }
  return stores_.markers->Set(account_id, timeline, last_read_id, clock_.NowMillis());
}

// ---- lists -----------------------------------------------------------------------------------

std::vector<List> AccountService::Lists(Id owner) { return stores_.lists->ListsOf(owner); }

Result<List> AccountService::GetList(Id owner, Id list_id) {
  return stores_.lists->Get(owner, list_id);
}

namespace {

core::Status ApplyListUpdate(List& list, const ListUpdate& fields, size_t max_title_chars) {
  if (fields.title) {
    std::string_view title = Trim(*fields.title);
    if (title.empty()) return ValidationFailed("title", "ERR_BLANK", "can't be blank");
    if (CountCodePoints(title) > max_title_chars) {
      return ValidationFailed(
          "title", "ERR_TOO_LONG",
          "is too long (maximum is " + std::to_string(max_title_chars) + " characters)");
    }
    list.title = std::string(title);
  }
  if (fields.replies_policy) {
    auto policy = ParseRepliesPolicy(*fields.replies_policy);
    if (!policy) {
      return ValidationFailed("replies_policy", "ERR_INCLUSION", "is not included in the list");
    }
    list.replies_policy = *policy;
  }
  if (fields.exclusive) list.exclusive = *fields.exclusive;
  return core::Ok();
}

}  // namespace

Result<List> AccountService::CreateList(Id owner, const ListUpdate& fields) {
  if (!fields.title) return ValidationFailed("title", "ERR_BLANK", "can't be blank");
  if (stores_.lists->ListsOf(owner).size() >= config_.max_lists) {
    return Error::Invalid("Validation failed: You have reached the maximum number of lists (" +
                          std::to_string(config_.max_lists) + ")");
  }
  List list;
  list.id = ids_.Next();
  list.account_id = owner;
  MAGPIE_RETURN_IF_ERROR(ApplyListUpdate(list, fields, config_.max_list_title_chars));
  MAGPIE_RETURN_IF_ERROR(stores_.lists->Create(list));
  return list;
}

Result<List> AccountService::UpdateList(Id owner, Id list_id, const ListUpdate& fields) {
  MAGPIE_ASSIGN_OR_RETURN(List list, stores_.lists->Get(owner, list_id));
  MAGPIE_RETURN_IF_ERROR(ApplyListUpdate(list, fields, config_.max_list_title_chars));
  MAGPIE_RETURN_IF_ERROR(stores_.lists->Update(list));
  return list;
}

core::Status AccountService::DeleteList(Id owner, Id list_id) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, stores_.lists->Delete(owner, list_id));
  if (!removed) return Error::NotFound();
  return core::Ok();
}

Result<std::vector<Cursored>> AccountService::ListMembers(Id owner, Id list_id, const Page& page) {
  MAGPIE_RETURN_IF_ERROR(stores_.lists->Get(owner, list_id));
  return stores_.lists->Members(list_id, page);
}

core::Status AccountService::AddListMembers(Id owner, Id list_id, std::span<const Id> account_ids) {
  MAGPIE_RETURN_IF_ERROR(stores_.lists->Get(owner, list_id));
  if (account_ids.empty()) return ValidationFailed("account_ids", "ERR_BLANK", "can't be blank");
  if (account_ids.size() > kMaxListMembersPerCall) {
    return ValidationFailed("account_ids", "ERR_TOO_LONG", "has too many entries");
  }
  std::vector<Account> existing = GetMany(account_ids);
  std::unordered_set<Id> found;
  for (const Account& a : existing) found.insert(a.id);
  IdSetPtr following = graph_.Following(owner);
  std::vector<Id> ids;
  for (Id id : account_ids) {
    if (!found.count(id)) return Error::NotFound();
    if (!following->count(id)) {
      return Error::Invalid("Validation failed: Account has not been followed");
    }
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return stores_.lists->AddMembers(list_id, ids);
}

core::Status AccountService::RemoveListMembers(Id owner, Id list_id,
                                               std::span<const Id> account_ids) {
  MAGPIE_RETURN_IF_ERROR(stores_.lists->Get(owner, list_id));
  if (account_ids.size() > kMaxListMembersPerCall) {
    return ValidationFailed("account_ids", "ERR_TOO_LONG", "has too many entries");
  }
  if (account_ids.empty()) return core::Ok();
  return stores_.lists->RemoveMembers(list_id, account_ids);
}

Result<std::vector<List>> AccountService::ListsContaining(Id owner, Id member) {
  MAGPIE_RETURN_IF_ERROR(Get(member));
  return stores_.lists->ListsContaining(owner, member);
}

// ---- domain blocks ---------------------------------------------------------------------------

std::vector<std::string> AccountService::DomainBlocks(Id account_id) {
  return stores_.graph->DomainBlocks(account_id);
}

core::Status AccountService::BlockDomain(Id account_id, std::string_view domain) {
  std::string host = NormalizeDomain(domain);
  if (host.empty()) return ValidationFailed("domain", "ERR_INVALID", "is not a valid domain name");
  if (host == AsciiLower(config_.local_domain)) {
    return ValidationFailed("domain", "ERR_INVALID", "is this server's own domain");
  }
  if (stores_.graph->DomainBlocks(account_id).size() >= config_.max_domain_blocks) {
    return ValidationFailed("domain", "ERR_TOO_LONG",
                            "blocks are limited to " + std::to_string(config_.max_domain_blocks));
  }
  MAGPIE_RETURN_IF_ERROR(stores_.graph->AddDomainBlock(account_id, host));
  return core::Ok();
}

core::Status AccountService::UnblockDomain(Id account_id, std::string_view domain) {
  std::string host = NormalizeDomain(domain);
  if (host.empty()) return ValidationFailed("domain", "ERR_INVALID", "is not a valid domain name");
  MAGPIE_RETURN_IF_ERROR(stores_.graph->RemoveDomainBlock(account_id, host));
  return core::Ok();
}

// ---- featured tags ---------------------------------------------------------------------------

Result<std::vector<FeaturedTag>> AccountService::FeaturedTags(Id account_id) {
  MAGPIE_RETURN_IF_ERROR(Get(account_id));
  return stores_.featured_tags->Of(account_id);
}

Result<FeaturedTag> AccountService::FeatureTag(Id account_id, std::string_view name) {
  std::string_view trimmed = Trim(name);
  if (!trimmed.empty() && trimmed.front() == '#') trimmed.remove_prefix(1);
  if (trimmed.empty()) return ValidationFailed("name", "ERR_BLANK", "can't be blank");
  if (CountCodePoints(trimmed) > 100) {
    return ValidationFailed("name", "ERR_TOO_LONG", "is too long (maximum is 100 characters)");
  }
  const std::string key = text::NormalizeTag(trimmed);
  if (key.empty()) return ValidationFailed("name", "ERR_INVALID", "is not a valid tag");
  std::vector<FeaturedTag> existing = stores_.featured_tags->Of(account_id);
  for (const FeaturedTag& t : existing) {
    if (text::NormalizeTag(t.name) == key) {
      return ValidationFailed("name", "ERR_TAKEN", "has already been taken");
    }
  }
  if (existing.size() >= config_.max_featured_tags) {
    return Error::Invalid("Validation failed: You have reached the limit of " +
                          std::to_string(config_.max_featured_tags) + " featured hashtags");
  }
  FeaturedTag tag;
  tag.id = ids_.Next();
  tag.account_id = account_id;
  tag.name = std::string(trimmed);
  MAGPIE_RETURN_IF_ERROR(stores_.featured_tags->Add(tag));
  return tag;
}

core::Status AccountService::UnfeatureTag(Id account_id, Id featured_tag_id) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, stores_.featured_tags->Remove(account_id, featured_tag_id));
  if (!removed) return Error::NotFound();
  return core::Ok();
}

std::vector<std::string> AccountService::FeaturedTagSuggestions(Id account_id) {
  if (stores_.statuses == nullptr) return {};
  StatusQuery query;
  query.page.limit = 40;
  std::vector<Id> ids = stores_.statuses->AccountStatuses(account_id, query);
  std::vector<Status> statuses = stores_.statuses->GetMany(ids);
  std::sort(statuses.begin(), statuses.end(),
            [](const Status& a, const Status& b) { return a.id > b.id; });
  std::unordered_set<std::string> seen;
  for (const FeaturedTag& t : stores_.featured_tags->Of(account_id)) {
    seen.insert(text::NormalizeTag(t.name));
  }
  std::vector<std::string> out;
  for (const Status& s : statuses) {
    for (const std::string& tag : s.tags) {
      std::string key = text::NormalizeTag(tag);
      if (key.empty() || !seen.insert(key).second) continue;
      out.push_back(tag);
      if (out.size() >= 10) return out;
    }
  }
  return out;
}

}  // namespace magpie::domain
