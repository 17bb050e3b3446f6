#include "web/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace magpie::web {
namespace {

namespace fs = std::filesystem;

std::string HeaderOf(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

void Write(const fs::path& p, std::string_view content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << content;
}

// A temporary dist directory shaped like Vite's output, plus a secret file beside it that no
// request may reach.
class WebAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    base_ = fs::temp_directory_path() / ("magpie-web-test-" + std::to_string(rd()));
    dist_ = base_ / "dist";
    Write(dist_ / "index.html", "<!doctype html><title>Magpie</title>");
    Write(dist_ / "assets" / "index-AbC123.js", "console.log(1)");
    Write(dist_ / "assets" / "index-AbC123.css", "body{}");
    Write(dist_ / "assets" / "font.woff2", "w");
    Write(dist_ / "favicon.svg", "<svg/>");
    Write(dist_ / "manifest.webmanifest", "{}");
    Write(dist_ / ".vite" / "manifest.json", "{}");
    Write(base_ / "secret.txt", "secret");
    RegisterWebApp(router_, dist_.string());
  }
  void TearDown() override { fs::remove_all(base_); }

  http::Response Get(std::string path, http::Method method = http::Method::kGet) {
    auto match = router_.Find(method, path);
    EXPECT_NE(match.handler, nullptr) << path;
    if (!match.handler) return {};
    http::Request req;
    req.method = method;
    req.path = std::move(path);
    req.target = req.path;
    return (*match.handler)(req);
  }

  fs::path base_, dist_;
  http::Router router_;
};

TEST_F(WebAppTest, ServesHashedAssetsImmutableWithTheirContentType) {
  auto js = Get("/assets/index-AbC123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(fs::path(js.file_path), fs::weakly_canonical(dist_ / "assets" / "index-AbC123.js"));
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(js, "Cache-Control"), "public, max-age=31536000, immutable");

  EXPECT_EQ(Get("/assets/index-AbC123.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Get("/assets/font.woff2").content_type, "font/woff2");
}

TEST_F(WebAppTest, ServesOtherFilesWithNoCache) {
  auto svg = Get("/favicon.svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(HeaderOf(svg, "Cache-Control"), "no-cache");
  EXPECT_EQ(Get("/manifest.webmanifest").content_type, "application/manifest+json; charset=utf-8");
}

TEST_F(WebAppTest, HeadIsServedLikeGet) {
  auto r = Get("/assets/index-AbC123.js", http::Method::kHead);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
}

TEST_F(WebAppTest, AppPathsGetIndexHtmlUncached) {
  for (const char* path :
       {"/", "/@alice", "/@alice@example.com/followers", "/tags/x", "/tags/春节 快乐",
        "/statuses/1", "/callback", "/settings", "/index.html"}) {
    auto r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(fs::path(r.file_path), fs::weakly_canonical(dist_ / "index.html")) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache") << path;
    EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  }
}

TEST_F(WebAppTest, ServerPathsAreNeverSwallowed) {
  for (const char* path :
       {"/api", "/api/v1/nothing", "/api/v2/x/y", "/oauth/nothing", "/.well-known/nothing",
        "/nodeinfo", "/nodeinfo/2.0", "/health", "/metrics", "/metrics/x"}) {
    auto r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body, R"({"error":"Not found"})") << path;
    EXPECT_TRUE(r.file_path.empty()) << path;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8") << path;
  }
  // Only whole segments count: these are app paths.
  EXPECT_EQ(Get("/apiary").status, 200);
  EXPECT_EQ(Get("/healthy").status, 200);
}

TEST_F(WebAppTest, TraversalIsRejected) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/./index.html",
                           "/assets/..%2f..%2fsecret.txt", "/assets\\..\\..\\secret.txt",
                           "/.vite/manifest.json", "/assets/.hidden"}) {
    auto r = Get(path);
    EXPECT_TRUE(r.file_path.empty() ||
                fs::path(r.file_path) == fs::weakly_canonical(dist_ / "index.html"))
        << path;
    EXPECT_EQ(r.file_path.find("secret"), std::string::npos) << path;
    EXPECT_EQ(r.file_path.find(".vite"), std::string::npos) << path;
  }
  std::string with_nul = "/assets/index-AbC123.js";
  with_nul.push_back('\0');
  with_nul += ".png";
  EXPECT_EQ(Get(with_nul).status, 404);
}

TEST_F(WebAppTest, SymlinkOutOfTheDistDirIsRejected) {
  std::error_code ec;
  fs::create_symlink(base_ / "secret.txt", dist_ / "assets" / "link.js", ec);
  if (ec) GTEST_SKIP() << "cannot create symlinks here";
  auto r = Get("/assets/link.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.file_path.empty());
}

TEST_F(WebAppTest, MissingAssetIs404NotHtml) {
  auto r = Get("/assets/index-OLDHASH.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.file_path.empty());
}

TEST_F(WebAppTest, MissingFilesOutsideAssetsAre404ButDottedAppPathsAreNot) {
  for (const char* path :
       {"/favicon.ico", "/avatars/original/missing.png", "/robots.txt", "/sw.js"}) {
    auto r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(r.file_path.empty()) << path;
  }
  for (const char* path : {"/@alice@example.com", "/@bob@mastodon.social/followers", "/tags/vue.js",
                           "/statuses/1.5", "/search", "/a.b/c"}) {
    EXPECT_EQ(Get(path).status, 200) << path;
  }
}

TEST_F(WebAppTest, MissingBuildAnswersWithAHint) {
  http::Router router;
  RegisterWebApp(router, (base_ / "no-such-dist").string());
  auto match = router.Find(http::Method::kGet, "/");
  ASSERT_NE(match.handler, nullptr);
  http::Request req;
  req.path = "/";
  auto r = (*match.handler)(req);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("npm run build"), std::string::npos);
  req.path = "/api/v1/x";
  EXPECT_EQ((*match.handler)(req).status, 404);
}

TEST(ContentTypeTest, KnowsTheBuildOutputTypes) {
  EXPECT_EQ(ContentTypeFor("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
}

}  // namespace
}  // namespace magpie::web
