// NotificationService (contract in notification_service.h).
//
// The suppression rules read the in-memory social graph, so the common case (no block, no mute)
// costs no query; only a muted sender needs the store to learn whether the mute hides
// notifications. Notify never fails its caller: the follow, favourite or reply that caused it
// has already been committed.
#include "domain/notification_service.h"

#include <algorithm>
#include <unordered_set>

#include "core/log.h"

namespace magpie::domain {

NotificationService::NotificationService(Stores stores, SocialGraph& graph,
                                         const core::Clock& clock, core::IdGenerator& ids,
                                         EventListener& events)
    : stores_(stores), graph_(graph), clock_(clock), ids_(ids), events_(events) {}

bool NotificationService::Suppressed(Id recipient_id, Id from_account_id) {
  if (recipient_id == 0 || from_account_id == 0 || recipient_id == from_account_id) return true;
  if (graph_.IsBlockedEitherWay(recipient_id, from_account_id)) return true;
  if (graph_.Muted(recipient_id)->count(from_account_id) > 0) {
    const Id target[] = {from_account_id};
    auto rel = stores_.graph->Relationships(recipient_id, target);
    // A mute without hide_notifications only hides posts; the notification still goes out.
    if (rel.empty() || rel.front().muting_notifications) return true;
  }
  return false;
}

void NotificationService::Notify(NotificationType type, Id recipient_id, Id from_account_id,
                                 Id status_id, Id conversation_id) {
  if (Suppressed(recipient_id, from_account_id)) return;
  if (conversation_id != 0 && stores_.statuses != nullptr) {
    const Id recipient[] = {recipient_id};
    if (!stores_.statuses->ConversationMutedBy(conversation_id, recipient).empty()) return;
  }
  Notification n;
  n.id = ids_.Next();
  n.account_id = recipient_id;
  n.from_account_id = from_account_id;
  n.type = type;
  n.status_id = status_id;
  n.created_at = clock_.NowMillis();
  auto stored = stores_.notifications->Create(n);
  if (!stored.ok()) {
    core::log::Warn("notification lost", {core::log::Num("recipient", recipient_id),
                                          core::log::Str("error", stored.error().message)});
    return;
  }
  events_.OnNotification(n);
}

void NotificationService::NotifyMany(NotificationType type, std::span<const Id> recipient_ids,
                                     Id from_account_id, Id status_id, Id conversation_id) {
  std::vector<Id> recipients;
  recipients.reserve(recipient_ids.size());
  for (Id r : recipient_ids) {
    if (!Suppressed(r, from_account_id)) recipients.push_back(r);
  }
  if (recipients.empty()) return;
  if (conversation_id != 0 && stores_.statuses != nullptr) {
    std::vector<Id> muted = stores_.statuses->ConversationMutedBy(conversation_id, recipients);
    if (!muted.empty()) {
      std::unordered_set<Id> drop(muted.begin(), muted.end());
      std::erase_if(recipients, [&](Id r) { return drop.count(r) > 0; });
    }
  }
  std::vector<Notification> batch;
  batch.reserve(recipients.size());
  const int64_t now = clock_.NowMillis();
  std::unordered_set<Id> seen;
  for (Id r : recipients) {
    if (!seen.insert(r).second) continue;
    Notification n;
    n.id = ids_.Next();
    n.account_id = r;
    n.from_account_id = from_account_id;
    n.type = type;
    n.status_id = status_id;
    n.created_at = now;
    batch.push_back(n);
  }
  auto stored = stores_.notifications->CreateMany(batch);
  if (!stored.ok()) {
    core::log::Warn("notifications lost",
                    {core::log::Num("count", static_cast<int64_t>(batch.size())),
                     core::log::Str("error", stored.error().message)});
    return;
  }
  for (const Notification& n : batch) events_.OnNotification(n);
}

std::vector<Notification> NotificationService::List(Id account_id, const NotificationQuery& query) {
  std::vector<Notification> items = stores_.notifications->List(account_id, query);
  // A block made after the notification hides it too, as in Mastodon.
  IdSetPtr blocked = graph_.BlockedEitherWay(account_id);
  if (!blocked->empty()) {
    std::erase_if(items, [&](const Notification& n) { return blocked->count(n.from_account_id); });
  }
  return items;
}

Result<Notification> NotificationService::Get(Id account_id, Id notification_id) {
  MAGPIE_ASSIGN_OR_RETURN(Notification n, stores_.notifications->Get(account_id, notification_id));
  if (graph_.IsBlockedEitherWay(account_id, n.from_account_id)) return core::Error::NotFound();
  return n;
}

Result<bool> NotificationService::Dismiss(Id account_id, Id notification_id) {
  return stores_.notifications->Dismiss(account_id, notification_id);
}

core::Status NotificationService::Clear(Id account_id) {
  return stores_.notifications->Clear(account_id);
}

int64_t NotificationService::UnreadCount(Id account_id, Id since_id) {
  return stores_.notifications->CountUnread(account_id, since_id);
}

}  // namespace magpie::domain
