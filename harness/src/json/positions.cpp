#include "json/positions.hpp"

namespace portcheck::json {

namespace {

std::uint64_t take(const unsigned char*& cursor) {
  std::uint64_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    const unsigned char byte = *cursor++;
    value |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
    if ((byte & 0x80U) == 0) return value;
  }
}

}  // namespace

void PositionList::put(std::uint64_t value) {
  std::string& block = blocks_.back();
  while (value >= 0x80U) {
    block.push_back(static_cast<char>((value & 0x7FU) | 0x80U));
    value >>= 7U;
  }
  block.push_back(static_cast<char>(value));
}

void PositionList::push_back(LineColumn place) {
  if (size_ % kStride == 0) {
    if (blocks_.empty() || blocks_.back().size() + kStrideBytes > kBlockBytes) {
      blocks_.emplace_back();
      // Past the first block the document is large: take the whole block at
      // once rather than doubling into it.
      if (blocks_.size() > 1) blocks_.back().reserve(kBlockBytes);
    }
    checkpoints_.push_back(
        {static_cast<std::uint32_t>(blocks_.size() - 1), static_cast<std::uint32_t>(blocks_.back().size()), place});
  } else if (place.line == last_.line && place.column >= last_.column) {
    put(std::uint64_t{place.column - last_.column} << 1U);
  } else {
    // A new line (document order never goes back a line; should a place
    // ever do so, its line is written as a step from zero).
    const bool forward = place.line >= last_.line;
    put(((std::uint64_t{forward ? place.line - last_.line : place.line}) << 2U) | (forward ? 1U : 3U));
    put(place.column);
  }
  last_ = place;
  ++size_;
}

LineColumn PositionList::operator[](std::size_t index) const {
  const Checkpoint& checkpoint = checkpoints_[index / kStride];
  LineColumn place = checkpoint.place;
  const auto* cursor = reinterpret_cast<const unsigned char*>(blocks_[checkpoint.block].data()) + checkpoint.offset;
  for (std::size_t step = index % kStride; step > 0; --step) {
    const std::uint64_t value = take(cursor);
    if ((value & 1U) == 0) {
      place.column += static_cast<std::uint32_t>(value >> 1U);
    } else {
      const auto line = static_cast<std::uint32_t>(value >> 2U);
      place.line = (value & 2U) == 0 ? place.line + line : line;
      place.column = static_cast<std::uint32_t>(take(cursor));
    }
  }
  return place;
}

}  // namespace portcheck::json
