#include "api/account_render_cache.h"

namespace magpie::api {

AccountRenderCache::AccountRenderCache(size_t capacity) : slots_(capacity) {}

AccountRenderCache::JsonPtr AccountRenderCache::Get(const domain::Account& account) {
  return slots_.Get(account.id, [&account](const domain::Account& source) {
    return source.SameProfile(account);
  });
}

void AccountRenderCache::Put(const domain::Account& account, JsonPtr json) {
  slots_.Put(account.id, std::make_shared<const domain::Account>(account), std::move(json));
}

}  // namespace magpie::api
