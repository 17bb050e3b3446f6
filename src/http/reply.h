// The answer to a request whose handler finishes later, on another thread: a route's
// AsyncHandler (router.h) gets a Reply and sends it when the work is done -- typically from the
// completion of a write that was queued without waiting for its commit, so that no thread sits
// blocked for the length of an fsync.
//
// A Reply is a cheap, copyable handle; the first Send answers and later ones are ignored. Then()
// runs the next step on the worker pool (which may block) or on the connection's event loop (which
// must not), handing it the Reply. When every copy is gone without a Send, the client gets a 500:
// a dropped callback cannot leave a connection waiting forever.
//
// Thread-safe: Send and Then may be called from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

#include "http/message.h"

namespace magpie::http {

class Reply {
 public:
  enum class On {
    kWorkers,    // the blocking worker pool
    kEventLoop,  // the connection's event-loop strand: nothing that blocks
  };

  // Implemented by the server for each pending request.
  class Target {
   public:
    virtual ~Target() = default;
    // Called at most once.
    virtual void Deliver(Response response) = 0;
    virtual void Run(On where, std::function<void()> step) = 0;
  };

  Reply() = default;
  explicit Reply(std::shared_ptr<Target> target) : state_(std::make_shared<State>()) {
    state_->target = std::move(target);
  }

  // Answers the request (once; later calls do nothing). False when it was answered already.
  bool Send(Response response) const {
    if (!state_ || state_->sent.exchange(true)) return false;
    state_->target->Deliver(std::move(response));
    return true;
  }
  bool sent() const { return state_ && state_->sent.load(); }

  void Then(On where, std::function<void(Reply)> step) const {
    if (!state_) return;
    state_->target->Run(where, [reply = *this, step = std::move(step)] { step(reply); });
  }

 private:
  struct State {
    std::shared_ptr<Target> target;
    std::atomic<bool> sent{false};
    ~State() {
      if (target && !sent.load()) {
        target->Deliver(Response::Json(500, R"({"error":"Internal server error"})"));
      }
    }
  };
  std::shared_ptr<State> state_;
};

}  // namespace magpie::http
