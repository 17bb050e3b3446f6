// A trie of path segments. Each node has literal children, at most one ":param" child (routes
// may name the parameter differently at the same position, so names live on the route, not on
// the node) and one route slot per method. Lookup walks literals before the parameter child and
// backtracks, so a literal wins wherever both could match, yet "/a/lookup/x" can still reach
// "/a/:id/x" when the literal branch has no "x". Built at start-up; Find is const and touches no
// shared mutable state, so any number of threads may call it.
#include "http/router.h"

#include <array>
#include <map>
#include <optional>
#include <stdexcept>

namespace magpie::http {
namespace {

constexpr size_t kMethodCount = static_cast<size_t>(Method::kOther) + 1;

size_t Index(Method m) { return static_cast<size_t>(m); }

// Splits "/a/b" into {"a", "b"}, ignoring one trailing slash. Returns false for a path that
// does not start with '/' or has an empty segment ("/a//b").
bool SplitPath(std::string_view path, std::vector<std::string_view>& out) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return true;
  for (;;) {
    size_t slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    if (seg.empty()) return false;
    out.push_back(seg);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

struct Route {
  Handler handler;
  AsyncHandler fast_path;
  RouteOptions options;
  std::vector<std::string> param_names;  // one per ":param" segment, in order
};

}  // namespace

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;
  std::array<std::optional<Route>, kMethodCount> routes;

  const Route* RouteFor(Method m) const {
    if (routes[Index(m)]) return &*routes[Index(m)];
    // HEAD is GET without the body: the server drops the body, so the GET route serves both.
    if (m == Method::kHead && routes[Index(Method::kGet)]) return &*routes[Index(Method::kGet)];
    return nullptr;
  }
  bool HasAnyRoute() const {
    for (const auto& r : routes) {
      if (r) return true;
    }
    return false;
  }
};

namespace {

struct Search {
  Method method;
  const std::vector<std::string_view>& segments;
  std::vector<std::string_view> captured;    // values of ":param" segments on the current branch
  std::array<bool, kMethodCount> allowed{};  // methods of every node that matched the path
  bool path_known = false;
};

template <typename NodeT>
const Route* Walk(const NodeT& node, size_t depth, Search& s) {
  if (depth == s.segments.size()) {
    if (const Route* r = node.RouteFor(s.method)) return r;
    if (node.HasAnyRoute()) {
      s.path_known = true;
      for (size_t i = 0; i < kMethodCount; ++i) s.allowed[i] |= node.routes[i].has_value();
    }
    return nullptr;
  }
  std::string_view seg = s.segments[depth];
  if (auto it = node.literals.find(seg); it != node.literals.end()) {
    if (const Route* r = Walk(*it->second, depth + 1, s)) return r;
  }
  if (node.param) {
    s.captured.push_back(seg);
    if (const Route* r = Walk(*node.param, depth + 1, s)) return r;
    s.captured.pop_back();
  }
  return nullptr;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  Add(method, pattern, std::move(handler), nullptr, options);
}

void Router::Add(Method method, std::string_view pattern, Handler handler, AsyncHandler fast_path,
                 RouteOptions options) {
  // Routes are registered by code at start-up: a bad pattern is a programming error, reported
  // loudly rather than silently never matching.
  std::vector<std::string_view> segments;
  if (!SplitPath(pattern, segments)) {
    throw std::invalid_argument("http::Router: bad route pattern \"" + std::string(pattern) + "\"");
  }
  Route route{std::move(handler), std::move(fast_path), options, {}};
  Node* node = root_.get();
  for (std::string_view seg : segments) {
    if (seg.front() == ':') {
      if (seg.size() == 1) {
        throw std::invalid_argument("http::Router: unnamed parameter in \"" + std::string(pattern) +
                                    "\"");
      }
      route.param_names.emplace_back(seg.substr(1));
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      auto& child = node->literals[std::string(seg)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  auto& slot = node->routes[Index(method)];
  if (slot) {
    throw std::logic_error("http::Router: duplicate route " + std::string(MethodName(method)) +
                           " " + std::string(pattern));
  }
  slot = std::move(route);
}

void Router::SetFallback(Handler handler, RouteOptions options) {
  fallback_ = std::move(handler);
  fallback_options_ = options;
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match match;
  std::vector<std::string_view> segments;
  const Route* route = nullptr;
  Search search{method, segments, {}, {}, false};
  if (SplitPath(path, segments)) route = Walk(*root_, 0, search);
  if (route) {
    match.handler = &route->handler;
    if (route->fast_path) match.fast_path = &route->fast_path;
    match.options = route->options;
    match.params.reserve(route->param_names.size());
    for (size_t i = 0; i < route->param_names.size(); ++i) {
      match.params.emplace_back(route->param_names[i], std::string(search.captured[i]));
    }
    return match;
  }
  if (search.path_known) {
    match.path_known = true;
    for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                     Method::kDelete, Method::kOptions}) {
      bool allowed = search.allowed[Index(m)];
      if (m == Method::kHead) allowed |= search.allowed[Index(Method::kGet)];
      if (allowed) match.allowed.push_back(m);
    }
    return match;
  }
  if ((method == Method::kGet || method == Method::kHead) && fallback_) {
    match.handler = &fallback_;
    match.options = fallback_options_;
  }
  return match;
}

}  // namespace magpie::http
