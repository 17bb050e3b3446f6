// Ports for statuses and the interactions on them (favourites, reblogs, bookmarks, pins, quote
// approval, muted conversations).
// Contract as in account_store.h: thread-safe, may block, writes durable on return. Counters
// (statuses_count, replies_count, reblogs_count, favourites_count, quotes_count) are moved in
// the same transaction as the row that changes them. Lists of ids come newest first.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

namespace magpie::domain {

using core::Result;

struct StatusQuery {
  Page page;
  // Only statuses with one of these visibilities (empty = all).
  std::vector<Visibility> visibilities;
  bool exclude_replies = false;  // replies to other accounts are left out; self-replies stay
  bool exclude_reblogs = false;
  bool local_only = false;
  bool remote_only = false;
};

// What one viewer has done to one status.
struct InteractionFlags {
  bool favourited = false;
  bool reblogged = false;
  bool bookmarked = false;
  bool pinned = false;
  bool muted = false;  // the viewer muted the status's conversation
};

class StatusStore {
 public:
  virtual ~StatusStore() = default;

  // Inserts the status with its mentions and tags (tags are stored under text::NormalizeTag
  // keys, passed in `normalized_tags`, parallel to status.tags) and moves the counters:
  // the author's statuses_count and last_status_at, the parent's replies_count, the reblogged
  // status's reblogs_count, the quoted status's quotes_count. With a non-empty idempotency key,
  // remembers (account, key) -> id; kConflict if the key was already used.
  virtual core::Status Create(const Status& status, const std::vector<std::string>& normalized_tags,
                              std::string_view idempotency_key) = 0;
  // Create without waiting for it: `done` gets the result once the status is durable, possibly
  // on a thread the store owns (its writer), so it must only hand the rest of the work on. The
  // default runs Create, then `done`.
  using CreateDone = std::function<void(core::Status)>;
  virtual void CreateAsync(const Status& status, const std::vector<std::string>& normalized_tags,
                           const std::string& idempotency_key, CreateDone done) {
    CreateDone callback(std::move(done));
    callback(Create(status, normalized_tags, idempotency_key));
  }
  // The id made earlier under this (account, key), if any, within the last 24 hours before now.
  virtual std::optional<Id> FindByIdempotencyKey(Id account_id, std::string_view key,
                                                 int64_t now) = 0;

  // kNotFound for missing or deleted statuses.
  virtual Result<Status> Get(Id id) = 0;
  // The non-deleted statuses among `ids`, in no particular order. One query, not one per id.
  virtual std::vector<Status> GetMany(std::span<const Id> ids) = 0;

  // Replaces text, spoiler_text, sensitive, language, mentions and tags, sets edited_at, and
  // appends `previous` (the version being replaced) to the history, in one transaction.
  virtual core::Status Update(const Status& status, const std::vector<std::string>& normalized_tags,
                              const StatusEdit& previous) = 0;
  // Oldest first.
  virtual std::vector<StatusEdit> History(Id status_id) = 0;

  // Marks the status deleted and moves the counters back; plain reblogs of it are deleted too.
  // Returns the ids of those reblogs (so timelines can drop them).
  virtual Result<std::vector<Id>> Delete(Id id) = 0;

  // Replaces the quote policy of a status. kNotFound when it is missing or deleted.
  virtual core::Status SetQuotePolicy(Id id, QuotePolicy policy) = 0;
  // Marks the quote made by `quoting_id` revoked and takes it off the quoted status's
  // quotes_count, in one transaction. True when it was accepted until now (false: revoked
  // already); kNotFound when `quoting_id` is missing, deleted or quotes nothing.
  virtual Result<bool> RevokeQuote(Id quoting_id) = 0;

  // Statuses of one account (the profile timeline).
  virtual std::vector<Id> AccountStatuses(Id account_id, const StatusQuery& query) = 0;
  // Statuses of many authors merged (home timeline rebuild, list timelines, celebrity merge).
  virtual std::vector<Id> StatusesByAuthors(std::span<const Id> author_ids,
                                            const StatusQuery& query) = 0;
  // The public timeline.
  virtual std::vector<Id> PublicStatuses(const StatusQuery& query) = 0;
  // Statuses carrying a tag (normalized name).
  virtual std::vector<Id> TagStatuses(std::string_view normalized_tag,
                                      const StatusQuery& query) = 0;
  // Statuses carrying any of the tags (normalized names), merged: one query however many tags.
  virtual std::vector<Id> StatusesByTags(std::span<const std::string> normalized_tags,
                                         const StatusQuery& query) = 0;
  // Statuses that mention an account (direct messages, mentions-only views).
  virtual std::vector<Id> MentioningStatuses(Id account_id, const StatusQuery& query) = 0;
  // Every reply below `id`, at any depth, oldest first, at most `limit`.
  virtual std::vector<Id> Descendants(Id id, int limit) = 0;
  // Statuses quoting `id` whose quote was not revoked.
  virtual std::vector<Id> Quotes(Id id, const Page& page) = 0;
  // The id of `account_id`'s plain reblog of `status_id`, if it exists.
  virtual std::optional<Id> FindReblog(Id account_id, Id status_id) = 0;

  // Favourites. Add returns true when newly added (false: it already was), Remove true when
  // something was removed; both move favourites_count.
  virtual Result<bool> AddFavourite(Id account_id, Id status_id, int64_t now) = 0;
  virtual Result<bool> RemoveFavourite(Id account_id, Id status_id) = 0;
  // cursor: the favourite's row id; id: the account that favourited.
  virtual std::vector<Cursored> FavouritedBy(Id status_id, const Page& page) = 0;
  // cursor: the favourite's row id; id: the status.
  virtual std::vector<Cursored> FavouritesOf(Id account_id, const Page& page) = 0;
  // cursor: the reblog's status id; id: the account that reblogged.
  virtual std::vector<Cursored> RebloggedBy(Id status_id, const Page& page) = 0;

  virtual Result<bool> AddBookmark(Id account_id, Id status_id, int64_t now) = 0;
  virtual Result<bool> RemoveBookmark(Id account_id, Id status_id) = 0;
  virtual std::vector<Cursored> BookmarksOf(Id account_id, const Page& page) = 0;

  virtual Result<bool> Pin(Id account_id, Id status_id, int64_t now) = 0;
  virtual Result<bool> Unpin(Id account_id, Id status_id) = 0;
  virtual std::vector<Id> PinnedOf(Id account_id) = 0;

  // Muted conversations (by Status.conversation_id). True when something changed.
  virtual Result<bool> MuteConversation(Id account_id, Id conversation_id, int64_t now) = 0;
  virtual Result<bool> UnmuteConversation(Id account_id, Id conversation_id) = 0;
  // Those of `account_ids` who muted the conversation; one query.
  virtual std::vector<Id> ConversationMutedBy(Id conversation_id,
                                              std::span<const Id> account_ids) = 0;

  // Flags for `viewer` on each of `status_ids` (absent from the map = all false), muted
  // included. A constant number of queries however many ids.
  virtual std::unordered_map<Id, InteractionFlags> Interactions(Id viewer,
                                                                std::span<const Id> status_ids) = 0;

  virtual int64_t CountLocalStatuses() = 0;
};

}  // namespace magpie::domain
