#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace magpie::http {
namespace {

// A handler that answers with its own name, so a test can tell which route matched.
Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name, "text/plain"); };
}

std::string Call(const Router::Match& m) {
  if (!m.handler) return "<none>";
  Request req;
  return (*m.handler)(req).body;
}

TEST(RouterTest, LiteralBeatsParameterWhateverTheOrderOfRegistration) {
  Router r;
  r.Add(Method::kGet, "/api/v1/accounts/:id", Named("by-id"));
  r.Add(Method::kGet, "/api/v1/accounts/lookup", Named("lookup"));
  EXPECT_EQ(Call(r.Find(Method::kGet, "/api/v1/accounts/lookup")), "lookup");
  auto m = r.Find(Method::kGet, "/api/v1/accounts/12345");
  EXPECT_EQ(Call(m), "by-id");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "12345");
}

TEST(RouterTest, BacktracksFromALiteralBranchToAParameter) {
  Router r;
  r.Add(Method::kGet, "/a/lookup/x", Named("literal"));
  r.Add(Method::kGet, "/a/:id/y", Named("param"));
  EXPECT_EQ(Call(r.Find(Method::kGet, "/a/lookup/x")), "literal");
  auto m = r.Find(Method::kGet, "/a/lookup/y");
  EXPECT_EQ(Call(m), "param");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "lookup");
}

TEST(RouterTest, SeveralParametersAndNamesPerRoute) {
  Router r;
  r.Add(Method::kPost, "/api/v1/statuses/:id/favourite", Named("fav"));
  r.Add(Method::kGet, "/api/v1/lists/:list_id/accounts", Named("list"));
  r.Add(Method::kGet, "/api/v1/lists/:id", Named("one-list"));
  r.Add(Method::kGet, "/x/:a/y/:b", Named("two"));

  auto m = r.Find(Method::kPost, "/api/v1/statuses/99/favourite");
  EXPECT_EQ(Call(m), "fav");
  EXPECT_EQ(m.params, (Fields{{"id", "99"}}));

  m = r.Find(Method::kGet, "/api/v1/lists/7/accounts");
  EXPECT_EQ(m.params, (Fields{{"list_id", "7"}}));
  m = r.Find(Method::kGet, "/api/v1/lists/7");
  EXPECT_EQ(m.params, (Fields{{"id", "7"}}));

  m = r.Find(Method::kGet, "/x/1/y/2");
  EXPECT_EQ(m.params, (Fields{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(Call(r.Find(Method::kGet, "/x/1/y")), "<none>");
}

TEST(RouterTest, TrailingSlashIsTolerated) {
  Router r;
  r.Add(Method::kGet, "/api/v1/statuses", Named("list"));
  r.Add(Method::kGet, "/", Named("root"));
  EXPECT_EQ(Call(r.Find(Method::kGet, "/api/v1/statuses/")), "list");
  EXPECT_EQ(Call(r.Find(Method::kGet, "/api/v1/statuses")), "list");
  EXPECT_EQ(Call(r.Find(Method::kGet, "/")), "root");
  // Only one trailing slash; empty segments elsewhere do not match.
  EXPECT_EQ(Call(r.Find(Method::kGet, "/api/v1/statuses//")), "<none>");
  EXPECT_EQ(Call(r.Find(Method::kGet, "/api//v1/statuses")), "<none>");
  EXPECT_EQ(Call(r.Find(Method::kGet, "api/v1/statuses")), "<none>");
}

TEST(RouterTest, WrongMethodReportsPathKnownWithAllowedMethods) {
  Router r;
  r.Add(Method::kGet, "/api/v1/statuses/:id", Named("get"));
  r.Add(Method::kDelete, "/api/v1/statuses/:id", Named("delete"));
  r.Add(Method::kPost, "/api/v1/statuses", Named("post"));

  auto m = r.Find(Method::kPut, "/api/v1/statuses/5");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kHead, Method::kDelete}));

  m = r.Find(Method::kGet, "/api/v1/nothing");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_FALSE(m.path_known);
  EXPECT_TRUE(m.allowed.empty());
}

TEST(RouterTest, HeadUsesGetRoute) {
  Router r;
  r.Add(Method::kGet, "/health", Named("get"));
  EXPECT_EQ(Call(r.Find(Method::kHead, "/health")), "get");
  r.Add(Method::kHead, "/health", Named("head"));
  EXPECT_EQ(Call(r.Find(Method::kHead, "/health")), "head");
}

TEST(RouterTest, FallbackOnlyForUnmatchedGetAndHead) {
  Router r;
  r.Add(Method::kPost, "/api/v1/statuses", Named("post"));
  r.SetFallback(Named("spa"), RouteOptions{.run_inline = true});

  auto m = r.Find(Method::kGet, "/@alice/123");
  EXPECT_EQ(Call(m), "spa");
  EXPECT_TRUE(m.options.run_inline);
  EXPECT_EQ(Call(r.Find(Method::kHead, "/assets/app.js")), "spa");
  EXPECT_EQ(Call(r.Find(Method::kPost, "/somewhere")), "<none>");
  // A known path under another method is a 405, not the web app.
  m = r.Find(Method::kGet, "/api/v1/statuses");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.path_known);
}

TEST(RouterTest, RouteOptionsTravelWithTheMatch) {
  Router r;
  r.Add(Method::kGet, "/fast", Named("fast"), RouteOptions{.run_inline = true});
  r.Add(Method::kGet, "/slow", Named("slow"));
  EXPECT_TRUE(r.Find(Method::kGet, "/fast").options.run_inline);
  EXPECT_FALSE(r.Find(Method::kGet, "/slow").options.run_inline);
}

TEST(RouterTest, BadPatternsAndDuplicatesAreProgrammingErrors) {
  Router r;
  EXPECT_THROW(r.Add(Method::kGet, "no-slash", Named("x")), std::invalid_argument);
  EXPECT_THROW(r.Add(Method::kGet, "/a//b", Named("x")), std::invalid_argument);
  EXPECT_THROW(r.Add(Method::kGet, "/a/:", Named("x")), std::invalid_argument);
  r.Add(Method::kGet, "/a/:id", Named("x"));
  EXPECT_THROW(r.Add(Method::kGet, "/a/:other", Named("y")), std::logic_error);
}

}  // namespace
}  // namespace magpie::http
