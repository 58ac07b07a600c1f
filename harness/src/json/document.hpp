#pragma once
/// Loading JSON for a conformance tool: strict, and with positions.
///
/// The loader is stricter than RFC 8259 requires, because a fixture that two
/// parsers could read differently is not evidence of anything:
///  - a UTF-8 byte-order mark is rejected (RFC 8259 section 8.1 forbids adding one);
///  - duplicate object keys are rejected (parsers disagree on which one wins);
///  - integers that do not fit in 64 bits are rejected, never rounded;
///  - NaN and Infinity literals, trailing content, invalid UTF-8 and NUL bytes
///    are rejected;
///  - nesting deeper than LoadOptions::max_depth is rejected before anything
///    recursive (the validator) sees it; the parser itself is iterative.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/positions.hpp"
#include "json/rapidjson.hpp"

namespace portcheck::json {

/// Where a value starts in its source text (1-based line and column, column
/// counting UTF-8 code points). For an object member this is its key.
struct Position {
  std::size_t offset = 0;
  std::size_t line = 0;
  std::size_t column = 0;
};

struct LoadOptions {
  /// Deepest nesting of arrays and objects accepted. serde_json stops at 128
  /// and CPython's json at about 1000; 512 leaves room for real documents and
  /// keeps recursive consumers far from the stack's end.
  std::size_t max_depth = 512;
  /// load_file() reads a file this many bytes at a time, and keeps only the
  /// text from the token being read on: the document, not its text, stays.
  std::size_t read_block_bytes = std::size_t{1} << 18;
};

/// A parsed JSON document that remembers where each value came from.
///
/// Positions take about a byte per value (line and column, packed in the
/// order values appear) and a looked-up pointer is found by walking the
/// document, so a document costs memory in proportion to its size, not to the
/// length of its pointers. Lookups are not safe from several threads at once.
class Document {
 public:
  Document();
  ~Document();
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;

  [[nodiscard]] const rapidjson::Value& root() const { return value_; }
  [[nodiscard]] const std::string& source_name() const { return source_name_; }
  /// Position of the value at a JSON Pointer, if that value exists. The
  /// offset is not kept: positions order by line and column.
  [[nodiscard]] std::optional<Position> position_of(const std::string& pointer) const;
  /// Position of the value at a pointer, or of its nearest existing ancestor
  /// (the object that lacks a required key, say); nothing only when the
  /// document has no positions at all.
  [[nodiscard]] std::optional<Position> nearest_position_of(const std::string& pointer) const;
  /// The literal text of a non-integer number of this document, as written
  /// ("1e-05", "600.0").
  [[nodiscard]] std::optional<std::string> number_text(const rapidjson::Value& number) const;

 private:
  friend Document parse(std::string_view, std::string, const LoadOptions&);
  friend class DocumentBuilder;
  /// The value at a pointer and its place in document order, if it exists.
  [[nodiscard]] std::optional<std::size_t> ordinal_of(const std::string& pointer) const;
  /// Where each child of a container starts in document order, relative to
  /// the container: counted once per container a lookup passes through.
  [[nodiscard]] const std::vector<std::uint32_t>& child_offsets(const rapidjson::Value& container) const;

  rapidjson::Document value_;
  std::string source_name_;
  /// Per value, in document order, packed (about a byte a value).
  PositionList positions_;
  /// Once parsed, finds each non-integer number's value by its place in
  /// document order, so that number_text() looks it up by address.
  void index_numbers();

  /// Non-integer numbers as written: while parsing, (place in document
  /// order, start in number_text_); then (value's address, start), by address.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> number_places_;
  std::vector<std::pair<const rapidjson::Value*, std::uint32_t>> numbers_;
  std::string number_text_;  ///< the texts, each ended by a NUL
  mutable std::map<const rapidjson::Value*, std::vector<std::uint32_t>> child_offsets_;
};

/// Parses text. Throws portcheck::Error naming source_name, line, column and
/// the JSON Pointer of the enclosing value when the text is not acceptable.
Document parse(std::string_view text, std::string source_name, const LoadOptions& options = {});

/// Reads and parses a file; an unreadable file is a portcheck::Error too.
Document load_file(const std::filesystem::path& path, const LoadOptions& options = {});

/// The largest file (or standard input) portcheck reads: 1 GiB.
inline constexpr std::uintmax_t kMaximumFileSize = std::uintmax_t{1} << 30;

/// Reads a whole regular file into a string, or throws portcheck::Error: for
/// a FIFO, socket or device (which would block or never end), a directory, a
/// file of /proc or /sys, or a file larger than kMaximumFileSize.
std::string read_file(const std::filesystem::path& path);

/// Whether an open file is one of /proc or /sys, whose size (0, or a page)
/// is not what it holds: read by its size, it would be judged in part, or
/// as empty. Such a file can be given on standard input.
bool is_kernel_file(int descriptor);
inline constexpr const char* kKernelFileMessage =
    "is a file of /proc or /sys, whose size is not what it holds: give it on standard input";

/// What every command calls standard input (`-`) in its messages, as grep does.
inline constexpr const char* kStandardInputName = "(standard input)";

/// Throws portcheck::Error when standard input is closed (a job started with
/// `<&-`), rather than reading it as an empty document.
void require_open_standard_input(const std::string& source_name);

/// Reads a whole stream (standard input), up to kMaximumFileSize.
std::string read_stream(std::istream& stream, const std::string& source_name);

/// Line and column (1-based, column in code points) of a byte offset.
Position position_at(std::string_view text, std::size_t offset);

}  // namespace portcheck::json
