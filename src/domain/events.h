// Domain events: what happened, published after the change is durable. Timelines (fan-out),
// streaming and later search and trends subscribe; the services that cause the events do not
// know who listens (dependencies point inward). Listeners are called synchronously on the
// publishing thread (a worker), so they must be quick or hand the work to their own queue.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/model.h"

namespace magpie::domain {

class EventListener {
 public:
  virtual ~EventListener() = default;
  virtual void OnStatusCreated(const Status& status) { (void)status; }
  virtual void OnStatusUpdated(const Status& status) { (void)status; }
  // `removed_reblog_ids` are plain reblogs deleted together with the status.
  virtual void OnStatusDeleted(const Status& status, const std::vector<Id>& removed_reblog_ids) {
    (void)status;
    (void)removed_reblog_ids;
  }
  virtual void OnFollow(Id follower_id, Id followed_id) {
    (void)follower_id;
    (void)followed_id;
  }
  virtual void OnUnfollow(Id follower_id, Id followed_id) {
    (void)follower_id;
    (void)followed_id;
  }
  virtual void OnBlock(Id account_id, Id target_id) {
    (void)account_id;
    (void)target_id;
  }
  virtual void OnMute(Id account_id, Id target_id) {
    (void)account_id;
    (void)target_id;
  }
  // `tag` is the normalized name (text::NormalizeTag).
  virtual void OnFollowTag(Id account_id, const std::string& tag) {
    (void)account_id;
    (void)tag;
  }
  virtual void OnUnfollowTag(Id account_id, const std::string& tag) {
    (void)account_id;
    (void)tag;
  }
  virtual void OnNotification(const Notification& notification) { (void)notification; }
};

// Fans events out to listeners. Subscribe at start-up (before serving); publishing is
// thread-safe and lock-free to read because the listener list no longer changes.
class EventBus final : public EventListener {
 public:
  void Subscribe(EventListener* listener) { listeners_.push_back(listener); }

  void OnStatusCreated(const Status& s) override {
    for (auto* l : listeners_) l->OnStatusCreated(s);
  }
  void OnStatusUpdated(const Status& s) override {
    for (auto* l : listeners_) l->OnStatusUpdated(s);
  }
  void OnStatusDeleted(const Status& s, const std::vector<Id>& reblogs) override {
    for (auto* l : listeners_) l->OnStatusDeleted(s, reblogs);
  }
  void OnFollow(Id a, Id b) override {
    for (auto* l : listeners_) l->OnFollow(a, b);
  }
  void OnUnfollow(Id a, Id b) override {
    for (auto* l : listeners_) l->OnUnfollow(a, b);
  }
  void OnBlock(Id a, Id b) override {
    for (auto* l : listeners_) l->OnBlock(a, b);
  }
  void OnMute(Id a, Id b) override {
    for (auto* l : listeners_) l->OnMute(a, b);
  }
  void OnFollowTag(Id a, const std::string& tag) override {
    for (auto* l : listeners_) l->OnFollowTag(a, tag);
  }
  void OnUnfollowTag(Id a, const std::string& tag) override {
    for (auto* l : listeners_) l->OnUnfollowTag(a, tag);
  }
  void OnNotification(const Notification& n) override {
    for (auto* l : listeners_) l->OnNotification(n);
  }

 private:
  std::vector<EventListener*> listeners_;
};

}  // namespace magpie::domain
