#pragma once
/// The fast path's JSON reader, with the strict loader's rules
/// (json/document.hpp) checked but never explained. simdjson's DOM parser
/// reads first; where it cannot be sure the strict loader would agree (it
/// does not keep a number's text, so a nonzero number that rounds to 0 looks
/// like 0; a document too large for its tape), RapidJSON into a reused
/// memory pool reads the text again and checks it by its text. It records
/// no positions and builds no JSON Pointers; a document it does not take
/// goes to the strict loader, which says why, with line, column and pointer.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/rapidjson.hpp"
#include "scan/plan.hpp"

namespace portcheck::scan {

/// Bytes after a text that read() may touch (never judge) when the text is
/// given as padded: simdjson reads ahead that far, and otherwise copies each
/// text into a buffer of its own first.
inline constexpr std::size_t kReadPadding = 64;

/// The parser a document is read with.
enum class FastEngine {
  simdjson,   ///< simdjson first, RapidJSON where it cannot be sure
  rapidjson,  ///< RapidJSON only (the differential tests and the benchmark)
};

class FastReader {
 public:
  explicit FastReader(FastEngine engine = FastEngine::simdjson);
  ~FastReader();
  FastReader(const FastReader&) = delete;
  FastReader& operator=(const FastReader&) = delete;

  /// Parses one document. True when the strict loader would accept it too
  /// (no byte-order mark, NUL byte, duplicate key, lone surrogate, integer
  /// beyond 64 bits, number beyond a double, nesting beyond 512, trailing
  /// content or invalid UTF-8); then judge() judges it until the next
  /// call. False when it might not: the strict loader decides. `padded`:
  /// kReadPadding bytes after the text are allocated (whatever they hold).
  bool read(std::string_view text, bool padded = false);
  /// The plan's verdict on the document read last (read() was true).
  [[nodiscard]] Verdict judge(const ValidationPlan& plan) const;
  /// Which parser holds the document read last.
  [[nodiscard]] FastEngine holder() const { return holder_; }
  /// Frees what RapidJSON holds of the document read last (its copy of the
  /// text and its values), before the exact path reads a large text again.
  void let_go();

 private:
  struct Simdjson;
  /// What simdjson's reading says of a text.
  enum class SimdjsonRead { taken, refused, unsure };
  SimdjsonRead read_with_simdjson(std::string_view text, bool padded);
  bool read_with_rapidjson(std::string_view text);

  FastEngine engine_;
  FastEngine holder_ = FastEngine::rapidjson;
  std::unique_ptr<Simdjson> simdjson_;
  std::vector<char> buffer_;
  std::string copy_;
  std::unique_ptr<rapidjson::MemoryPoolAllocator<>> pool_;
  std::unique_ptr<rapidjson::Document> document_;
  std::vector<std::string_view> keys_;
  std::vector<std::size_t> frames_;
  std::vector<const rapidjson::Value*> pending_;
};

}  // namespace portcheck::scan
