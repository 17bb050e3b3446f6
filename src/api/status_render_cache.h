// The viewer-independent part of each status's JSON (content HTML, mentions, tags, counts, urls),
// serialized once and kept as bytes, so that a hot timeline read renders no HTML, parses no text
// and builds no JSON objects for it (issue 3's "serialize each status's viewer-independent JSON
// once and cache the bytes"). The presenter splices the viewer's part (author account, reblog,
// quote, flags, filters) around them. The bytes are the object's members without the braces.
//
// Keyed by the identity of the domain::StatusCache snapshot it was built from: a status that
// changes gets a new snapshot there, so an entry built from an older one simply stops matching --
// no invalidation protocol. The entry holds its snapshot, so the address cannot be reused while
// the entry lives.
//
// Thread-safe; bounded: a fixed table of about `capacity` entries (render_slots.h).
#pragma once

#include <memory>
#include <string>

#include "api/render_slots.h"
#include "domain/status_cache.h"

namespace magpie::api {

class StatusRenderCache {
 public:
  using JsonPtr = std::shared_ptr<const std::string>;

  explicit StatusRenderCache(size_t capacity = 100'000);

  // The bytes built from exactly this snapshot, or nullptr.
  JsonPtr Get(const domain::StatusPtr& status);
  // Starts fetching the entry for `id` (a page prefetches all of its entries first).
  void Prefetch(core::Id id) const { slots_.Prefetch(id); }
  void Put(const domain::StatusPtr& status, JsonPtr json);

 private:
  internal::RenderSlots<domain::Status> slots_;
};

}  // namespace magpie::api
