// Notifications: who is told what. Owns the rules: nobody is notified of their own actions, nor
// by accounts they block, are blocked by, or mute with hide_notifications, nor about a status in
// a conversation they muted. Publishes OnNotification (streaming) after the notification is
// stored. Thread-safe; may block.
#pragma once

#include <span>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/events.h"
#include "domain/social_graph.h"
#include "domain/stores.h"

namespace magpie::domain {

class NotificationService {
 public:
  NotificationService(Stores stores, SocialGraph& graph, const core::Clock& clock,
                      core::IdGenerator& ids, EventListener& events);

  // Stores and publishes a notification unless a rule above suppresses it. `conversation_id` is
  // the status's Status.conversation_id (0 when there is no status). Failures are logged and
  // swallowed: a lost notification must never fail the action that caused it.
  void Notify(NotificationType type, Id recipient_id, Id from_account_id, Id status_id,
              Id conversation_id = 0);
  // The same for many recipients of one event (a fan-out): the rules per recipient, then one
  // batched conversation-mute lookup and one store transaction for all of them.
  void NotifyMany(NotificationType type, std::span<const Id> recipient_ids, Id from_account_id,
                  Id status_id, Id conversation_id);

  std::vector<Notification> List(Id account_id, const NotificationQuery& query);
  Result<Notification> Get(Id account_id, Id notification_id);
  Result<bool> Dismiss(Id account_id, Id notification_id);
  core::Status Clear(Id account_id);
  int64_t UnreadCount(Id account_id, Id since_id);

 private:
  // The account and mute rules for one recipient (not the conversation mute).
  bool Suppressed(Id recipient_id, Id from_account_id);

  Stores stores_;
  SocialGraph& graph_;
  const core::Clock& clock_;
  core::IdGenerator& ids_;
  EventListener& events_;
};

}  // namespace magpie::domain
