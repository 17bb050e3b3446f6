// Statuses: posting, reading, editing, deleting, and the interactions on them (favourite,
// reblog, bookmark, pin, quote and quote approval, muted conversations), with every rule about
// them in one place.
//
// Write path (DESIGN.md §3): validate and parse the text once -> one store transaction (the
// status, its mentions and tags, the counters it moves, the idempotency key) -> the new snapshot
// goes into the status cache -> OnStatusCreated on the event bus (timeline fan-out, streaming)
// -> notifications (mentions, the replied-to and quoted authors, then `status` notifications to
// the followers who follow the author with notify on, found through an index of those follows
// alone and stored in one batch). Events are published only after the store has committed.
//
// Reads go through the StatusCache (status_cache.h) and the visibility rule (visibility.h); a
// status the reader may not see is kNotFound, exactly like one that does not exist, so nothing
// leaks its existence.
//
// Decisions that differ from or go beyond Mastodon (docs/API.md repeats them):
//  - Replies notify the replied-to author as a `mention` even when the reply does not @-mention
//    them (Weibo-style comments), provided they can see the reply.
//  - `status` notifications go to followers who followed with notify=true, for the author's
//    posts of any visibility but direct (followers may read private posts), not for plain
//    reblogs nor replies to other accounts. A follower the post mentions gets the `mention` only.
//  - Muting a conversation (the thread, by conversation_id) silences every notification about its
//    statuses for the muter, of any type, and sets Status.muted; it hides nothing from timelines.
//  - Revoking a quote is the quoted author's, for quotes they can see; the quote then shows
//    {"state":"revoked","quoted_status":null} to everyone, leaves /quotes and quotes_count.
//  - The quote policy of a posted status can be changed by its author (interaction_policy);
//    private and direct statuses stay "nobody". Quotes already made are not affected.
//  - A quote of a private status is allowed only to its author (and makes the quote private);
//    direct statuses cannot be quoted. Quotes of private or direct posts get policy "nobody".
//  - Deleting a status that is not one's own is 404 (as Mastodon); editing one is 403.
//
// Thread-safe; methods may block on storage and run on the worker pool.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "core/result.h"
#include "core/thread_annotations.h"
#include "domain/events.h"
#include "domain/model.h"
#include "domain/notification_service.h"
#include "domain/social_graph.h"
#include "domain/status_cache.h"
#include "domain/stores.h"
#include "domain/visibility.h"

namespace magpie::domain {

struct StatusServiceConfig {
  std::string local_domain;  // "magpie.example": @user@magpie.example is a local mention
  size_t max_chars = 2000;   // text + content warning, in graphemes, links counting url_length
  size_t url_length = 23;
  size_t max_mentions = 50;  // @-mentions resolved per post; later ones stay plain text
  int max_pins = 5;
  int max_ancestors = 40;
  int max_descendants = 4096;
  size_t cache_capacity = 200'000;  // statuses kept in the StatusCache
};

struct PostRequest {
  std::string text;
  std::string spoiler_text;
  std::optional<Visibility> visibility;  // absent: the author's default
  std::optional<bool> sensitive;         // absent: the author's default
  std::optional<std::string> language;   // absent: the author's default; invalid: none
  Id in_reply_to_id = 0;
  Id quoted_status_id = 0;
  std::optional<QuotePolicy> quote_policy;  // absent: the author's default
  Id application_id = 0;
  std::string idempotency_key;  // the Idempotency-Key header; empty when none
};

// A post validated and built by StatusService::PrepareCreate, not written yet.
struct PreparedPost {
  Status status;
  std::vector<std::string> normalized_tags;  // parallel to status.tags
  std::string idempotency_key;
  StatusPtr parent;  // the status replied to, if any
  StatusPtr quoted;  // the status quoted, if any
  // Set when the idempotency key names a post made earlier: the answer, with nothing to write.
  StatusPtr earlier;
  int64_t now = 0;
};

struct EditRequest {
  std::string text;
  std::string spoiler_text;
  std::optional<bool> sensitive;        // absent: unchanged
  std::optional<std::string> language;  // absent: unchanged
};

struct StatusContext {
  std::vector<Id> ancestors;    // oldest first
  std::vector<Id> descendants;  // thread order (oldest first)
};

// One version of a status, for GET /api/v1/statuses/:id/history (oldest first; the last entry
// is the current version).
struct StatusVersion {
  Id account_id = 0;
  std::string text;
  std::string spoiler_text;
  bool sensitive = false;
  int64_t created_at = 0;
  std::vector<Id> mentioned_account_ids;  // of the current version (edits keep no older lists)
};

struct ApplicationInfo {
  std::string name;
  std::string website;
};

class StatusService {
 public:
  StatusService(Stores stores, SocialGraph& graph, NotificationService& notifications,
                EventListener& events, const core::Clock& clock, core::IdGenerator& ids,
                StatusServiceConfig config);

  // --- writes ---
  Result<StatusPtr> Create(Id author, const PostRequest& request);
  // Create in three steps, for a caller that must not wait for the commit (an event-loop thread):
  //   PrepareCreate   validates and builds the post; only reads (a store read starts with
  //                   core::MayBlock, so it can be tried where blocking is forbidden)
  //   WriteCreated    queues the write; `written` gets its result on the store's writer thread
  //                   once the post is durable, and must only hand the rest on
  //   FinishCreate    publishes it (status cache, timelines, notifications); may block
  // Create is exactly these three with a wait in the middle.
  Result<PreparedPost> PrepareCreate(Id author, const PostRequest& request);
  void WriteCreated(const PreparedPost& post, std::function<void(core::Status)> written);
  Result<StatusPtr> FinishCreate(const PreparedPost& post, core::Status written);
  // Only the author (403 otherwise). Keeps the replaced version in the history.
  Result<StatusPtr> Edit(Id actor, Id status_id, const EditRequest& request);
  // Only the author (404 otherwise). Returns the deleted status (its text is the source, for
  // "delete and redraft").
  Result<StatusPtr> Delete(Id actor, Id status_id);

  // Interactions act on the reblogged status when given a reblog's id, as Mastodon does. Each
  // returns the status acted on, as it is after the change.
  Result<StatusPtr> Favourite(Id actor, Id status_id);
  Result<StatusPtr> Unfavourite(Id actor, Id status_id);
  // Returns the reblog (a new status, or the existing one when reblogged already).
  Result<StatusPtr> Reblog(Id actor, Id status_id, std::optional<Visibility> visibility);
  // Returns the reblogged status.
  Result<StatusPtr> Unreblog(Id actor, Id status_id);
  Result<StatusPtr> Bookmark(Id actor, Id status_id);
  Result<StatusPtr> Unbookmark(Id actor, Id status_id);
  Result<StatusPtr> Pin(Id actor, Id status_id);
  Result<StatusPtr> Unpin(Id actor, Id status_id);
  // Mutes / unmutes the conversation of the status (of the reblogged status for a reblog) for
  // the actor. Returns the status acted on.
  Result<StatusPtr> MuteConversation(Id actor, Id status_id);
  Result<StatusPtr> UnmuteConversation(Id actor, Id status_id);

  // Quote approval. Only the status's author may change its policy (403); private and direct
  // statuses keep "nobody", and a reblog has no policy to change (422). Returns the status.
  Result<StatusPtr> SetQuotePolicy(Id actor, Id status_id, QuotePolicy policy);
  // The author of `quoted_id` withdraws the approval of the quote `quoting_id` (403 for anyone
  // else; 404 unless `quoting_id` is a quote of `quoted_id` the actor can see). Idempotent.
  // Returns the quoting status.
  Result<StatusPtr> RevokeQuote(Id actor, Id quoted_id, Id quoting_id);

  // --- reads (visibility-checked: invisible is kNotFound) ---
  Result<StatusPtr> Get(Id viewer, Id status_id);
  Result<StatusPtr> Get(const ViewerContext& viewer, Id status_id);
  Result<StatusContext> Context(Id viewer, Id status_id);
  Result<std::vector<StatusVersion>> History(Id viewer, Id status_id);
  // cursor: row id; id: account. Accounts blocked either way with the viewer are left out.
  Result<std::vector<Cursored>> FavouritedBy(Id viewer, Id status_id, const Page& page);
  Result<std::vector<Cursored>> RebloggedBy(Id viewer, Id status_id, const Page& page);
  // Ids of statuses quoting `status_id` that the viewer can see, revoked quotes left out.
  // Mastodon lets only the quoted author list them; Magpie lets anyone who can see the status do
  // so (the quotes are public posts anyway, and each one is visibility-checked).
  Result<std::vector<Id>> Quotes(Id viewer, Id status_id, const Page& page);
  // The viewer's favourites / bookmarks (cursor: row id; id: status).
  std::vector<Cursored> Favourites(Id viewer, const Page& page);
  std::vector<Cursored> Bookmarks(Id viewer, const Page& page);

  // --- direct conversations ---
  std::vector<Conversation> Conversations(Id viewer, const Page& page);
  Result<Conversation> MarkConversationRead(Id viewer, Id conversation_id);
  Result<bool> RemoveConversation(Id viewer, Id conversation_id);

  // --- hydration for timelines and the presenter (no visibility check) ---
  // Snapshots in the order of `ids`; nullptr for a missing or deleted status. Memory first;
  // misses are loaded with one store call.
  std::vector<StatusPtr> GetMany(std::span<const Id> ids);
  StatusPtr Peek(Id id);
  ViewerContext Viewer(Id viewer) { return ViewerContext::Load(graph_, viewer); }
  std::unordered_map<Id, InteractionFlags> Interactions(Id viewer, std::span<const Id> ids);
  // Name and website of an application (cached; nullopt when unknown).
  std::optional<ApplicationInfo> Application(Id application_id);
  // The account, if it exists (for routes that 404 on unknown accounts).
  Result<Account> FindAccount(Id account_id);

  // Whether `viewer` may quote `status` under its quote policy (the author always may, unless it
  // is a direct status). Used for Status.quote_approval.current_user.
  bool CanQuote(const ViewerContext& viewer, const Status& status) const;

  const StatusServiceConfig& config() const { return config_; }
  StatusCache& cache() { return cache_; }
  SocialGraph& graph() { return graph_; }

 private:
  struct ParsedPost {
    std::vector<Id> mentioned_account_ids;
    std::vector<std::string> tags;             // as written, deduplicated by normalized form
    std::vector<std::string> normalized_tags;  // parallel to tags
  };
  core::Status ValidateText(std::string_view text, std::string_view spoiler_text,
                            bool allow_blank) const;
  Result<ParsedPost> ParseText(std::string_view text);
  // The status, or its reblogged status when `id` is a reblog; visibility-checked for `actor`.
  Result<StatusPtr> Target(Id actor, Id status_id);
  StatusPtr Reload(Id id);
  void InvalidateRelated(const Status& status);
  void NotifyCreated(const Status& status, const Status* parent, const Status* quoted);

  Stores stores_;
  SocialGraph& graph_;
  NotificationService& notifications_;
  EventListener& events_;
  const core::Clock& clock_;
  core::IdGenerator& ids_;
  StatusServiceConfig config_;
  StatusCache cache_;
  StatusCache::Loader loader_;

  std::mutex apps_mu_;
  std::unordered_map<Id, std::optional<ApplicationInfo>> apps_ GUARDED_BY(apps_mu_);
};

// A language tag as clients send it ("en", "zh-Hant", "pt-BR"): letters, digits and '-', at most
// 16 characters, starting with a letter. Returns the canonical lower-case primary subtag form
// used by Mastodon ("zh-Hant" stays as given after the first subtag), or "" when invalid.
std::string NormalizeLanguage(std::string_view language);

}  // namespace magpie::domain
