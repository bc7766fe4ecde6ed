// Errors as values (STYLE.md 5): the core and the connectors return Status /
// Result<T>; only the HTTP layer turns them into statuses, in one function.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace leye {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input broke a rule (4xx 400/422)
  kNotFound,         // the named record does not exist (404)
  kPermissionDenied, // the caller may not do this here (403)
  kConflict,         // the write clashes with the current state (409)
  kUnavailable,      // a dependency (Redis) cannot be reached now (503)
  kInternal,         // a bug or an unexpected fault (500)
};

// One broken field of a request or a row: `pointer` is a JSON Pointer
// (RFC 6901) into the submitted document, `message` says which rule it broke.
struct FieldError {
  std::string pointer;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return {}; }
  static Status Invalid(std::string msg, std::vector<FieldError> errors = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(msg), std::move(errors));
  }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status PermissionDenied(std::string msg) {
    return Status(StatusCode::kPermissionDenied, std::move(msg));
  }
  static Status Conflict(std::string msg) { return Status(StatusCode::kConflict, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(StatusCode::kUnavailable, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  Status(StatusCode code, std::string msg, std::vector<FieldError> errors = {})
      : code_(code), message_(std::move(msg)), errors_(std::move(errors)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<FieldError> errors_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}    // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  // REQUIRES: !ok()
  const Status& status() const { return std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace leye
