// Content filters (Mastodon filters v2): each account's filters, their keywords and statuses, the
// rules for changing them, and the matching of statuses against them.
//
// Matching, as Mastodon does it: a keyword matches case-insensitively anywhere in the status's
// text or content warning; a whole-word keyword must also not be glued to other word characters
// at an edge where the keyword itself begins or ends with a word character. Scripts written
// without spaces (Han, Hiragana, Katakana) have no word boundaries to find, so a CJK edge of a
// keyword needs no boundary and a CJK neighbour counts as one: "春节" whole-word matches inside
// "祝大家春节快乐", and "magpie" whole-word matches in "喜鹊magpie很好" but not in "magpies".
// Case folding covers Latin, Greek and Cyrillic (enough for keywords; CJK has no case).
// Expired filters are ignored. A status filter matches the status itself and reblogs of it.
//
// Reads are served from memory: each account's filters are loaded once and kept as an
// immutable snapshot until the account changes them. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "core/result.h"
#include "core/thread_annotations.h"
#include "domain/model.h"
#include "domain/social_store.h"

namespace magpie::domain {

// The contexts a filter may apply in.
inline constexpr std::string_view kFilterContexts[] = {"home", "notifications", "public", "thread",
                                                       "account"};
bool IsFilterContext(std::string_view context);

struct KeywordChange {
  Id id = 0;  // 0: a new keyword
  std::optional<std::string> keyword;
  std::optional<bool> whole_word;
  bool destroy = false;
};

// A create (all fields that matter present) or a partial update.
struct FilterChange {
  std::optional<std::string> title;
  std::optional<std::vector<std::string>> contexts;
  std::optional<FilterAction> action;
  // Seconds from now; nullopt: unchanged (create: never); 0 or less: never expires.
  std::optional<int64_t> expires_in;
  std::vector<KeywordChange> keywords;
};

// Why a status matched one filter (Mastodon's FilterResult).
struct FilterMatch {
  const Filter* filter = nullptr;  // points into the FilterSet that produced it
  std::vector<std::string> keyword_matches;
  std::vector<Id> status_matches;  // ids of the matching FilterStatus rows' status ids
};

// One account's filters as of one moment; immutable, shared by readers.
class FilterSet {
 public:
  FilterSet(std::vector<Filter> filters, int64_t now);

  bool empty() const { return filters_.empty(); }
  const std::vector<Filter>& filters() const { return filters_; }

  // The unexpired filters for `context` that match `status` (for a reblog pass the reblogged
  // status: it is the content being shown).
  std::vector<FilterMatch> Match(const Status& status, std::string_view context, int64_t now) const;

 private:
  struct Compiled {
    std::string folded;  // case-folded keyword
    bool whole_word = true;
    bool boundary_before = false;  // the keyword starts with a spaced-script word character
    bool boundary_after = false;
  };
  std::vector<Filter> filters_;
  std::vector<std::vector<Compiled>> compiled_;  // parallel to filters_[i].keywords
};

// Case-folds UTF-8 text for matching (Latin, Greek, Cyrillic); other characters unchanged.
std::string FoldCase(std::string_view text);
// Finds `keyword` in `text` by the rules above. Exposed for tests.
bool KeywordMatches(std::string_view text, std::string_view keyword, bool whole_word);

class FilterService {
 public:
  FilterService(FilterStore& store, const core::Clock& clock, core::IdGenerator& ids);

  std::vector<Filter> List(Id owner);
  core::Result<Filter> Get(Id owner, Id filter_id);
  core::Result<Filter> Create(Id owner, const FilterChange& change);
  core::Result<Filter> Update(Id owner, Id filter_id, const FilterChange& change);
  core::Result<bool> Delete(Id owner, Id filter_id);

  // Keywords and statuses addressed by their own ids (kNotFound unless the owner's).
  core::Result<Filter> AddKeyword(Id owner, Id filter_id, std::string keyword, bool whole_word);
  // The filter holding keyword `keyword_id`.
  core::Result<std::pair<Filter, FilterKeyword>> GetKeyword(Id owner, Id keyword_id);
  core::Result<FilterKeyword> UpdateKeyword(Id owner, Id keyword_id,
                                            std::optional<std::string> keyword,
                                            std::optional<bool> whole_word);
  core::Result<bool> DeleteKeyword(Id owner, Id keyword_id);
  core::Result<FilterStatus> AddStatus(Id owner, Id filter_id, Id status_id);
  core::Result<std::pair<Filter, FilterStatus>> GetStatus(Id owner, Id filter_status_id);
  core::Result<bool> DeleteStatus(Id owner, Id filter_status_id);

  // The account's filters as an immutable snapshot (memory after the first call).
  std::shared_ptr<const FilterSet> ForAccount(Id owner);

  int64_t NowMillis() const { return clock_.NowMillis(); }

 private:
  core::Result<Filter> Save(Filter filter);
  core::Status Validate(const Filter& filter) const;
  void Forget(Id owner);

  FilterStore& store_;
  const core::Clock& clock_;
  core::IdGenerator& ids_;
  std::mutex mu_;
  std::unordered_map<Id, std::shared_ptr<const FilterSet>> cache_ GUARDED_BY(mu_);
  uint64_t generation_ GUARDED_BY(mu_) = 0;  // counts writes, so racing loads are not kept
};

}  // namespace magpie::domain
