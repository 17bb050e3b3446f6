#include "timeline/feed.h"

#include <algorithm>

namespace magpie::timeline {

namespace {
bool ById(const FeedEntry& a, const FeedEntry& b) { return a.id < b.id; }
}  // namespace

void Feed::Reset(std::vector<FeedEntry> newest_first, bool complete) {
  std::reverse(newest_first.begin(), newest_first.end());
  std::sort(newest_first.begin(), newest_first.end(), ById);
  newest_first.erase(std::unique(newest_first.begin(), newest_first.end(),
                                 [](const FeedEntry& a, const FeedEntry& b) { return a.id == b.id; }),
                     newest_first.end());
  std::lock_guard lock(mu_);
  // Pushes that arrived while the store was read are kept (merged), so nothing posted during a
  // rebuild is lost.
  std::vector<FeedEntry> merged;
  merged.reserve(newest_first.size() + entries_.size());
  std::merge(newest_first.begin(), newest_first.end(), entries_.begin(), entries_.end(),
             std::back_inserter(merged), ById);
  merged.erase(std::unique(merged.begin(), merged.end(),
                           [](const FeedEntry& a, const FeedEntry& b) { return a.id == b.id; }),
               merged.end());
  entries_ = std::move(merged);
  floor_ = (!complete && !newest_first.empty()) ? newest_first.front().id : 0;
  if (entries_.size() > capacity_) {
    entries_.erase(entries_.begin(), entries_.end() - static_cast<ptrdiff_t>(capacity_));
    floor_ = entries_.front().id;
  }
}

bool Feed::Push(FeedEntry entry) {
  std::lock_guard lock(mu_);
  if (floor_ != 0 && entry.id < floor_) return false;
  auto it = entries_.end();
  while (it != entries_.begin() && (it - 1)->id > entry.id) --it;
  if (it != entries_.begin() && (it - 1)->id == entry.id) return false;
  entries_.insert(it, entry);
  // Trim in bulk (a quarter over capacity) so a full feed does not shift on every push.
  if (entries_.size() > capacity_ + capacity_ / 4 + 1) {
    entries_.erase(entries_.begin(), entries_.end() - static_cast<ptrdiff_t>(capacity_));
    floor_ = entries_.front().id;
  }
  return true;
}

bool Feed::HasRecent(Id original, size_t window) const {
  std::lock_guard lock(mu_);
  size_t seen = 0;
  for (auto it = entries_.rbegin(); it != entries_.rend() && seen < window; ++it, ++seen) {
    if (it->id == original || it->reblog_of == original) return true;
  }
  return false;
}

void Feed::Remove(std::span<const Id> ids) {
  if (ids.empty()) return;
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const FeedEntry& e) {
    return std::find(ids.begin(), ids.end(), e.id) != ids.end();
  });
}

std::vector<FeedEntry> Feed::Read(const FeedRange& range) const {
  std::vector<FeedEntry> out;
  std::lock_guard lock(mu_);
  Id low = std::max(range.above, floor_ > 0 ? floor_ - 1 : 0);  // exclusive
  auto first = std::upper_bound(entries_.begin(), entries_.end(), FeedEntry{low, 0}, ById);
  auto last = range.below > 0
                  ? std::lower_bound(entries_.begin(), entries_.end(), FeedEntry{range.below, 0},
                                     ById)
                  : entries_.end();
  if (first >= last) return out;
  size_t n = std::min(range.limit, static_cast<size_t>(last - first));
  out.reserve(n);
  if (range.ascending) {
    out.assign(first, first + static_cast<ptrdiff_t>(n));
    std::reverse(out.begin(), out.end());
  } else {
    out.assign(std::make_reverse_iterator(last), std::make_reverse_iterator(last) +
                                                     static_cast<ptrdiff_t>(n));
  }
  return out;
}

std::vector<FeedEntry> Feed::All() const {
  std::lock_guard lock(mu_);
  return {entries_.rbegin(), entries_.rend()};
}

Id Feed::floor() const {
  std::lock_guard lock(mu_);
  return floor_;
}

size_t Feed::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::optional<bool> Feed::ShowsReblogsOf(Id author) const {
  std::lock_guard lock(mu_);
  auto it = shows_reblogs_.find(author);
  if (it == shows_reblogs_.end()) return std::nullopt;
  return it->second;
}

void Feed::SetShowsReblogsOf(Id author, bool show) {
  std::lock_guard lock(mu_);
  shows_reblogs_[author] = show;
}

void Feed::ForgetReblogPreference(Id author) {
  std::lock_guard lock(mu_);
  shows_reblogs_.erase(author);
}

}  // namespace magpie::timeline
