#pragma once
/// The fast path's JSON reader: RapidJSON into a reused memory pool, with the
/// strict loader's rules (json/document.hpp) checked but never explained.
/// It records no positions and builds no JSON Pointers; a document it does
/// not take goes to the strict loader, which says why, with line, column and
/// pointer.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/rapidjson.hpp"

namespace portcheck::scan {

class FastReader {
 public:
  FastReader();
  ~FastReader();
  FastReader(const FastReader&) = delete;
  FastReader& operator=(const FastReader&) = delete;

  /// Parses one document. True when the strict loader would accept it too
  /// (no byte-order mark, NUL byte, duplicate key, lone surrogate, integer
  /// beyond 64 bits, number beyond a double, nesting beyond 512, trailing
  /// content or invalid UTF-8); then root() is the document until the next
  /// call. False when it might not: the strict loader decides.
  bool read(std::string_view text);
  [[nodiscard]] const rapidjson::Value& root() const { return *document_; }

 private:
  std::vector<char> buffer_;
  std::string copy_;
  std::unique_ptr<rapidjson::MemoryPoolAllocator<>> pool_;
  std::unique_ptr<rapidjson::Document> document_;
  std::vector<std::string_view> keys_;
  std::vector<std::size_t> frames_;
  std::vector<const rapidjson::Value*> pending_;
};

}  // namespace portcheck::scan
