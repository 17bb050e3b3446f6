#include "domain/status_service.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "core/log.h"
#include "core/utf8.h"
#include "text/text.h"

namespace magpie::domain {

using core::Error;

namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsBlank(std::string_view s) {
  // ASCII whitespace, plus the no-break and ideographic spaces that look blank too.
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (s.substr(i, 2) == "\xC2\xA0") {
      i += 2;
    } else if (s.substr(i, 3) == "\xE3\x80\x80" || s.substr(i, 3) == "\xE2\x80\x8B") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

Error NotAllowed() { return Error::Forbidden("This action is not allowed"); }

}  // namespace

std::string NormalizeLanguage(std::string_view language) {
  if (language.empty() || language.size() > 16) return "";
  size_t dash = language.find('-');
  std::string_view primary = language.substr(0, dash);
  if (primary.size() < 2 || primary.size() > 3) return "";
  for (char c : primary) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return "";
  }
  if (dash != std::string_view::npos) {
    std::string_view rest = language.substr(dash + 1);
    if (rest.empty() || rest.back() == '-') return "";
    for (char c : rest) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return "";
    }
  }
  std::string out(language);
  for (size_t i = 0; i < primary.size(); ++i) {
    out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  }
  return out;
}

StatusService::StatusService(Stores stores, SocialGraph& graph, NotificationService& notifications,
                             EventListener& events, const core::Clock& clock,
                             core::IdGenerator& ids, StatusServiceConfig config)
    : stores_(stores),
      graph_(graph),
      notifications_(notifications),
      events_(events),
      clock_(clock),
      ids_(ids),
      config_(std::move(config)),
      cache_(config_.cache_capacity) {
  loader_ = [store = stores_.statuses](std::span<const Id> ids) { return store->GetMany(ids); };
}

// --- helpers ---

std::vector<StatusPtr> StatusService::GetMany(std::span<const Id> ids) {
  return cache_.GetMany(ids, loader_);
}

StatusPtr StatusService::Peek(Id id) {
  if (id == 0) return nullptr;
  return cache_.Get(id, loader_);
}

StatusPtr StatusService::Reload(Id id) {
  cache_.Invalidate(id);
  return Peek(id);
}

void StatusService::InvalidateRelated(const Status& s) {
  cache_.Invalidate(s.id);
  if (s.in_reply_to_id != 0) cache_.Invalidate(s.in_reply_to_id);
  if (s.reblog_of_id != 0) cache_.Invalidate(s.reblog_of_id);
  if (s.quote_of_id != 0) cache_.Invalidate(s.quote_of_id);
}

core::Status StatusService::ValidateText(std::string_view text, std::string_view spoiler_text,
                                         bool allow_blank) const {
  if (!core::IsValidUtf8(text) || !core::IsValidUtf8(spoiler_text)) {
    return Error::Invalid("Validation failed: Text must be valid UTF-8");
  }
  if (!allow_blank && IsBlank(text)) {
    Error e = Error::Invalid("Validation failed: Text can't be blank");
    e.details.push_back({"text", "ERR_BLANK", "can't be blank"});
    return e;
  }
  // Cheap guard before the grapheme walk: no post of max_chars graphemes needs more bytes than
  // this (a grapheme cluster of a flag or family emoji is at most ~35 bytes).
  if (text.size() + spoiler_text.size() > config_.max_chars * 64 + 4096) {
    return Error::Invalid("Validation failed: Text character limit of " +
                          std::to_string(config_.max_chars) + " exceeded");
  }
  text::ParsedText parsed = text::Parse(text);
  size_t length =
      text::CountPostLength(text, parsed, config_.url_length) + text::CountGraphemes(spoiler_text);
  if (length > config_.max_chars) {
    return Error::Invalid("Validation failed: Text character limit of " +
                          std::to_string(config_.max_chars) + " exceeded");
  }
  return core::Ok();
}

Result<StatusService::ParsedPost> StatusService::ParseText(std::string_view text) {
  ParsedPost out;
  text::ParsedText parsed = text::Parse(text);
  std::unordered_set<std::string> seen_names;
  for (const auto& m : parsed.mentions) {
    if (!m.domain.empty() && !IEquals(m.domain, config_.local_domain)) continue;  // remote
    std::string key = m.username;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!seen_names.insert(key).second) continue;
    if (seen_names.size() > config_.max_mentions) break;
    auto account = stores_.accounts->FindByUsername(m.username, "");
    if (!account.ok() || account->suspended) continue;  // unknown names stay plain text
    if (std::find(out.mentioned_account_ids.begin(), out.mentioned_account_ids.end(),
                  account->id) == out.mentioned_account_ids.end()) {
      out.mentioned_account_ids.push_back(account->id);
    }
  }
  std::unordered_set<std::string> seen_tags;
  for (const auto& t : parsed.tags) {
    std::string normalized = text::NormalizeTag(t.name);
    if (normalized.empty() || !seen_tags.insert(normalized).second) continue;
    if (out.tags.size() >= 64) break;
    out.tags.push_back(t.name);
    out.normalized_tags.push_back(std::move(normalized));
  }
  return out;
}

Result<StatusPtr> StatusService::Get(Id viewer, Id status_id) {
  return Get(Viewer(viewer), status_id);
}

Result<StatusPtr> StatusService::Get(const ViewerContext& viewer, Id status_id) {
  StatusPtr s = Peek(status_id);
  if (!s || !CanView(viewer, *s)) return Error::NotFound();
  if (s->reblog_of_id != 0) {
    StatusPtr original = Peek(s->reblog_of_id);
    if (!original || !CanView(viewer, *original)) return Error::NotFound();
  }
  return s;
}

Result<StatusPtr> StatusService::Target(Id actor, Id status_id) {
  ViewerContext viewer = Viewer(actor);
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(viewer, status_id));
  if (s->reblog_of_id == 0) return s;
  return Get(viewer, s->reblog_of_id);
}

bool StatusService::CanQuote(const ViewerContext& viewer, const Status& s) const {
  if (s.deleted || s.reblog_of_id != 0 || s.visibility == Visibility::kDirect) return false;
  if (viewer.id == 0) return false;
  if (viewer.id == s.account_id) return true;
  if (viewer.Blocked(s.account_id) || s.visibility == Visibility::kPrivate) return false;
  switch (s.quote_policy) {
    case QuotePolicy::kPublic:
      return true;
    case QuotePolicy::kFollowers:
      return viewer.Follows(s.account_id);
    case QuotePolicy::kNobody:
      return false;
  }
  return false;
}

// --- create ---

Result<StatusPtr> StatusService::Create(Id author, const PostRequest& req) {
  MAGPIE_ASSIGN_OR_RETURN(PreparedPost post, PrepareCreate(author, req));
  if (post.earlier) return post.earlier;
  core::Status written =
      stores_.statuses->Create(post.status, post.normalized_tags, post.idempotency_key);
  return FinishCreate(post, std::move(written));
}

Result<PreparedPost> StatusService::PrepareCreate(Id author, const PostRequest& req) {
  PreparedPost post;
  post.now = clock_.NowMillis();
  const int64_t now = post.now;
  if (!req.idempotency_key.empty()) {
    if (req.idempotency_key.size() > 256) {
      return Error::Invalid("Validation failed: Idempotency-Key is too long");
    }
    if (auto existing = stores_.statuses->FindByIdempotencyKey(author, req.idempotency_key, now)) {
      if (StatusPtr s = Peek(*existing)) {
        post.earlier = std::move(s);
        return post;
      }
    }
  }
  MAGPIE_RETURN_IF_ERROR(ValidateText(req.text, req.spoiler_text, req.quoted_status_id != 0));

  User prefs;
  if (auto user = stores_.accounts->GetUser(author); user.ok()) prefs = *user;

  Status& s = post.status;
  s.account_id = author;
  s.text = req.text;
  s.spoiler_text = req.spoiler_text;
  s.visibility = req.visibility.value_or(prefs.default_visibility);
  s.sensitive = req.sensitive.value_or(prefs.default_sensitive) || !IsBlank(req.spoiler_text);
  if (IsBlank(s.spoiler_text)) s.spoiler_text.clear();
  s.language = NormalizeLanguage(req.language.value_or(prefs.default_language));
  s.quote_policy = req.quote_policy.value_or(prefs.default_quote_policy);
  s.application_id = req.application_id;
  s.created_at = now;

  ViewerContext me = Viewer(author);
  StatusPtr& parent = post.parent;
  if (req.in_reply_to_id != 0) {
    MAGPIE_ASSIGN_OR_RETURN(parent, Get(me, req.in_reply_to_id));
    if (parent->reblog_of_id != 0) {
      MAGPIE_ASSIGN_OR_RETURN(parent, Get(me, parent->reblog_of_id));
    }
    s.in_reply_to_id = parent->id;
    s.in_reply_to_account_id = parent->account_id;
  }
  StatusPtr& quoted = post.quoted;
  if (req.quoted_status_id != 0) {
    MAGPIE_ASSIGN_OR_RETURN(quoted, Get(me, req.quoted_status_id));
    if (quoted->reblog_of_id != 0) {
      MAGPIE_ASSIGN_OR_RETURN(quoted, Get(me, quoted->reblog_of_id));
    }
    if (quoted->visibility == Visibility::kDirect) {
      return Error::Invalid("Validation failed: Private mentions cannot be quoted");
    }
    if (!CanQuote(me, *quoted)) return NotAllowed();
    // A quote of a private post may not show it to more people than the post itself.
    if (quoted->visibility == Visibility::kPrivate && s.visibility != Visibility::kDirect) {
      s.visibility = Visibility::kPrivate;
    }
    s.quote_of_id = quoted->id;
  }
  if (s.visibility == Visibility::kPrivate || s.visibility == Visibility::kDirect) {
    s.quote_policy = QuotePolicy::kNobody;
  }

  MAGPIE_ASSIGN_OR_RETURN(ParsedPost parsed, ParseText(s.text));
  s.mentioned_account_ids = std::move(parsed.mentioned_account_ids);
  s.tags = std::move(parsed.tags);
  post.normalized_tags = std::move(parsed.normalized_tags);
  post.idempotency_key = req.idempotency_key;

  s.id = ids_.Next();
  s.conversation_id =
      parent ? (parent->conversation_id != 0 ? parent->conversation_id : parent->id) : s.id;
  return post;
}

void StatusService::WriteCreated(const PreparedPost& post,
                                 std::function<void(core::Status)> written) {
  stores_.statuses->CreateAsync(post.status, post.normalized_tags, post.idempotency_key,
                                std::move(written));
}

Result<StatusPtr> StatusService::FinishCreate(const PreparedPost& post, core::Status written) {
  const Status& s = post.status;
  const Id author = s.account_id;
  if (!written.ok()) {
    // Two requests with the same key raced; the other one won. Answer with its status.
    if (written.error().code == core::ErrorCode::kConflict && !post.idempotency_key.empty()) {
      if (auto existing =
              stores_.statuses->FindByIdempotencyKey(author, post.idempotency_key, post.now)) {
        if (StatusPtr other = Peek(*existing)) return other;
      }
    }
    return std::move(written).error();
  }
  auto snapshot = std::make_shared<const Status>(s);
  InvalidateRelated(s);
  cache_.Put(snapshot);

  if (s.visibility == Visibility::kDirect && stores_.conversations != nullptr) {
    std::vector<Id> participants{author};
    for (Id m : s.mentioned_account_ids) {
      if (m != author) participants.push_back(m);
    }
    auto recorded =
        stores_.conversations->RecordStatus(s.conversation_id, s.id, author, participants);
    if (!recorded.ok()) {
      core::log::Warn(
          "conversation not recorded",
          {core::log::Num("status_id", s.id), core::log::Str("error", recorded.error().message)});
    }
  }

  events_.OnStatusCreated(*snapshot);
  NotifyCreated(*snapshot, post.parent.get(), post.quoted.get());
  return snapshot;
}

void StatusService::NotifyCreated(const Status& s, const Status* parent, const Status* quoted) {
  std::unordered_set<Id> told;
  for (Id m : s.mentioned_account_ids) {
    if (m == s.account_id || !told.insert(m).second) continue;
    notifications_.Notify(NotificationType::kMention, m, s.account_id, s.id, s.conversation_id);
  }
  if (parent != nullptr && parent->account_id != s.account_id && !told.count(parent->account_id)) {
    // Weibo-style: a comment reaches the author commented on, if they can read it.
    if (CanView(Viewer(parent->account_id), s)) {
      told.insert(parent->account_id);
      notifications_.Notify(NotificationType::kMention, parent->account_id, s.account_id, s.id,
                            s.conversation_id);
    }
  }
  if (quoted != nullptr && quoted->account_id != s.account_id) {
    told.insert(quoted->account_id);
    notifications_.Notify(NotificationType::kQuote, quoted->account_id, s.account_id, s.id,
                          s.conversation_id);
  }
  // `status` notifications: the followers who asked for them. Not for direct posts (they reach
  // their mentioned accounts as mentions) nor for replies to someone else (as Mastodon). Every
  // visibility left is readable by followers, so no per-follower visibility check is needed;
  // blocks and mutes are NotificationService's rules.
  if (s.reblog_of_id != 0 || s.visibility == Visibility::kDirect || stores_.graph == nullptr)
    return;
  if (s.in_reply_to_account_id != 0 && s.in_reply_to_account_id != s.account_id) return;
  std::vector<Id> followers = stores_.graph->NotifyingFollowerIds(s.account_id);
  std::erase_if(followers, [&](Id f) { return told.count(f) > 0; });
  if (!followers.empty()) {
    notifications_.NotifyMany(NotificationType::kStatus, followers, s.account_id, s.id,
                              s.conversation_id);
  }
}

// --- edit ---

Result<StatusPtr> StatusService::Edit(Id actor, Id status_id, const EditRequest& req) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr current, Get(actor, status_id));
  if (current->account_id != actor) return NotAllowed();
  if (current->reblog_of_id != 0)
    return Error::Invalid("Validation failed: Boosts cannot be edited");
  MAGPIE_RETURN_IF_ERROR(ValidateText(req.text, req.spoiler_text, current->quote_of_id != 0));

  Status updated = *current;
  updated.text = req.text;
  updated.spoiler_text = IsBlank(req.spoiler_text) ? std::string() : req.spoiler_text;
  if (req.sensitive) updated.sensitive = *req.sensitive;
  if (!updated.spoiler_text.empty()) updated.sensitive = true;
  if (req.language) updated.language = NormalizeLanguage(*req.language);
  if (updated.text == current->text && updated.spoiler_text == current->spoiler_text &&
      updated.sensitive == current->sensitive && updated.language == current->language) {
    return current;  // nothing changed: no new version, no notifications
  }
  MAGPIE_ASSIGN_OR_RETURN(ParsedPost parsed, ParseText(updated.text));
  updated.mentioned_account_ids = std::move(parsed.mentioned_account_ids);
  updated.tags = std::move(parsed.tags);
  updated.edited_at = std::max(clock_.NowMillis(), current->created_at);

  StatusEdit previous;
  previous.id = ids_.Next();
  previous.status_id = current->id;
  previous.account_id = current->account_id;
  previous.text = current->text;
  previous.spoiler_text = current->spoiler_text;
  previous.sensitive = current->sensitive;
  previous.created_at = current->edited_at != 0 ? current->edited_at : current->created_at;
  MAGPIE_RETURN_IF_ERROR(stores_.statuses->Update(updated, parsed.normalized_tags, previous));

  StatusPtr fresh = Reload(updated.id);
  if (!fresh) fresh = std::make_shared<const Status>(updated);
  events_.OnStatusUpdated(*fresh);

  // Tell those who reblogged or quoted it that what they shared has changed.
  std::unordered_set<Id> told;
  Page page;
  page.limit = 1000;
  for (const auto& row : stores_.statuses->RebloggedBy(updated.id, page)) {
    if (row.id != actor && told.insert(row.id).second) {
      notifications_.Notify(NotificationType::kUpdate, row.id, actor, updated.id,
                            updated.conversation_id);
    }
  }
  std::vector<Id> quote_ids = stores_.statuses->Quotes(updated.id, page);
  for (const auto& q : GetMany(quote_ids)) {
    if (q && q->account_id != actor && told.insert(q->account_id).second) {
      notifications_.Notify(NotificationType::kUpdate, q->account_id, actor, updated.id,
                            updated.conversation_id);
    }
  }
  return fresh;
}

// --- delete ---

Result<StatusPtr> StatusService::Delete(Id actor, Id status_id) {
  StatusPtr s = Peek(status_id);
  if (!s || s->account_id != actor) return Error::NotFound();
  MAGPIE_ASSIGN_OR_RETURN(std::vector<Id> reblog_ids, stores_.statuses->Delete(status_id));
  InvalidateRelated(*s);
  for (Id r : reblog_ids) cache_.Invalidate(r);
  if (stores_.notifications != nullptr) {
    auto removed = stores_.notifications->RemoveForStatus(status_id);
    if (!removed.ok()) {
      core::log::Warn("notifications of a deleted status kept",
                      {core::log::Num("status_id", status_id)});
    }
    for (Id r : reblog_ids) (void)stores_.notifications->RemoveForStatus(r);
  }
  events_.OnStatusDeleted(*s, reblog_ids);
  return s;
}

// --- interactions ---

Result<StatusPtr> StatusService::Favourite(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Target(actor, status_id));
  MAGPIE_ASSIGN_OR_RETURN(bool added,
                          stores_.statuses->AddFavourite(actor, s->id, clock_.NowMillis()));
  if (!added) return s;
  StatusPtr fresh = Reload(s->id);
  notifications_.Notify(NotificationType::kFavourite, s->account_id, actor, s->id,
                        s->conversation_id);
  return fresh ? fresh : s;
}

Result<StatusPtr> StatusService::Unfavourite(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Target(actor, status_id));
  MAGPIE_ASSIGN_OR_RETURN(bool removed, stores_.statuses->RemoveFavourite(actor, s->id));
  if (!removed) return s;
  StatusPtr fresh = Reload(s->id);
  return fresh ? fresh : s;
}

Result<StatusPtr> StatusService::Reblog(Id actor, Id status_id,
                                        std::optional<Visibility> visibility) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr original, Target(actor, status_id));
  if (original->visibility == Visibility::kDirect) return NotAllowed();
  if (original->visibility == Visibility::kPrivate && original->account_id != actor) {
    return NotAllowed();
  }
  if (auto existing = stores_.statuses->FindReblog(actor, original->id)) {
    if (StatusPtr r = Peek(*existing)) return r;
  }
  Status r;
  r.id = ids_.Next();
  r.account_id = actor;
  r.reblog_of_id = original->id;
  r.visibility = visibility.value_or(Visibility::kPublic);
  if (r.visibility == Visibility::kDirect) r.visibility = Visibility::kPublic;
  if (original->visibility == Visibility::kPrivate) r.visibility = Visibility::kPrivate;
  r.quote_policy = QuotePolicy::kNobody;
  r.conversation_id = original->conversation_id;
  r.created_at = clock_.NowMillis();
  auto created = stores_.statuses->Create(r, {}, "");
  if (!created.ok()) {
    // A concurrent reblog by the same account won the race (unique per account and status).
    if (auto existing = stores_.statuses->FindReblog(actor, original->id)) {
      if (StatusPtr other = Peek(*existing)) return other;
    }
    return std::move(created).error();
  }
  auto snapshot = std::make_shared<const Status>(r);
  cache_.Invalidate(original->id);
  cache_.Put(snapshot);
  events_.OnStatusCreated(*snapshot);
  if (original->account_id != actor) {
    notifications_.Notify(NotificationType::kReblog, original->account_id, actor, r.id,
                          r.conversation_id);
  }
  return snapshot;
}

Result<StatusPtr> StatusService::Unreblog(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr original, Target(actor, status_id));
  if (auto existing = stores_.statuses->FindReblog(actor, original->id)) {
    MAGPIE_RETURN_IF_ERROR(Delete(actor, *existing));
  }
  StatusPtr fresh = Reload(original->id);
  return fresh ? fresh : original;
}

Result<StatusPtr> StatusService::Bookmark(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Target(actor, status_id));
  MAGPIE_RETURN_IF_ERROR(stores_.statuses->AddBookmark(actor, s->id, clock_.NowMillis()));
  return s;
}

Result<StatusPtr> StatusService::Unbookmark(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Target(actor, status_id));
  MAGPIE_RETURN_IF_ERROR(stores_.statuses->RemoveBookmark(actor, s->id));
  return s;
}

Result<StatusPtr> StatusService::Pin(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(actor, status_id));
  if (s->reblog_of_id != 0) return Error::Invalid("Validation failed: Boosts cannot be pinned");
  if (s->account_id != actor) {
    return Error::Invalid("Validation failed: Only your own posts can be pinned");
  }
  if (s->visibility == Visibility::kDirect) {
    return Error::Invalid("Validation failed: Private mentions cannot be pinned");
  }
  std::vector<Id> pinned = stores_.statuses->PinnedOf(actor);
  if (std::find(pinned.begin(), pinned.end(), s->id) != pinned.end()) return s;
  if (static_cast<int>(pinned.size()) >= config_.max_pins) {
    return Error::Invalid("Validation failed: You have already pinned the maximum number of posts");
  }
  MAGPIE_RETURN_IF_ERROR(stores_.statuses->Pin(actor, s->id, clock_.NowMillis()));
  return s;
}

Result<StatusPtr> StatusService::Unpin(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(actor, status_id));
  if (s->account_id == actor) MAGPIE_RETURN_IF_ERROR(stores_.statuses->Unpin(actor, s->id));
  return s;
}

Result<StatusPtr> StatusService::MuteConversation(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Target(actor, status_id));
  const Id conversation = s->conversation_id != 0 ? s->conversation_id : s->id;
  MAGPIE_RETURN_IF_ERROR(
      stores_.statuses->MuteConversation(actor, conversation, clock_.NowMillis()));
  return s;
}

Result<StatusPtr> StatusService::UnmuteConversation(Id actor, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Target(actor, status_id));
  const Id conversation = s->conversation_id != 0 ? s->conversation_id : s->id;
  MAGPIE_RETURN_IF_ERROR(stores_.statuses->UnmuteConversation(actor, conversation));
  return s;
}

// --- quote approval ---

Result<StatusPtr> StatusService::SetQuotePolicy(Id actor, Id status_id, QuotePolicy policy) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(actor, status_id));
  if (s->account_id != actor) return NotAllowed();
  if (s->reblog_of_id != 0) {
    return Error::Invalid("Validation failed: Boosts have no quote policy of their own");
  }
  // As at creation: a post that only its followers or mentioned accounts can read is never
  // quotable by others.
  if (s->visibility == Visibility::kPrivate || s->visibility == Visibility::kDirect) {
    policy = QuotePolicy::kNobody;
  }
  if (policy == s->quote_policy) return s;
  MAGPIE_RETURN_IF_ERROR(stores_.statuses->SetQuotePolicy(s->id, policy));
  StatusPtr fresh = Reload(s->id);
  if (!fresh) return Error::NotFound();
  events_.OnStatusUpdated(*fresh);
  return fresh;
}

Result<StatusPtr> StatusService::RevokeQuote(Id actor, Id quoted_id, Id quoting_id) {
  ViewerContext viewer = Viewer(actor);
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr quoted, Get(viewer, quoted_id));
  if (quoted->account_id != actor) return NotAllowed();
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr quoting, Get(viewer, quoting_id));
  if (quoting->quote_of_id != quoted->id) return Error::NotFound();
  if (quoting->quote_state == QuoteState::kRevoked) return quoting;
  MAGPIE_ASSIGN_OR_RETURN(bool revoked, stores_.statuses->RevokeQuote(quoting->id));
  cache_.Invalidate(quoted->id);  // quotes_count moved
  StatusPtr fresh = Reload(quoting->id);
  if (!fresh) return Error::NotFound();
  if (revoked) events_.OnStatusUpdated(*fresh);
  return fresh;
}

// --- reads ---

Result<StatusContext> StatusService::Context(Id viewer_id, Id status_id) {
  ViewerContext viewer = Viewer(viewer_id);
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(viewer, status_id));
  StatusContext out;
  if (s->reblog_of_id != 0) return out;  // a plain reblog is not part of a thread
  auto shown = [&](const Status& st) {
    return CanView(viewer, st) && !IsHiddenByMutes(viewer, st, nullptr);
  };
  Id cursor = s->in_reply_to_id;
  std::unordered_set<Id> seen{s->id};
  while (cursor != 0 && static_cast<int>(seen.size()) <= config_.max_ancestors) {
    if (!seen.insert(cursor).second) break;  // a cycle cannot be written, but never loop
    StatusPtr p = Peek(cursor);
    if (!p) break;
    if (shown(*p)) out.ancestors.push_back(p->id);
    cursor = p->in_reply_to_id;
  }
  std::reverse(out.ancestors.begin(), out.ancestors.end());

  std::vector<Id> ids = stores_.statuses->Descendants(s->id, config_.max_descendants);
  std::vector<StatusPtr> descendants = GetMany(ids);
  // A reply whose parent is hidden from the viewer is hidden too, so a blocked account's
  // sub-thread disappears whole.
  std::unordered_set<Id> visible{s->id};
  for (const auto& d : descendants) {
    if (!d) continue;
    if (visible.count(d->in_reply_to_id) && shown(*d)) {
      visible.insert(d->id);
      out.descendants.push_back(d->id);
    }
  }
  return out;
}

Result<std::vector<StatusVersion>> StatusService::History(Id viewer, Id status_id) {
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(viewer, status_id));
  std::vector<StatusVersion> out;
  if (s->edited_at != 0) {
    for (const auto& e : stores_.statuses->History(s->id)) {
      StatusVersion v;
      v.account_id = e.account_id;
      v.text = e.text;
      v.spoiler_text = e.spoiler_text;
      v.sensitive = e.sensitive;
      v.created_at = e.created_at;
      v.mentioned_account_ids = s->mentioned_account_ids;
      out.push_back(std::move(v));
    }
  }
  StatusVersion current;
  current.account_id = s->account_id;
  current.text = s->text;
  current.spoiler_text = s->spoiler_text;
  current.sensitive = s->sensitive;
  current.created_at = s->edited_at != 0 ? s->edited_at : s->created_at;
  current.mentioned_account_ids = s->mentioned_account_ids;
  out.push_back(std::move(current));
  return out;
}

Result<std::vector<Cursored>> StatusService::FavouritedBy(Id viewer_id, Id status_id,
                                                          const Page& page) {
  ViewerContext viewer = Viewer(viewer_id);
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(viewer, status_id));
  if (s->reblog_of_id != 0) {
    MAGPIE_ASSIGN_OR_RETURN(s, Get(viewer, s->reblog_of_id));
  }
  std::vector<Cursored> rows = stores_.statuses->FavouritedBy(s->id, page);
  std::erase_if(rows, [&](const Cursored& c) { return viewer.Blocked(c.id); });
  return rows;
}

Result<std::vector<Cursored>> StatusService::RebloggedBy(Id viewer_id, Id status_id,
                                                         const Page& page) {
  ViewerContext viewer = Viewer(viewer_id);
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(viewer, status_id));
  if (s->reblog_of_id != 0) {
    MAGPIE_ASSIGN_OR_RETURN(s, Get(viewer, s->reblog_of_id));
  }
  std::vector<Cursored> rows = stores_.statuses->RebloggedBy(s->id, page);
  std::erase_if(rows, [&](const Cursored& c) { return viewer.Blocked(c.id); });
  return rows;
}

Result<std::vector<Id>> StatusService::Quotes(Id viewer_id, Id status_id, const Page& page) {
  ViewerContext viewer = Viewer(viewer_id);
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Get(viewer, status_id));
  std::vector<Id> ids = stores_.statuses->Quotes(s->id, page);
  std::vector<StatusPtr> quotes = GetMany(ids);
  std::vector<Id> out;
  for (const auto& q : quotes) {
    if (q && CanView(viewer, *q) && !IsHiddenByMutes(viewer, *q, nullptr)) out.push_back(q->id);
  }
  return out;
}

std::vector<Cursored> StatusService::Favourites(Id viewer, const Page& page) {
  return stores_.statuses->FavouritesOf(viewer, page);
}

std::vector<Cursored> StatusService::Bookmarks(Id viewer, const Page& page) {
  return stores_.statuses->BookmarksOf(viewer, page);
}

std::vector<Conversation> StatusService::Conversations(Id viewer, const Page& page) {
  if (stores_.conversations == nullptr) return {};
  return stores_.conversations->List(viewer, page);
}

Result<Conversation> StatusService::MarkConversationRead(Id viewer, Id conversation_id) {
  if (stores_.conversations == nullptr) return Error::NotFound();
  MAGPIE_RETURN_IF_ERROR(stores_.conversations->MarkRead(viewer, conversation_id));
  return stores_.conversations->Get(viewer, conversation_id);
}

Result<bool> StatusService::RemoveConversation(Id viewer, Id conversation_id) {
  if (stores_.conversations == nullptr) return Error::NotFound();
  return stores_.conversations->Remove(viewer, conversation_id);
}

std::unordered_map<Id, InteractionFlags> StatusService::Interactions(Id viewer,
                                                                     std::span<const Id> ids) {
  if (viewer == 0 || ids.empty()) return {};
  return stores_.statuses->Interactions(viewer, ids);
}

std::optional<ApplicationInfo> StatusService::Application(Id application_id) {
  if (application_id == 0 || stores_.oauth == nullptr) return std::nullopt;
  {
    std::lock_guard lock(apps_mu_);
    if (auto it = apps_.find(application_id); it != apps_.end()) return it->second;
  }
  std::optional<ApplicationInfo> info;
  if (auto app = stores_.oauth->GetApplication(application_id); app.ok()) {
    info = ApplicationInfo{app->name, app->website};
  }
  std::lock_guard lock(apps_mu_);
  if (apps_.size() > 10'000) apps_.clear();  // bounded; applications are few in practice
  apps_[application_id] = info;
  return info;
}

Result<Account> StatusService::FindAccount(Id account_id) {
  return stores_.accounts->Get(account_id);
}

}  // namespace magpie::domain
