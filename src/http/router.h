// Routes requests to handlers by method and path pattern. Patterns are literal segments and
// ":name" segments ("/api/v1/statuses/:id/favourite"); literal segments win over parameters, so
// "/api/v1/accounts/lookup" beats "/api/v1/accounts/:id". Built once at start-up, then read-only
// and safe to use from every thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "http/reply.h"

namespace magpie::http {

using Handler = std::function<Response(Request&)>;
// A route's fast path, tried on the event-loop thread inside a core::NonBlockingScope: it answers
// through the Reply (now, or later from another thread), or throws core::WouldBlock before it has
// changed anything observable or handed the Reply on -- then the route's Handler runs on the
// worker pool as for any other request.
using AsyncHandler = std::function<void(Request&, Reply)>;

struct RouteOptions {
  // Handlers run on the blocking worker pool by default (they may touch storage). A handler that
  // only reads memory and never blocks may run inline on the event-loop thread, saving two
  // thread hops.
  bool run_inline = false;
  // Try the handler on the event-loop thread first, inside a core::NonBlockingScope: code about to
  // block (a store read) throws core::WouldBlock there, and the server runs the handler again,
  // from the start, on the worker pool. For handlers that change nothing observable before their
  // first blocking call (reads); the Request they are given must be left as it was.
  bool inline_first = false;
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  void Add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});
  // A route with an asynchronous fast path (AsyncHandler) and the blocking handler it falls back
  // to; the server falls back too when RouteOptions' inline_first is turned off server-wide.
  void Add(Method method, std::string_view pattern, Handler handler, AsyncHandler fast_path,
           RouteOptions options = {});
  // Answers requests no route matches (the web app's static files and its SPA fallback).
  void SetFallback(Handler handler, RouteOptions options = {});

  struct Match {
    const Handler* handler = nullptr;         // null: no route for this path, or wrong method
    const AsyncHandler* fast_path = nullptr;  // the route's AsyncHandler, if it has one
    RouteOptions options;
    bool path_known = false;  // true when the path matched under another method (405)
    Fields params;
    // When path_known: the methods the path accepts, for the Allow header of a 405 (HEAD is
    // listed wherever GET is).
    std::vector<Method> allowed;
  };
  // A HEAD request uses the GET route when the pattern has no HEAD route of its own. One
  // trailing slash is ignored ("/api/v1/statuses/" finds "/api/v1/statuses"). GET and HEAD
  // requests that no pattern matches go to the fallback, when one is set.
  Match Find(Method method, std::string_view path) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  Handler fallback_;
  RouteOptions fallback_options_;
};

}  // namespace magpie::http
