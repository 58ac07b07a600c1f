#pragma once
/// The line and column of every value of a document, in document order,
/// packed: about one byte a value instead of eight.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace portcheck::json {

struct LineColumn {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// Places appended in document order, read back by index. Each place is a
/// variable-length step from the one before (a column step on the same line,
/// or a line step and a column), and every 64th is kept whole as a
/// checkpoint, so that reading one costs at most 63 steps.
class PositionList {
 public:
  void push_back(LineColumn place);
  [[nodiscard]] LineColumn operator[](std::size_t index) const;
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }

 private:
  static constexpr std::size_t kStride = 64;
  /// Steps take at most 10 bytes each: a checkpoint starts a new block
  /// unless the 63 steps after it fit in the current one.
  static constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
  static constexpr std::size_t kStrideBytes = kStride * 2 * 10;

  struct Checkpoint {
    std::uint32_t block = 0;
    std::uint32_t offset = 0;
    LineColumn place;
  };

  void put(std::uint64_t value);

  /// Blocks of steps; a block is never moved once the next one starts, and
  /// grows only up to kBlockBytes.
  std::vector<std::string> blocks_;
  std::vector<Checkpoint> checkpoints_;
  LineColumn last_;
  std::size_t size_ = 0;
};

}  // namespace portcheck::json
