#pragma once
/// The text the strict loader reads: a whole text already in memory, or a
/// file read a block at a time of which only the bytes from the last token
/// on are kept, so that loading a 50 MB file does not hold its 50 MB of text
/// beside the document built from it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "json/error.hpp"

namespace portcheck::json {

/// A RapidJSON input stream (Peek, Take, Tell) that the loader can also look
/// back into: the bytes of the token just read, and any earlier byte (a file's
/// bytes let go are read again from the file, slowly, for a message).
class TextWindow {
 public:
  using Ch = char;

  /// A whole text in memory; it must outlive the window.
  explicit TextWindow(std::string_view text);
  /// A regular file open for reading at its start, of `expected` bytes (its
  /// size when it was checked for NUL bytes): a file that then reads
  /// otherwise (longer, shorter, with a NUL) is reported as changed.
  TextWindow(int descriptor, std::uintmax_t expected, std::size_t block_bytes, SourceLocation where);

  Ch Peek() { return cursor_ != end_ || refill() ? *cursor_ : '\0'; }
  Ch Take() { return cursor_ != end_ || refill() ? *cursor_++ : '\0'; }
  [[nodiscard]] std::size_t Tell() const { return base_ + static_cast<std::size_t>(cursor_ - data_); }
  // Written to only by an in-situ parse, which the loader never asks for.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch /*character*/) {}
  void Flush() {}
  std::size_t PutEnd(Ch* /*begin*/) { return 0; }

  /// The loader no longer needs the bytes before `offset`.
  void release(std::size_t offset) {
    if (offset > keep_) keep_ = offset;
  }
  /// Bytes read so far (all of a text in memory).
  [[nodiscard]] std::size_t read_so_far() const { return base_ + static_cast<std::size_t>(end_ - data_); }
  /// Reads on until `end` bytes were read, or the text ended.
  void read_ahead(std::size_t end) {
    while (!at_end_ && read_so_far() < end) refill();
  }
  /// The byte at an offset already read.
  char at(std::size_t offset);
  /// Bytes from `offset` on, up to `end` (at most what was read): all of them
  /// when they are still held, else the next block read again from the file.
  std::string_view view(std::size_t offset, std::size_t end);
  /// Why reading the file failed (it changed, or the system refused), if it did.
  [[nodiscard]] const std::optional<Error>& failure() const { return failure_; }

 private:
  bool refill();
  void fail(const std::string& message);

  const char* data_;    ///< the byte at offset base_
  const char* cursor_;  ///< the next byte to read
  const char* end_;     ///< past the last byte read
  std::size_t base_ = 0;

  // A file read a block at a time.
  int descriptor_ = -1;
  std::uintmax_t expected_ = 0;
  std::size_t block_bytes_ = 0;
  SourceLocation where_;
  std::string buffer_;    ///< bytes from base_ on
  std::size_t keep_ = 0;  ///< bytes before it may be let go
  bool at_end_ = false;
  std::string again_;  ///< a block read again for view()
  std::optional<Error> failure_;
};

}  // namespace portcheck::json
