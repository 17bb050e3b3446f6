// Serving web/dist: see static_files.h for the contract. The handler is a pure function of the
// request path and the files on disk; the only state is the canonical root, computed once.
#include "web/static_files.h"

#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>

namespace magpie::web {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

// The browser may load scripts, styles, fonts and pictures from this origin; pictures and media
// also from other servers (remote avatars); nothing inline, no plugins, no framing.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data: blob:; "
    "media-src 'self' https: blob:; font-src 'self'; connect-src 'self' https: wss: ws:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// Server paths the app must never answer, whether or not a route exists for them yet.
bool IsServerPath(std::string_view path) {
  for (std::string_view prefix :
       {"/api", "/oauth", "/.well-known", "/nodeinfo", "/health", "/metrics"}) {
    if (path.substr(0, prefix.size()) == prefix &&
        (path.size() == prefix.size() || path[prefix.size()] == '/' || prefix == "/nodeinfo")) {
      return true;
    }
  }
  return false;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A path whose last segment has a file extension ("/favicon.ico", "/avatars/x/missing.png")
// asks for a file, not for a screen: when no such file exists it gets a 404, not index.html,
// so an image or a script never receives HTML. The app's own paths that may contain a dot
// (/@alice@example.com, /tags/..., /statuses/...) are exempt.
bool LooksLikeFile(std::string_view path) {
  if (StartsWith(path, "/@") || StartsWith(path, "/tags/") || StartsWith(path, "/statuses/")) {
    return false;
  }
  const std::string_view last = path.substr(path.rfind('/') + 1);
  const size_t dot = last.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == last.size()) return false;
  const std::string_view ext = last.substr(dot + 1);
  if (ext.size() > 11) return false;
  for (char c : ext) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

// Sets `out` to the request path relative to dist_dir; false when any segment is unsafe. An
// empty relative path means the root ("/").
bool SafeRelative(std::string_view path, fs::path& out) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return false;
  }
  fs::path rel;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(pos, slash - pos);
    if (!seg.empty()) {
      // "." and ".." would climb; other dot names are build metadata (.vite/manifest.json).
      if (seg.front() == '.') return false;
      rel /= fs::path(std::string(seg));
    }
    pos = slash + 1;
  }
  out = std::move(rel);
  return true;
}

bool IsUnder(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (r->empty()) continue;  // a trailing separator on root yields an empty last element
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}

http::Response NotFound() { return http::Response::Json(404, R"({"error":"Not found"})"); }

http::Response FileResponse(const fs::path& file, std::string_view cache_control) {
  http::Response r;
  r.status = 200;
  r.file_path = file.string();
  r.content_type = ContentTypeFor(file.filename().string());
  r.SetHeader("Cache-Control", std::string(cache_control));
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

class WebApp {
 public:
  explicit WebApp(std::string dist_dir) {
    std::error_code ec;
    root_ = fs::weakly_canonical(fs::absolute(fs::path(std::move(dist_dir)), ec), ec);
    index_ = root_ / "index.html";
  }

  http::Response Serve(const http::Request& req) const {
    if (req.method != http::Method::kGet && req.method != http::Method::kHead) return NotFound();
    const std::string_view path = req.path;
    if (IsServerPath(path)) return NotFound();
    fs::path rel;
    if (!SafeRelative(path, rel)) return NotFound();

    const bool is_asset = StartsWith(path, "/assets/");
    if (!rel.empty()) {
      std::error_code ec;
      const fs::path resolved = fs::weakly_canonical(root_ / rel, ec);
      if (!ec && IsUnder(root_, resolved) && fs::is_regular_file(resolved, ec)) {
        if (resolved == index_) return IndexResponse();
        return FileResponse(resolved, is_asset ? kImmutable : kNoCache);
      }
      if (is_asset || LooksLikeFile(path)) return NotFound();
    }
    return IndexResponse();
  }

 private:
  http::Response IndexResponse() const {
    std::error_code ec;
    if (!fs::is_regular_file(index_, ec)) {
      return http::Response::Text(
          503,
          "The Magpie web app is not built. Run `npm ci --prefix web && npm run build --prefix "
          "web` (or `make run`), or point MAGPIE_WEB_DIST at a built web/dist. The API works "
          "without it.\n",
          "text/plain; charset=utf-8");
    }
    http::Response r = FileResponse(index_, kNoCache);
    r.SetHeader("Content-Security-Policy", std::string(kContentSecurityPolicy));
    r.SetHeader("Referrer-Policy", "same-origin");
    return r;
  }

  fs::path root_;
  fs::path index_;
};

}  // namespace

std::string ContentTypeFor(const std::string& file_name) {
  const size_t dot = file_name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : file_name.substr(dot + 1);
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "webmanifest") return "application/manifest+json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "webp") return "image/webp";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void RegisterWebApp(http::Router& router, std::string dist_dir) {
  auto app = std::make_shared<const WebApp>(std::move(dist_dir));
  router.SetFallback([app](http::Request& req) { return app->Serve(req); });
}

}  // namespace magpie::web
