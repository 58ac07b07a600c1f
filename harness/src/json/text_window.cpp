#include "json/text_window.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace portcheck::json {

TextWindow::TextWindow(std::string_view text)
    : data_(text.data()), cursor_(text.data()), end_(text.data() + text.size()), at_end_(true) {}

TextWindow::TextWindow(int descriptor, std::uintmax_t expected, std::size_t block_bytes, SourceLocation where)
    : data_(nullptr),
      cursor_(nullptr),
      end_(nullptr),
      descriptor_(descriptor),
      expected_(expected),
      block_bytes_(std::max<std::size_t>(1, block_bytes)),
      where_(std::move(where)) {}

void TextWindow::fail(const std::string& message) {
  if (!failure_) failure_.emplace(message, where_);
  at_end_ = true;
}

bool TextWindow::refill() {
  if (at_end_) return false;
  // Let go of what the loader no longer needs, then read the next block
  // after what is kept.
  const std::size_t tell = Tell();
  const std::size_t drop = std::min(keep_, tell) - base_;
  if (drop > 0) {
    buffer_.erase(0, drop);
    base_ += drop;
  }
  const std::size_t kept = buffer_.size();
  buffer_.resize(kept + block_bytes_);
  ssize_t got = 0;
  do {
    got = ::read(descriptor_, buffer_.data() + kept, block_bytes_);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    const int error = errno;
    buffer_.resize(kept);
    fail(std::string("cannot read the file: ") + std::strerror(error));
  } else {
    buffer_.resize(kept + static_cast<std::size_t>(got));
    const std::uintmax_t total = base_ + buffer_.size();
    // The file was checked for NUL bytes and measured before this read.
    if (total > expected_ || (got == 0 && total != expected_) ||
        std::memchr(buffer_.data() + kept, '\0', static_cast<std::size_t>(got)) != nullptr) {
      fail("cannot read the file (did it change while being read?)");
    } else if (got == 0) {
      at_end_ = true;
    }
  }
  data_ = buffer_.data();
  cursor_ = data_ + (tell - base_);
  end_ = data_ + buffer_.size();
  if (failure_) end_ = cursor_;  // nothing more is read
  return cursor_ != end_;
}

char TextWindow::at(std::size_t offset) {
  const std::string_view byte = view(offset, offset + 1);
  return byte.empty() ? '\0' : byte.front();
}

std::string_view TextWindow::view(std::size_t offset, std::size_t end) {
  end = std::min(end, read_so_far());
  if (offset >= end) return {};
  if (offset >= base_) return {data_ + (offset - base_), end - offset};
  // Let go already: read again from the file, a block at a time.
  again_.resize(std::min(block_bytes_, std::min(end, base_) - offset));
  ssize_t got = 0;
  do {
    got = ::pread(descriptor_, again_.data(), again_.size(), static_cast<off_t>(offset));
  } while (got < 0 && errno == EINTR);
  again_.resize(got < 0 ? 0 : static_cast<std::size_t>(got));
  return again_;
}

}  // namespace portcheck::json
