// The web app's static files (DESIGN.md §10): the browser client built by `npm run build` into
// web/dist is served by `magpie serve` itself, through the router's fallback, so every API
// route keeps priority.
//
//   GET/HEAD /assets/<hashed name>  the file, Cache-Control "public, max-age=31536000, immutable"
//   GET/HEAD /<other existing file> the file (favicon.svg, manifest.webmanifest), "no-cache"
//   GET/HEAD /, /@alice, /tags/x,   index.html, "no-cache" (the app routes in the browser)
//            /statuses/1, /callback
//   /api/..., /oauth/..., /.well-known/..., /nodeinfo..., /health..., /metrics...
//                                    404 {"error":"Not found"}: never swallowed by the app
//   a missing file under /assets/,   404 (a stale page asking for an old bundle, or an <img>, must
//   or a missing /x/name.ext          not get HTML); /@a@b.example, /tags/..., /statuses/... are
//                                     app paths even with a dot
//
// Paths are resolved inside dist_dir only: segments "." and "..", hidden names (".vite/"),
// backslashes and NUL bytes are refused, and the resolved path must stay under the canonical
// dist_dir (std::filesystem::weakly_canonical, which also resolves symbolic links).
// Thread-safety: the installed handler holds only immutable state and may run on any thread.
#pragma once

#include <string>

#include "http/router.h"

namespace magpie::web {

// Installs router.SetFallback(...) serving the files under dist_dir (normally <repo>/web/dist,
// or MAGPIE_WEB_DIST). A dist_dir without index.html is allowed (the API still works); app
// paths then answer 503 with a plain-text hint to build the web app.
void RegisterWebApp(http::Router& router, std::string dist_dir);

// Exposed for tests: the Content-Type for a file name, by extension.
std::string ContentTypeFor(const std::string& file_name);

}  // namespace magpie::web
