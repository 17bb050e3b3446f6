// Lets code that is about to block (a SQLite read, a wait for a group commit) refuse to do so on
// a thread that must not block: an event-loop thread trying a handler inline (http::RouteOptions
// `inline_first`). Such a thread opens a NonBlockingScope; code that would block calls MayBlock()
// first, which throws WouldBlock inside the scope, and the server runs the handler again on its
// blocking worker pool. Outside a scope MayBlock() costs one thread-local read.
//
// WouldBlock is deliberately not a std::exception, so that the `catch (const std::exception&)`
// that turns handler bugs into 500s lets it through to the server. It must be thrown before
// anything observable has been changed: a handler that is tried inline is one that only reads
// until its first blocking call, and caches filled on the way are fine.
#pragma once

namespace magpie::core {

struct WouldBlock {};

namespace detail {
inline thread_local int non_blocking_depth = 0;
}  // namespace detail

// While alive on this thread, MayBlock() throws WouldBlock. Nests.
class NonBlockingScope {
 public:
  NonBlockingScope() { ++detail::non_blocking_depth; }
  ~NonBlockingScope() { --detail::non_blocking_depth; }
  NonBlockingScope(const NonBlockingScope&) = delete;
  NonBlockingScope& operator=(const NonBlockingScope&) = delete;
};

inline bool BlockingForbidden() { return detail::non_blocking_depth > 0; }

// Call before an operation that may block the thread (disk or network I/O, waiting for another
// thread's work).
inline void MayBlock() {
  if (BlockingForbidden()) throw WouldBlock{};
}

}  // namespace magpie::core
