// API tests for the status side: every route of RegisterApiRoutes over a real SQLite test
// database, driven with crafted http::Requests through router.Find (no network). Covers the
// status lifecycle, the Status entity's shape, timelines with Link headers, filters, quotes,
// conversations, search, error codes and bodies -- and that a followers-only post is reachable by
// a non-follower through no endpoint at all.
#include <gtest/gtest.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "api/account_render_cache.h"
#include "api/context.h"
#include "api/routes.h"
#include "api/status_render_cache.h"
#include "core/rate_limiter.h"
#include "domain/filter_service.h"
#include "domain/service_test_env.h"
#include "domain/status_service.h"
#include "http/params.h"
#include "http/router.h"
#include "timeline/timeline_service.h"

namespace magpie::api {
namespace {

namespace json = boost::json;
using core::Id;
using http::Method;

struct Res {
  int status = 0;
  json::value body;
  http::Response raw;

  const json::object& obj() const { return body.as_object(); }
  const json::array& arr() const { return body.as_array(); }
  std::string Str(std::string_view key) const {
    const json::value* v = body.is_object() ? body.as_object().if_contains(key) : nullptr;
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }
  std::string Error() const { return Str("error"); }
  std::string Link() const {
    for (const auto& [k, v] : raw.headers) {
      if (k == "Link") return v;
    }
    return {};
  }
  // The ids of an array of statuses (or accounts).
  std::vector<std::string> Ids() const {
    std::vector<std::string> out;
    if (!body.is_array()) return out;
    for (const auto& v : body.as_array()) out.emplace_back(v.as_object().at("id").as_string());
    return out;
  }
  bool HasId(const std::string& id) const {
    auto ids = Ids();
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
};

class StatusesApiTest : public ::testing::Test {
 protected:
  StatusesApiTest() : limiter_(env_.clock) {
    domain::StatusServiceConfig sc;
    sc.local_domain = "magpie.test";
    statuses_ = std::make_unique<domain::StatusService>(
        env_.stores, *env_.graph, *env_.notifications, env_.bus, env_.clock, env_.ids, sc);
    timeline::TimelineConfig tc;
    tc.celebrity_threshold = 3;
    timelines_ =
        std::make_unique<timeline::TimelineService>(env_.stores, *statuses_, env_.clock, tc);
    env_.bus.Subscribe(timelines_.get());
    filters_ = std::make_unique<domain::FilterService>(env_.filter_store, env_.clock, env_.ids);
    ctx_.config.base_url = "https://magpie.test";
    ctx_.config.domain = "magpie.test";
    ctx_.clock = &env_.clock;
    ctx_.limiter = &limiter_;
    ctx_.auth = env_.auth.get();
    ctx_.accounts = env_.accounts.get();
    ctx_.notifications = env_.notifications.get();
    ctx_.graph = env_.graph.get();
    ctx_.statuses = statuses_.get();
    ctx_.timelines = timelines_.get();
    ctx_.filters = filters_.get();
    ctx_.status_render_cache = &render_cache_;
    ctx_.account_render_cache = &account_render_cache_;
    RegisterApiRoutes(router_, ctx_);

    auto app =
        env_.auth->RegisterApp("tests", "urn:ietf:wg:oauth:2.0:oob", "read write follow", "");
    EXPECT_TRUE(app.ok());
    app_ = *app;
    alice_ = env_.CreateUser("alice");
    bob_ = env_.CreateUser("bob");
    carol_ = env_.CreateUser("carol");
    alice_token_ = Token(alice_);
    bob_token_ = Token(bob_);
    carol_token_ = Token(carol_);
  }

  std::string Token(Id account, const std::string& scopes = "read write follow") {
    auto t = env_.auth->IssueToken(app_, account, scopes);
    EXPECT_TRUE(t.ok());
    return t.ok() ? t->access_token : "";
  }

  Res Send(Method method, const std::string& target, const std::string& token = "",
           const std::string& body = "", http::Fields headers = {},
           const std::string& content_type = "application/json") {
    http::Request req;
    req.method = method;
    req.target = target;
    size_t q = target.find('?');
    // The server percent-decodes the path before routing (http/server.cc); so does this.
    auto path = http::PercentDecode(std::string_view(target).substr(0, q), false);
    EXPECT_TRUE(path.ok()) << target;
    req.path = path.ok() ? *path : target.substr(0, q);
    if (q != std::string::npos) {
      auto query = http::ParseUrlEncoded(std::string_view(target).substr(q + 1));
      EXPECT_TRUE(query.ok());
      if (query.ok()) req.query = *query;
    }
    req.body = body;
    req.remote_address = "127.0.0.1";
    req.request_id = "test";
    if (!body.empty()) req.headers.emplace_back("content-type", content_type);
    if (!token.empty()) req.headers.emplace_back("authorization", "Bearer " + token);
    for (auto& h : headers) req.headers.push_back(std::move(h));
    Res res;
    auto match = router_.Find(method, req.path);
    if (match.handler == nullptr) {
      res.status = match.path_known ? 405 : 404;
      return res;
    }
    req.path_params = match.params;
    res.raw = match.fast_path != nullptr && use_fast_path_ ? RunFastPath(*match.fast_path, req)
                                                           : (*match.handler)(req);
    res.status = res.raw.status;
    if (res.raw.content_type.starts_with("application/json")) {
      boost::system::error_code ec;
      res.body = json::parse(res.raw.BodyText(), ec);
      EXPECT_FALSE(ec) << "not JSON: " << res.raw.BodyText();
    }
    return res;
  }
  // A route's fast path as the server runs it, minus the event loop: answered through a Reply
  // whose steps run on threads of their own, as the server's worker pool would run them. (Run
  // here, where blocking is allowed, it never falls back: its whole path is exercised. Falling
  // back is the server's part, tested in http/server_test.cc.)
  class TestReplyTarget final : public http::Reply::Target {
   public:
    explicit TestReplyTarget(StatusesApiTest& test)
        : test_(test), answered_(answer_.get_future()) {}
    void Deliver(http::Response response) override { answer_.set_value(std::move(response)); }
    void Run(http::Reply::On, std::function<void()> step) override {
      std::lock_guard lock(test_.steps_mu_);
      test_.steps_.emplace_back(std::move(step));
    }
    std::future<http::Response>& answered() { return answered_; }

   private:
    StatusesApiTest& test_;
    std::promise<http::Response> answer_;
    std::future<http::Response> answered_;
  };
  http::Response RunFastPath(const http::AsyncHandler& fast_path, http::Request& req) {
    auto target = std::make_shared<TestReplyTarget>(*this);
    fast_path(req, http::Reply(target));
    EXPECT_EQ(target->answered().wait_for(std::chrono::seconds(10)), std::future_status::ready);
    http::Response response = target->answered().get();
    for (;;) {  // steps may start further steps
      std::thread step;
      {
        std::lock_guard lock(steps_mu_);
        if (steps_.empty()) break;
        step = std::move(steps_.back());
        steps_.pop_back();
      }
      step.join();
    }
    return response;
  }

  Res Get(const std::string& target, const std::string& token = "") {
    return Send(Method::kGet, target, token);
  }
  Res Post(const std::string& target, const std::string& token, const json::object& body = {},
           http::Fields headers = {}) {
    return Send(Method::kPost, target, token, json::serialize(body), std::move(headers));
  }
  // Posts a status and returns its id (fails the test unless 200).
  std::string PostStatus(const std::string& token, const json::object& body) {
    env_.clock.Advance(std::chrono::milliseconds(10));
    Res r = Post("/api/v1/statuses", token, body);
    EXPECT_EQ(r.status, 200) << r.raw.body;
    return r.Str("id");
  }
  void Follow(Id follower, Id followed) {
    domain::Follow f;
    f.id = env_.ids.Next();
    f.account_id = follower;
    f.target_account_id = followed;
    ASSERT_TRUE(env_.graph->Follow(f).ok());
  }

  domain::testing::ServiceEnv env_;
  core::RateLimiter limiter_;
  std::unique_ptr<domain::StatusService> statuses_;
  std::unique_ptr<timeline::TimelineService> timelines_;
  std::unique_ptr<domain::FilterService> filters_;
  StatusRenderCache render_cache_;
  AccountRenderCache account_render_cache_;
  ApiContext ctx_;
  http::Router router_;
  bool use_fast_path_ = true;  // false: every route's blocking handler
  std::mutex steps_mu_;
  std::vector<std::thread> steps_;  // a fast path's steps (TestReplyTarget::Run)
  domain::Application app_;
  Id alice_ = 0, bob_ = 0, carol_ = 0;
  std::string alice_token_, bob_token_, carol_token_;
};

TEST_F(StatusesApiTest, StatusEntityShape) {
  Res r = Post("/api/v1/statuses", alice_token_,
               {{"status", "hello @bob #Magpie"}, {"language", "en"}, {"visibility", "public"}});
  ASSERT_EQ(r.status, 200) << r.raw.body;
  const auto& s = r.obj();
  const std::string id = r.Str("id");
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(s.at("uri").as_string(), "https://magpie.test/users/alice/statuses/" + id);
  EXPECT_EQ(s.at("url").as_string(), "https://magpie.test/@alice/" + id);
  EXPECT_EQ(s.at("visibility").as_string(), "public");
  EXPECT_EQ(s.at("language").as_string(), "en");
  EXPECT_TRUE(s.at("in_reply_to_id").is_null());
  EXPECT_TRUE(s.at("edited_at").is_null());
  EXPECT_TRUE(s.at("reblog").is_null());
  EXPECT_TRUE(s.at("quote").is_null());
  EXPECT_TRUE(s.at("card").is_null());
  EXPECT_TRUE(s.at("poll").is_null());
  EXPECT_TRUE(s.at("media_attachments").as_array().empty());
  EXPECT_TRUE(s.at("emojis").as_array().empty());
  EXPECT_EQ(s.at("account").as_object().at("username").as_string(), "alice");
  const std::string content(s.at("content").as_string());
  EXPECT_TRUE(content.starts_with("<p>hello ")) << content;
  EXPECT_NE(content.find("https://magpie.test/@bob"), std::string::npos) << content;
  EXPECT_NE(content.find("u-url mention"), std::string::npos) << content;
  ASSERT_EQ(s.at("mentions").as_array().size(), 1u);
  EXPECT_EQ(s.at("mentions").as_array()[0].as_object().at("acct").as_string(), "bob");
  EXPECT_EQ(s.at("mentions").as_array()[0].as_object().at("url").as_string(),
            "https://magpie.test/@bob");
  ASSERT_EQ(s.at("tags").as_array().size(), 1u);
  EXPECT_EQ(s.at("tags").as_array()[0].as_object().at("name").as_string(), "Magpie");
  EXPECT_EQ(s.at("tags").as_array()[0].as_object().at("url").as_string(),
            "https://magpie.test/tags/Magpie");
  const auto& qa = s.at("quote_approval").as_object();
  EXPECT_EQ(qa.at("automatic").as_array(), json::array{"public"});
  EXPECT_TRUE(qa.at("manual").as_array().empty());
  EXPECT_EQ(qa.at("current_user").as_string(), "automatic");
  EXPECT_EQ(s.at("favourited").as_bool(), false);
  EXPECT_EQ(s.at("reblogged").as_bool(), false);
  EXPECT_EQ(s.at("bookmarked").as_bool(), false);
  EXPECT_EQ(s.at("muted").as_bool(), false);
  EXPECT_EQ(s.at("pinned").as_bool(), false);
  EXPECT_TRUE(s.at("filtered").as_array().empty());
  EXPECT_EQ(s.at("application").as_object().at("name").as_string(), "tests");
  EXPECT_EQ(s.at("replies_count").as_int64(), 0);
  EXPECT_FALSE(s.contains("text"));

  // Anonymous readers get no viewer fields, and no application.
  Res anon = Get("/api/v1/statuses/" + id);
  ASSERT_EQ(anon.status, 200);
  EXPECT_FALSE(anon.obj().contains("favourited"));
  EXPECT_FALSE(anon.obj().contains("filtered"));
  EXPECT_TRUE(anon.obj().at("application").is_null());
  EXPECT_EQ(anon.obj().at("quote_approval").as_object().at("current_user").as_string(), "unknown");
  // The plain text of a post renders exactly as Mastodon does.
  std::string plain = PostStatus(alice_token_, {{"status", "hello"}});
  EXPECT_EQ(Get("/api/v1/statuses/" + plain).obj().at("content").as_string(), "<p>hello</p>");
}

TEST_F(StatusesApiTest, StatusJsonEscapesTextAndKeepsEveryMember) {
  const std::string spoiler = "say \"hi\" \\ now\t\x01 \u8bdd\u9898";
  Res r = Post("/api/v1/statuses", alice_token_,
               {{"status", "a \"quote\", a \\ and <b>tags</b> & more"},
                {"spoiler_text", spoiler},
                {"visibility", "unlisted"}});
  ASSERT_EQ(r.status, 200) << r.raw.body;
  const auto& s = r.obj();
  EXPECT_EQ(s.at("spoiler_text").as_string(), spoiler);
  EXPECT_TRUE(s.at("sensitive").as_bool());
  EXPECT_TRUE(s.at("language").is_null() || s.at("language").is_string());
  EXPECT_EQ(s.at("visibility").as_string(), "unlisted");
  const std::string content(s.at("content").as_string());
  EXPECT_NE(content.find("&quot;quote&quot;"), std::string::npos) << content;
  EXPECT_NE(content.find("&lt;b&gt;"), std::string::npos) << content;
  const std::string created(s.at("created_at").as_string());
  EXPECT_EQ(created.size(), 24u) << created;  // 2026-11-28T02:00:00.000Z
  for (const char* key : {"id",
                          "created_at",
                          "in_reply_to_id",
                          "in_reply_to_account_id",
                          "sensitive",
                          "spoiler_text",
                          "visibility",
                          "language",
                          "uri",
                          "url",
                          "replies_count",
                          "reblogs_count",
                          "favourites_count",
                          "quotes_count",
                          "edited_at",
                          "content",
                          "mentions",
                          "tags",
                          "emojis",
                          "media_attachments",
                          "card",
                          "poll",
                          "account",
                          "reblog",
                          "quote",
                          "quote_approval",
                          "application",
                          "favourited",
                          "reblogged",
                          "muted",
                          "bookmarked",
                          "pinned",
                          "filtered"}) {
    EXPECT_TRUE(s.contains(key)) << key;
  }
  // A reply names what it answers.
  Res reply = Post("/api/v1/statuses", bob_token_,
                   {{"status", "@alice sure"}, {"in_reply_to_id", r.Str("id")}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  EXPECT_EQ(reply.obj().at("in_reply_to_id").as_string(), r.Str("id"));
  EXPECT_EQ(reply.obj().at("in_reply_to_account_id").as_string(),
            s.at("account").as_object().at("id").as_string());
}

TEST_F(StatusesApiTest, EmbeddedAccountsCarryCurrentCountersAndProfile) {
  Follow(bob_, alice_);
  PostStatus(alice_token_, {{"status", "one"}});
  auto author_in_home = [&] {
    Res home = Get("/api/v1/timelines/home", bob_token_);
    EXPECT_EQ(home.status, 200);
    return home.arr().at(0).as_object().at("account").as_object();
  };
  json::object a = author_in_home();
  EXPECT_EQ(a.at("statuses_count").as_int64(), 1);
  EXPECT_EQ(a.at("followers_count").as_int64(), 1);
  EXPECT_EQ(a.at("following_count").as_int64(), 0);
  EXPECT_TRUE(a.at("last_status_at").is_string());
  EXPECT_EQ(a.at("username").as_string(), "alice");
  // Counters move (the cached profile bytes stay), a profile edit shows too.
  PostStatus(alice_token_, {{"status", "two"}});
  Follow(carol_, alice_);
  Follow(alice_, carol_);
  a = author_in_home();
  EXPECT_EQ(a.at("statuses_count").as_int64(), 2);
  EXPECT_EQ(a.at("followers_count").as_int64(), 2);
  EXPECT_EQ(a.at("following_count").as_int64(), 1);
  Res patched = Send(Method::kPatch, "/api/v1/accounts/update_credentials", alice_token_,
                     R"({"display_name":"Alice Liddell"})");
  ASSERT_EQ(patched.status, 200) << patched.raw.body;
  a = author_in_home();
  EXPECT_EQ(a.at("display_name").as_string(), "Alice Liddell");
  EXPECT_EQ(a.at("statuses_count").as_int64(), 2);
  // The whole object equals the account endpoint's.
  Res direct = Get("/api/v1/accounts/" + std::to_string(alice_));
  EXPECT_EQ(json::value(a), direct.body);
}

TEST_F(StatusesApiTest, CreateGetContextFavouriteAndHomeTimeline) {
  Follow(bob_, alice_);
  EXPECT_EQ(Get("/api/v1/timelines/home", bob_token_).status, 200);  // bob's feed is cached
  std::string root = PostStatus(alice_token_, {{"status", "root post"}});
  std::string reply =
      PostStatus(bob_token_, {{"status", "@alice a reply"}, {"in_reply_to_id", root}});
  Res r = Get("/api/v1/statuses/" + reply, bob_token_);
  EXPECT_EQ(r.obj().at("in_reply_to_id").as_string(), root);
  EXPECT_EQ(r.obj().at("in_reply_to_account_id").as_string(), std::to_string(alice_));

  Res ctx = Get("/api/v1/statuses/" + reply + "/context");
  ASSERT_EQ(ctx.status, 200);
  ASSERT_EQ(ctx.obj().at("ancestors").as_array().size(), 1u);
  EXPECT_EQ(ctx.obj().at("ancestors").as_array()[0].as_object().at("id").as_string(), root);
  EXPECT_TRUE(ctx.obj().at("descendants").as_array().empty());
  ctx = Get("/api/v1/statuses/" + root + "/context");
  ASSERT_EQ(ctx.obj().at("descendants").as_array().size(), 1u);

  Res fav = Post("/api/v1/statuses/" + root + "/favourite", bob_token_);
  ASSERT_EQ(fav.status, 200) << fav.raw.body;
  EXPECT_EQ(fav.obj().at("favourited").as_bool(), true);
  EXPECT_EQ(fav.obj().at("favourites_count").as_int64(), 1);
  EXPECT_EQ(fav.obj().at("replies_count").as_int64(), 1);
  Res by = Get("/api/v1/statuses/" + root + "/favourited_by");
  ASSERT_EQ(by.status, 200);
  ASSERT_EQ(by.arr().size(), 1u);
  EXPECT_EQ(by.arr()[0].as_object().at("username").as_string(), "bob");

  Res home = Get("/api/v1/timelines/home", bob_token_);
  ASSERT_EQ(home.status, 200);
  EXPECT_EQ(home.Ids(), (std::vector<std::string>{reply, root}));
  EXPECT_NE(home.Link().find("max_id=" + root), std::string::npos) << home.Link();
  EXPECT_NE(home.Link().find("min_id=" + reply), std::string::npos) << home.Link();
  EXPECT_TRUE(home.arr()[1].as_object().at("favourited").as_bool());

  Res favs = Get("/api/v1/favourites", bob_token_);
  EXPECT_EQ(favs.Ids(), std::vector<std::string>{root});
  EXPECT_FALSE(favs.Link().empty());
  Res unfav = Post("/api/v1/statuses/" + root + "/unfavourite", bob_token_);
  EXPECT_EQ(unfav.obj().at("favourited").as_bool(), false);
  EXPECT_EQ(unfav.obj().at("favourites_count").as_int64(), 0);

  Res bm = Post("/api/v1/statuses/" + root + "/bookmark", carol_token_);
  EXPECT_TRUE(bm.obj().at("bookmarked").as_bool());
  EXPECT_EQ(Get("/api/v1/bookmarks", carol_token_).Ids(), std::vector<std::string>{root});

  Res rb = Post("/api/v1/statuses/" + root + "/reblog", carol_token_);
  ASSERT_EQ(rb.status, 200) << rb.raw.body;
  EXPECT_EQ(rb.obj().at("reblog").as_object().at("id").as_string(), root);
  EXPECT_EQ(rb.obj().at("content").as_string(), "");
  EXPECT_TRUE(rb.obj().at("reblogged").as_bool());
  EXPECT_EQ(rb.obj().at("reblog").as_object().at("reblogs_count").as_int64(), 1);
  EXPECT_EQ(Get("/api/v1/statuses/" + root + "/reblogged_by").arr().size(), 1u);
  Res unrb = Post("/api/v1/statuses/" + root + "/unreblog", carol_token_);
  EXPECT_EQ(unrb.obj().at("reblogged").as_bool(), false);

  Res pin = Post("/api/v1/statuses/" + root + "/pin", alice_token_);
  EXPECT_TRUE(pin.obj().at("pinned").as_bool());
  Res pinned = Get("/api/v1/accounts/" + std::to_string(alice_) + "/statuses?pinned=true");
  EXPECT_EQ(pinned.Ids(), std::vector<std::string>{root});
  EXPECT_EQ(Post("/api/v1/statuses/" + reply + "/pin", alice_token_).status, 422);
  Res mute = Post("/api/v1/statuses/" + root + "/mute", alice_token_);
  EXPECT_EQ(mute.status, 200);
}

TEST_F(StatusesApiTest, FollowersOnlyPostIsUnreachableForNonFollowers) {
  Follow(bob_, alice_);  // bob follows; carol does not
  Get("/api/v1/timelines/home", bob_token_);
  Get("/api/v1/timelines/home", carol_token_);
  std::string secret =
      PostStatus(alice_token_, {{"status", "for my followers #secret"}, {"visibility", "private"}});
  const std::string base = "/api/v1/statuses/" + secret;
  // The follower sees it.
  EXPECT_EQ(Get(base, bob_token_).status, 200);
  EXPECT_TRUE(Get("/api/v1/timelines/home", bob_token_).HasId(secret));

  for (const std::string& token : {carol_token_, std::string()}) {
    SCOPED_TRACE(token.empty() ? "anonymous" : "carol");
    Res r = Get(base, token);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.Error(), "Record not found");
    EXPECT_TRUE(Get("/api/v1/statuses?id[]=" + secret, token).arr().empty());
    EXPECT_EQ(Get(base + "/context", token).status, 404);
    EXPECT_EQ(Get(base + "/history", token).status, 404);
    EXPECT_EQ(Get(base + "/favourited_by", token).status, 404);
    EXPECT_EQ(Get(base + "/reblogged_by", token).status, 404);
    EXPECT_EQ(Get(base + "/quotes", token).status, 404);
    EXPECT_FALSE(
        Get("/api/v1/accounts/" + std::to_string(alice_) + "/statuses", token).HasId(secret));
    EXPECT_FALSE(Get("/api/v1/timelines/public", token).HasId(secret));
    EXPECT_FALSE(Get("/api/v1/timelines/tag/secret", token).HasId(secret));
    Res search =
        Get("/api/v2/search?q=" + std::string("https://magpie.test/@alice/") + secret, token);
    EXPECT_TRUE(search.obj().at("statuses").as_array().empty());
    EXPECT_TRUE(search.obj().at("hashtags").as_array().empty());  // no visible #secret post
  }
  EXPECT_FALSE(Get("/api/v1/timelines/home", carol_token_).HasId(secret));
  EXPECT_EQ(Get(base + "/source", carol_token_).status, 404);
  for (const char* action : {"favourite", "reblog", "bookmark", "pin", "mute"}) {
    Res r = Post(base + "/" + action, carol_token_);
    EXPECT_EQ(r.status, 404) << action;
    EXPECT_EQ(r.Error(), "Record not found") << action;
  }
  EXPECT_EQ(Post("/api/v1/statuses", carol_token_, {{"status", "q"}, {"quoted_status_id", secret}})
                .status,
            404);
  EXPECT_EQ(
      Post("/api/v1/statuses", carol_token_, {{"status", "r"}, {"in_reply_to_id", secret}}).status,
      404);
  // Even the follower may neither reblog nor quote it.
  Res rb = Post(base + "/reblog", bob_token_);
  EXPECT_EQ(rb.status, 403);
  EXPECT_EQ(rb.Error(), "This action is not allowed");
  EXPECT_EQ(
      Post("/api/v1/statuses", bob_token_, {{"status", "q"}, {"quoted_status_id", secret}}).status,
      403);
  // A follower's reply to it is visible to the follower and alice (mentioned), not carol.
  std::string reply = PostStatus(
      bob_token_,
      {{"status", "@alice nice"}, {"in_reply_to_id", secret}, {"visibility", "private"}});
  EXPECT_EQ(Get("/api/v1/statuses/" + reply, carol_token_).status, 404);
  EXPECT_EQ(Get("/api/v1/statuses/" + reply, alice_token_).status, 200);
}

TEST_F(StatusesApiTest, ValidationErrors) {
  Res r = Post("/api/v1/statuses", alice_token_, {{"status", "   "}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.Error(), "Validation failed: Text can't be blank");
  r = Post("/api/v1/statuses", alice_token_, {{"status", std::string(2001, 'x')}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.Error(), "Validation failed: Text character limit of 2000 exceeded");
  r = Post("/api/v1/statuses", alice_token_, {{"status", "x"}, {"visibility", "everyone"}});
  EXPECT_EQ(r.status, 422);
  r = Post("/api/v1/statuses", alice_token_,
           {{"status", "x"}, {"media_ids", json::array{"123", "456"}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.Error().find("123, 456"), std::string::npos) << r.Error();
  r = Post("/api/v1/statuses", alice_token_,
           {{"status", "x"}, {"media_ids", json::array{}}});  // an empty list is fine
  EXPECT_EQ(r.status, 200) << r.raw.body;
  r = Post("/api/v1/statuses", alice_token_,
           {{"status", "x"}, {"poll", json::object{{"options", json::array{"a", "b"}}}}});
  EXPECT_EQ(r.status, 422);
  r = Post("/api/v1/statuses", alice_token_,
           {{"status", "x"}, {"scheduled_at", "2030-01-01T00:00:00Z"}});
  EXPECT_EQ(r.status, 422);
  r = Post("/api/v1/statuses", "", {{"status", "x"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_FALSE(r.Error().empty());
  r = Post("/api/v1/statuses", Token(alice_, "read"), {{"status", "x"}});
  EXPECT_EQ(r.status, 403);
  r = Post("/api/v1/statuses", alice_token_, {{"status", "x"}, {"in_reply_to_id", "nope"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Get("/api/v1/statuses/abc").status, 404);
  EXPECT_EQ(Get("/api/v1/statuses/99999999999").status, 404);
  // Form-encoded bodies work as well as JSON.
  r = Send(Method::kPost, "/api/v1/statuses", alice_token_, "status=form+post&visibility=unlisted",
           {}, "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.obj().at("visibility").as_string(), "unlisted");
}

TEST_F(StatusesApiTest, IdempotencyKey) {
  http::Fields key{{"idempotency-key", "abc-123"}};
  Res a = Post("/api/v1/statuses", alice_token_, {{"status", "once"}}, key);
  Res b = Post("/api/v1/statuses", alice_token_, {{"status", "once"}}, key);
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(b.status, 200);
  EXPECT_EQ(a.Str("id"), b.Str("id"));
  EXPECT_EQ(Get("/api/v1/accounts/" + std::to_string(alice_) + "/statuses").arr().size(), 1u);
}

// POST /api/v1/statuses has a fast path (written without waiting for the commit, finished on
// another thread); every test here goes through it. This one holds it to the blocking handler's
// answers, field for field, errors and rate limits included.
TEST_F(StatusesApiTest, CreateFastPathAnswersExactlyAsTheBlockingHandler) {
  ASSERT_NE(router_.Find(Method::kPost, "/api/v1/statuses").fast_path, nullptr);
  ctx_.config.rate_limits.posts_per_account = 10;
  const std::string parent = PostStatus(bob_token_, {{"status", "parent"}});
  auto both = [&](const json::object& body) {
    std::array<Res, 2> out;
    for (bool fast : {true, false}) {
      use_fast_path_ = fast;
      env_.clock.Advance(std::chrono::milliseconds(10));
      out[fast ? 0 : 1] = Post("/api/v1/statuses", alice_token_, body);
    }
    use_fast_path_ = true;
    return out;
  };
  auto without_identity = [](json::value v) {
    if (!v.is_object()) return v;
    for (const char* key : {"id", "created_at", "uri", "url"}) v.as_object().erase(key);
    v.as_object().at("account").as_object().erase("statuses_count");  // one more the second time
    return v;
  };
  auto rate_headers = [](const Res& r) {
    std::vector<std::string> names;
    for (const auto& [k, v] : r.raw.headers) {
      if (k.starts_with("X-RateLimit")) names.push_back(k);
    }
    return names;
  };
  for (const json::object& body :
       {json::object{{"status", "hello @bob #Magpie"}, {"language", "en"}},
        json::object{
            {"status", "a reply"}, {"in_reply_to_id", parent}, {"visibility", "unlisted"}}}) {
    auto [fast, blocking] = both(body);
    ASSERT_EQ(fast.status, 200) << fast.raw.BodyText();
    ASSERT_EQ(blocking.status, 200) << blocking.raw.BodyText();
    EXPECT_NE(fast.Str("id"), blocking.Str("id"));
    EXPECT_EQ(json::serialize(without_identity(fast.body)),
              json::serialize(without_identity(blocking.body)));
    EXPECT_EQ(rate_headers(fast), rate_headers(blocking));
    EXPECT_FALSE(rate_headers(fast).empty());
    // Durable and published by the time it answered.
    EXPECT_EQ(Get("/api/v1/statuses/" + fast.Str("id"), alice_token_).status, 200);
  }
  // Errors: the same status and body either way; every attempt counts against the rate limit.
  for (const json::object& body :
       {json::object{{"status", ""}}, json::object{{"status", "x"}, {"in_reply_to_id", "99999"}},
        json::object{{"status", "x"}, {"visibility", "nope"}}}) {
    auto [fast, blocking] = both(body);
    EXPECT_EQ(fast.status, blocking.status) << json::serialize(body);
    EXPECT_GE(fast.status, 400);
    EXPECT_EQ(json::serialize(fast.body), json::serialize(blocking.body));
  }
  // 4 posts and 6 failed attempts make 10: the next is over the limit either way, even invalid.
  for (const json::object& body : {json::object{{"status", "one too many"}}, json::object{}}) {
    auto [fast, blocking] = both(body);
    EXPECT_EQ(fast.status, 429);
    EXPECT_EQ(blocking.status, 429);
  }
  EXPECT_EQ(Get("/api/v1/accounts/" + std::to_string(alice_) + "/statuses").arr().size(), 4u);
}

TEST_F(StatusesApiTest, EditHistorySourceAndDelete) {
  std::string id = PostStatus(alice_token_, {{"status", "first version"}});
  env_.clock.Advance(std::chrono::seconds(3));
  Res other = Send(Method::kPut, "/api/v1/statuses/" + id, bob_token_,
                   json::serialize(json::object{{"status", "hacked"}}));
  EXPECT_EQ(other.status, 403);
  Res edit =
      Send(Method::kPut, "/api/v1/statuses/" + id, alice_token_,
           json::serialize(json::object{{"status", "second version"}, {"spoiler_text", "cw"}}));
  ASSERT_EQ(edit.status, 200) << edit.raw.body;
  EXPECT_FALSE(edit.obj().at("edited_at").is_null());
  EXPECT_EQ(edit.obj().at("content").as_string(), "<p>second version</p>");
  EXPECT_EQ(edit.obj().at("spoiler_text").as_string(), "cw");
  EXPECT_TRUE(edit.obj().at("sensitive").as_bool());
  Res history = Get("/api/v1/statuses/" + id + "/history");
  ASSERT_EQ(history.status, 200);
  ASSERT_EQ(history.arr().size(), 2u);
  EXPECT_EQ(history.arr()[0].as_object().at("content").as_string(), "<p>first version</p>");
  EXPECT_EQ(history.arr()[1].as_object().at("content").as_string(), "<p>second version</p>");
  EXPECT_EQ(history.arr()[0].as_object().at("account").as_object().at("username").as_string(),
            "alice");
  Res source = Get("/api/v1/statuses/" + id + "/source", alice_token_);
  EXPECT_EQ(source.Str("text"), "second version");
  EXPECT_EQ(source.Str("spoiler_text"), "cw");

  EXPECT_EQ(Send(Method::kDelete, "/api/v1/statuses/" + id, bob_token_).status, 404);
  Res del = Send(Method::kDelete, "/api/v1/statuses/" + id, alice_token_);
  ASSERT_EQ(del.status, 200) << del.raw.body;
  EXPECT_EQ(del.Str("text"), "second version");
  EXPECT_EQ(del.Str("id"), id);
  EXPECT_EQ(Get("/api/v1/statuses/" + id).status, 404);
  EXPECT_EQ(Send(Method::kDelete, "/api/v1/statuses/" + id, alice_token_).status, 404);
}

TEST_F(StatusesApiTest, QuotesAndTheirStates) {
  std::string original = PostStatus(alice_token_, {{"status", "original thought"}});
  Res q =
      Post("/api/v1/statuses", bob_token_, {{"status", "so true"}, {"quoted_status_id", original}});
  ASSERT_EQ(q.status, 200) << q.raw.body;
  const std::string quote_id = q.Str("id");
  const auto& quote = q.obj().at("quote").as_object();
  EXPECT_EQ(quote.at("state").as_string(), "accepted");
  EXPECT_EQ(quote.at("quoted_status").as_object().at("id").as_string(), original);
  EXPECT_EQ(Get("/api/v1/statuses/" + original).obj().at("quotes_count").as_int64(), 1);
  Res quotes = Get("/api/v1/statuses/" + original + "/quotes");
  EXPECT_EQ(quotes.Ids(), std::vector<std::string>{quote_id});
  // A quote of a quote nests the inner one shallowly.
  Res qq =
      Post("/api/v1/statuses", carol_token_, {{"status", "+1"}, {"quoted_status_id", quote_id}});
  ASSERT_EQ(qq.status, 200);
  const auto& inner = qq.obj().at("quote").as_object().at("quoted_status").as_object();
  EXPECT_EQ(inner.at("quote").as_object().at("state").as_string(), "accepted");
  EXPECT_EQ(inner.at("quote").as_object().at("quoted_status_id").as_string(), original);
  // Only the quoted author may revoke (tested in QuoteRevocationAndPolicy).
  EXPECT_EQ(
      Post("/api/v1/statuses/" + original + "/quotes/" + quote_id + "/revoke", bob_token_).status,
      403);
  // Deleted: the quote stays, its state says so.
  ASSERT_EQ(Send(Method::kDelete, "/api/v1/statuses/" + original, alice_token_).status, 200);
  Res after = Get("/api/v1/statuses/" + quote_id);
  EXPECT_EQ(after.obj().at("quote").as_object().at("state").as_string(), "deleted");
  EXPECT_TRUE(after.obj().at("quote").as_object().at("quoted_status").is_null());
}

TEST_F(StatusesApiTest, FiltersWarnAndHide) {
  Follow(bob_, alice_);
  std::string spoiler = PostStatus(alice_token_, {{"status", "The finale was great"}});
  std::string other = PostStatus(alice_token_, {{"status", "nothing to see"}});
  Res f = Post("/api/v2/filters", bob_token_,
               {{"title", "TV"},
                {"context", json::array{"home"}},
                {"filter_action", "warn"},
                {"keywords_attributes",
                 json::array{json::object{{"keyword", "finale"}, {"whole_word", true}}}}});
  ASSERT_EQ(f.status, 200) << f.raw.body;
  EXPECT_EQ(f.obj().at("filter_action").as_string(), "warn");
  ASSERT_EQ(f.obj().at("keywords").as_array().size(), 1u);
  const std::string filter_id = f.Str("id");

  Res home = Get("/api/v1/timelines/home", bob_token_);
  ASSERT_EQ(home.Ids(), (std::vector<std::string>{other, spoiler}));
  const auto& filtered = home.arr()[1].as_object().at("filtered").as_array();
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0].as_object().at("filter").as_object().at("title").as_string(), "TV");
  EXPECT_EQ(filtered[0].as_object().at("keyword_matches").as_array(), json::array{"finale"});
  EXPECT_TRUE(home.arr()[0].as_object().at("filtered").as_array().empty());
  // Not in other contexts.
  EXPECT_TRUE(
      Get("/api/v1/statuses/" + spoiler, bob_token_).obj().at("filtered").as_array().empty());

  Res put = Send(Method::kPut, "/api/v2/filters/" + filter_id, bob_token_,
                 json::serialize(json::object{{"filter_action", "hide"}}));
  ASSERT_EQ(put.status, 200) << put.raw.body;
  EXPECT_EQ(Get("/api/v1/timelines/home", bob_token_).Ids(), std::vector<std::string>{other});

  Res v1 = Get("/api/v1/filters", bob_token_);
  ASSERT_EQ(v1.arr().size(), 1u);
  EXPECT_EQ(v1.arr()[0].as_object().at("phrase").as_string(), "finale");
  EXPECT_TRUE(v1.arr()[0].as_object().at("irreversible").as_bool());
  EXPECT_EQ(Get("/api/v2/filters/" + filter_id, alice_token_).status, 404);
  EXPECT_EQ(Get("/api/v2/filters/" + filter_id + "/keywords", bob_token_).arr().size(), 1u);
  Res bad = Post("/api/v2/filters", bob_token_, {{"title", ""}, {"context", json::array{"home"}}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Send(Method::kDelete, "/api/v2/filters/" + filter_id, bob_token_).status, 200);
  EXPECT_EQ(Get("/api/v1/timelines/home", bob_token_).Ids().size(), 2u);
}

TEST_F(StatusesApiTest, TimelinesPaginateWithLinkHeaders) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(PostStatus(alice_token_, {{"status", "post " + std::to_string(i) + " #daily"}}));
  }
  Res page1 = Get("/api/v1/timelines/public?limit=2");
  EXPECT_EQ(page1.Ids(), (std::vector<std::string>{ids[4], ids[3]}));
  EXPECT_NE(page1.Link().find("rel=\"next\""), std::string::npos);
  EXPECT_NE(page1.Link().find("limit=2"), std::string::npos);
  Res page2 = Get("/api/v1/timelines/public?limit=2&max_id=" + ids[3]);
  EXPECT_EQ(page2.Ids(), (std::vector<std::string>{ids[2], ids[1]}));
  Res newer = Get("/api/v1/timelines/public?limit=2&min_id=" + ids[1]);
  EXPECT_EQ(newer.Ids(), (std::vector<std::string>{ids[3], ids[2]}));
  Res since = Get("/api/v1/timelines/public?limit=2&since_id=" + ids[1]);
  EXPECT_EQ(since.Ids(), (std::vector<std::string>{ids[4], ids[3]}));
  EXPECT_EQ(Get("/api/v1/timelines/tag/daily?limit=40").Ids().size(), 5u);
  EXPECT_EQ(Get("/api/v1/timelines/public?limit=1000").Ids().size(), 5u);  // clamped, not an error
  EXPECT_EQ(Get("/api/v1/timelines/home").status, 401);
  EXPECT_EQ(Get("/api/v1/accounts/12345/statuses").status, 404);
  EXPECT_EQ(Get("/api/v1/timelines/list/12345", alice_token_).status, 404);
}

TEST_F(StatusesApiTest, ConversationsTagsAndSearch) {
  std::string dm = PostStatus(alice_token_, {{"status", "@bob psst"}, {"visibility", "direct"}});
  Res convs = Get("/api/v1/conversations", bob_token_);
  ASSERT_EQ(convs.status, 200);
  ASSERT_EQ(convs.arr().size(), 1u);
  const auto& c = convs.arr()[0].as_object();
  EXPECT_TRUE(c.at("unread").as_bool());
  EXPECT_EQ(c.at("last_status").as_object().at("id").as_string(), dm);
  ASSERT_EQ(c.at("accounts").as_array().size(), 1u);
  EXPECT_EQ(c.at("accounts").as_array()[0].as_object().at("username").as_string(), "alice");
  Res read =
      Post("/api/v1/conversations/" + std::string(c.at("id").as_string()) + "/read", bob_token_);
  ASSERT_EQ(read.status, 200) << read.raw.body;
  EXPECT_FALSE(read.obj().at("unread").as_bool());
  EXPECT_TRUE(Get("/api/v1/conversations", carol_token_).arr().empty());

  std::string tagged = PostStatus(alice_token_, {{"status", "#Magpie rocks"}});
  Res tag = Get("/api/v1/tags/magpie");
  ASSERT_EQ(tag.status, 200);
  EXPECT_EQ(tag.Str("name"), "Magpie");
  EXPECT_TRUE(tag.obj().at("history").as_array().empty());
  EXPECT_EQ(tag.obj().at("following").as_bool(), false);
  EXPECT_EQ(Get("/api/v1/tags/nosuchtag").status, 404);
  EXPECT_TRUE(Get("/api/v1/trends/tags").arr().empty());
  EXPECT_TRUE(Get("/api/v1/followed_tags", alice_token_).arr().empty());

  Res s = Get("/api/v2/search?q=%23magpie", bob_token_);
  ASSERT_EQ(s.status, 200);
  ASSERT_EQ(s.obj().at("hashtags").as_array().size(), 1u);
  s = Get("/api/v2/search?q=ali&type=accounts", bob_token_);
  ASSERT_EQ(s.obj().at("accounts").as_array().size(), 1u);
  EXPECT_TRUE(s.obj().at("statuses").as_array().empty());
  s = Get("/api/v2/search?q=https%3A%2F%2Fmagpie.test%2F%40alice%2F" + tagged, bob_token_);
  ASSERT_EQ(s.obj().at("statuses").as_array().size(), 1u);
  EXPECT_EQ(Get("/api/v2/search").status, 400);
  EXPECT_EQ(Get("/api/v2/search?q=x&type=bogus").status, 422);
}

TEST_F(StatusesApiTest, BlockedAuthorsVanishEverywhere) {
  std::string post = PostStatus(alice_token_, {{"status", "hello #world"}});
  ASSERT_TRUE(env_.graph->Block(alice_, carol_).ok());
  EXPECT_EQ(Get("/api/v1/statuses/" + post, carol_token_).status, 404);
  EXPECT_FALSE(Get("/api/v1/timelines/public", carol_token_).HasId(post));
  EXPECT_FALSE(Get("/api/v1/timelines/tag/world", carol_token_).HasId(post));
  EXPECT_TRUE(
      Get("/api/v1/accounts/" + std::to_string(alice_) + "/statuses", carol_token_).arr().empty());
  EXPECT_EQ(Post("/api/v1/statuses/" + post + "/favourite", carol_token_).status, 404);
}

TEST_F(StatusesApiTest, QuoteRevocationAndPolicy) {
  std::string original = PostStatus(alice_token_, {{"status", "原创 original"}});
  std::string quote =
      PostStatus(bob_token_, {{"status", "转发 repost"}, {"quoted_status_id", original}});
  std::string other =
      PostStatus(carol_token_, {{"status", "another"}, {"quoted_status_id", original}});
  EXPECT_EQ(Get("/api/v1/statuses/" + original).obj().at("quotes_count").as_int64(), 2);
  const std::string revoke = "/api/v1/statuses/" + original + "/quotes/" + quote + "/revoke";

  // Only the quoted author; only a quote of that status; a token with write:statuses.
  EXPECT_EQ(Post(revoke, bob_token_).status, 403);
  EXPECT_EQ(Post(revoke, "").status, 401);
  EXPECT_EQ(Post(revoke, Token(alice_, "read")).status, 403);
  EXPECT_EQ(
      Post("/api/v1/statuses/" + original + "/quotes/" + original + "/revoke", alice_token_).status,
      404);
  EXPECT_EQ(Post("/api/v1/statuses/" + original + "/quotes/nope/revoke", alice_token_).status, 404);

  Res revoked = Post(revoke, alice_token_);
  ASSERT_EQ(revoked.status, 200) << revoked.raw.body;
  EXPECT_EQ(revoked.Str("id"), quote);  // the quoting status comes back
  const auto& state = revoked.obj().at("quote").as_object();
  EXPECT_EQ(state.at("state").as_string(), "revoked");
  EXPECT_TRUE(state.at("quoted_status").is_null());
  // Everyone sees it revoked; it leaves /quotes and the count.
  for (const std::string& token : {std::string(), alice_token_, bob_token_, carol_token_}) {
    Res seen = Get("/api/v1/statuses/" + quote, token);
    ASSERT_EQ(seen.status, 200);
    EXPECT_EQ(seen.obj().at("quote").as_object().at("state").as_string(), "revoked");
    EXPECT_TRUE(seen.obj().at("quote").as_object().at("quoted_status").is_null());
  }
  EXPECT_EQ(Get("/api/v1/statuses/" + original + "/quotes").Ids(), std::vector<std::string>{other});
  EXPECT_EQ(Get("/api/v1/statuses/" + original).obj().at("quotes_count").as_int64(), 1);
  EXPECT_EQ(Post(revoke, alice_token_).status, 200);  // idempotent
  EXPECT_EQ(Get("/api/v1/statuses/" + original).obj().at("quotes_count").as_int64(), 1);
  // A quote of the revoked quote shows the inner quote's state shallowly.
  Res nested =
      Post("/api/v1/statuses", carol_token_, {{"status", "+1"}, {"quoted_status_id", quote}});
  ASSERT_EQ(nested.status, 200) << nested.raw.body;
  const auto& inner = nested.obj().at("quote").as_object().at("quoted_status").as_object();
  EXPECT_EQ(inner.at("quote").as_object().at("state").as_string(), "revoked");
  EXPECT_TRUE(inner.at("quote").as_object().at("quoted_status_id").is_null());

  // interaction_policy: the author changes who may quote.
  const std::string policy = "/api/v1/statuses/" + original + "/interaction_policy";
  Res nobody = Send(Method::kPut, policy, alice_token_,
                    json::serialize(json::object{{"quote_approval_policy", "nobody"}}));
  ASSERT_EQ(nobody.status, 200) << nobody.raw.body;
  EXPECT_TRUE(nobody.obj().at("quote_approval").as_object().at("automatic").as_array().empty());
  EXPECT_EQ(Get("/api/v1/statuses/" + original, bob_token_)
                .obj()
                .at("quote_approval")
                .as_object()
                .at("current_user")
                .as_string(),
            "denied");
  EXPECT_EQ(Post("/api/v1/statuses", bob_token_, {{"status", "x"}, {"quoted_status_id", original}})
                .status,
            403);
  Res followers = Send(Method::kPut, policy, alice_token_, "quote_approval_policy=followers", {},
                       "application/x-www-form-urlencoded");
  ASSERT_EQ(followers.status, 200) << followers.raw.body;
  EXPECT_EQ(followers.obj().at("quote_approval").as_object().at("automatic"),
            json::array{"followers"});
  Res unchanged = Send(Method::kPut, policy, alice_token_, "{}");
  EXPECT_EQ(unchanged.status, 200);
  EXPECT_EQ(Send(Method::kPut, policy, alice_token_,
                 json::serialize(json::object{{"quote_approval_policy", "everyone"}}))
                .status,
            422);
  EXPECT_EQ(Send(Method::kPut, policy, bob_token_,
                 json::serialize(json::object{{"quote_approval_policy", "public"}}))
                .status,
            403);
  EXPECT_EQ(Send(Method::kPut, "/api/v1/statuses/123456789/interaction_policy", alice_token_,
                 json::serialize(json::object{{"quote_approval_policy", "public"}}))
                .status,
            404);
  // A private post stays "nobody".
  std::string priv = PostStatus(alice_token_, {{"status", "friends"}, {"visibility", "private"}});
  Res still = Send(Method::kPut, "/api/v1/statuses/" + priv + "/interaction_policy", alice_token_,
                   json::serialize(json::object{{"quote_approval_policy", "public"}}));
  ASSERT_EQ(still.status, 200);
  EXPECT_TRUE(still.obj().at("quote_approval").as_object().at("automatic").as_array().empty());
  // Editing takes the policy too.
  Res edited = Send(
      Method::kPut, "/api/v1/statuses/" + original, alice_token_,
      json::serialize(json::object{{"status", "edited"}, {"quote_approval_policy", "public"}}));
  ASSERT_EQ(edited.status, 200) << edited.raw.body;
  EXPECT_EQ(edited.obj().at("quote_approval").as_object().at("automatic"), json::array{"public"});
}

TEST_F(StatusesApiTest, MutingAConversation) {
  std::string root = PostStatus(alice_token_, {{"status", "a thread"}});
  std::string reply =
      PostStatus(bob_token_, {{"status", "@alice first"}, {"in_reply_to_id", root}});
  Res muted = Post("/api/v1/statuses/" + reply + "/mute", alice_token_);
  ASSERT_EQ(muted.status, 200) << muted.raw.body;
  EXPECT_TRUE(muted.obj().at("muted").as_bool());
  EXPECT_TRUE(Get("/api/v1/statuses/" + root, alice_token_).obj().at("muted").as_bool());
  EXPECT_FALSE(Get("/api/v1/statuses/" + root, bob_token_).obj().at("muted").as_bool());
  EXPECT_FALSE(Get("/api/v1/statuses/" + root).obj().contains("muted"));

  auto mentions = [&](const std::string& token) {
    Res r = Get("/api/v1/notifications?types[]=mention", token);
    return r.arr().size();
  };
  const size_t before = mentions(alice_token_);
  PostStatus(carol_token_, {{"status", "@alice second"}, {"in_reply_to_id", reply}});
  EXPECT_EQ(mentions(alice_token_), before);
  EXPECT_EQ(Post("/api/v1/statuses/" + root + "/favourite", carol_token_).status, 200);
  EXPECT_TRUE(Get("/api/v1/notifications?types[]=favourite", alice_token_).arr().empty());

  Res unmuted = Post("/api/v1/statuses/" + root + "/unmute", alice_token_);
  ASSERT_EQ(unmuted.status, 200);
  EXPECT_FALSE(unmuted.obj().at("muted").as_bool());
  PostStatus(carol_token_, {{"status", "@alice third"}, {"in_reply_to_id", reply}});
  EXPECT_EQ(mentions(alice_token_), before + 1);

  // write:mutes, a visible status, a user.
  EXPECT_EQ(Post("/api/v1/statuses/" + root + "/mute", Token(alice_, "read write:statuses")).status,
            403);
  EXPECT_EQ(Post("/api/v1/statuses/" + root + "/mute", Token(alice_, "write:mutes")).status, 200);
  EXPECT_EQ(Post("/api/v1/statuses/" + root + "/mute", "").status, 401);
  EXPECT_EQ(Post("/api/v1/statuses/999999/mute", alice_token_).status, 404);
  std::string priv = PostStatus(alice_token_, {{"status", "friends"}, {"visibility", "private"}});
  EXPECT_EQ(Post("/api/v1/statuses/" + priv + "/mute", carol_token_).status, 404);
}

TEST_F(StatusesApiTest, StatusNotificationsForFollowersWhoAskedForThem) {
  Res follow = Post("/api/v1/accounts/" + std::to_string(alice_) + "/follow", bob_token_,
                    {{"notify", true}});
  ASSERT_EQ(follow.status, 200) << follow.raw.body;
  EXPECT_TRUE(follow.obj().at("notifying").as_bool());
  std::string post = PostStatus(alice_token_, {{"status", "news for my followers"}});
  Res notes = Get("/api/v1/notifications?types[]=status", bob_token_);
  ASSERT_EQ(notes.status, 200);
  ASSERT_EQ(notes.arr().size(), 1u);
  EXPECT_EQ(notes.arr()[0].as_object().at("type").as_string(), "status");
  EXPECT_EQ(notes.arr()[0].as_object().at("status").as_object().at("id").as_string(), post);
  EXPECT_TRUE(Get("/api/v1/notifications?types[]=status", carol_token_).arr().empty());
}

TEST_F(StatusesApiTest, FollowingHashtags) {
  // Following a tag: Tag entity with following=true, in any spelling; a topic with a space.
  Res followed = Post("/api/v1/tags/Magpie/follow", carol_token_);
  ASSERT_EQ(followed.status, 200) << followed.raw.body;
  EXPECT_EQ(followed.Str("name"), "Magpie");
  EXPECT_TRUE(followed.obj().at("following").as_bool());
  EXPECT_EQ(followed.Str("url"), "https://magpie.test/tags/Magpie");
  ASSERT_EQ(
      Post("/api/v1/tags/%E6%98%A5%E8%8A%82%20%E5%BF%AB%E4%B9%90/follow", carol_token_).status,
      200);
  ASSERT_EQ(Post("/api/v1/tags/rust/follow", carol_token_).status, 200);
  EXPECT_TRUE(Get("/api/v1/tags/magpie", carol_token_).obj().at("following").as_bool());
  // For others a tag exists once a post they can see carries it.
  EXPECT_EQ(Get("/api/v1/tags/magpie", bob_token_).status, 404);

  Res list = Get("/api/v1/followed_tags?limit=2", carol_token_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.arr().size(), 2u);
  EXPECT_EQ(list.arr()[0].as_object().at("name").as_string(), "rust");
  EXPECT_TRUE(list.arr()[0].as_object().at("following").as_bool());
  const std::string link = list.Link();
  ASSERT_NE(link.find("rel=\"next\""), std::string::npos) << link;
  size_t at = link.find("max_id=");
  ASSERT_NE(at, std::string::npos);
  std::string max_id = link.substr(at + 7, link.find_first_of("&>", at) - at - 7);
  Res next = Get("/api/v1/followed_tags?limit=2&max_id=" + max_id, carol_token_);
  ASSERT_EQ(next.arr().size(), 1u);
  EXPECT_EQ(next.arr()[0].as_object().at("name").as_string(), "Magpie");

  // Posts with a followed tag reach the home timeline of someone who follows neither author.
  EXPECT_EQ(Get("/api/v1/timelines/home", carol_token_).status, 200);  // carol's feed is cached
  std::string tagged = PostStatus(alice_token_, {{"status", "news #magpie"}});
  std::string topic = PostStatus(bob_token_, {{"status", "#春节 快乐# 大家好"}});
  std::string priv =
      PostStatus(alice_token_, {{"status", "secret #magpie"}, {"visibility", "private"}});
  std::string plain = PostStatus(alice_token_, {{"status", "no tags"}});
  Res home = Get("/api/v1/timelines/home", carol_token_);
  EXPECT_TRUE(home.HasId(tagged));
  EXPECT_TRUE(home.HasId(topic));
  EXPECT_FALSE(home.HasId(priv));
  EXPECT_FALSE(home.HasId(plain));
  EXPECT_FALSE(Get("/api/v1/tags/magpie", bob_token_).obj().at("following").as_bool());

  // Unfollowing: Tag with following=false; the tag's posts leave home.
  Res unfollowed = Post("/api/v1/tags/magpie/unfollow", carol_token_);
  ASSERT_EQ(unfollowed.status, 200);
  EXPECT_FALSE(unfollowed.obj().at("following").as_bool());
  home = Get("/api/v1/timelines/home", carol_token_);
  EXPECT_FALSE(home.HasId(tagged));
  EXPECT_TRUE(home.HasId(topic));
  EXPECT_EQ(Get("/api/v1/followed_tags", carol_token_).arr().size(), 2u);

  // Errors and scopes.
  EXPECT_EQ(Post("/api/v1/tags/%21%21%21/follow", carol_token_).status, 422);
  EXPECT_EQ(Post("/api/v1/tags/" + std::string(101, 'a') + "/follow", carol_token_).status, 422);
  EXPECT_EQ(Post("/api/v1/tags/%FF/follow", carol_token_).status, 422);  // the server: 400
  EXPECT_EQ(Post("/api/v1/tags/magpie/follow", "").status, 401);
  EXPECT_EQ(Post("/api/v1/tags/magpie/follow", Token(carol_, "read write:statuses")).status, 403);
  EXPECT_EQ(Post("/api/v1/tags/magpie/follow", Token(carol_, "write:follows")).status, 200);
  EXPECT_EQ(Get("/api/v1/followed_tags", Token(carol_, "read:statuses")).status, 403);
  EXPECT_EQ(Get("/api/v1/followed_tags", Token(carol_, "read:follows")).status, 200);
  EXPECT_EQ(Get("/api/v1/followed_tags").status, 401);
}

}  // namespace
}  // namespace magpie::api
