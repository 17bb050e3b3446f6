#include "domain/status_service.h"

#include <gtest/gtest.h>

#include <string>

#include "domain/status_test_world.h"
#include "domain/visibility.h"

namespace magpie::domain {
namespace {

using testing::StatusWorld;

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

class StatusServiceTest : public ::testing::Test {
 protected:
  StatusServiceTest() {
    alice = w.MakeAccount("alice");
    bob = w.MakeAccount("bob");
    carol = w.MakeAccount("carol");
  }
  Result<StatusPtr> Create(Id author, PostRequest r) { return w.statuses.Create(author, r); }
  PostRequest Text(std::string text) {
    PostRequest r;
    r.text = std::move(text);
    return r;
  }
  int CountNotifications(Id account, NotificationType type, Id status_id = 0) {
    int n = 0;
    for (const auto& x : w.NotificationsOf(account)) {
      if (x.type == type && (status_id == 0 || x.status_id == status_id)) ++n;
    }
    return n;
  }

  StatusWorld w;
  Id alice = 0, bob = 0, carol = 0;
};

// --- validation ---

TEST_F(StatusServiceTest, CreatesWithDefaultsAndOwnConversation) {
  auto s = Create(alice, Text("hello world"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ((*s)->account_id, alice);
  EXPECT_EQ((*s)->visibility, Visibility::kPublic);
  EXPECT_EQ((*s)->conversation_id, (*s)->id);
  EXPECT_EQ((*s)->text, "hello world");
  auto again = w.statuses.Get(0, (*s)->id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->text, "hello world");
}

TEST_F(StatusServiceTest, RejectsBlankText) {
  for (std::string text : {"", "   ", "\n\t", "\xE3\x80\x80"}) {
    auto s = Create(alice, Text(text));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, core::ErrorCode::kInvalid);
    EXPECT_EQ(s.error().message, "Validation failed: Text can't be blank");
  }
}

TEST_F(StatusServiceTest, LengthIsCountedInGraphemes) {
  // 2000 CJK characters fit; 2001 do not.
  EXPECT_TRUE(Create(alice, Text(Repeat("中", 2000))).ok());
  auto over = Create(alice, Text(Repeat("中", 2001)));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(over.error().message, "Validation failed: Text character limit of 2000 exceeded");
  // A family emoji (7 code points, 25 bytes) is one grapheme.
  const std::string family =
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91"
      "\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6";
  EXPECT_TRUE(Create(alice, Text(Repeat(family, 2000))).ok());
  EXPECT_FALSE(Create(alice, Text(Repeat(family, 2001))).ok());
  // ASCII
  EXPECT_TRUE(Create(alice, Text(std::string(2000, 'a'))).ok());
  EXPECT_FALSE(Create(alice, Text(std::string(2001, 'a'))).ok());
}

TEST_F(StatusServiceTest, SpoilerTextCountsTowardTheLimit) {
  PostRequest r = Text(std::string(1990, 'a'));
  r.spoiler_text = std::string(10, 'b');
  EXPECT_TRUE(Create(alice, r).ok());
  r.spoiler_text = std::string(11, 'b');
  EXPECT_FALSE(Create(alice, r).ok());
}

TEST_F(StatusServiceTest, LinksCountAsTwentyThree) {
  std::string url = "https://example.com/" + std::string(200, 'x');
  PostRequest r = Text(std::string(2000 - 23 - 1, 'a') + " " + url);
  EXPECT_TRUE(Create(alice, r).ok());
}

TEST_F(StatusServiceTest, ConfigurableLimit) {
  StatusServiceConfig c = StatusWorld::DefaultConfig();
  c.max_chars = 10;
  StatusWorld small(c);
  Id a = small.MakeAccount("a");
  PostRequest r;
  r.text = "0123456789";
  EXPECT_TRUE(small.statuses.Create(a, r).ok());
  r.text = "0123456789x";
  auto over = small.statuses.Create(a, r);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message, "Validation failed: Text character limit of 10 exceeded");
}

TEST_F(StatusServiceTest, LanguageIsNormalizedOrDropped) {
  PostRequest r = Text("hola");
  r.language = "ES";
  EXPECT_EQ((*Create(alice, r))->language, "es");
  r.language = "zh-Hant";
  EXPECT_EQ((*Create(alice, r))->language, "zh-Hant");
  r.language = "not a language!";
  EXPECT_EQ((*Create(alice, r))->language, "");
  r.language = std::string(20, 'a');
  EXPECT_EQ((*Create(alice, r))->language, "");
}

TEST_F(StatusServiceTest, SpoilerMakesSensitive) {
  PostRequest r = Text("spoilers");
  r.spoiler_text = "cw";
  EXPECT_TRUE((*Create(alice, r))->sensitive);
}

// --- parsing ---

TEST_F(StatusServiceTest, ResolvesLocalMentionsAndTags) {
  auto s = Create(alice, Text("hi @bob and @Carol@magpie.test and @dave and @bob@elsewhere.org "
                              "#Magpie #magpie #春节 快乐#"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->mentioned_account_ids, (std::vector<Id>{bob, carol}));
  ASSERT_GE((*s)->tags.size(), 2u);
  EXPECT_EQ((*s)->tags[0], "Magpie");  // as written, the duplicate #magpie dropped
  EXPECT_EQ(CountNotifications(bob, NotificationType::kMention, (*s)->id), 1);
  EXPECT_EQ(CountNotifications(carol, NotificationType::kMention, (*s)->id), 1);
}

// --- visibility matrix ---

TEST_F(StatusServiceTest, VisibilityMatrix) {
  Id follower = w.MakeAccount("follower");
  Id mentioned = w.MakeAccount("mentioned");
  Id stranger = w.MakeAccount("stranger");
  Id blocked = w.MakeAccount("blocked");
  Id blocker = w.MakeAccount("blocker");
  w.Follow(follower, alice);
  w.Follow(blocked, alice);
  w.Block(alice, blocked);  // alice blocks them (and so their follow goes)
  w.Follow(blocker, alice);
  w.Block(blocker, alice);  // they block alice
  struct Row {
    Visibility v;
    bool anonymous, stranger, follower, mentioned, author, blocked, blocker;
  };
  const Row rows[] = {
      {Visibility::kPublic, true, true, true, true, true, false, false},
      {Visibility::kUnlisted, true, true, true, true, true, false, false},
      {Visibility::kPrivate, false, false, true, true, true, false, false},
      {Visibility::kDirect, false, false, false, true, true, false, false},
  };
  for (const auto& row : rows) {
    auto s = w.Post(alice, "hi @mentioned", row.v);
    ASSERT_TRUE(s);
    auto sees = [&](Id viewer) { return w.statuses.Get(viewer, s->id).ok(); };
    SCOPED_TRACE(std::string("visibility ") + std::to_string(static_cast<int>(row.v)));
    EXPECT_EQ(sees(0), row.anonymous);
    EXPECT_EQ(sees(stranger), row.stranger);
    EXPECT_EQ(sees(follower), row.follower);
    EXPECT_EQ(sees(mentioned), row.mentioned);
    EXPECT_EQ(sees(alice), row.author);
    EXPECT_EQ(sees(blocked), row.blocked);
    EXPECT_EQ(sees(blocker), row.blocker);
    // Invisible is indistinguishable from missing.
    if (!row.anonymous) {
      EXPECT_EQ(w.statuses.Get(0, s->id).error().code, core::ErrorCode::kNotFound);
    }
  }
}

TEST_F(StatusServiceTest, UnfollowingRevokesPrivateAccess) {
  w.Follow(bob, alice);
  auto s = w.Post(alice, "followers only", Visibility::kPrivate);
  EXPECT_TRUE(w.statuses.Get(bob, s->id).ok());
  w.Unfollow(bob, alice);
  EXPECT_FALSE(w.statuses.Get(bob, s->id).ok());
}

// --- replies ---

TEST_F(StatusServiceTest, ReplySetsThreadAndNotifiesParentAuthor) {
  auto root = w.Post(alice, "root");
  auto reply = w.Post(bob, "a comment without mention", Visibility::kPublic, root->id);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->in_reply_to_id, root->id);
  EXPECT_EQ(reply->in_reply_to_account_id, alice);
  EXPECT_EQ(reply->conversation_id, root->id);
  auto deeper = w.Post(carol, "deeper", Visibility::kPublic, reply->id);
  EXPECT_EQ(deeper->conversation_id, root->id);
  EXPECT_EQ(deeper->in_reply_to_account_id, bob);
  // Weibo-style: the replied-to author hears of it even without an @-mention.
  EXPECT_EQ(CountNotifications(alice, NotificationType::kMention, reply->id), 1);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kMention, deeper->id), 1);
  EXPECT_EQ((*w.statuses.Get(0, root->id))->replies_count, 1);
}

TEST_F(StatusServiceTest, ReplyToInvisibleOrMissingIs404) {
  auto secret = w.Post(alice, "private", Visibility::kPrivate);
  PostRequest r = Text("reply");
  r.in_reply_to_id = secret->id;
  auto s = Create(bob, r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kNotFound);
  r.in_reply_to_id = 12345;
  EXPECT_EQ(Create(bob, r).error().code, core::ErrorCode::kNotFound);
}

TEST_F(StatusServiceTest, DirectReplyDoesNotNotifyParentAuthorWhoCannotSeeIt) {
  auto root = w.Post(alice, "root");
  auto dm = w.Post(bob, "@carol psst", Visibility::kDirect, root->id);
  ASSERT_TRUE(dm);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kMention, dm->id), 0);
  EXPECT_EQ(CountNotifications(carol, NotificationType::kMention, dm->id), 1);
}

// --- quotes ---

TEST_F(StatusServiceTest, QuotePublic) {
  auto original = w.Post(alice, "original");
  PostRequest r = Text("my take");
  r.quoted_status_id = original->id;
  auto q = Create(bob, r);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ((*q)->quote_of_id, original->id);
  EXPECT_EQ((*w.statuses.Get(0, original->id))->quotes_count, 1);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kQuote, (*q)->id), 1);
  // A quote may have no text of its own (a Weibo repost).
  PostRequest bare;
  bare.quoted_status_id = original->id;
  EXPECT_TRUE(Create(carol, bare).ok());
  auto quotes = w.statuses.Quotes(0, original->id, Page{});
  ASSERT_TRUE(quotes.ok());
  EXPECT_EQ(quotes->size(), 2u);
}

TEST_F(StatusServiceTest, QuoteRules) {
  w.Follow(bob, alice);
  auto priv = w.Post(alice, "private", Visibility::kPrivate);
  auto direct = w.Post(alice, "@bob dm", Visibility::kDirect);
  PostRequest r = Text("quote");
  r.quoted_status_id = priv->id;
  auto s = Create(bob, r);  // bob can see it, but only alice may quote a private post
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kForbidden);
  s = Create(carol, r);  // carol cannot even see it
  EXPECT_EQ(s.error().code, core::ErrorCode::kNotFound);
  r.visibility = Visibility::kPublic;
  s = Create(alice, r);  // the author may, and the quote stays private
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ((*s)->visibility, Visibility::kPrivate);
  r.quoted_status_id = direct->id;
  s = Create(alice, r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kInvalid);
}

TEST_F(StatusServiceTest, QuotePolicies) {
  w.Follow(bob, alice);
  PostRequest p = Text("followers may quote");
  p.quote_policy = QuotePolicy::kFollowers;
  auto followers_only = *Create(alice, p);
  p.quote_policy = QuotePolicy::kNobody;
  auto nobody = *Create(alice, p);
  PostRequest q = Text("q");
  q.quoted_status_id = followers_only->id;
  EXPECT_TRUE(Create(bob, q).ok());
  EXPECT_EQ(Create(carol, q).error().code, core::ErrorCode::kForbidden);
  q.quoted_status_id = nobody->id;
  EXPECT_EQ(Create(bob, q).error().code, core::ErrorCode::kForbidden);
  EXPECT_TRUE(Create(alice, q).ok());  // the author always may
  // Private and direct posts get policy "nobody" whatever was asked.
  PostRequest priv = Text("private");
  priv.visibility = Visibility::kPrivate;
  priv.quote_policy = QuotePolicy::kPublic;
  EXPECT_EQ((*Create(alice, priv))->quote_policy, QuotePolicy::kNobody);
}

TEST_F(StatusServiceTest, InteractionPolicyChangesTheQuotePolicy) {
  w.Follow(bob, alice);
  auto post = w.Post(alice, "quotable for now");
  auto changed = w.statuses.SetQuotePolicy(alice, post->id, QuotePolicy::kNobody);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ((*changed)->quote_policy, QuotePolicy::kNobody);
  EXPECT_EQ((*w.statuses.Get(0, post->id))->quote_policy, QuotePolicy::kNobody);  // cache fresh
  PostRequest q = Text("q");
  q.quoted_status_id = post->id;
  EXPECT_EQ(Create(bob, q).error().code, core::ErrorCode::kForbidden);
  ASSERT_TRUE(w.statuses.SetQuotePolicy(alice, post->id, QuotePolicy::kFollowers).ok());
  EXPECT_TRUE(Create(bob, q).ok());
  EXPECT_EQ(Create(carol, q).error().code, core::ErrorCode::kForbidden);
  // Only the author; a private post stays "nobody"; a reblog has no policy; unseen is 404.
  EXPECT_EQ(w.statuses.SetQuotePolicy(bob, post->id, QuotePolicy::kPublic).error().code,
            core::ErrorCode::kForbidden);
  auto priv = w.Post(alice, "followers only", Visibility::kPrivate);
  auto kept = w.statuses.SetQuotePolicy(alice, priv->id, QuotePolicy::kPublic);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ((*kept)->quote_policy, QuotePolicy::kNobody);
  auto reblog = w.statuses.Reblog(bob, post->id, std::nullopt);
  ASSERT_TRUE(reblog.ok());
  EXPECT_EQ(w.statuses.SetQuotePolicy(bob, (*reblog)->id, QuotePolicy::kPublic).error().code,
            core::ErrorCode::kInvalid);
  EXPECT_EQ(w.statuses.SetQuotePolicy(carol, priv->id, QuotePolicy::kPublic).error().code,
            core::ErrorCode::kNotFound);
}

TEST_F(StatusServiceTest, QuotedAuthorRevokesAQuote) {
  auto original = w.Post(alice, "original");
  auto quote = w.Post(bob, "my take", Visibility::kPublic, 0, original->id);
  auto other = w.Post(carol, "another take", Visibility::kPublic, 0, original->id);
  auto unrelated = w.Post(carol, "not a quote of it");
  EXPECT_EQ((*w.statuses.Get(0, original->id))->quotes_count, 2);

  // Only the quoted author, and only for a quote of that status.
  EXPECT_EQ(w.statuses.RevokeQuote(bob, original->id, quote->id).error().code,
            core::ErrorCode::kForbidden);
  EXPECT_EQ(w.statuses.RevokeQuote(alice, original->id, unrelated->id).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(w.statuses.RevokeQuote(alice, original->id, 987654321).error().code,
            core::ErrorCode::kNotFound);

  auto revoked = w.statuses.RevokeQuote(alice, original->id, quote->id);
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_EQ((*revoked)->id, quote->id);
  EXPECT_EQ((*revoked)->quote_state, QuoteState::kRevoked);
  EXPECT_EQ((*w.statuses.Get(0, quote->id))->quote_state, QuoteState::kRevoked);
  EXPECT_EQ((*w.statuses.Get(0, original->id))->quotes_count, 1);
  auto quotes = w.statuses.Quotes(0, original->id, Page{});
  ASSERT_TRUE(quotes.ok());
  EXPECT_EQ(*quotes, (std::vector<Id>{other->id}));
  // Idempotent.
  auto again = w.statuses.RevokeQuote(alice, original->id, quote->id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*w.statuses.Get(0, original->id))->quotes_count, 1);
}

TEST_F(StatusServiceTest, StatusNotificationsGoToFollowersWhoAskedForThem) {
  w.Follow(bob, alice, true, /*notify=*/true);
  w.Follow(carol, alice);  // follows, but without notify
  auto post = w.Post(alice, "hello followers");
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, post->id), 1);
  EXPECT_EQ(CountNotifications(carol, NotificationType::kStatus), 0);
  // Private posts too (bob is a follower and may read them).
  auto priv = w.Post(alice, "followers only", Visibility::kPrivate);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, priv->id), 1);
  // A self-reply continues a thread: notified; a reply to someone else is not.
  auto self_reply = w.Post(alice, "and more", Visibility::kPublic, post->id);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, self_reply->id), 1);
  auto carols = w.Post(carol, "carol's post");
  auto reply = w.Post(alice, "@carol replying", Visibility::kPublic, carols->id);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, reply->id), 0);
  // Not for direct posts (a mentioned follower gets the mention only) nor reblogs.
  auto dm = w.Post(alice, "@bob psst", Visibility::kDirect);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, dm->id), 0);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kMention, dm->id), 1);
  auto mention = w.Post(alice, "hi @bob");
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, mention->id), 0);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kMention, mention->id), 1);
  auto reblog = w.statuses.Reblog(alice, carols->id, std::nullopt);
  ASSERT_TRUE(reblog.ok());
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, (*reblog)->id), 0);
  // A mute that hides notifications silences them too.
  domain::Mute m;
  m.account_id = bob;
  m.target_account_id = alice;
  ASSERT_TRUE(w.graph.Mute(m).ok());
  auto muted = w.Post(alice, "while muted");
  EXPECT_EQ(CountNotifications(bob, NotificationType::kStatus, muted->id), 0);
}

TEST_F(StatusServiceTest, MutedConversationsNotifyNobodyWhoMutedThem) {
  auto root = w.Post(alice, "a thread");
  auto reply = w.Post(bob, "@alice first", Visibility::kPublic, root->id);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kMention, reply->id), 1);
  auto muted = w.statuses.MuteConversation(alice, reply->id);
  ASSERT_TRUE(muted.ok()) << muted.error().message;
  auto flags = w.statuses.Interactions(alice, std::vector<Id>{root->id, reply->id});
  EXPECT_TRUE(flags[root->id].muted);
  EXPECT_TRUE(flags[reply->id].muted);

  // Replies, favourites and reblogs in the muted thread tell alice nothing...
  auto second = w.Post(carol, "@alice second", Visibility::kPublic, reply->id);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kMention, second->id), 0);
  ASSERT_TRUE(w.statuses.Favourite(bob, root->id).ok());
  ASSERT_TRUE(w.statuses.Reblog(carol, root->id, std::nullopt).ok());
  EXPECT_EQ(CountNotifications(alice, NotificationType::kFavourite), 0);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kReblog), 0);
  // ...but others still hear of it, and alice hears of other threads.
  EXPECT_EQ(CountNotifications(bob, NotificationType::kMention, second->id), 1);
  auto elsewhere = w.Post(carol, "@alice elsewhere");
  EXPECT_EQ(CountNotifications(alice, NotificationType::kMention, elsewhere->id), 1);

  ASSERT_TRUE(w.statuses.UnmuteConversation(alice, root->id).ok());
  auto third = w.Post(carol, "@alice third", Visibility::kPublic, reply->id);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kMention, third->id), 1);
  EXPECT_FALSE(w.statuses.Interactions(alice, std::vector<Id>{root->id})[root->id].muted);
  // Only statuses one can see can be muted.
  auto priv = w.Post(bob, "followers only", Visibility::kPrivate);
  EXPECT_EQ(w.statuses.MuteConversation(carol, priv->id).error().code, core::ErrorCode::kNotFound);
}

// --- idempotency ---

TEST_F(StatusServiceTest, IdempotencyKeyReturnsTheSameStatus) {
  PostRequest r = Text("once");
  r.idempotency_key = "key-1";
  auto a = Create(alice, r);
  auto b = Create(alice, r);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->id, (*b)->id);
  r.idempotency_key = "key-2";
  EXPECT_NE((*Create(alice, r))->id, (*a)->id);
  // Keys are per account.
  r.idempotency_key = "key-1";
  EXPECT_NE((*Create(bob, r))->id, (*a)->id);
  // After 24 hours the key is forgotten.
  w.clock.Advance(std::chrono::hours(25));
  EXPECT_NE((*Create(alice, r))->id, (*a)->id);
}

// --- edit ---

TEST_F(StatusServiceTest, EditKeepsHistory) {
  auto s = w.Post(alice, "first");
  auto h = w.statuses.History(0, s->id);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 1u);
  w.clock.Advance(std::chrono::seconds(5));
  EditRequest e;
  e.text = "second @bob #edited";
  auto edited = w.statuses.Edit(alice, s->id, e);
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ((*edited)->text, "second @bob #edited");
  EXPECT_GT((*edited)->edited_at, 0);
  EXPECT_EQ((*edited)->mentioned_account_ids, std::vector<Id>{bob});
  h = w.statuses.History(0, s->id);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].text, "first");
  EXPECT_EQ((*h)[1].text, "second @bob #edited");
  EXPECT_LT((*h)[0].created_at, (*h)[1].created_at);
  e.text = "third";
  w.clock.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(w.statuses.Edit(alice, s->id, e).ok());
  EXPECT_EQ(w.statuses.History(0, s->id)->size(), 3u);
  // The cache was refreshed: a read sees the new text.
  EXPECT_EQ((*w.statuses.Get(0, s->id))->text, "third");
}

TEST_F(StatusServiceTest, OnlyTheAuthorEdits) {
  auto s = w.Post(alice, "mine");
  EditRequest e;
  e.text = "hijacked";
  EXPECT_EQ(w.statuses.Edit(bob, s->id, e).error().code, core::ErrorCode::kForbidden);
  auto priv = w.Post(alice, "private", Visibility::kPrivate);
  EXPECT_EQ(w.statuses.Edit(bob, priv->id, e).error().code, core::ErrorCode::kNotFound);
  e.text = std::string(2001, 'x');
  EXPECT_EQ(w.statuses.Edit(alice, s->id, e).error().code, core::ErrorCode::kInvalid);
}

TEST_F(StatusServiceTest, EditNotifiesRebloggersAndQuoters) {
  auto s = w.Post(alice, "shared");
  ASSERT_TRUE(w.statuses.Reblog(bob, s->id, std::nullopt).ok());
  w.Post(carol, "quoting", Visibility::kPublic, 0, s->id);
  EditRequest e;
  e.text = "shared, fixed";
  ASSERT_TRUE(w.statuses.Edit(alice, s->id, e).ok());
  EXPECT_EQ(CountNotifications(bob, NotificationType::kUpdate, s->id), 1);
  EXPECT_EQ(CountNotifications(carol, NotificationType::kUpdate, s->id), 1);
}

// --- delete ---

TEST_F(StatusServiceTest, DeleteCascades) {
  auto root = w.Post(alice, "root");
  auto reply = w.Post(bob, "reply", Visibility::kPublic, root->id);
  EXPECT_EQ((*w.statuses.Get(0, root->id))->replies_count, 1);
  auto reblog = w.statuses.Reblog(carol, reply->id, std::nullopt);
  ASSERT_TRUE(reblog.ok());
  ASSERT_TRUE(w.statuses.Favourite(alice, reply->id).ok());
  EXPECT_EQ(CountNotifications(bob, NotificationType::kFavourite, reply->id), 1);
  // Only the author deletes; others see 404.
  EXPECT_EQ(w.statuses.Delete(alice, reply->id).error().code, core::ErrorCode::kNotFound);
  auto deleted = w.statuses.Delete(bob, reply->id);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ((*deleted)->text, "reply");  // for delete & redraft
  EXPECT_FALSE(w.statuses.Get(0, reply->id).ok());
  EXPECT_FALSE(w.statuses.Get(0, (*reblog)->id).ok());  // reblogs go with it
  EXPECT_EQ((*w.statuses.Get(0, root->id))->replies_count, 0);
  EXPECT_EQ(CountNotifications(bob, NotificationType::kFavourite, reply->id), 0);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kMention, reply->id), 0);
  EXPECT_EQ(w.statuses.Delete(bob, reply->id).error().code, core::ErrorCode::kNotFound);
}

// --- interactions ---

TEST_F(StatusServiceTest, ReblogRules) {
  auto pub = w.Post(alice, "public");
  auto r1 = w.statuses.Reblog(bob, pub->id, std::nullopt);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ((*r1)->reblog_of_id, pub->id);
  EXPECT_EQ((*r1)->visibility, Visibility::kPublic);
  auto r2 = w.statuses.Reblog(bob, pub->id, std::nullopt);
  EXPECT_EQ((*r2)->id, (*r1)->id);                                       // twice: the same reblog
  auto r3 = w.statuses.Reblog(carol, (*r1)->id, Visibility::kUnlisted);  // a reblog's id
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ((*r3)->reblog_of_id, pub->id);
  EXPECT_EQ((*r3)->visibility, Visibility::kUnlisted);
  EXPECT_EQ((*w.statuses.Get(0, pub->id))->reblogs_count, 2);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kReblog), 2);

  w.Follow(bob, alice);
  auto priv = w.Post(alice, "private", Visibility::kPrivate);
  EXPECT_EQ(w.statuses.Reblog(bob, priv->id, std::nullopt).error().code,
            core::ErrorCode::kForbidden);
  EXPECT_EQ(w.statuses.Reblog(carol, priv->id, std::nullopt).error().code,
            core::ErrorCode::kNotFound);
  auto own = w.statuses.Reblog(alice, priv->id, Visibility::kPublic);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ((*own)->visibility, Visibility::kPrivate);
  auto dm = w.Post(alice, "@bob dm", Visibility::kDirect);
  EXPECT_EQ(w.statuses.Reblog(bob, dm->id, std::nullopt).error().code, core::ErrorCode::kForbidden);

  auto undone = w.statuses.Unreblog(bob, pub->id);
  ASSERT_TRUE(undone.ok());
  EXPECT_EQ((*undone)->id, pub->id);
  EXPECT_EQ((*undone)->reblogs_count, 1);
  EXPECT_FALSE(w.statuses.Get(0, (*r1)->id).ok());
}

TEST_F(StatusServiceTest, FavouriteOnceAndCountsStayFresh) {
  auto s = w.Post(alice, "like me");
  EXPECT_EQ((*w.statuses.Get(0, s->id))->favourites_count, 0);  // now cached
  ASSERT_TRUE(w.statuses.Favourite(bob, s->id).ok());
  ASSERT_TRUE(w.statuses.Favourite(bob, s->id).ok());
  EXPECT_EQ((*w.statuses.Get(0, s->id))->favourites_count, 1);
  EXPECT_EQ(CountNotifications(alice, NotificationType::kFavourite, s->id), 1);
  auto flags = w.statuses.Interactions(bob, std::vector<Id>{s->id});
  EXPECT_TRUE(flags[s->id].favourited);
  ASSERT_TRUE(w.statuses.Unfavourite(bob, s->id).ok());
  EXPECT_EQ((*w.statuses.Get(0, s->id))->favourites_count, 0);
  auto faved_by = w.statuses.FavouritedBy(0, s->id, Page{});
  ASSERT_TRUE(faved_by.ok());
  EXPECT_TRUE(faved_by->empty());
}

TEST_F(StatusServiceTest, CannotInteractWithInvisible) {
  auto priv = w.Post(alice, "private", Visibility::kPrivate);
  EXPECT_EQ(w.statuses.Favourite(bob, priv->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(w.statuses.Bookmark(bob, priv->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(w.statuses.FavouritedBy(bob, priv->id, Page{}).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(w.statuses.Context(bob, priv->id).error().code, core::ErrorCode::kNotFound);
}

TEST_F(StatusServiceTest, Bookmarks) {
  auto s = w.Post(alice, "save me");
  ASSERT_TRUE(w.statuses.Bookmark(bob, s->id).ok());
  auto rows = w.statuses.Bookmarks(bob, Page{});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, s->id);
  ASSERT_TRUE(w.statuses.Unbookmark(bob, s->id).ok());
  EXPECT_TRUE(w.statuses.Bookmarks(bob, Page{}).empty());
}

TEST_F(StatusServiceTest, PinRules) {
  auto other = w.Post(bob, "bob's");
  EXPECT_EQ(w.statuses.Pin(alice, other->id).error().code, core::ErrorCode::kInvalid);
  auto dm = w.Post(alice, "@bob dm", Visibility::kDirect);
  EXPECT_EQ(w.statuses.Pin(alice, dm->id).error().code, core::ErrorCode::kInvalid);
  for (int i = 0; i < 5; ++i) {
    auto s = w.Post(alice, "pin " + std::to_string(i));
    ASSERT_TRUE(w.statuses.Pin(alice, s->id).ok());
    ASSERT_TRUE(w.statuses.Pin(alice, s->id).ok());  // pinning again is fine
  }
  auto sixth = w.Post(alice, "sixth");
  EXPECT_EQ(w.statuses.Pin(alice, sixth->id).error().code, core::ErrorCode::kInvalid);
  auto reblog = w.statuses.Reblog(alice, other->id, std::nullopt);
  EXPECT_EQ(w.statuses.Pin(alice, (*reblog)->id).error().code, core::ErrorCode::kInvalid);
}

// --- context ---

TEST_F(StatusServiceTest, ContextFiltersByVisibilityAndBlocks) {
  Id dave = w.MakeAccount("dave");
  auto root = w.Post(alice, "root");
  auto r1 = w.Post(bob, "r1", Visibility::kPublic, root->id);
  auto r2 = w.Post(carol, "r2", Visibility::kPrivate, r1->id);  // carol's followers only
  auto r3 = w.Post(dave, "r3", Visibility::kPublic, r1->id);
  auto r4 = w.Post(alice, "r4 under dave", Visibility::kPublic, r3->id);

  auto ctx = w.statuses.Context(0, r1->id);
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(ctx->ancestors, std::vector<Id>{root->id});
  EXPECT_EQ(ctx->descendants, (std::vector<Id>{r3->id, r4->id}));

  w.Follow(bob, carol);
  ctx = w.statuses.Context(bob, root->id);
  EXPECT_EQ(ctx->descendants, (std::vector<Id>{r1->id, r2->id, r3->id, r4->id}));

  // Blocking dave hides dave's reply and the sub-thread under it.
  w.Block(bob, dave);
  ctx = w.statuses.Context(bob, root->id);
  EXPECT_EQ(ctx->descendants, (std::vector<Id>{r1->id, r2->id}));

  ctx = w.statuses.Context(0, r4->id);
  EXPECT_EQ(ctx->ancestors, (std::vector<Id>{root->id, r1->id, r3->id}));
}

// --- conversations ---

TEST_F(StatusServiceTest, DirectStatusesMakeConversations) {
  auto dm = w.Post(alice, "@bob hello", Visibility::kDirect);
  auto convs = w.statuses.Conversations(bob, Page{});
  ASSERT_EQ(convs.size(), 1u);
  EXPECT_EQ(convs[0].last_status_id, dm->id);
  EXPECT_TRUE(convs[0].unread);
  auto read = w.statuses.MarkConversationRead(bob, convs[0].id);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->unread);
  auto reply = w.Post(bob, "@alice hi back", Visibility::kDirect, dm->id);
  convs = w.statuses.Conversations(alice, Page{});
  ASSERT_EQ(convs.size(), 1u);
  EXPECT_EQ(convs[0].last_status_id, reply->id);
  EXPECT_TRUE(w.statuses.RemoveConversation(alice, convs[0].id).ok());
  EXPECT_TRUE(w.statuses.Conversations(alice, Page{}).empty());
  EXPECT_TRUE(w.statuses.Conversations(carol, Page{}).empty());
}

// --- the cache ---

TEST(StatusCacheTest, TombstonesAndPut) {
  StatusCache cache(1000);
  int loads = 0;
  StatusCache::Loader loader = [&](std::span<const Id> ids) {
    ++loads;
    std::vector<Status> out;
    for (Id id : ids) {
      if (id % 2 == 0) {
        Status s;
        s.id = id;
        out.push_back(s);
      }
    }
    return out;
  };
  std::vector<Id> ids{1, 2, 3, 4};
  auto got = cache.GetMany(ids, loader);
  EXPECT_EQ(loads, 1);
  EXPECT_FALSE(got[0]);
  EXPECT_TRUE(got[1]);
  got = cache.GetMany(ids, loader);  // all from memory, missing ones too
  EXPECT_EQ(loads, 1);
  Status s;
  s.id = 1;
  cache.Put(std::make_shared<const Status>(s));
  EXPECT_TRUE(cache.Get(1, loader));
  EXPECT_EQ(loads, 1);
  cache.Invalidate(2);
  EXPECT_TRUE(cache.Get(2, loader));
  EXPECT_EQ(loads, 2);
}

TEST(StatusCacheTest, EvictsBeyondCapacity) {
  StatusCache cache(64 * 2 * 16);  // 16 per generation per shard
  StatusCache::Loader loader = [](std::span<const Id> ids) {
    std::vector<Status> out;
    for (Id id : ids) {
      Status s;
      s.id = id;
      out.push_back(s);
    }
    return out;
  };
  std::vector<Id> ids;
  for (Id i = 1; i <= 20000; ++i) ids.push_back(i);
  cache.GetMany(ids, loader);
  EXPECT_LE(cache.stats().size, 64u * 2 * 16 + 64);
}

}  // namespace
}  // namespace magpie::domain
