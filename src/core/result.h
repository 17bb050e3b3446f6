// Errors as values (STYLE.md §4). Every expected failure — not found, invalid input, forbidden,
// conflict, rate-limited — travels as an Error with a protocol-neutral code. The api/ layer maps
// codes to HTTP statuses and Mastodon `{"error": ...}` bodies in exactly one place.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace magpie::core {

enum class ErrorCode {
  kBadRequest,       // malformed request (400)
  kUnauthenticated,  // no or bad credentials (401)
  kForbidden,        // authenticated but not allowed (403)
  kNotFound,         // no such thing, or not visible to this reader (404)
  kConflict,         // state conflict, e.g. a name already taken (409)
  kTooLarge,         // body or field over a size limit (413)
  kInvalid,          // well-formed but fails validation (422)
  kRateLimited,      // too many requests (429)
  kUnavailable,      // shutting down or overloaded (503)
  kInternal,         // a bug or an environment failure (500); never caused by input
};

// One field's validation failure, as Mastodon reports it on sign-up:
// `details: {"username": [{"error": "ERR_TAKEN", "description": "..."}]}`.
struct FieldError {
  std::string field;
  std::string error;  // machine code, e.g. "ERR_BLANK"
  std::string description;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> details;

  static Error BadRequest(std::string m) { return {ErrorCode::kBadRequest, std::move(m), {}}; }
  static Error Unauthenticated(std::string m) {
    return {ErrorCode::kUnauthenticated, std::move(m), {}};
  }
  static Error Forbidden(std::string m) { return {ErrorCode::kForbidden, std::move(m), {}}; }
  static Error NotFound(std::string m = "Record not found") {
    return {ErrorCode::kNotFound, std::move(m), {}};
  }
  static Error Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m), {}}; }
  static Error TooLarge(std::string m) { return {ErrorCode::kTooLarge, std::move(m), {}}; }
  static Error Invalid(std::string m) { return {ErrorCode::kInvalid, std::move(m), {}}; }
  static Error RateLimited(std::string m = "Too many requests") {
    return {ErrorCode::kRateLimited, std::move(m), {}};
  }
  static Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m), {}}; }
  static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m), {}}; }
};

// Result<T> holds a T or an Error. Deliberately small: ok(), value(), error(), and implicit
// construction from either side so that `return Error::NotFound();` and `return value;` both work.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

}  // namespace magpie::core

// Propagates an error from an expression returning Result<...>; leaves the value otherwise.
#define MAGPIE_RETURN_IF_ERROR(expr)            \
  do {                                          \
    auto magpie_status_ = (expr);               \
    if (!magpie_status_.ok()) {                 \
      return std::move(magpie_status_).error(); \
    }                                           \
  } while (false)

#define MAGPIE_CONCAT_INNER_(a, b) a##b
#define MAGPIE_CONCAT_(a, b) MAGPIE_CONCAT_INNER_(a, b)
// MAGPIE_ASSIGN_OR_RETURN(auto x, Fetch()); declares x from the value or returns the error.
#define MAGPIE_ASSIGN_OR_RETURN(lhs, expr) \
  MAGPIE_ASSIGN_OR_RETURN_IMPL_(MAGPIE_CONCAT_(magpie_result_, __LINE__), lhs, expr)
// NOLINTBEGIN(bugprone-macro-parentheses): tmp is a name and lhs a declaration ("auto x").
#define MAGPIE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).error();       \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
