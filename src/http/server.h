// The HTTP/1.1 server on Boost.Beast and Asio with C++20 coroutines.
//
// Threads: `io_threads` event-loop threads share one io_context and only do network I/O; each
// connection runs on its own strand. Handlers run on a separate pool of `worker_threads`
// (they may block on storage) unless their route says run_inline, or says inline_first and gets
// through without reaching a blocking call (core/blocking.h). One request is in flight per
// connection (HTTP/1.1 without pipelining of responses).
//
// Limits: request header and body sizes (413 with a JSON error when exceeded), a read timeout
// for a request once its first byte arrives, an idle timeout for keep-alive connections, and a
// cap on open connections.
//
// Cross-cutting behaviour that belongs to the transport lives here: X-Request-Id, CORS for
// /api/, /oauth/, /.well-known/ and /nodeinfo/ (any origin, as Mastodon does, answering OPTIONS
// preflights with 204), HEAD answered as GET without a body, an access log line per request and
// request metrics (count by method and status, latency histogram).
//
// Shutdown: Stop() (or SIGTERM/SIGINT when Run() installs handlers) stops accepting, lets
// in-flight requests finish and be written (up to `shutdown_grace`), then returns from Run().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/metrics.h"
#include "core/result.h"
#include "http/router.h"

namespace magpie::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;     // 0 picks a free port; see Server::port()
  int io_threads = 0;       // 0: one per core
  int worker_threads = 64;  // handlers may block on storage; group commit needs concurrency
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 16 * 1024 * 1024;
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{75'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  size_t max_connections = 10'000;
  bool access_log = true;
  bool handle_signals = true;  // Run() stops on SIGTERM and SIGINT
  // Honour RouteOptions::inline_first; false runs those handlers on the worker pool like others.
  bool inline_first = true;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, core::metrics::Registry& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Fails with a message that says what to do when the address is taken.
  core::Status Listen();
  // The bound port (useful after listening on port 0).
  uint16_t port() const;
  // Serves until Stop() or a signal; blocks the calling thread.
  void Run();
  // Thread-safe; may be called from a handler or a signal.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace magpie::http
