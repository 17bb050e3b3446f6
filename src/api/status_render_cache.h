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
// Thread-safe (sharded mutexes); bounded (two generations per shard, like StatusCache).
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/thread_annotations.h"
#include "domain/status_cache.h"

namespace magpie::api {

class StatusRenderCache {
 public:
  using JsonPtr = std::shared_ptr<const std::string>;

  explicit StatusRenderCache(size_t capacity = 100'000);

  // The bytes built from exactly this snapshot, or nullptr.
  JsonPtr Get(const domain::StatusPtr& status);
  void Put(const domain::StatusPtr& status, JsonPtr json);

 private:
  static constexpr size_t kShards = 32;
  struct Entry {
    domain::StatusPtr source;
    JsonPtr json;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<core::Id, Entry> young GUARDED_BY(mu);
    std::unordered_map<core::Id, Entry> old GUARDED_BY(mu);
  };
  Shard& ShardOf(core::Id id) {
    return shards_[static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull >> 59];
  }
  size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace magpie::api
