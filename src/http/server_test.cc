// Black-box tests of the HTTP server: a real Server on port 0 in a thread, driven by a raw POSIX
// socket client, so what is checked is exactly what goes over the wire.
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/blocking.h"
#include "http/params.h"

namespace magpie::http {
namespace {

using namespace std::chrono_literals;

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "<absent>" : it->second;
  }
};

// A minimal blocking HTTP/1.1 client over one TCP connection. Every read has a timeout so a
// broken server fails the test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port, std::chrono::milliseconds timeout = 5s) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("connect failed");
    }
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;  // the server may have closed; the read that follows will tell
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

  // Reads one response. `head`: the request was HEAD, so there is no body whatever the
  // Content-Length says. Returns status 0 when the connection ends first.
  HttpResponse Read(bool head = false) {
    HttpResponse r;
    size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return r;
    }
    std::string head_text = pending_.substr(0, end);
    pending_.erase(0, end + 4);
    size_t eol = head_text.find("\r\n");
    std::string status_line = head_text.substr(0, eol);
    r.status = std::stoi(status_line.substr(9, 3));
    size_t pos = eol == std::string::npos ? head_text.size() : eol + 2;
    while (pos < head_text.size()) {
      size_t next = head_text.find("\r\n", pos);
      if (next == std::string::npos) next = head_text.size();
      std::string line = head_text.substr(pos, next - pos);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      r.headers[name] = line.substr(v);
      pos = next + 2;
    }
    size_t length = 0;
    if (!head && r.status >= 200 && r.status != 204 && r.status != 304 &&
        r.headers.count("content-length")) {
      length = std::stoul(r.headers["content-length"]);
    }
    while (pending_.size() < length) {
      if (!Fill()) return HttpResponse{};
    }
    r.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return r;
  }

  HttpResponse Request(std::string_view raw, bool head = false) {
    Send(raw);
    return Read(head);
  }

  // True when the server closes the connection (EOF or reset) before the timeout.
  bool WaitClosed() {
    for (;;) {
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
      pending_.append(buf, static_cast<size_t>(n));
    }
  }

  const std::string& pending() const { return pending_; }

 private:
  bool Fill() {
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string pending_;
};

std::string Get(std::string_view target, std::string_view extra = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra) +
         "\r\n";
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/api/v1/hello", [](Request&) {
      Response r = Response::Json(200, R"({"hello":"world"})");
      r.headers.emplace_back("Link", "<https://example.com/?max_id=1>; rel=\"next\"");
      return r;
    });
    router_.Add(Method::kGet, "/api/v1/echo/:id", [](Request& req) {
      std::string body = "id=" + std::string(req.PathParam("id"));
      for (const auto& [k, v] : req.query) body += "&" + k + "=" + v;
      body += "|rid=" + req.request_id + "|remote=" + req.remote_address;
      body += "|ua=" + std::string(req.Header("user-agent").value_or("-"));
      return Response::Text(200, body, "text/plain; charset=utf-8");
    });
    router_.Add(Method::kPost, "/api/v1/statuses", [](Request& req) {
      auto params = ParseParams(req);
      if (!params.ok()) return Response::Json(400, "{}");
      return Response::Json(200, boost::json::serialize(params->values));
    });
    router_.Add(Method::kGet, "/boom",
                [](Request&) -> Response { throw std::runtime_error("kaboom"); });
    router_.Add(Method::kGet, "/slow", [](Request&) {
      std::this_thread::sleep_for(300ms);
      return Response::Text(200, "slow done", "text/plain");
    });
    router_.Add(
        Method::kGet, "/thread/inline",
        [this](Request&) {
          std::lock_guard lock(mu_);
          inline_thread_ = std::this_thread::get_id();
          return Response::Json(200, "{}");
        },
        RouteOptions{.run_inline = true});
    // Records the thread of every attempt; blocks (core::MayBlock) when asked to with ?block=1.
    router_.Add(
        Method::kGet, "/thread/try",
        [this](Request& req) {
          {
            std::lock_guard lock(mu_);
            try_threads_.push_back(std::this_thread::get_id());
          }
          if (req.Query("block") == "1") core::MayBlock();
          if (req.Query("throw") == "1") throw std::runtime_error("kaboom");
          return Response::Json(
              200, core::BlockingForbidden() ? R"({"inline":true})" : R"({"inline":false})");
        },
        RouteOptions{.inline_first = true});
    router_.Add(Method::kGet, "/thread/worker", [this](Request&) {
      std::lock_guard lock(mu_);
      worker_thread_ = std::this_thread::get_id();
      return Response::Json(200, "{}");
    });
    router_.Add(Method::kGet, "/file", [this](Request&) {
      Response r;
      r.content_type = "text/css";
      r.file_path = file_path_;
      return r;
    });
    router_.Add(Method::kGet, "/missing-file", [](Request&) {
      Response r;
      r.file_path = "/nonexistent/magpie/file.css";
      return r;
    });
    router_.Add(Method::kGet, "/pieces", [](Request&) {
      Response r;
      r.pieces.Append("[");
      auto shared = std::make_shared<const std::string>(std::string(100'000, 'x'));
      for (int i = 0; i < 100; ++i) {  // more pieces than one gathered write takes
        if (i > 0) r.pieces.Append(",");
        r.pieces.Append(std::make_shared<const std::string>("\"" + std::to_string(i) + "\""));
      }
      r.pieces.Append(",\"");
      r.pieces.Append(shared);
      r.pieces.Append("\"]");
      r.body = "ignored";
      return r;
    });
    // A route with a fast path; ?mode= picks how it answers (see the AsyncHandler tests).
    router_.Add(
        Method::kGet, "/async",
        [this](Request&) {
          std::lock_guard lock(mu_);
          blocking_threads_.push_back(std::this_thread::get_id());
          return Response::Json(200, R"({"path":"blocking"})");
        },
        [this](Request& req, const Reply& reply) { FastPath(req, reply); });
    router_.Add(Method::kGet, "/bad-header", [](Request&) {
      Response r = Response::Json(200, "{}");
      r.headers.emplace_back("Location", "https://x/\r\nSet-Cookie: evil=1");
      r.headers.emplace_back("X-Fine", "yes");
      return r;
    });
  }

  void Start(ServerOptions options = {}) {
    options.port = 0;
    options.handle_signals = false;
    if (options.io_threads == 0) options.io_threads = 2;
    options.worker_threads = 4;
    server_ = std::make_unique<Server>(options, router_, metrics_);
    auto status = server_->Listen();
    ASSERT_TRUE(status.ok()) << status.error().message;
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
    }
    for (auto& t : repliers_) t.join();
  }

  void FastPath(Request& req, const Reply& reply) {
    const std::string mode(req.Query("mode").value_or(""));
    {
      std::lock_guard lock(mu_);
      fast_threads_.push_back(std::this_thread::get_id());
    }
    if (mode == "now") {
      reply.Send(Response::Json(200, R"({"path":"now"})"));
    } else if (mode == "later") {
      // Answered from a thread of its own, as a write's completion would be.
      const auto delay =
          std::chrono::milliseconds(std::stoi(std::string(req.Query("ms").value_or("20"))));
      std::lock_guard lock(mu_);
      repliers_.emplace_back([reply, delay] {
        std::this_thread::sleep_for(delay);
        reply.Send(Response::Json(200, R"({"path":"later"})"));
      });
    } else if (mode == "then") {
      reply.Then(Reply::On::kWorkers, [this](const Reply& r) {
        core::MayBlock();  // allowed on the pool
        {
          std::lock_guard lock(mu_);
          step_threads_.push_back(std::this_thread::get_id());
        }
        r.Send(Response::Json(200, R"({"path":"then"})"));
        r.Send(Response::Json(500, "{}"));  // ignored: the first Send answered
      });
    } else if (mode == "loop") {
      reply.Then(Reply::On::kEventLoop, [this](const Reply& r) {
        {
          std::lock_guard lock(mu_);
          step_threads_.push_back(std::this_thread::get_id());
        }
        r.Send(Response::Json(200, core::BlockingForbidden() ? R"({"path":"loop","inline":true})"
                                                             : R"({"path":"loop"})"));
      });
    } else if (mode == "block") {
      core::MayBlock();  // throws WouldBlock here: the blocking handler answers
    } else if (mode == "throw") {
      throw std::runtime_error("kaboom");
    }
    // "drop": returns without answering and without keeping the reply.
  }

  ServerOptions Quiet() {
    ServerOptions o;
    o.access_log = false;
    return o;
  }

  Router router_;
  core::metrics::Registry metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::string file_path_;
  std::mutex mu_;
  std::thread::id inline_thread_;
  std::thread::id worker_thread_;
  std::vector<std::thread::id> try_threads_;
  std::vector<std::thread::id> fast_threads_;
  std::vector<std::thread::id> blocking_threads_;
  std::vector<std::thread::id> step_threads_;
  std::vector<std::thread> repliers_;
};

TEST_F(ServerTest, GetReturnsJsonWithRequestIdAndCors) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/api/v1/hello"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"hello":"world"})");
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size()));
  EXPECT_EQ(r.Header("link"), "<https://example.com/?max_id=1>; rel=\"next\"");
  EXPECT_EQ(r.Header("access-control-allow-origin"), "*");
  EXPECT_NE(r.Header("access-control-expose-headers").find("X-RateLimit-Remaining"),
            std::string::npos);
  const std::string id = r.Header("x-request-id");
  ASSERT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(r.Header("connection"), "<absent>");  // HTTP/1.1 keeps alive by default
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse a = c.Request(Get("/api/v1/hello"));
  HttpResponse b = c.Request(Get("/api/v1/echo/2"));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.body.substr(0, 4), "id=2");
  EXPECT_NE(a.Header("x-request-id"), b.Header("x-request-id"));
  // Pipelined: two requests in one write; answers come in order.
  c.Send(Get("/api/v1/echo/3") + Get("/api/v1/echo/4"));
  EXPECT_EQ(c.Read().body.substr(0, 4), "id=3");
  EXPECT_EQ(c.Read().body.substr(0, 4), "id=4");
}

TEST_F(ServerTest, Http10WithoutKeepAliveIsClosed) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request("GET /api/v1/hello HTTP/1.0\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, PathQueryHeadersAndRemoteReachTheHandler) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r =
      c.Request(Get("/api/v1/echo/%E6%98%A5?max_id=5&q=a+b%26c&ids[]=1", "User-Agent: Tusky\r\n"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("id=春&max_id=5&q=a b&c&ids[]=1|"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("|remote=127.0.0.1|"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("|ua=Tusky"), std::string::npos) << r.body;
  // A trailing slash still routes.
  EXPECT_EQ(c.Request(Get("/api/v1/hello/")).status, 200);
}

TEST_F(ServerTest, ClientRequestIdIsKeptWhenSafe) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/api/v1/echo/1", "X-Request-Id: abc-123.XYZ_9\r\n"));
  EXPECT_EQ(r.Header("x-request-id"), "abc-123.XYZ_9");
  EXPECT_NE(r.body.find("rid=abc-123.XYZ_9"), std::string::npos);
  r = c.Request(Get("/api/v1/echo/1", "X-Request-Id: <script>\r\n"));
  EXPECT_EQ(r.Header("x-request-id").size(), 16u);
  r = c.Request(Get("/api/v1/echo/1", "X-Request-Id: " + std::string(65, 'a') + "\r\n"));
  EXPECT_EQ(r.Header("x-request-id").size(), 16u);
}

TEST_F(ServerTest, BadPathsAndQueriesAre400) {
  Start(Quiet());
  Client c(server_->port());
  for (std::string target :
       {"/api/v1/echo/%zz", "/api/v1/echo/%FF", "/api/v1/echo/%00", "/api/../etc/passwd",
        "/static/%2e%2e/secret", "/api/v1/echo/1?q=%C3%28", "/api/v1/echo/1?q=%2"}) {
    HttpResponse r = c.Request(Get(target));
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body.substr(0, 10), "{\"error\":\"") << target;
  }
  // The connection survives a 400 for a bad target (the HTTP framing was fine).
  EXPECT_EQ(c.Request(Get("/api/v1/hello")).status, 200);
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/api/v1/nothing/here"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"Not found"})");
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
}

TEST_F(ServerTest, FallbackAnswersUnmatchedGets) {
  router_.SetFallback(
      [](Request& req) { return Response::Text(200, "spa:" + req.path, "text/html"); });
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/@alice/109"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "spa:/@alice/109");
  r = c.Request("POST /nowhere HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.status, 404);
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request("DELETE /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, R"({"error":"Method not allowed"})");
  EXPECT_EQ(r.Header("allow"), "GET, HEAD");
  r = c.Request("GET /api/v1/statuses HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "POST");
}

TEST_F(ServerTest, OversizedBodyIs413AndCloses) {
  ServerOptions o = Quiet();
  o.max_body_bytes = 1000;
  Start(o);
  {
    Client c(server_->port());
    std::string body(2000, 'x');
    HttpResponse r = c.Request(
        "POST /api/v1/statuses HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "text/plain\r\nContent-Length: 2000\r\n\r\n" +
        body);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.body, R"j({"error":"Request body too large (limit 1000 bytes)"})j");
    EXPECT_EQ(r.Header("connection"), "close");
    EXPECT_TRUE(c.WaitClosed());
  }
  {
    // Chunked bodies are counted as they arrive.
    Client c(server_->port());
    std::string chunk(600, 'y');
    HttpResponse r = c.Request(
        "POST /api/v1/statuses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "258\r\n" +
        chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(r.status, 413);
  }
  {
    // Within the limit, a form body reaches the handler.
    Client c(server_->port());
    std::string body = "status=hi&media_ids[]=1";
    HttpResponse r = c.Request(
        "POST /api/v1/statuses HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/x-www-form-urlencoded\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"status":"hi","media_ids":["1"]})");
  }
}

TEST_F(ServerTest, ExpectContinueGets100BeforeTheBody) {
  Start(Quiet());
  Client c(server_->port());
  c.Send(
      "POST /api/v1/statuses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: 13\r\n\r\n");
  HttpResponse cont = c.Read();
  EXPECT_EQ(cont.status, 100);
  c.Send(R"({"status":1})"
         "\n");
  HttpResponse r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":1})");
}

TEST_F(ServerTest, OversizedHeaderIs431AndMalformedIs400) {
  ServerOptions o = Quiet();
  o.max_header_bytes = 1024;
  Start(o);
  {
    Client c(server_->port());
    HttpResponse r = c.Request(Get("/api/v1/hello", "X-Big: " + std::string(2000, 'a') + "\r\n"));
    EXPECT_EQ(r.status, 431);
    EXPECT_EQ(r.body.substr(0, 10), "{\"error\":\"");
    EXPECT_TRUE(c.WaitClosed());
  }
  {
    Client c(server_->port());
    HttpResponse r = c.Request("GARBAGE\r\n\r\n");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body, R"({"error":"Malformed HTTP request"})");
    EXPECT_TRUE(c.WaitClosed());
  }
  {
    Client c(server_->port());
    HttpResponse r = c.Request("GET /api/v1/hello HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
    EXPECT_EQ(r.status, 400);
  }
}

TEST_F(ServerTest, CorsPreflightIs204WithoutAHandler) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(
      "OPTIONS /api/v1/statuses HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
      "Access-Control-Request-Method: POST\r\n"
      "Access-Control-Request-Headers: authorization, content-type, x-custom\r\n\r\n");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.Header("access-control-allow-origin"), "*");
  EXPECT_EQ(r.Header("access-control-allow-methods"), "POST, PUT, DELETE, GET, PATCH, OPTIONS");
  EXPECT_EQ(r.Header("access-control-allow-headers"), "authorization, content-type, x-custom");
  EXPECT_EQ(r.Header("access-control-max-age"), "86400");
  EXPECT_EQ(r.Header("content-length"), "<absent>");
  // Without Access-Control-Request-Headers the defaults are offered; any CORS prefix works.
  r = c.Request("OPTIONS /oauth/token HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("access-control-allow-headers"),
            "Authorization, Content-Type, Idempotency-Key");
  r = c.Request("OPTIONS /.well-known/webfinger HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 204);
  // Outside the CORS prefixes there are no CORS headers.
  r = c.Request(Get("/file-that-is-not-api"));
  EXPECT_EQ(r.Header("access-control-allow-origin"), "<absent>");
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse get = c.Request(Get("/api/v1/hello"));
  HttpResponse head = c.Request("HEAD /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n", true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(head.body, "");
  // Had a body been sent, it would now be in front of this response.
  HttpResponse after = c.Request(Get("/api/v1/echo/9"));
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body.substr(0, 4), "id=9");
}

TEST_F(ServerTest, HandlerExceptionIs500AndTheServerGoesOn) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":"Internal server error"})");
  EXPECT_EQ(c.Request(Get("/api/v1/hello")).status, 200);
  Client other(server_->port());
  EXPECT_EQ(other.Request(Get("/api/v1/hello")).status, 200);
}

TEST_F(ServerTest, ServesFilesAnd404ForMissingOnes) {
  file_path_ = ::testing::TempDir() + "/magpie_http_test_file.css";
  {
    std::ofstream out(file_path_, std::ios::binary);
    out << "body { color: #333; }\n";
  }
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/file"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "body { color: #333; }\n");
  EXPECT_EQ(r.Header("content-type"), "text/css");
  r = c.Request("HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n", true);
  EXPECT_EQ(r.Header("content-length"), "22");
  r = c.Request(Get("/missing-file"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"Not found"})");
  std::remove(file_path_.c_str());
}

TEST_F(ServerTest, PieceBodiesAreSentInOrderWithTheirLength) {
  Start(Quiet());
  Client c(server_->port());
  for (int round = 0; round < 2; ++round) {  // and the connection stays usable
    HttpResponse r = c.Request(Get("/pieces"));
    ASSERT_EQ(r.status, 200);
    std::string expected = "[";
    for (int i = 0; i < 100; ++i) expected += (i > 0 ? ",\"" : "\"") + std::to_string(i) + "\"";
    expected += ",\"" + std::string(100'000, 'x') + "\"]";
    EXPECT_EQ(r.Header("content-length"), std::to_string(expected.size()));
    EXPECT_EQ(r.body, expected);
  }
  HttpResponse head = c.Request("HEAD /pieces HTTP/1.1\r\nHost: x\r\n\r\n", /*head=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_NE(head.Header("content-length"), "<absent>");
  EXPECT_EQ(head.body, "");
}

TEST_F(ServerTest, HeaderValuesWithNewlinesAreDropped) {
  Start(Quiet());
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/bad-header"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("location"), "<absent>");
  EXPECT_EQ(r.Header("set-cookie"), "<absent>");
  EXPECT_EQ(r.Header("x-fine"), "yes");
}

TEST_F(ServerTest, HandlersRunOnWorkersUnlessInline) {
  ServerOptions o = Quiet();
  o.io_threads = 1;
  Start(o);
  Client c(server_->port());
  ASSERT_EQ(c.Request(Get("/thread/inline")).status, 200);
  ASSERT_EQ(c.Request(Get("/thread/worker")).status, 200);
  std::lock_guard lock(mu_);
  EXPECT_NE(inline_thread_, std::thread::id());
  EXPECT_NE(worker_thread_, std::thread::id());
  EXPECT_NE(inline_thread_, worker_thread_);
  EXPECT_NE(inline_thread_, std::this_thread::get_id());
}

TEST_F(ServerTest, InlineFirstAnswersOnTheEventLoopUnlessTheHandlerWouldBlock) {
  ServerOptions o = Quiet();
  o.io_threads = 1;
  Start(o);
  Client c(server_->port());
  ASSERT_EQ(c.Request(Get("/thread/inline")).status, 200);

  HttpResponse r = c.Request(Get("/thread/try"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"inline":true})");
  {
    std::lock_guard lock(mu_);
    ASSERT_EQ(try_threads_.size(), 1u);
    EXPECT_EQ(try_threads_[0], inline_thread_);  // the event-loop thread
    try_threads_.clear();
  }

  // Reaching a blocking call inline: tried once there, then run again from the start on a worker,
  // where blocking is allowed.
  r = c.Request(Get("/thread/try?block=1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"inline":false})");
  {
    std::lock_guard lock(mu_);
    ASSERT_EQ(try_threads_.size(), 2u);
    EXPECT_EQ(try_threads_[0], inline_thread_);
    EXPECT_NE(try_threads_[1], inline_thread_);
    try_threads_.clear();
  }

  // A handler bug inline is a 500 like anywhere else, not a retry.
  EXPECT_EQ(c.Request(Get("/thread/try?throw=1")).status, 500);
  {
    std::lock_guard lock(mu_);
    EXPECT_EQ(try_threads_.size(), 1u);
    try_threads_.clear();
  }
  EXPECT_EQ(c.Request(Get("/api/v1/hello")).status, 200);  // the connection goes on

  std::string text = metrics_.Render();
  EXPECT_NE(text.find("magpie_http_inline_first_total{outcome=\"inline\"} 2"), std::string::npos)
      << text;
  EXPECT_NE(text.find("magpie_http_inline_first_total{outcome=\"deferred\"} 1"), std::string::npos)
      << text;
}

TEST_F(ServerTest, InlineFirstCanBeSwitchedOff) {
  ServerOptions o = Quiet();
  o.inline_first = false;
  Start(o);
  Client c(server_->port());
  HttpResponse r = c.Request(Get("/thread/try?block=1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"inline":false})");
  std::lock_guard lock(mu_);
  EXPECT_EQ(try_threads_.size(), 1u);
}

TEST_F(ServerTest, AsyncHandlersAnswerNowLaterOrThroughTheirBlockingHandler) {
  ServerOptions o = Quiet();
  o.io_threads = 1;
  Start(o);
  Client c(server_->port());
  ASSERT_EQ(c.Request(Get("/thread/inline")).status, 200);
  std::thread::id event_loop;
  {
    std::lock_guard lock(mu_);
    event_loop = inline_thread_;
  }
  HttpResponse r = c.Request(Get("/async?mode=now"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"path":"now"})");
  r = c.Request(Get("/async?mode=later"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"path":"later"})");
  r = c.Request(Get("/async?mode=then"));
  EXPECT_EQ(r.body, R"({"path":"then"})");
  r = c.Request(Get("/async?mode=loop"));
  EXPECT_EQ(r.body, R"({"path":"loop"})");  // a step on the event loop, not inside the fast path
  {
    std::lock_guard lock(mu_);
    ASSERT_EQ(fast_threads_.size(), 4u);
    for (auto id : fast_threads_) EXPECT_EQ(id, event_loop);
    ASSERT_EQ(step_threads_.size(), 2u);
    EXPECT_NE(step_threads_[0], event_loop);  // kWorkers
    EXPECT_EQ(step_threads_[1], event_loop);  // kEventLoop
    EXPECT_TRUE(blocking_threads_.empty());
    fast_threads_.clear();
  }

  // Reaching a blocking call: the route's blocking handler answers, on a worker.
  r = c.Request(Get("/async?mode=block"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"path":"blocking"})");
  {
    std::lock_guard lock(mu_);
    ASSERT_EQ(blocking_threads_.size(), 1u);
    EXPECT_NE(blocking_threads_[0], event_loop);
  }
  // A reply dropped unanswered, and a handler that throws, are 500s; the connection goes on.
  r = c.Request(Get("/async?mode=drop"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":"Internal server error"})");
  EXPECT_EQ(c.Request(Get("/async?mode=throw")).status, 500);
  EXPECT_EQ(c.Request(Get("/async?mode=now")).status, 200);

  std::string text = metrics_.Render();
  EXPECT_NE(text.find("magpie_http_inline_first_total{outcome=\"deferred\"} 1"), std::string::npos)
      << text;
}

TEST_F(ServerTest, AsyncRepliesFromManyThreadsReachTheirOwnConnections) {
  Start(Quiet());
  constexpr int kClients = 16;
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      Client c(server_->port());
      for (int k = 0; k < 5; ++k) {
        // Later replies overtake earlier ones across connections; each must land on its own.
        HttpResponse r = c.Request(Get("/async?mode=later&ms=" + std::to_string((i * 7 + k) % 13)));
        if (r.status == 200 && r.body == R"({"path":"later"})") ok.fetch_add(1);
        if (c.Request(Get("/async?mode=then")).body == R"({"path":"then"})") ok.fetch_add(1);
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), kClients * 5 * 2);
}

TEST_F(ServerTest, AsyncFastPathIsSkippedWhenInlineFirstIsOff) {
  ServerOptions o = Quiet();
  o.inline_first = false;
  Start(o);
  Client c(server_->port());
  EXPECT_EQ(c.Request(Get("/async?mode=now")).body, R"({"path":"blocking"})");
  std::lock_guard lock(mu_);
  EXPECT_TRUE(fast_threads_.empty());
}

TEST_F(ServerTest, StopWaitsForRepliesStillPending) {
  Start(Quiet());
  Client c(server_->port());
  c.Send(Get("/async?mode=later&ms=300"));
  std::this_thread::sleep_for(100ms);  // the reply now waits on its own thread
  server_->Stop();
  HttpResponse r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"path":"later"})");
  EXPECT_EQ(r.Header("connection"), "close");
  thread_.join();
  server_.reset();  // nothing calls into the server after Run returned
}

TEST_F(ServerTest, WorkerHopLatency) {
  // Not a benchmark: a sanity bound on the cost of the two thread hops, printed for the record.
  ServerOptions o = Quiet();
  o.io_threads = 1;
  Start(o);
  Client c(server_->port());
  auto measure = [&](const std::string& request) {
    for (int i = 0; i < 50; ++i) c.Request(request);  // warm up
    constexpr int kN = 1000;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kN; ++i) {
      if (c.Request(request).status != 200) return -1.0;
    }
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
               .count() /
           kN;
  };
  double inline_us = measure(Get("/thread/inline"));
  double worker_us = measure(Get("/thread/worker"));
  ASSERT_GT(inline_us, 0);
  ASSERT_GT(worker_us, 0);
  std::printf("round trip on one connection: inline %.1f us, worker pool %.1f us (hop %+.1f us)\n",
              inline_us, worker_us, worker_us - inline_us);
  // Loose on purpose (sanitizer builds, busy CI machines): catches a hop that costs
  // milliseconds, such as a Nagle/delayed-ACK stall, not microseconds.
  EXPECT_LT(worker_us, std::max(5000.0, 4 * inline_us));
}

TEST_F(ServerTest, StopLetsAnInFlightRequestFinishAndClosesIdleConnections) {
  Start(Quiet());
  Client idle(server_->port());
  ASSERT_EQ(idle.Request(Get("/api/v1/hello")).status, 200);  // now idle, kept alive

  const uint16_t port = server_->port();
  Client slow(port);
  slow.Send(Get("/slow"));
  std::this_thread::sleep_for(100ms);  // the handler is now sleeping on a worker
  const auto t0 = std::chrono::steady_clock::now();
  server_->Stop();

  HttpResponse r = slow.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slow done");
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_TRUE(slow.WaitClosed());
  EXPECT_TRUE(idle.WaitClosed());
  thread_.join();  // Run() returned
  server_.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
  // The listener is gone.
  EXPECT_THROW(Client late(port), std::runtime_error);
}

TEST_F(ServerTest, IdleKeepAliveConnectionsTimeOut) {
  ServerOptions o = Quiet();
  o.idle_timeout = 200ms;
  Start(o);
  Client c(server_->port());
  ASSERT_EQ(c.Request(Get("/api/v1/hello")).status, 200);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.WaitClosed());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

TEST_F(ServerTest, SlowRequestHitsTheReadTimeout) {
  ServerOptions o = Quiet();
  o.read_timeout = 200ms;
  Start(o);
  Client c(server_->port());
  c.Send("GET /api/v1/hello HTTP/1.1\r\n");  // and never finishes the header
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.WaitClosed());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

TEST_F(ServerTest, ConnectionsBeyondTheCapAreClosed) {
  ServerOptions o = Quiet();
  o.max_connections = 1;
  Start(o);
  Client first(server_->port());
  ASSERT_EQ(first.Request(Get("/api/v1/hello")).status, 200);
  Client second(server_->port());
  second.Send(Get("/api/v1/hello"));
  EXPECT_TRUE(second.WaitClosed());
  EXPECT_EQ(second.pending(), "");
  EXPECT_EQ(first.Request(Get("/api/v1/hello")).status, 200);
}

TEST_F(ServerTest, MetricsCountRequestsByMethodAndStatusClass) {
  Start(Quiet());
  {
    Client c(server_->port());
    c.Request(Get("/api/v1/hello"));
    c.Request(Get("/api/v1/hello"));
    c.Request(Get("/nope"));
    c.Request("DELETE /api/v1/hello HTTP/1.1\r\n\r\n");
    c.Request(Get("/api/v1/hello"));  // the previous requests are recorded by now
    std::this_thread::sleep_for(50ms);
  }
  std::string text = metrics_.Render();
  EXPECT_NE(text.find("magpie_http_requests_total{method=\"GET\",status=\"2xx\"} "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("magpie_http_requests_total{method=\"GET\",status=\"4xx\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("magpie_http_requests_total{method=\"DELETE\",status=\"4xx\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("magpie_http_request_duration_seconds_count"), std::string::npos);
  EXPECT_NE(text.find("magpie_http_connections_open"), std::string::npos);
  // Every request has left the worker queue by now.
  EXPECT_NE(text.find("magpie_http_worker_queue 0"), std::string::npos) << text;
}

TEST_F(ServerTest, AccessLogHasThePathButNeverTheQuery) {
  Start();  // access_log on
  Client c(server_->port());
  ::testing::internal::CaptureStderr();
  c.Request(Get("/api/v1/echo/7?access_token=SECRET123"));
  c.Request(Get("/api/v1/hello"));  // served after the first line was written
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("\"path\":\"/api/v1/echo/7\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"status\":200"), std::string::npos) << log;
  EXPECT_NE(log.find("\"method\":\"GET\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"duration_ms\":"), std::string::npos) << log;
  EXPECT_EQ(log.find("SECRET123"), std::string::npos) << log;
}

TEST(ServerListenTest, AddressInUseSaysWhatToDo) {
  Router router;
  core::metrics::Registry metrics;
  ServerOptions options;
  options.port = 0;
  Server first(options, router, metrics);
  ASSERT_TRUE(first.Listen().ok());
  options.port = first.port();
  Server second(options, router, metrics);
  auto status = second.Listen();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(
      status.error().message.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
      std::string::npos)
      << status.error().message;
  EXPECT_NE(status.error().message.find("Address already in use"), std::string::npos);
  EXPECT_NE(status.error().message.find("--listen HOST:PORT"), std::string::npos);
}

TEST(ServerListenTest, SigtermStopsRunWhenSignalsAreHandled) {
  Router router;
  router.Add(Method::kGet, "/health", [](Request&) { return Response::Json(200, "{}"); });
  core::metrics::Registry metrics;
  ServerOptions options;
  options.port = 0;
  options.handle_signals = true;
  options.access_log = false;
  options.io_threads = 1;
  options.worker_threads = 1;
  Server server(options, router, metrics);
  ASSERT_TRUE(server.Listen().ok());
  std::thread run([&] { server.Run(); });
  {
    // Once a request is answered, Run() has installed its signal handlers.
    Client c(server.port());
    ASSERT_EQ(c.Request(Get("/health")).status, 200);
  }
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  run.join();  // returns: the signal called Stop() instead of killing the process
  SUCCEED();
}

TEST(ServerListenTest, StopBeforeRunMakesRunReturn) {
  Router router;
  core::metrics::Registry metrics;
  ServerOptions options;
  options.port = 0;
  options.handle_signals = false;
  options.io_threads = 1;
  options.worker_threads = 1;
  Server server(options, router, metrics);
  ASSERT_TRUE(server.Listen().ok());
  server.Stop();
  server.Run();  // returns at once
  SUCCEED();
}

}  // namespace
}  // namespace magpie::http
