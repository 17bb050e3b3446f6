#include "timeline/feed.h"

#include <algorithm>

namespace magpie::timeline {

namespace {
bool ById(const FeedEntry& a, const FeedEntry& b) { return a.id < b.id; }
bool SameId(const FeedEntry& a, const FeedEntry& b) { return a.id == b.id; }
}  // namespace

void Feed::Reserve() {
  // The bound is capacity plus the slack Push trims at; growing by doubling would overshoot it
  // and a home feed is kept for a long time.
  const size_t bound = capacity_ + capacity_ / 4 + 2;
  if (ids_.size() < ids_.capacity() || ids_.capacity() >= bound) return;
  ids_.reserve(std::min(bound, std::max<size_t>(16, ids_.capacity() * 2)));
}

void Feed::Trim(size_t keep) {
  if (ids_.size() <= keep) return;
  ids_.erase(ids_.begin(), ids_.end() - static_cast<ptrdiff_t>(keep));
  floor_ = ids_.front();
  std::erase_if(reblogs_, [&](const FeedEntry& e) { return e.id < floor_; });
}

void Feed::Reset(std::vector<FeedEntry> newest_first, Id floor) {
  std::sort(newest_first.begin(), newest_first.end(), ById);
  newest_first.erase(std::unique(newest_first.begin(), newest_first.end(), SameId),
                     newest_first.end());
  std::lock_guard lock(mu_);
  // Pushes that arrived while the store was read are kept (merged), so nothing posted during a
  // rebuild is lost.
  std::vector<Id> merged;
  merged.reserve(std::min(newest_first.size() + ids_.size(), capacity_ + capacity_ / 4 + 2));
  size_t i = 0, j = 0;
  while (i < newest_first.size() || j < ids_.size()) {
    Id next;
    if (j == ids_.size() || (i < newest_first.size() && newest_first[i].id < ids_[j])) {
      next = newest_first[i++].id;
    } else {
      next = ids_[j++];
    }
    if (merged.empty() || merged.back() != next) merged.push_back(next);
  }
  ids_ = std::move(merged);
  for (const auto& e : newest_first) {
    if (e.reblog_of != 0) reblogs_.push_back(e);
  }
  std::sort(reblogs_.begin(), reblogs_.end(), ById);
  reblogs_.erase(std::unique(reblogs_.begin(), reblogs_.end(), SameId), reblogs_.end());
  floor_ = floor;
  std::erase_if(ids_, [&](Id id) { return id < floor_; });
  Trim(capacity_);
}

bool Feed::Push(FeedEntry entry) {
  std::lock_guard lock(mu_);
  if (floor_ != 0 && entry.id < floor_) return false;
  auto it = ids_.end();
  while (it != ids_.begin() && *(it - 1) > entry.id) --it;
  if (it != ids_.begin() && *(it - 1) == entry.id) return false;
  const ptrdiff_t at = it - ids_.begin();
  Reserve();
  ids_.insert(ids_.begin() + at, entry.id);
  if (entry.reblog_of != 0) {
    auto r = std::upper_bound(reblogs_.begin(), reblogs_.end(), entry, ById);
    reblogs_.insert(r, entry);
  }
  // Trim in bulk (a quarter over capacity) so a full feed does not shift on every push.
  if (ids_.size() > capacity_ + capacity_ / 4 + 1) Trim(capacity_);
  return true;
}

bool Feed::HasRecent(Id original, size_t window) const {
  std::lock_guard lock(mu_);
  if (ids_.empty() || window == 0) return false;
  const size_t n = std::min(window, ids_.size());
  const Id oldest_in_window = ids_[ids_.size() - n];
  if (std::find(ids_.end() - static_cast<ptrdiff_t>(n), ids_.end(), original) != ids_.end()) {
    return true;
  }
  for (auto it = reblogs_.rbegin(); it != reblogs_.rend() && it->id >= oldest_in_window; ++it) {
    if (it->reblog_of == original) return true;
  }
  return false;
}

void Feed::Remove(std::span<const Id> ids) {
  if (ids.empty()) return;
  std::lock_guard lock(mu_);
  auto listed = [&](Id id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  std::erase_if(ids_, listed);
  std::erase_if(reblogs_, [&](const FeedEntry& e) { return listed(e.id); });
}

std::vector<Id> Feed::Read(const FeedRange& range) const {
  std::vector<Id> out;
  std::lock_guard lock(mu_);
  Id low = std::max(range.above, floor_ > 0 ? floor_ - 1 : 0);  // exclusive
  auto first = std::upper_bound(ids_.begin(), ids_.end(), low);
  auto last =
      range.below > 0 ? std::lower_bound(ids_.begin(), ids_.end(), range.below) : ids_.end();
  if (first >= last) return out;
  const auto n = static_cast<ptrdiff_t>(std::min(range.limit, static_cast<size_t>(last - first)));
  out.reserve(static_cast<size_t>(n));
  if (range.ascending) {
    out.assign(first, first + n);
    std::reverse(out.begin(), out.end());
  } else {
    out.assign(std::make_reverse_iterator(last), std::make_reverse_iterator(last) + n);
  }
  return out;
}

std::vector<Id> Feed::All() const {
  std::lock_guard lock(mu_);
  return {ids_.rbegin(), ids_.rend()};
}

Id Feed::floor() const {
  std::lock_guard lock(mu_);
  return floor_;
}

size_t Feed::size() const {
  std::lock_guard lock(mu_);
  return ids_.size();
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
