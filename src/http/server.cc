// The HTTP/1.1 server (contract in server.h). This is the only translation unit that includes
// Asio and Beast: they cost seconds per TU to compile, and nothing outside the transport needs
// them (STACK-NOTES §1).
//
// Shape of the code:
//   AcceptLoop   one coroutine on the control strand; each accepted socket gets its own strand
//                (make_strand) and a Session coroutine on it, so a connection's state is only
//                touched by one thread at a time without locks.
//   Session      loops: wait for the first byte of a request (idle timeout), read the request
//                (read timeout, header/body limits), Dispatch, write the response.
//   Dispatch     CORS preflights, routing, 404/405; runs the handler inline or hops to the
//                worker pool and back to the connection's strand.
//   Stop/Drain   stop accepting, wake idle keep-alive connections so they close, let in-flight
//                requests finish (their responses say Connection: close), then stop the loop.
//
// Threads: io threads run the io_context; worker threads run handlers. A connection's coroutine
// is on exactly one of them at any time. Shared state across connections is atomics, the metrics
// registry (lock-free counters) and the open-connection set (a mutex, touched on connect,
// disconnect and Stop only).
#include "http/server.h"

#include <pthread.h>

#include <array>
#include <atomic>
#include <boost/asio/append.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_set>

#include "core/blocking.h"
#include "core/log.h"
#include "core/thread_annotations.h"
#include "core/utf8.h"
#include "http/params.h"

namespace magpie::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kFileChunk = 64 * 1024;
constexpr size_t kMaxHeaderValue = 32 * 1024;  // Beast stores field sizes in 16 bits
constexpr size_t kMaxClientRequestId = 64;
constexpr std::string_view kAllowMethods = "POST, PUT, DELETE, GET, PATCH, OPTIONS";
constexpr std::string_view kDefaultAllowHeaders = "Authorization, Content-Type, Idempotency-Key";
constexpr std::string_view kExposeHeaders =
    "Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id, "
    "Idempotency-Key";
constexpr std::array<std::string_view, 5> kStatusClasses = {"1xx", "2xx", "3xx", "4xx", "5xx"};
constexpr size_t kMethodCount = static_cast<size_t>(Method::kOther) + 1;

std::string JsonErrorBody(std::string_view message) {
  std::string body = "{\"error\":\"";
  core::log::AppendJsonEscaped(body, message);
  body += "\"}";
  return body;
}

Response JsonError(int status, std::string_view message) {
  return Response::Json(status, JsonErrorBody(message));
}

Method ToMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsCorsPath(std::string_view path) {
  return path.starts_with("/api/") || path.starts_with("/oauth/") ||
         path.starts_with("/.well-known/") || path.starts_with("/nodeinfo");
}

// A client's X-Request-Id is kept only when it cannot garble logs or headers.
bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxClientRequestId) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() {
  // Request ids correlate log lines; they need to be unique, not unpredictable, so a per-thread
  // PRNG seeded once from the OS is enough and costs no syscall per request.
  thread_local std::mt19937_64 rng(std::random_device{}());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f ||
        std::string_view("\"(),/:;<=>?@[\\]{}").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Header values from handlers may carry client data (a redirect_uri in Location): refuse CR, LF
// and NUL so nobody can split the response.
bool IsSafeHeaderValue(std::string_view s) {
  return s.size() <= kMaxHeaderValue && s.find_first_of("\r\n", 0) == std::string_view::npos &&
         s.find('\0') == std::string_view::npos;
}

// Fills path and query from the raw target. Returns an error message for a 400.
std::optional<std::string> ParseTarget(Request& req) {
  std::string_view target = req.target;
  // absolute-form ("http://host/path?q"), which HTTP/1.1 servers must accept (RFC 9112 3.2.2)
  if (beast::iequals(target.substr(0, 7), "http://") ||
      beast::iequals(target.substr(0, 8), "https://")) {
    size_t authority = target.find("://") + 3;
    size_t slash = target.find_first_of("/?", authority);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    if (target.front() == '?') return "Malformed request target";
  }
  if (target.empty() || target.front() != '/') return "Malformed request target";
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  std::string_view raw_query =
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  auto path = PercentDecode(raw_path, false);
  if (!path.ok()) return "Invalid percent-encoding in the request path";
  if (!core::IsValidUtf8(*path)) return "The request path must be valid UTF-8";
  // Dot segments never occur in real routes; refusing them here (after decoding, so %2e%2e is
  // caught too) keeps file-serving handlers safe from path traversal by construction.
  for (size_t pos = 0; pos < path->size();) {
    size_t next = path->find('/', pos + 1);
    std::string_view seg = std::string_view(*path).substr(pos + 1, next - pos - 1);
    if (seg == "." || seg == "..") return "The request path must not contain . or .. segments";
    if (next == std::string::npos) break;
    pos = next;
  }
  req.path = std::move(path).value();
  auto query = ParseUrlEncoded(raw_query);
  if (!query.ok()) return query.error().message;
  req.query = std::move(query).value();
  return std::nullopt;
}

Response Invoke(const Handler& handler, Request& req) {
  try {
    return handler(req);
  } catch (const core::WouldBlock&) {
    throw;  // TryInline's signal to rerun on the worker pool, not a failure
  } catch (const std::exception& e) {
    core::log::Error("handler threw", {core::log::Str("path", req.path),
                                       core::log::Str("request_id", req.request_id),
                                       core::log::Str("exception", e.what())});
  } catch (...) {
    core::log::Error("handler threw", {core::log::Str("path", req.path),
                                       core::log::Str("request_id", req.request_id),
                                       core::log::Str("exception", "(not a std::exception)")});
  }
  return JsonError(500, "Internal server error");
}

// Runs an inline_first handler on this (event-loop) thread; nullopt when it reached an operation
// that would block, so that the caller reruns it on the worker pool.
std::optional<Response> TryInline(const Handler& handler, Request& req) {
  try {
    core::NonBlockingScope scope;
    return Invoke(handler, req);
  } catch (const core::WouldBlock&) {
    return std::nullopt;
  }
}

std::string FormatMillis(Clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", std::chrono::duration<double, std::milli>(d).count());
  return buf;
}

// One connection. Shared between its Session coroutine and Stop(), which must reach idle
// connections to close them; every member is touched only on the connection's strand.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = false;  // waiting for the first byte of the next request
};

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, core::metrics::Registry& metrics);
  core::Status Listen();
  uint16_t port() const { return port_.load(); }
  void Run();
  void Stop();

 private:
  // What the access log and metrics need to know about one exchange.
  struct Outcome {
    Method method = Method::kOther;
    std::string method_name;
    std::string path;
    std::string request_id;
    int status = 0;
    uint64_t bytes = 0;
  };

  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Session(std::shared_ptr<Connection> conn, std::string remote);
  // Reads, handles and answers one request; returns whether the connection stays open.
  asio::awaitable<bool> ServeOne(Connection& conn, beast::flat_buffer& buffer,
                                 const std::string& remote);
  asio::awaitable<Response> Dispatch(Request& req);
  // A route's AsyncHandler: tried here, on the event loop; its Reply resumes the coroutine.
  asio::awaitable<Response> DispatchAsync(const Router::Match& match, Request& req);
  void StartFastPath(const Router::Match& match, Request& req, const Reply& reply);
  template <class CompletionHandler>
  class PendingReply;
  asio::awaitable<bool> WriteResponse(Connection& conn, unsigned version, bool head,
                                      bool keep_alive, bool cors, const std::string& request_id,
                                      Response& resp, uint64_t& bytes);
  template <class Buffers>
  asio::awaitable<bool> WriteBuffers(Connection& conn, const Buffers& buffers);
  asio::awaitable<void> LingeringClose(Connection& conn);
  asio::awaitable<void> Drain();
  void Record(const Outcome& outcome, Clock::time_point start, const std::string& remote);
  void RunLoop();

  const ServerOptions options_;
  const Router& router_;
  std::array<std::array<core::metrics::Counter*, kStatusClasses.size()>, kMethodCount>
      requests_total_{};
  core::metrics::Histogram& duration_;
  core::metrics::Gauge& connections_open_;
  core::metrics::Counter& connections_rejected_;
  core::metrics::Counter& inline_served_;
  core::metrics::Counter& inline_deferred_;
  core::metrics::Gauge& worker_queue_;

  std::atomic<bool> stopping_{false};
  std::atomic<size_t> open_{0};
  std::atomic<int> pending_replies_{0};  // PendingReply objects alive
  std::atomic<uint16_t> port_{0};
  std::mutex conns_mu_;
  std::unordered_set<std::shared_ptr<Connection>> conns_ GUARDED_BY(conns_mu_);

  // Declared after everything a pending coroutine frame may touch when ~io_context destroys it.
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_;  // acceptor, signals, drain
  tcp::acceptor acceptor_;
  std::optional<asio::signal_set> signals_;
  // Destroyed first: joining it waits for running handlers, whose coroutine frames (holding the
  // Request they use) live in ioc_ until then.
  asio::thread_pool workers_;
};

Server::Impl::Impl(ServerOptions options, const Router& router, core::metrics::Registry& metrics)
    : options_(std::move(options)),
      router_(router),
      duration_(metrics.GetHistogram("magpie_http_request_duration_seconds",
                                     "Time from the first byte of a request to its response "
                                     "written")),
      connections_open_(
          metrics.GetGauge("magpie_http_connections_open", "Open HTTP client connections")),
      connections_rejected_(metrics.GetCounter("magpie_http_connections_rejected_total",
                                               "Connections closed at once: max_connections")),
      inline_served_(metrics.GetCounter("magpie_http_inline_first_total",
                                        "inline_first requests by where they were answered",
                                        "outcome=\"inline\"")),
      inline_deferred_(metrics.GetCounter("magpie_http_inline_first_total",
                                          "inline_first requests by where they were answered",
                                          "outcome=\"deferred\"")),
      worker_queue_(metrics.GetGauge("magpie_http_worker_queue",
                                     "Requests waiting for a worker thread (a backlog)")),
      ioc_(options_.io_threads > 0 ? options_.io_threads
                                   : std::max(1u, std::thread::hardware_concurrency())),
      control_(asio::make_strand(ioc_)),
      acceptor_(control_),
      workers_(static_cast<size_t>(std::max(1, options_.worker_threads))) {
  // Counters are registered up front: the request path then only does relaxed atomic adds. The
  // status is bucketed by class to bound the label cardinality.
  for (size_t m = 0; m < kMethodCount; ++m) {
    for (size_t c = 0; c < kStatusClasses.size(); ++c) {
      requests_total_[m][c] = &metrics.GetCounter(
          "magpie_http_requests_total", "HTTP requests by method and status class",
          "method=\"" + std::string(MethodName(static_cast<Method>(m))) + "\",status=\"" +
              std::string(kStatusClasses[c]) + "\"");
    }
  }
}

core::Status Server::Impl::Listen() {
  const std::string where =
      (options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host) +
      ":" + std::to_string(options_.port);
  auto fail = [&](const std::string& why) {
    return core::Error::Internal("cannot listen on " + where + ": " + why +
                                 " — choose another port with --listen HOST:PORT");
  };
  error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    // A name such as "localhost": resolve it once, at start-up.
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || results.empty()) {
      return core::Error::Internal("cannot listen on " + where +
                                   ": unknown host — give an IP address with --listen HOST:PORT");
    }
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error_code ignored;
    acceptor_.close(ignored);
    return fail(ec.message());
  }
  port_ = acceptor_.local_endpoint(ec).port();
  return core::Ok();
}

void Server::Impl::Run() {
  if (!acceptor_.is_open()) {
    core::log::Error("http server: Run() without a successful Listen()");
    return;
  }
  if (options_.handle_signals) {
    signals_.emplace(control_, SIGINT, SIGTERM);
    signals_->async_wait([this](const error_code& ec, int signal) {
      if (ec) return;
      core::log::Info("signal received, shutting down", {core::log::Num("signal", signal)});
      Stop();
    });
  }
  asio::co_spawn(control_, AcceptLoop(), [](std::exception_ptr e) {
    if (e) core::log::Error("http server: accept loop failed");
  });
  core::log::Info("http server listening",
                  {core::log::Str("host", options_.host), core::log::Num("port", port_.load())});

  const int io_threads = options_.io_threads > 0
                             ? options_.io_threads
                             : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (int i = 1; i < io_threads; ++i) {
    threads.emplace_back([this] {
      pthread_setname_np(pthread_self(),
                         "magpie-io");  // top -H, perf; the main thread keeps its name
      RunLoop();
    });
  }
  RunLoop();
  for (auto& t : threads) t.join();
  // A reply still pending (its request waits on another thread, say a queued write) calls into
  // this object when it completes: let every one finish, running what they post here.
  const auto deadline = Clock::now() + options_.shutdown_grace;
  while (pending_replies_.load() > 0 && Clock::now() < deadline) {
    ioc_.restart();
    ioc_.run_for(std::chrono::milliseconds(5));
  }
  if (int left = pending_replies_.load(); left > 0) {
    core::log::Warn("http server: replies still pending at exit",
                    {core::log::Num("replies", left)});
  }
  // Handlers still running after the grace period cannot be interrupted; wait for them (their
  // frames reference this object) but start no queued ones.
  workers_.stop();
  workers_.join();
  signals_.reset();
}

void Server::Impl::RunLoop() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      // Every completion handler here catches its own errors; this is a last resort that keeps
      // the thread serving.
      core::log::Error("http server: io thread caught", {core::log::Str("exception", e.what())});
    }
  }
}

void Server::Impl::Stop() {
  if (stopping_.exchange(true)) return;
  asio::post(control_, [this] {
    error_code ec;
    acceptor_.close(ec);
    if (signals_) signals_->cancel(ec);
    // Wake connections waiting for their next request. stopping_ is set before this snapshot,
    // and a session checks it after marking itself idle on its strand, so none is missed.
    std::vector<std::shared_ptr<Connection>> conns;
    {
      std::lock_guard lock(conns_mu_);
      conns.assign(conns_.begin(), conns_.end());
    }
    for (auto& conn : conns) {
      asio::post(conn->stream.get_executor(), [conn] {
        if (conn->idle) {
          error_code ignored;
          conn->stream.socket().cancel(ignored);
        }
      });
    }
    asio::co_spawn(control_, Drain(), asio::detached);
  });
}

asio::awaitable<void> Server::Impl::Drain() {
  // Polling during shutdown only: simpler than signalling from every session's teardown, and
  // 5 ms of latency on exit is irrelevant.
  const auto deadline = Clock::now() + options_.shutdown_grace;
  asio::steady_timer timer(control_);
  while (open_.load() > 0 && Clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(5));
    co_await timer.async_wait(kTuple);
  }
  if (size_t left = open_.load(); left > 0) {
    core::log::Warn("http server: shutdown grace expired",
                    {core::log::Num("connections_open", static_cast<long long>(left))});
  }
  ioc_.stop();
}

asio::awaitable<void> Server::Impl::AcceptLoop() {
  while (!stopping_.load()) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), kTuple);
    if (ec) {
      if (stopping_.load() || ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
      // Typically EMFILE: back off briefly rather than spin on a full descriptor table.
      core::log::Warn("http server: accept failed", {core::log::Str("error", ec.message())});
      asio::steady_timer timer(control_, std::chrono::milliseconds(50));
      co_await timer.async_wait(kTuple);
      continue;
    }
    if (open_.load() >= options_.max_connections) {
      connections_rejected_.Add();
      error_code ignored;
      socket.close(ignored);
      continue;
    }
    error_code ep_ec;
    std::string remote = socket.remote_endpoint(ep_ec).address().to_string();
    // Responses go out in more than one write (header, then a file body; pipelined answers):
    // without this, Nagle's algorithm and the client's delayed ACK add up to 40 ms each time.
    socket.set_option(tcp::no_delay(true), ep_ec);
    open_.fetch_add(1);
    connections_open_.Add(1);
    auto conn = std::make_shared<Connection>(tcp::socket(std::move(socket)));
    {
      std::lock_guard lock(conns_mu_);
      conns_.insert(conn);
    }
    asio::co_spawn(
        conn->stream.get_executor(), Session(conn, std::move(remote)), [](std::exception_ptr e) {
          if (!e) return;
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            core::log::Error("http session failed", {core::log::Str("exception", ex.what())});
          } catch (...) {
            core::log::Error("http session failed");
          }
        });
  }
}

asio::awaitable<void> Server::Impl::Session(std::shared_ptr<Connection> conn, std::string remote) {
  // Runs when the coroutine ends or when its frame is destroyed with the io_context.
  struct Release {
    Impl& impl;
    std::shared_ptr<Connection>& conn;
    ~Release() {
      {
        std::lock_guard lock(impl.conns_mu_);
        impl.conns_.erase(conn);
      }
      impl.connections_open_.Add(-1);
      impl.open_.fetch_sub(1);
    }
  } release{*this, conn};

  beast::flat_buffer buffer;
  for (;;) {
    conn->idle = true;
    if (stopping_.load()) break;
    if (buffer.size() == 0) {
      conn->stream.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await conn->stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
      if (ec) break;  // idle timeout, client closed, or Stop() woke us
      buffer.commit(n);
    }
    conn->idle = false;
    if (!co_await ServeOne(*conn, buffer, remote)) break;
  }
  error_code ignored;
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  conn->stream.close();
}

asio::awaitable<bool> Server::Impl::ServeOne(Connection& conn, beast::flat_buffer& buffer,
                                             const std::string& remote) {
  const auto start = Clock::now();
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(
      std::min<size_t>(options_.max_header_bytes, std::numeric_limits<uint32_t>::max())));
  parser.body_limit(options_.max_body_bytes);

  conn.stream.expires_after(options_.read_timeout);
  error_code ec;
  size_t n = 0;
  std::tie(ec, n) = co_await bhttp::async_read_header(conn.stream, buffer, parser, kTuple);
  if (!ec && !parser.is_done()) {
    // curl and many HTTP libraries wait (about 1 s) for this before sending a large body.
    if (parser.get().version() >= 11 &&
        beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      std::tie(ec, n) = co_await asio::async_write(conn.stream, asio::buffer(kContinue), kTuple);
    }
    if (!ec) std::tie(ec, n) = co_await bhttp::async_read(conn.stream, buffer, parser, kTuple);
  }

  Outcome outcome;
  if (parser.is_header_done()) {
    outcome.method = ToMethod(parser.get().method());
    outcome.method_name = std::string(parser.get().method_string());
    std::string_view target = parser.get().target();
    outcome.path = std::string(target.substr(0, target.find('?')));
    if (!core::IsValidUtf8(outcome.path)) outcome.path = "-";
  } else {
    outcome.method_name = "-";
    outcome.path = "-";
  }

  if (ec) {
    // Transport failures (timeout, reset, client gone mid-request) get no answer: there is no
    // one to read it, and Beast closed the socket on timeout.
    if (ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
        ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
      co_return false;
    }
    Response resp;
    if (ec == bhttp::error::body_limit) {
      resp = JsonError(413, "Request body too large (limit " +
                                std::to_string(options_.max_body_bytes) + " bytes)");
    } else if (ec == bhttp::error::header_limit) {
      resp = JsonError(431, "Request header fields too large (limit " +
                                std::to_string(options_.max_header_bytes) + " bytes)");
    } else {
      resp = JsonError(400, "Malformed HTTP request");
    }
    outcome.request_id = NewRequestId();
    outcome.status = resp.status;
    const bool cors = IsCorsPath(outcome.path);
    if (co_await WriteResponse(conn, 11, outcome.method == Method::kHead, false, cors,
                               outcome.request_id, resp, outcome.bytes)) {
      co_await LingeringClose(conn);
    }
    Record(outcome, start, remote);
    co_return false;
  }

  auto& message = parser.get();
  Request req;
  req.method = outcome.method;
  req.target = std::string(message.target());
  req.headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) {
    req.headers.emplace_back(ToLower(field.name_string()), std::string(field.value()));
  }
  req.body = std::move(message.body());
  req.remote_address = remote;
  auto client_id = req.Header("x-request-id");
  req.request_id =
      client_id && IsSafeRequestId(*client_id) ? std::string(*client_id) : NewRequestId();
  const unsigned version = message.version();
  const bool client_keep_alive = message.keep_alive();

  Response resp;
  if (auto bad_target = ParseTarget(req)) {
    resp = JsonError(400, *bad_target);
  } else {
    outcome.path = req.path;
    resp = co_await Dispatch(req);
  }
  // Checked after the handler: a response finished during shutdown tells the client to go.
  const bool keep_alive = client_keep_alive && !stopping_.load();
  outcome.request_id = req.request_id;
  const bool written =
      co_await WriteResponse(conn, version, req.method == Method::kHead, keep_alive,
                             IsCorsPath(req.path), req.request_id, resp, outcome.bytes);
  outcome.status = resp.status;
  Record(outcome, start, remote);
  co_return written&& keep_alive;
}

asio::awaitable<Response> Server::Impl::Dispatch(Request& req) {
  if (req.method == Method::kOptions && IsCorsPath(req.path)) {
    // CORS preflight: answered by the transport for every API path, like Mastodon's rack-cors.
    Response resp;
    resp.status = 204;
    resp.content_type.clear();
    resp.headers.emplace_back("Access-Control-Allow-Methods", std::string(kAllowMethods));
    auto requested = req.Header("access-control-request-headers");
    resp.headers.emplace_back("Access-Control-Allow-Headers",
                              requested && !requested->empty() && IsSafeHeaderValue(*requested)
                                  ? std::string(*requested)
                                  : std::string(kDefaultAllowHeaders));
    resp.headers.emplace_back("Access-Control-Max-Age", "86400");
    co_return resp;
  }
  Router::Match match = router_.Find(req.method, req.path);
  if (!match.handler) {
    if (!match.path_known) co_return JsonError(404, "Not found");
    std::string allow;
    for (Method m : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += MethodName(m);
    }
    Response resp;
    if (req.method == Method::kOptions) {
      resp.status = 204;
      resp.content_type.clear();
    } else {
      resp = JsonError(405, "Method not allowed");
    }
    resp.headers.emplace_back("Allow", std::move(allow));
    co_return resp;
  }
  req.path_params = std::move(match.params);
  if (match.fast_path != nullptr && options_.inline_first) {
    co_return co_await DispatchAsync(match, req);
  }
  if (match.options.run_inline) co_return Invoke(*match.handler, req);
  if (match.options.inline_first && options_.inline_first) {
    // Most reads find everything in memory: answering them here saves the two thread hops, which
    // on a small machine cost more than the handler. The rest go to the pool as below.
    if (std::optional<Response> resp = TryInline(*match.handler, req)) {
      inline_served_.Add();
      co_return std::move(*resp);
    }
    inline_deferred_.Add();
  }

  // Hop to the worker pool: binding the completion to the pool's executor makes the coroutine
  // resume on a worker thread (a plain post(pool, use_awaitable) would resume on the strand).
  // Then post back to the connection's strand for the write.
  auto strand = co_await asio::this_coro::executor;
  worker_queue_.Add(1);
  co_await asio::post(asio::bind_executor(workers_.get_executor(), asio::use_awaitable));
  worker_queue_.Add(-1);
  Response resp = Invoke(*match.handler, req);
  co_await asio::post(strand, asio::use_awaitable);
  co_return resp;
}

// One request answered through a Reply. Holds the coroutine's completion handler until the
// response is delivered, then resumes the coroutine on the connection's strand. Keeps the
// io_context running meanwhile: the request may wait on another thread (a group commit) while no
// other work is queued, and shutdown must wait for it (Drain).
template <class CompletionHandler>
class Server::Impl::PendingReply final : public Reply::Target {
 public:
  PendingReply(Impl& server, CompletionHandler handler, asio::any_io_executor strand)
      : server_(server),
        handler_(std::move(handler)),
        strand_(std::move(strand)),
        work_(asio::make_work_guard(server.ioc_)) {
    server_.pending_replies_.fetch_add(1);
  }
  ~PendingReply() override { server_.pending_replies_.fetch_sub(1); }
  PendingReply(const PendingReply&) = delete;
  PendingReply& operator=(const PendingReply&) = delete;

  void Deliver(Response response) override {
    // Through the handler's own executor (the connection's strand), never inline: the coroutine
    // must not resume on this thread while its caller is still on the stack.
    asio::post(asio::append(std::move(handler_), std::move(response)));
  }

  void Run(Reply::On where, std::function<void()> step) override {
    if (where == Reply::On::kEventLoop) {
      asio::post(strand_, std::move(step));
      return;
    }
    server_.worker_queue_.Add(1);
    asio::post(server_.workers_, [&queue = server_.worker_queue_, step = std::move(step)] {
      queue.Add(-1);
      step();
    });
  }

 private:
  Impl& server_;
  CompletionHandler handler_;
  asio::any_io_executor strand_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
};

asio::awaitable<Response> Server::Impl::DispatchAsync(const Router::Match& match, Request& req) {
  // The strand is the handler's associated executor. Taking it with co_await this_coro::executor
  // in this coroutine instead led, with GCC 12, to a use-after-free of the strand when the
  // connection closed (found by ASan; not understood further).
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      [this, &match, &req](auto handler) {
        using Pending = PendingReply<decltype(handler)>;
        asio::any_io_executor strand = asio::get_associated_executor(handler);
        const Reply reply(std::make_shared<Pending>(*this, std::move(handler), std::move(strand)));
        StartFastPath(match, req, reply);
      },
      asio::use_awaitable);
}

void Server::Impl::StartFastPath(const Router::Match& match, Request& req, const Reply& reply) {
  try {
    core::NonBlockingScope scope;
    (*match.fast_path)(req, reply);
    inline_served_.Add();
    return;
  } catch (const core::WouldBlock&) {
    if (reply.sent()) {
      core::log::Error("fast path blocked after answering", {core::log::Str("path", req.path)});
      return;
    }
  } catch (const std::exception& e) {
    core::log::Error("handler threw", {core::log::Str("path", req.path),
                                       core::log::Str("request_id", req.request_id),
                                       core::log::Str("exception", e.what())});
    reply.Send(JsonError(500, "Internal server error"));
    return;
  } catch (...) {
    core::log::Error("handler threw", {core::log::Str("path", req.path),
                                       core::log::Str("request_id", req.request_id),
                                       core::log::Str("exception", "(not a std::exception)")});
    reply.Send(JsonError(500, "Internal server error"));
    return;
  }
  // It reached a blocking call: the route's blocking handler answers instead, on the pool. The
  // request outlives this (its coroutine waits for the reply).
  inline_deferred_.Add();
  reply.Then(Reply::On::kWorkers,
             [handler = match.handler, &req](const Reply& r) { r.Send(Invoke(*handler, req)); });
}

template <class Buffers>
asio::awaitable<bool> Server::Impl::WriteBuffers(Connection& conn, const Buffers& buffers) {
  // Write piecewise, renewing the deadline each time: the timeout bounds inactivity, so a large
  // body to a slow but live client is not cut off. Gathered: a page of cached fragments goes to
  // the kernel without being copied into one buffer first.
  beast::buffers_suffix<Buffers> rest(buffers);
  while (beast::buffer_bytes(rest) > 0) {
    conn.stream.expires_after(options_.read_timeout);
    auto [ec, n] = co_await conn.stream.async_write_some(rest, kTuple);
    if (ec) co_return false;
    rest.consume(n);
  }
  co_return true;
}

asio::awaitable<bool> Server::Impl::WriteResponse(Connection& conn, unsigned version, bool head,
                                                  bool keep_alive, bool cors,
                                                  const std::string& request_id, Response& resp,
                                                  uint64_t& bytes) {
  if (resp.status < 100 || resp.status > 599) {
    core::log::Error(
        "handler returned an invalid status",
        {core::log::Num("status", resp.status), core::log::Str("request_id", request_id)});
    resp = JsonError(500, "Internal server error");
  }
  bhttp::file_body::value_type file;
  if (!resp.file_path.empty()) {
    error_code ec;
    file.open(resp.file_path.c_str(), beast::file_mode::scan, ec);
    if (ec) resp = JsonError(404, "Not found");
  }
  const bool has_file = file.is_open();
  const bool no_body = resp.status < 200 || resp.status == 204 || resp.status == 304;
  const bool has_pieces = !resp.pieces.empty();
  const uint64_t length =
      has_file ? file.size() : (has_pieces ? resp.pieces.size() : resp.body.size());

  // The header, written out by hand: Beast's fields allocate a node per field and search them on
  // every set, which showed in the profile of small API responses. Order and framing match what
  // Beast wrote before: Content-Type, the handler's headers, X-Request-Id, CORS, then Connection
  // and Content-Length.
  std::string head_bytes;
  head_bytes.reserve(512);
  head_bytes += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head_bytes += std::to_string(resp.status);
  head_bytes += ' ';
  head_bytes += bhttp::obsolete_reason(static_cast<bhttp::status>(resp.status));
  head_bytes += "\r\n";
  auto field = [&](std::string_view name, std::string_view value) {
    head_bytes += name;
    head_bytes += ": ";
    head_bytes += value;
    head_bytes += "\r\n";
  };
  std::string_view content_type = resp.content_type;
  for (const auto& [name, value] : resp.headers) {
    if (beast::iequals(name, "content-type") && IsSafeHeaderValue(value)) content_type = value;
  }
  if (!content_type.empty() && !no_body) field("Content-Type", content_type);
  for (const auto& [name, value] : resp.headers) {
    if (!IsToken(name) || !IsSafeHeaderValue(value)) {
      core::log::Warn("dropped an invalid response header",
                      {core::log::Str("request_id", request_id)});
      continue;
    }
    // The transport owns framing, the request id and (on CORS paths) the CORS headers.
    if (beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
        beast::iequals(name, "connection") || beast::iequals(name, "x-request-id") ||
        beast::iequals(name, "content-type")) {
      continue;
    }
    if (cors && (beast::iequals(name, "access-control-allow-origin") ||
                 beast::iequals(name, "access-control-expose-headers"))) {
      continue;
    }
    field(name, value);
  }
  field("X-Request-Id", request_id);
  if (cors) {
    field("Access-Control-Allow-Origin", "*");
    field("Access-Control-Expose-Headers", kExposeHeaders);
  }
  if (version == 10 && keep_alive) field("Connection", "keep-alive");
  if (version != 10 && !keep_alive) field("Connection", "close");
  if (!no_body) field("Content-Length", std::to_string(length));
  head_bytes += "\r\n";

  bytes = (head || no_body) ? 0 : length;
  std::vector<asio::const_buffer> buffers;
  buffers.push_back(asio::buffer(head_bytes));
  std::vector<std::string_view> pieces;
  if (!head && !no_body && !has_file) {
    if (has_pieces) {
      pieces = resp.pieces.Pieces();
      buffers.reserve(pieces.size() + 1);
      for (std::string_view piece : pieces) buffers.push_back(asio::buffer(piece));
    } else if (!resp.body.empty()) {
      buffers.push_back(asio::buffer(resp.body));
    }
  }
  if (!co_await WriteBuffers(conn, buffers)) co_return false;
  if (head || no_body || !has_file) co_return true;

  // A file body follows the header, read and sent a chunk at a time.
  std::vector<char> chunk(kFileChunk);
  for (uint64_t left = length; left > 0;) {
    error_code ec;
    const size_t n = file.file().read(
        chunk.data(), static_cast<size_t>(std::min<uint64_t>(left, kFileChunk)), ec);
    if (ec || n == 0) co_return false;  // the file shrank or failed: the framing is broken
    left -= n;
    std::array<asio::const_buffer, 1> one{asio::buffer(chunk.data(), n)};
    if (!co_await WriteBuffers(conn, one)) co_return false;
  }
  co_return true;
}

asio::awaitable<void> Server::Impl::LingeringClose(Connection& conn) {
  // After an error answer the client may still be sending (an oversized upload). Closing with
  // unread data makes the kernel send RST, which can destroy our response before the client
  // reads it; so stop writing, then read and discard for a short while.
  error_code ignored;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  conn.stream.expires_after(std::chrono::seconds(2));
  std::vector<char> scratch(kReadChunk);
  size_t total = 0;
  while (total < 4 * 1024 * 1024) {
    auto [ec, n] = co_await conn.stream.async_read_some(asio::buffer(scratch), kTuple);
    if (ec) break;
    total += n;
  }
}

void Server::Impl::Record(const Outcome& outcome, Clock::time_point start,
                          const std::string& remote) {
  const auto elapsed = Clock::now() - start;
  const size_t status_class =
      std::clamp(outcome.status / 100 - 1, 0, static_cast<int>(kStatusClasses.size()) - 1);
  requests_total_[static_cast<size_t>(outcome.method)][status_class]->Add();
  duration_.Observe(std::chrono::duration<double>(elapsed).count());
  if (!options_.access_log) return;
  // The query string is never logged: it may carry access tokens.
  core::log::Info(
      "request",
      {core::log::Str("method", outcome.method_name), core::log::Str("path", outcome.path),
       core::log::Num("status", outcome.status),
       core::log::Field{"duration_ms", FormatMillis(elapsed), false},
       core::log::Num("bytes", static_cast<long long>(outcome.bytes)),
       core::log::Str("request_id", outcome.request_id), core::log::Str("remote", remote)});
}

Server::Server(ServerOptions options, const Router& router, core::metrics::Registry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}
Server::~Server() = default;
core::Status Server::Listen() { return impl_->Listen(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace magpie::http
