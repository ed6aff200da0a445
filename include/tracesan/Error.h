// Error values that travel through the library instead of exceptions.
//
//   Expected<Trace> t = openTrace("a.har");
//   if (!t) { std::cerr << "tool: " << t.error().message() << "\n"; return t.error().exitCode(); }
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace tracesan {

// Categories map onto the documented exit codes of the tools.
enum class ErrorKind {
  InvalidInput,  // malformed trace, bad rules file, wrong password: exit 2
  Usage,         // bad flags or arguments: exit 2
  Io,            // cannot read or write a file: exit 2
  Unsupported,   // input uses something tracesan cannot handle: exit 2
  Internal,      // a bug: exit 3
};

class Error {
public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  int exitCode() const { return kind_ == ErrorKind::Internal ? 3 : 2; }

  // Prefixes context, e.g. a file name or "entry 12", keeping the kind.
  Error withContext(const std::string& context) const& { return {kind_, context + ": " + message_}; }

private:
  ErrorKind kind_;
  std::string message_;
};

inline Error invalidInput(std::string message) { return {ErrorKind::InvalidInput, std::move(message)}; }
inline Error ioError(std::string message) { return {ErrorKind::Io, std::move(message)}; }
inline Error internalError(std::string message) { return {ErrorKind::Internal, std::move(message)}; }

// A value or an error, in the spirit of std::expected (C++23) and llvm::Expected.
template <class T>
class [[nodiscard]] Expected {
public:
  Expected(T value) : v_(std::move(value)) {}
  Expected(Error error) : v_(std::move(error)) {}

  bool hasValue() const { return v_.index() == 0; }
  explicit operator bool() const { return hasValue(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

private:
  std::variant<T, Error> v_;
};

// Success or an error, for operations without a result.
class [[nodiscard]] Status {
public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}

  static Status ok() { return {}; }
  bool isOk() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

private:
  Error error_{ErrorKind::Internal, ""};
  bool ok_ = true;
};

}  // namespace tracesan
