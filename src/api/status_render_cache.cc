#include "api/status_render_cache.h"

namespace magpie::api {

StatusRenderCache::StatusRenderCache(size_t capacity) : slots_(capacity) {}

StatusRenderCache::JsonPtr StatusRenderCache::Get(const domain::StatusPtr& status) {
  if (!status) return nullptr;
  const domain::Status* wanted = status.get();
  return slots_.Get(status->id,
                    [wanted](const domain::Status& source) { return &source == wanted; });
}

void StatusRenderCache::Put(const domain::StatusPtr& status, JsonPtr json) {
  if (!status) return;
  slots_.Put(status->id, status, std::move(json));
}

}  // namespace magpie::api
