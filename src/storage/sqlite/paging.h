// Mastodon pagination over an id-ordered column, shared by every store.
//
// Every paged query is written with the same three bound parameters and a LIMIT:
//   ... AND col < ?upper AND col > ?lower ORDER BY col <DIR> LIMIT ?limit
// where upper is UpperId() (max_id, or the largest id when there is none), lower is min_id or
// since_id (0 when neither), and DIR is DESC except for min_id pages, which read upwards from
// min_id (the page right after it) and are reversed afterwards so the caller always gets newest
// first. Bind UpperId() rather than writing `(?max = 0 OR col < ?max)`: SQLite cannot use an OR
// with a parameter as an index bound, so deep max_id pages would scan from the newest row.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "domain/model.h"

namespace magpie::storage::sqlite {

struct PageBounds {
  int64_t max_id = 0;      // 0: no upper bound
  int64_t lower_id = 0;    // exclusive lower bound (min_id or since_id), 0: none
  bool ascending = false;  // min_id pages read upwards
  int64_t limit = 20;

  // The exclusive upper bound to bind: max_id, or past every id when there is none.
  int64_t UpperId() const { return max_id > 0 ? max_id : std::numeric_limits<int64_t>::max(); }
};

inline PageBounds BoundsOf(const domain::Page& page) {
  PageBounds b;
  b.max_id = page.max_id.value_or(0);
  if (page.min_id) {
    b.lower_id = *page.min_id;
    b.ascending = true;
  } else if (page.since_id) {
    b.lower_id = *page.since_id;
  }
  b.limit = std::clamp(page.limit, 1, 1000);
  return b;
}

// Restores newest-first order after an ascending (min_id) read.
template <typename T>
void NewestFirst(const PageBounds& b, std::vector<T>& rows) {
  if (b.ascending) std::reverse(rows.begin(), rows.end());
}

}  // namespace magpie::storage::sqlite
