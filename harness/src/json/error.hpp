#pragma once
/// Errors that stop portcheck from running (exit code 2): unreadable or
/// malformed input, an invalid schema, a usage error. Findings about the data
/// under test are results, not errors, and never use this type.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace portcheck {

/// Where in which input something went wrong. Line and column are 1-based and
/// 0 when unknown; the column counts characters (UTF-8 code points), not bytes.
struct SourceLocation {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  /// JSON Pointer (RFC 6901) of the value concerned; empty for the root or
  /// when no value is concerned.
  std::string pointer;
  bool has_pointer = false;

  /// A location that names only a file.
  static SourceLocation in_file(std::string file) {
    SourceLocation location;
    location.file = std::move(file);
    return location;
  }
};

/// Text for one line of output: control characters (a newline in a file
/// name, a tab in a key) written as \n, \t or \xNN so that "file:line:col:"
/// stays one line a reader and a parser can split, and bytes that are not
/// well-formed UTF-8 as \xNN. Other characters, spaces and non-ASCII
/// included, are kept as they are.
std::string printable(const std::string& text);

/// The text with every byte that is not part of well-formed UTF-8 (RFC
/// 3629) written as \xNN, the rest as it is: a file name on Linux is any
/// bytes, and the JSON, SARIF and XML outputs must be UTF-8.
std::string well_formed_utf8(const std::string& text);

/// The one error type of portcheck: every command prints it in one place.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, SourceLocation where = {});

  /// Exit code for the process: 2, "could not run".
  [[nodiscard]] int exit_code() const { return 2; }
  [[nodiscard]] const SourceLocation& where() const { return where_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  /// "file:line:column: at /pointer: message", leaving out what is unknown.
  [[nodiscard]] std::string describe() const;
  /// "at /pointer: message" (or the message alone without a pointer): what
  /// an output that gives file, line and column fields of their own shows.
  [[nodiscard]] std::string message_at_pointer() const;

 private:
  std::string message_;
  SourceLocation where_;
};

}  // namespace portcheck
