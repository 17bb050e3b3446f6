#include "domain/visibility.h"

#include <algorithm>

namespace magpie::domain {

namespace {
const IdSetPtr& EmptySet() {
  static const IdSetPtr empty = std::make_shared<const IdSet>();
  return empty;
}
}  // namespace

ViewerContext ViewerContext::Anonymous() {
  ViewerContext v;
  v.following = EmptySet();
  v.blocked = EmptySet();
  v.muted = EmptySet();
  return v;
}

ViewerContext ViewerContext::Load(SocialGraph& graph, Id viewer) {
  if (viewer == 0) return Anonymous();
  ViewerContext v;
  v.id = viewer;
  v.following = graph.Following(viewer);
  v.blocked = graph.BlockedEitherWay(viewer);
  v.muted = graph.Muted(viewer);
  return v;
}

bool Mentions(const Status& status, Id account) {
  return account != 0 &&
         std::find(status.mentioned_account_ids.begin(), status.mentioned_account_ids.end(),
                   account) != status.mentioned_account_ids.end();
}

bool CanView(const ViewerContext& viewer, const Status& status) {
  if (status.deleted) return false;
  if (viewer.id != 0 && viewer.id == status.account_id) return true;
  if (viewer.id != 0 && viewer.Blocked(status.account_id)) return false;
  switch (status.visibility) {
    case Visibility::kPublic:
    case Visibility::kUnlisted:
      return true;
    case Visibility::kPrivate:
      return viewer.id != 0 && (viewer.Follows(status.account_id) || Mentions(status, viewer.id));
    case Visibility::kDirect:
      return viewer.id != 0 && Mentions(status, viewer.id);
  }
  return false;
}

bool CanViewReblog(const ViewerContext& viewer, const Status& status, const Status* original) {
  if (!CanView(viewer, status)) return false;
  if (status.reblog_of_id == 0) return true;
  return original != nullptr && CanView(viewer, *original);
}

bool IsHiddenByMutes(const ViewerContext& viewer, const Status& status, const Status* original) {
  if (viewer.id == 0) return false;
  auto hides = [&](Id account) {
    return account != viewer.id && (viewer.Mutes(account) || viewer.Blocked(account));
  };
  auto check = [&](const Status& s) {
    if (hides(s.account_id)) return true;
    for (Id m : s.mentioned_account_ids) {
      if (hides(m)) return true;
    }
    return false;
  };
  if (status.account_id == viewer.id && status.reblog_of_id == 0) return false;
  if (check(status)) return true;
  return original != nullptr && check(*original);
}

}  // namespace magpie::domain
