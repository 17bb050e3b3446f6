#include "domain/account_service.h"

#include <gtest/gtest.h>

#include <chrono>

#include "domain/service_test_env.h"

namespace magpie::domain {
namespace {

using core::ErrorCode;
using testing::ServiceEnv;

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_ = env_.CreateUser("alice");
    bob_ = env_.CreateUser("bob");
    carol_ = env_.CreateUser("carol");
  }
  void Lock(Id id) {
    ProfileUpdate u;
    u.locked = true;
    ASSERT_TRUE(env_.accounts->UpdateCredentials(id, u).ok());
  }
  std::vector<Notification> NotificationsOf(Id id) {
    NotificationQuery q;
    q.page.limit = 40;
    return env_.notifications->List(id, q);
  }

  ServiceEnv env_;
  Id alice_ = 0, bob_ = 0, carol_ = 0;
};

TEST_F(AccountServiceTest, FollowAnUnlockedAccount) {
  auto r = env_.accounts->Follow(alice_, bob_, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->following);
  EXPECT_TRUE(r->showing_reblogs);
  EXPECT_FALSE(r->requested);
  EXPECT_TRUE(env_.graph->IsFollowing(alice_, bob_));
  auto bob = env_.accounts->Get(bob_);
  ASSERT_TRUE(bob.ok());
  EXPECT_EQ(bob->followers_count, 1);
  auto n = NotificationsOf(bob_);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].type, NotificationType::kFollow);
  EXPECT_EQ(n[0].from_account_id, alice_);
  ASSERT_EQ(env_.recorder.follows.size(), 1u);

  // Following again only changes the options and notifies nobody.
  FollowOptions options;
  options.reblogs = false;
  options.notify = true;
  r = env_.accounts->Follow(alice_, bob_, options);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->showing_reblogs);
  EXPECT_TRUE(r->notifying);
  EXPECT_EQ(NotificationsOf(bob_).size(), 1u);
  bob = env_.accounts->Get(bob_);
  EXPECT_EQ(bob->followers_count, 1);

  auto rel = env_.accounts->RelationshipTo(bob_, alice_);
  EXPECT_TRUE(rel.followed_by);
  EXPECT_FALSE(rel.following);

  auto unfollowed = env_.accounts->Unfollow(alice_, bob_);
  ASSERT_TRUE(unfollowed.ok());
  EXPECT_FALSE(unfollowed->following);
  EXPECT_FALSE(env_.graph->IsFollowing(alice_, bob_));
}

TEST_F(AccountServiceTest, FollowRejectsSelfUnknownAndBadLanguages) {
  auto self = env_.accounts->Follow(alice_, alice_, {});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, ErrorCode::kForbidden);
  auto unknown = env_.accounts->Follow(alice_, 12345, {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  FollowOptions options;
  options.languages = std::vector<std::string>{"en", "not a language"};
  auto bad = env_.accounts->Follow(alice_, bob_, options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  options.languages = std::vector<std::string>{"en", "zh"};
  auto good = env_.accounts->Follow(alice_, bob_, options);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->languages, (std::vector<std::string>{"en", "zh"}));
}

TEST_F(AccountServiceTest, LockedAccountsGetFollowRequests) {
  Lock(bob_);
  auto r = env_.accounts->Follow(alice_, bob_, {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->following);
  EXPECT_TRUE(r->requested);
  EXPECT_FALSE(env_.graph->IsFollowing(alice_, bob_));
  auto n = NotificationsOf(bob_);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].type, NotificationType::kFollowRequest);
  auto creds = env_.accounts->GetCredentials(bob_);
  ASSERT_TRUE(creds.ok());
  EXPECT_EQ(creds->follow_requests_count, 1);

  Page page;
  auto requests = env_.accounts->FollowRequests(bob_, page);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].id, alice_);

  // Asking twice makes one request and one notification.
  ASSERT_TRUE(env_.accounts->Follow(alice_, bob_, {}).ok());
  EXPECT_EQ(NotificationsOf(bob_).size(), 1u);

  auto authorized = env_.accounts->AuthorizeFollowRequest(bob_, alice_);
  ASSERT_TRUE(authorized.ok()) << authorized.error().message;
  EXPECT_TRUE(authorized->followed_by);
  EXPECT_FALSE(authorized->requested_by);
  EXPECT_TRUE(env_.graph->IsFollowing(alice_, bob_));
  EXPECT_TRUE(env_.accounts->FollowRequests(bob_, page).empty());

  auto none = env_.accounts->AuthorizeFollowRequest(bob_, carol_);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(env_.accounts->Follow(carol_, bob_, {}).ok());
  auto rejected = env_.accounts->RejectFollowRequest(bob_, carol_);
  ASSERT_TRUE(rejected.ok());
  EXPECT_FALSE(rejected->requested_by);
  EXPECT_FALSE(env_.graph->IsFollowing(carol_, bob_));
  EXPECT_FALSE(env_.accounts->RejectFollowRequest(bob_, carol_).ok());
}

TEST_F(AccountServiceTest, FollowRequestOptionsApplyWhenAuthorized) {
  Lock(bob_);
  FollowOptions options;
  options.reblogs = false;
  options.notify = true;
  options.languages = std::vector<std::string>{"zh"};
  auto r = env_.accounts->Follow(alice_, bob_, options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->requested);
  EXPECT_FALSE(r->showing_reblogs);
  EXPECT_TRUE(r->notifying);
  // Asking again with only one option changes only that one.
  FollowOptions more;
  more.languages = std::vector<std::string>{"zh", "en"};
  ASSERT_TRUE(env_.accounts->Follow(alice_, bob_, more).ok());
  ASSERT_TRUE(env_.accounts->AuthorizeFollowRequest(bob_, alice_).ok());
  auto follow = env_.stores.graph->GetFollow(alice_, bob_);
  ASSERT_TRUE(follow.has_value());
  EXPECT_FALSE(follow->show_reblogs);
  EXPECT_TRUE(follow->notify);
  EXPECT_EQ(follow->languages, (std::vector<std::string>{"zh", "en"}));
  EXPECT_EQ(env_.stores.graph->NotifyingFollowerIds(bob_), (std::vector<Id>{alice_}));
  // Without options, a request becomes a follow with the defaults.
  ASSERT_TRUE(env_.accounts->Follow(carol_, bob_, {}).ok());
  ASSERT_TRUE(env_.accounts->AuthorizeFollowRequest(bob_, carol_).ok());
  follow = env_.stores.graph->GetFollow(carol_, bob_);
  ASSERT_TRUE(follow.has_value());
  EXPECT_TRUE(follow->show_reblogs);
  EXPECT_FALSE(follow->notify);
}

TEST_F(AccountServiceTest, PersonalNotes) {
  auto set = env_.accounts->SetNote(alice_, bob_, "  met at the 书店 📚  ");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->note, "met at the 书店 📚");
  EXPECT_EQ(env_.accounts->RelationshipTo(alice_, bob_).note, "met at the 书店 📚");
  EXPECT_EQ(env_.accounts->RelationshipTo(bob_, alice_).note, "");  // private to alice
  EXPECT_TRUE(env_.accounts->SetNote(alice_, alice_, "me").ok());   // a note to self is fine
  auto cleared = env_.accounts->SetNote(alice_, bob_, "   ");
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->note, "");
  std::string long_note;
  for (int i = 0; i < 2001; ++i) long_note += "字";
  auto too_long = env_.accounts->SetNote(alice_, bob_, long_note);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(env_.accounts->SetNote(alice_, bob_, long_note.substr(0, 2000 * 3)).ok());
  EXPECT_EQ(env_.accounts->SetNote(alice_, 987654, "ghost").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(env_.accounts->SetNote(alice_, bob_, "bad \xff utf-8").error().code,
            ErrorCode::kInvalid);
}

TEST_F(AccountServiceTest, EndorsementsNeedAFollow) {
  auto refused = env_.accounts->Endorse(alice_, bob_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(env_.accounts->Endorse(alice_, alice_).error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(env_.accounts->Follow(alice_, bob_, {}).ok());
  ASSERT_TRUE(env_.accounts->Follow(alice_, carol_, {}).ok());
  auto endorsed = env_.accounts->Endorse(alice_, bob_);
  ASSERT_TRUE(endorsed.ok()) << endorsed.error().message;
  EXPECT_TRUE(endorsed->endorsed);
  EXPECT_TRUE(env_.accounts->Endorse(alice_, bob_).ok());  // idempotent
  ASSERT_TRUE(env_.accounts->Endorse(alice_, carol_).ok());
  auto mine = env_.accounts->Endorsements(alice_, Page{});
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, carol_);
  EXPECT_EQ(mine[1].id, bob_);
  // Anyone may see whom alice features, except accounts blocked either way.
  auto seen = env_.accounts->AccountEndorsements(0, alice_, Page{});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->size(), 2u);
  ASSERT_TRUE(env_.accounts->Block(carol_, bob_).ok());
  seen = env_.accounts->AccountEndorsements(carol_, alice_, Page{});
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].id, carol_);
  EXPECT_EQ(env_.accounts->AccountEndorsements(0, 987654, Page{}).error().code,
            ErrorCode::kNotFound);

  auto unendorsed = env_.accounts->Unendorse(alice_, carol_);
  ASSERT_TRUE(unendorsed.ok());
  EXPECT_FALSE(unendorsed->endorsed);
  EXPECT_TRUE(env_.accounts->Unendorse(alice_, carol_).ok());
  // Unfollowing ends the endorsement.
  ASSERT_TRUE(env_.accounts->Unfollow(alice_, bob_).ok());
  EXPECT_TRUE(env_.accounts->Endorsements(alice_, Page{}).empty());
  EXPECT_FALSE(env_.accounts->RelationshipTo(alice_, bob_).endorsed);
}

TEST_F(AccountServiceTest, FollowedHashtags) {
  auto followed = env_.accounts->FollowTag(alice_, "#Magpie");
  ASSERT_TRUE(followed.ok()) << followed.error().message;
  EXPECT_EQ(followed->name, "Magpie");
  EXPECT_EQ(followed->normalized, "magpie");
  EXPECT_TRUE(env_.accounts->FollowsTag(alice_, "MAGPIE"));
  EXPECT_TRUE(env_.accounts->FollowsTag(alice_, "#magpie"));
  EXPECT_FALSE(env_.accounts->FollowsTag(bob_, "magpie"));
  EXPECT_FALSE(env_.accounts->FollowsTag(0, "magpie"));
  // A Weibo topic, written whole.
  auto topic = env_.accounts->FollowTag(alice_, "#春节 快乐#");
  ASSERT_TRUE(topic.ok()) << topic.error().message;
  EXPECT_EQ(topic->name, "春节 快乐");
  EXPECT_TRUE(env_.accounts->FollowsTag(alice_, "春节  快乐"));
  auto tags = env_.accounts->FollowedTags(alice_, Page{});
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].name, "春节 快乐");
  EXPECT_EQ(tags[1].name, "Magpie");
  // The graph keeps tag -> followers current.
  EXPECT_EQ(env_.graph->TagFollowers("magpie")->count(alice_), 1u);

  for (const char* bad : {"", "#", "##", "!!!", "   "}) {
    auto r = env_.accounts->FollowTag(alice_, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid) << bad;
  }
  std::string long_name(101, 'a');
  EXPECT_EQ(env_.accounts->FollowTag(alice_, long_name).error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(env_.accounts->FollowTag(alice_, long_name.substr(0, 100)).ok());

  auto unfollowed = env_.accounts->UnfollowTag(alice_, "magpie");
  ASSERT_TRUE(unfollowed.ok());
  EXPECT_EQ(*unfollowed, "magpie");
  EXPECT_FALSE(env_.accounts->FollowsTag(alice_, "Magpie"));
  EXPECT_EQ(env_.graph->TagFollowers("magpie")->count(alice_), 0u);
  EXPECT_TRUE(env_.accounts->UnfollowTag(alice_, "never-followed").ok());
  EXPECT_EQ(env_.accounts->UnfollowTag(alice_, "!!!").error().code, ErrorCode::kInvalid);
}

TEST_F(AccountServiceTest, UnfollowWithdrawsAPendingRequest) {
  Lock(bob_);
  ASSERT_TRUE(env_.accounts->Follow(alice_, bob_, {}).ok());
  auto r = env_.accounts->Unfollow(alice_, bob_);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->requested);
  Page page;
  EXPECT_TRUE(env_.accounts->FollowRequests(bob_, page).empty());
}

TEST_F(AccountServiceTest, BlockCutsFollowsBothWaysAndForbidsNewOnes) {
  ASSERT_TRUE(env_.accounts->Follow(alice_, bob_, {}).ok());
  ASSERT_TRUE(env_.accounts->Follow(bob_, alice_, {}).ok());
  auto r = env_.accounts->Block(alice_, bob_);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->blocking);
  EXPECT_FALSE(r->following);
  EXPECT_FALSE(r->followed_by);
  EXPECT_FALSE(env_.graph->IsFollowing(alice_, bob_));
  EXPECT_FALSE(env_.graph->IsFollowing(bob_, alice_));
  EXPECT_TRUE(env_.accounts->RelationshipTo(bob_, alice_).blocked_by);

  auto follow = env_.accounts->Follow(bob_, alice_, {});
  ASSERT_FALSE(follow.ok());
  EXPECT_EQ(follow.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(env_.accounts->Follow(alice_, bob_, {}).ok());

  // Collections are hidden across a block; blocked accounts drop out of search.
  Page page;
  auto followers = env_.accounts->Followers(bob_, alice_, page);
  ASSERT_TRUE(followers.ok());
  EXPECT_TRUE(followers->empty());
  EXPECT_TRUE(env_.accounts->Search(bob_, "ali", 10, 0, false).empty());
  EXPECT_EQ(env_.accounts->Search(carol_, "ali", 10, 0, false).size(), 1u);
  auto blocks = env_.accounts->Blocks(alice_, page);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].id, bob_);

  ASSERT_TRUE(env_.accounts->Unblock(alice_, bob_).ok());
  EXPECT_TRUE(env_.accounts->Follow(bob_, alice_, {}).ok());
}

TEST_F(AccountServiceTest, MutesExpire) {
  auto r = env_.accounts->Mute(alice_, bob_, /*hide_notifications=*/true, 60);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->muting);
  EXPECT_TRUE(r->muting_notifications);
  env_.clock.Advance(std::chrono::seconds(61));
  EXPECT_FALSE(env_.accounts->RelationshipTo(alice_, bob_).muting);
  // An expired mute no longer hides notifications.
  env_.notifications->Notify(NotificationType::kMention, alice_, bob_, 1);
  EXPECT_EQ(NotificationsOf(alice_).size(), 1u);

  auto forever = env_.accounts->Mute(alice_, carol_, false, 0);
  ASSERT_TRUE(forever.ok());
  EXPECT_TRUE(forever->muting);
  EXPECT_FALSE(forever->muting_notifications);
  env_.clock.Advance(std::chrono::hours(24 * 365));
  EXPECT_TRUE(env_.accounts->RelationshipTo(alice_, carol_).muting);
  ASSERT_TRUE(env_.accounts->Unmute(alice_, carol_).ok());
  EXPECT_FALSE(env_.accounts->RelationshipTo(alice_, carol_).muting);

  auto negative = env_.accounts->Mute(alice_, bob_, true, -5);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalid);
  EXPECT_FALSE(env_.accounts->Mute(alice_, bob_, true, INT64_MAX).ok());
}

// A timed mute leaves the in-memory graph when it runs out, also after the set was reloaded.
TEST_F(AccountServiceTest, GraphForgetsExpiredMutes) {
  ASSERT_TRUE(env_.accounts->Mute(alice_, bob_, true, 60).ok());
  EXPECT_TRUE(env_.graph->Muted(alice_)->count(bob_));
  env_.clock.Advance(std::chrono::seconds(61));
  EXPECT_FALSE(env_.graph->Muted(alice_)->count(bob_));
  // A fresh graph (as after a restart) learns the expiry from the store.
  ASSERT_TRUE(env_.accounts->Mute(alice_, carol_, true, 60).ok());
  env_.graph->Clear();
  EXPECT_TRUE(env_.graph->Muted(alice_)->count(carol_));
  env_.clock.Advance(std::chrono::seconds(61));
  EXPECT_FALSE(env_.graph->Muted(alice_)->count(carol_));
}

TEST_F(AccountServiceTest, ListMembersMustBeFollowed) {
  ListUpdate fields;
  fields.title = "Friends";
  auto list = env_.accounts->CreateList(alice_, fields);
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list->replies_policy, RepliesPolicy::kList);

  const Id bob[] = {bob_};
  auto not_followed = env_.accounts->AddListMembers(alice_, list->id, bob);
  ASSERT_FALSE(not_followed.ok());
  EXPECT_EQ(not_followed.error().code, ErrorCode::kInvalid);

  ASSERT_TRUE(env_.accounts->Follow(alice_, bob_, {}).ok());
  ASSERT_TRUE(env_.accounts->AddListMembers(alice_, list->id, bob).ok());
  Page page;
  auto members = env_.accounts->ListMembers(alice_, list->id, page);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].id, bob_);
  auto containing = env_.accounts->ListsContaining(alice_, bob_);
  ASSERT_TRUE(containing.ok());
  EXPECT_EQ(containing->size(), 1u);

  // Someone else's list is not found, whatever the operation.
  EXPECT_EQ(env_.accounts->GetList(carol_, list->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(env_.accounts->ListMembers(carol_, list->id, page).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(env_.accounts->AddListMembers(carol_, list->id, bob).ok());
  EXPECT_FALSE(env_.accounts->DeleteList(carol_, list->id).ok());

  const Id unknown[] = {999999};
  EXPECT_EQ(env_.accounts->AddListMembers(alice_, list->id, unknown).error().code,
            ErrorCode::kNotFound);

  // Unfollowing takes the account off the list.
  ASSERT_TRUE(env_.accounts->Unfollow(alice_, bob_).ok());
  members = env_.accounts->ListMembers(alice_, list->id, page);
  ASSERT_TRUE(members.ok());
  EXPECT_TRUE(members->empty());

  ListUpdate bad;
  bad.title = "  ";
  EXPECT_EQ(env_.accounts->UpdateList(alice_, list->id, bad).error().code, ErrorCode::kInvalid);
  bad.title = "ok";
  bad.replies_policy = "everyone";
  EXPECT_EQ(env_.accounts->UpdateList(alice_, list->id, bad).error().code, ErrorCode::kInvalid);
  ListUpdate rename;
  rename.title = "Close friends";
  rename.replies_policy = "followed";
  rename.exclusive = true;
  auto renamed = env_.accounts->UpdateList(alice_, list->id, rename);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->title, "Close friends");
  EXPECT_TRUE(renamed->exclusive);
  ASSERT_TRUE(env_.accounts->DeleteList(alice_, list->id).ok());
  EXPECT_TRUE(env_.accounts->Lists(alice_).empty());
  EXPECT_FALSE(env_.accounts->CreateList(alice_, ListUpdate{}).ok());
}

TEST_F(AccountServiceTest, Markers) {
  auto set = env_.accounts->SetMarker(alice_, "home", 100);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->last_read_id, 100);
  auto again = env_.accounts->SetMarker(alice_, "home", 200);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version, set->version + 1);
  const std::string timelines[] = {"home", "notifications", "bogus"};
  auto markers = env_.accounts->Markers(alice_, timelines);
  ASSERT_EQ(markers.size(), 1u);
  EXPECT_EQ(markers[0].timeline, "home");
  EXPECT_EQ(markers[0].last_read_id, 200);
  EXPECT_EQ(env_.accounts->SetMarker(alice_, "public", 1).error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(env_.accounts->Markers(bob_, timelines).empty());
}

TEST_F(AccountServiceTest, UpdateCredentialsValidates) {
  ProfileUpdate u;
  u.display_name = std::string(31, 'x');
  auto r = env_.accounts->UpdateCredentials(alice_, u);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  ASSERT_FALSE(r.error().details.empty());
  EXPECT_EQ(r.error().details[0].field, "display_name");

  // 30 grapheme clusters fit even when they are long emoji sequences.
  std::string family;
  for (int i = 0; i < 30; ++i) family += "👨‍👩‍👧‍👦";
  u.display_name = family;
  u.note = "Hello #magpie";
  u.fields = std::vector<ProfileField>{{"Site", "https://example.com", 0}, {"", "", 0}};
  u.privacy = "unlisted";
  u.language = "zh";
  u.bot = true;
  r = env_.accounts->UpdateCredentials(alice_, u);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->account.display_name, family);
  EXPECT_EQ(r->account.fields.size(), 1u);  // the blank pair is dropped
  EXPECT_TRUE(r->account.bot);
  EXPECT_EQ(r->user.default_visibility, Visibility::kUnlisted);
  EXPECT_EQ(r->user.default_language, "zh");
  auto stored = env_.accounts->GetCredentials(alice_);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->account.note, "Hello #magpie");
  EXPECT_EQ(stored->user.default_visibility, Visibility::kUnlisted);

  ProfileUpdate too_many;
  too_many.fields = std::vector<ProfileField>(5, ProfileField{"a", "b", 0});
  EXPECT_FALSE(env_.accounts->UpdateCredentials(alice_, too_many).ok());
  ProfileUpdate long_value;
  long_value.fields = std::vector<ProfileField>{{"a", std::string(256, 'v'), 0}};
  EXPECT_FALSE(env_.accounts->UpdateCredentials(alice_, long_value).ok());
  ProfileUpdate direct;
  direct.privacy = "direct";
  EXPECT_FALSE(env_.accounts->UpdateCredentials(alice_, direct).ok());
  ProfileUpdate note;
  note.note = std::string(501, 'n');
  EXPECT_FALSE(env_.accounts->UpdateCredentials(alice_, note).ok());
}

TEST_F(AccountServiceTest, LookupAndSearch) {
  for (std::string acct : {"alice", "@alice", "ALICE", "alice@magpie.test", "@alice@Magpie.Test"}) {
    auto a = env_.accounts->Lookup(acct);
    ASSERT_TRUE(a.ok()) << acct;
    EXPECT_EQ(a->id, alice_);
  }
  for (std::string acct : {"alice@elsewhere.example", "nobody", "", "@", "a b", "al/ice"}) {
    EXPECT_EQ(env_.accounts->Lookup(acct).error().code, ErrorCode::kNotFound) << acct;
  }
  auto found = env_.accounts->Search(bob_, "@car", 10, 0, false);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, carol_);
  EXPECT_TRUE(env_.accounts->Search(bob_, "car", 10, 0, /*following_only=*/true).empty());
  ASSERT_TRUE(env_.accounts->Follow(bob_, carol_, {}).ok());
  EXPECT_EQ(env_.accounts->Search(bob_, "car", 10, 0, true).size(), 1u);
  EXPECT_TRUE(env_.accounts->Search(bob_, "", 10, 0, false).empty());
}

TEST_F(AccountServiceTest, DomainBlocksAreNormalized) {
  ASSERT_TRUE(env_.accounts->BlockDomain(alice_, "  Spam.Example. ").ok());
  ASSERT_TRUE(env_.accounts->BlockDomain(alice_, "spam.example").ok());
  EXPECT_EQ(env_.accounts->DomainBlocks(alice_), (std::vector<std::string>{"spam.example"}));
  EXPECT_EQ(env_.accounts->BlockDomain(alice_, "not a domain").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(env_.accounts->BlockDomain(alice_, "magpie.test").error().code, ErrorCode::kInvalid);
  EXPECT_FALSE(env_.accounts->BlockDomain(alice_, "").ok());
  ASSERT_TRUE(env_.accounts->UnblockDomain(alice_, "SPAM.example").ok());
  EXPECT_TRUE(env_.accounts->DomainBlocks(alice_).empty());
}

TEST_F(AccountServiceTest, FeaturedTags) {
  auto tag = env_.accounts->FeatureTag(alice_, "#Magpie");
  ASSERT_TRUE(tag.ok()) << tag.error().message;
  EXPECT_EQ(tag->name, "Magpie");
  EXPECT_EQ(env_.accounts->FeatureTag(alice_, "magpie").error().code, ErrorCode::kInvalid);
  EXPECT_FALSE(env_.accounts->FeatureTag(alice_, "#").ok());
  EXPECT_TRUE(env_.accounts->FeatureTag(alice_, "春节").ok());
  auto tags = env_.accounts->FeaturedTags(alice_);
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags->size(), 2u);
  EXPECT_FALSE(env_.accounts->UnfeatureTag(bob_, tag->id).ok());
  EXPECT_TRUE(env_.accounts->UnfeatureTag(alice_, tag->id).ok());
  EXPECT_EQ(env_.accounts->FeaturedTags(alice_)->size(), 1u);
}

TEST_F(AccountServiceTest, FamiliarFollowersAndSuggestions) {
  ASSERT_TRUE(env_.accounts->Follow(alice_, bob_, {}).ok());
  ASSERT_TRUE(env_.accounts->Follow(bob_, carol_, {}).ok());
  const Id targets[] = {carol_};
  auto familiar = env_.accounts->FamiliarFollowers(alice_, targets);
  ASSERT_EQ(familiar.size(), 1u);
  EXPECT_EQ(familiar[0].second, (std::vector<Id>{bob_}));
  auto suggestions = env_.accounts->Suggestions(alice_, 10);
  ASSERT_EQ(suggestions.size(), 1u);  // not herself, not bob (followed)
  EXPECT_EQ(suggestions[0].id, carol_);
  EXPECT_EQ(env_.accounts->Stats().user_count, 3);
}

}  // namespace
}  // namespace magpie::domain
