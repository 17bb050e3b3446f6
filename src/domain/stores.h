// Every storage port in one bundle, as the composition root hands it to the services. Non-owning:
// app/ owns the concrete stores for the life of the process.
#pragma once

#include "domain/account_store.h"
#include "domain/social_store.h"
#include "domain/status_store.h"

namespace magpie::domain {

struct Stores {
  AccountStore* accounts = nullptr;
  OAuthStore* oauth = nullptr;
  StatusStore* statuses = nullptr;
  GraphStore* graph = nullptr;
  NotificationStore* notifications = nullptr;
  ListStore* lists = nullptr;
  FilterStore* filters = nullptr;
  MarkerStore* markers = nullptr;
  ConversationStore* conversations = nullptr;
  FeaturedTagStore* featured_tags = nullptr;
};

}  // namespace magpie::domain
