// The serialized Account entity of each account without its counters (Presenter::AccountJsonHead:
// an open JSON object the counters are appended to), so that a page of statuses does not build a
// boost::json tree, render the bio's HTML and format dates for every author on every read. The
// entity depends on nothing but the domain::Account value and the server's configuration.
//
// An entry is valid for the profile it was built from: Get() compares the stored value with the
// one the caller holds (fresh from AccountService) by Account::SameProfile, so an edited profile
// simply stops matching and is rebuilt -- no invalidation protocol -- while a moved counter does
// not matter. The comparison is a few short string compares, far cheaper than rendering.
//
// Thread-safe; bounded: a fixed table of about `capacity` entries (render_slots.h).
#pragma once

#include <memory>
#include <string>

#include "api/render_slots.h"
#include "domain/model.h"

namespace magpie::api {

class AccountRenderCache {
 public:
  using JsonPtr = std::shared_ptr<const std::string>;

  explicit AccountRenderCache(size_t capacity = 100'000);

  // The bytes built from a value with the same profile as `account`, or nullptr.
  JsonPtr Get(const domain::Account& account);
  // Starts fetching the entry for `id` (a page prefetches all of its entries first).
  void Prefetch(core::Id id) const { slots_.Prefetch(id); }
  void Put(const domain::Account& account, JsonPtr json);

 private:
  internal::RenderSlots<domain::Account> slots_;
};

}  // namespace magpie::api
