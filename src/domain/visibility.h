// Who may see a status: the one rule every read path asks (GET, context, timelines,
// favourited_by, quotes, notifications through the presenter, search). Keeping it in one place is
// what makes "a followers-only post never reaches a non-follower, by any endpoint" checkable.
//
//   author                    sees everything they wrote (not deleted)
//   blocked either way        sees nothing of the other account
//   public, unlisted          everyone else, anonymous readers included
//   private (followers-only)  followers of the author and the accounts it mentions
//   direct                    the accounts it mentions
//
// A reblog is visible when both the reblog and the reblogged status are (CanViewReblog). Mutes do
// not change what can be *fetched*; they hide statuses from lists (timelines, context), which is
// what IsHiddenByMutes decides.
//
// ViewerContext holds immutable snapshots from SocialGraph, so checking a page of statuses takes
// no lock and no query per status. Thread-safe: everything here is read-only.
#pragma once

#include "domain/model.h"
#include "domain/social_graph.h"

namespace magpie::domain {

struct ViewerContext {
  Id id = 0;           // 0 = anonymous
  IdSetPtr following;  // accounts the viewer follows; never null
  IdSetPtr blocked;    // accounts the viewer blocks or is blocked by; never null
  IdSetPtr muted;      // accounts the viewer mutes; never null

  static ViewerContext Anonymous();
  // Snapshots of the viewer's sets (from memory once SocialGraph has them).
  static ViewerContext Load(SocialGraph& graph, Id viewer);

  bool anonymous() const { return id == 0; }
  bool Follows(Id account) const { return following->count(account) > 0; }
  bool Blocked(Id account) const { return blocked->count(account) > 0; }
  bool Mutes(Id account) const { return muted->count(account) > 0; }
};

// True when `status` mentions `account`.
bool Mentions(const Status& status, Id account);

// The rule above for one status, not looking at what it reblogs.
bool CanView(const ViewerContext& viewer, const Status& status);

// For a plain reblog: the reblog itself and the reblogged status (`original`, null when it is
// gone) must both be visible. For any other status this is CanView.
bool CanViewReblog(const ViewerContext& viewer, const Status& status, const Status* original);

// Whether a visible status should be left out of a list the viewer reads (timelines, context,
// search) because its author, the reblogged author or a mentioned account is muted or blocked by
// the viewer. The viewer's own statuses are never hidden.
bool IsHiddenByMutes(const ViewerContext& viewer, const Status& status, const Status* original);

}  // namespace magpie::domain
