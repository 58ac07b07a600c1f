#include "scan/fast_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "json/document.hpp"
#include "json/utf8.hpp"

namespace portcheck::scan {

namespace {

/// Whether decoded text holds the UTF-8 form of a surrogate (ED A0..BF xx):
/// only a \u escape can put one there, since the input is validated UTF-8.
bool has_lone_surrogate(const char* text, std::size_t length) {
  const char* end = text + length;
  for (const char* at = text; at < end;) {
    const void* found = std::memchr(at, 0xED, static_cast<std::size_t>(end - at));
    if (found == nullptr) return false;
    const char* lead = static_cast<const char*>(found);
    if (lead + 1 < end && (static_cast<unsigned char>(lead[1]) & 0xE0U) == 0xA0U) return true;
    at = lead + 1;
  }
  return false;
}

/// What one pass over the raw text finds: whether it is all well-formed
/// UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF) without NUL bytes, and whether it has a backslash (without one,
/// no \\u escape can make a lone surrogate). Eight ASCII bytes at a time.
struct TextScan {
  bool acceptable = true;
  bool has_backslash = false;
};

TextScan scan_text(std::string_view text) {
  TextScan result;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t word) { return ((word - kOnes) & ~word & kHigh) != 0; };
  std::size_t index = 0;
  while (index < size) {
    if (index + 8 <= size) {
      std::uint64_t word = 0;
      std::memcpy(&word, bytes + index, 8);
      if ((word & kHigh) == 0 && !has_zero(word)) {
        if (!result.has_backslash && has_zero(word ^ (kOnes * '\\'))) result.has_backslash = true;
        index += 8;
        continue;
      }
    }
    const unsigned char lead = bytes[index];
    if (lead < 0x80U) {
      if (lead == 0) return {false, result.has_backslash};
      if (lead == '\\') result.has_backslash = true;
      ++index;
      continue;
    }
    const std::size_t length = json::utf8_sequence(bytes + index, size - index);
    if (length == 0) return {false, result.has_backslash};
    index += length;
  }
  return result;
}

/// Objects with fewer keys are checked for duplicates pairwise while parsing;
/// larger ones by sorting their keys afterwards.
constexpr std::size_t kPairwiseKeys = 32;

/// Eight bits of a key: its length and its first and last bytes, which
/// tell most keys of an object apart.
inline unsigned key_hash(std::string_view key) {
  if (key.empty()) return 0;
  return (static_cast<unsigned>(key.size()) * 31U + static_cast<unsigned char>(key.front()) * 7U +
          static_cast<unsigned char>(key.back())) &
         0xFFU;
}

/// Key equality, cheapest tests first: most keys differ in length or in
/// their first byte.
inline bool same_key(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (std::size_t index = 0; index < left.size(); ++index) {
    if (left[index] != right[index]) return false;
  }
  return true;
}

/// Forwards RapidJSON's events to the document, refusing what the strict
/// loader refuses. Numbers arrive as text (kParseNumbersAsStringsFlag) and
/// are converted as the strict loader converts them.
class StrictForwarder {
 public:
  StrictForwarder(rapidjson::Document& document, bool has_escapes, std::vector<std::string_view>& keys,
                  std::vector<std::size_t>& frames)
      : document_(document), has_escapes_(has_escapes), keys_(keys), frames_(frames) {}

  /// Set when an object had too many keys to compare pairwise as they came.
  [[nodiscard]] bool needs_duplicate_walk() const { return needs_duplicate_walk_; }

  bool Null() { return document_.Null(); }
  bool Bool(bool value) { return document_.Bool(value); }
  bool Int(int value) { return document_.Int(value); }
  bool Uint(unsigned value) { return document_.Uint(value); }
  bool Int64(std::int64_t value) { return document_.Int64(value); }
  bool Uint64(std::uint64_t value) { return document_.Uint64(value); }
  bool Double(double value) { return document_.Double(value); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    const char* end = text + length;
    bool integral = true;
    for (const char* at = text; at < end; ++at) {
      if (*at == '.' || *at == 'e' || *at == 'E') {
        integral = false;
        break;
      }
    }
    if (integral) {
      std::int64_t signed_value = 0;
      if (std::from_chars(text, end, signed_value).ec == std::errc()) return document_.Int64(signed_value);
      std::uint64_t unsigned_value = 0;
      if (*text != '-' && std::from_chars(text, end, unsigned_value).ec == std::errc()) {
        return document_.Uint64(unsigned_value);
      }
      return false;
    }
    double value = 0;
    const auto [stop, error] = std::from_chars(text, end, value);
    if (error != std::errc() || stop != end) return false;
    return document_.Double(value);
  }
  bool String(const char* text, rapidjson::SizeType length, bool copy) {
    return !(has_escapes_ && has_lone_surrogate(text, length)) && document_.String(text, length, copy);
  }
  bool Key(const char* text, rapidjson::SizeType length, bool copy) {
    if (has_escapes_ && has_lone_surrogate(text, length)) return false;
    // Duplicate keys, as they come: parsing in place, the key stays where
    // it is. An object with many keys is left to a walk afterwards.
    const std::string_view key(text, length);
    const std::size_t start = frames_.back();
    if (keys_.size() - start < kPairwiseKeys) {
      for (std::size_t index = start; index < keys_.size(); ++index) {
        if (same_key(keys_[index], key)) return false;
      }
      keys_.push_back(key);
    } else {
      needs_duplicate_walk_ = true;
    }
    return document_.Key(text, length, copy);
  }
  bool StartObject() {
    frames_.push_back(keys_.size());
    return ++depth_ <= json::LoadOptions{}.max_depth && document_.StartObject();
  }
  bool StartArray() {
    frames_.push_back(keys_.size());
    return ++depth_ <= json::LoadOptions{}.max_depth && document_.StartArray();
  }
  bool EndObject(rapidjson::SizeType count) {
    --depth_;
    keys_.resize(frames_.back());
    frames_.pop_back();
    return document_.EndObject(count);
  }
  bool EndArray(rapidjson::SizeType count) {
    --depth_;
    frames_.pop_back();
    return document_.EndArray(count);
  }

 private:
  rapidjson::Document& document_;
  bool has_escapes_;
  std::vector<std::string_view>& keys_;
  std::vector<std::size_t>& frames_;
  bool needs_duplicate_walk_ = false;
  std::size_t depth_ = 0;
};

/// Encoding is validated by scan_text(), far faster than RapidJSON's
/// validation character by character.
constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseInsituFlag;
/// Most documents fit in this without asking malloc for anything.
constexpr std::size_t kPoolBytes = 256 * 1024;
/// The largest text simdjson reads; larger ones go to RapidJSON. simdjson
/// keeps about 15 bytes per byte of the largest text it has read (its tape,
/// strings, structural indexes and a padded copy) for the next document, so
/// this bounds each worker's memory (4 MB; 256 workers, 1 GB at worst); and
/// it keeps every container's count below the 2^24 that simdjson's tape
/// holds exactly.
constexpr std::size_t kSimdjsonLargest = 256 * 1024;
// simdjson's own nesting limit (its default, 1024) lies above the strict
// loader's (checked in the walk, the same way for arrays and objects), so
// that simdjson never refuses a document the walk has to judge.
static_assert(simdjson::DEFAULT_MAX_DEPTH > json::LoadOptions{}.max_depth);

}  // namespace

struct FastReader::Simdjson {
  /// An open array or object of the walk over simdjson's tape.
  struct Frame {
    std::size_t first_key;  ///< where the object's keys start in `keys`
    bool is_object;
    bool key_next;                            ///< in an object: the next string is a key
    std::array<std::uint64_t, 4> key_hashes;  ///< a bit for each key_hash() of its keys
  };

  simdjson::dom::parser parser{kSimdjsonLargest};
  std::vector<Frame> frames;
  std::vector<std::string_view> keys;
};

FastReader::FastReader(FastEngine engine) : engine_(engine), buffer_(kPoolBytes) {
  pool_ = std::make_unique<rapidjson::MemoryPoolAllocator<>>(buffer_.data(), buffer_.size());
  document_ = std::make_unique<rapidjson::Document>(pool_.get());
  if (engine_ == FastEngine::simdjson) simdjson_ = std::make_unique<Simdjson>();
}

FastReader::~FastReader() = default;

static_assert(kReadPadding >= simdjson::SIMDJSON_PADDING, "a padded text must have the room simdjson reads ahead");

bool FastReader::read(std::string_view text, bool padded) {
  if (text.starts_with("\xEF\xBB\xBF")) return false;
  if (engine_ == FastEngine::simdjson && text.size() <= kSimdjsonLargest) {
    switch (read_with_simdjson(text, padded)) {
      case SimdjsonRead::taken:
        holder_ = FastEngine::simdjson;
        return true;
      case SimdjsonRead::refused:
        return false;
      case SimdjsonRead::unsure:
        break;
    }
  }
  holder_ = FastEngine::rapidjson;
  return read_with_rapidjson(text);
}

void FastReader::let_go() {
  if (holder_ != FastEngine::rapidjson) return;  // simdjson's buffers stay: documents of 256 KiB at most
  document_->SetNull();
  pool_->Clear();
  std::string().swap(copy_);
  std::vector<std::string_view>().swap(keys_);
  std::vector<std::size_t>().swap(frames_);
  std::vector<const rapidjson::Value*>().swap(pending_);
}

Verdict FastReader::judge(const ValidationPlan& plan) const {
  return holder_ == FastEngine::simdjson ? plan.judge(simdjson_->parser.doc) : plan.judge(*document_);
}

/// simdjson validates UTF-8 (RFC 3629, surrogates included), refuses raw
/// control characters and NUL, lone surrogates in \u escapes, integers
/// beyond 64 bits, numbers beyond a double, trailing content and NaN: a
/// text it refuses is left to RapidJSON's reading, which decides by the
/// strict loader's rules. What it accepts is walked for what it does not
/// check: duplicate keys and the strict loader's nesting limit (refused for
/// sure), and a double that is 0, which is the value of "0.0" but also of
/// "1e-400", a number the strict loader refuses as beyond a double (unsure).
///
/// The walk reads simdjson's tape in order, as its own dump_raw_tape()
/// does (the format of simdjson's doc/tape.md: a 64-bit word per value, its
/// type in the top byte; numbers take a second word; a string's payload is
/// its offset in the string buffer, where a 32-bit length precedes its
/// bytes), which costs a fraction of a walk through the DOM's iterators.
FastReader::SimdjsonRead FastReader::read_with_simdjson(std::string_view text, bool padded) {
  Simdjson& state = *simdjson_;
  if (state.parser.parse(text.data(), text.size(), !padded).error() != simdjson::SUCCESS) return SimdjsonRead::unsure;
  const std::uint64_t* tape = state.parser.doc.tape.get();
  const std::uint8_t* strings = state.parser.doc.string_buf.get();
  constexpr std::uint64_t kPayload = 0x00FFFFFFFFFFFFFFULL;
  const std::size_t end = tape[0] & kPayload;  // the closing root word
  const std::size_t max_depth = json::LoadOptions{}.max_depth;
  state.frames.clear();
  state.keys.clear();
  // A value other than a key: in an object, a key comes next.
  const auto value_seen = [&state] {
    if (!state.frames.empty()) state.frames.back().key_next = true;
  };
  for (std::size_t index = 1; index < end;) {
    const std::uint64_t word = tape[index];
    switch (static_cast<char>(word >> 56)) {
      case '{':
      case '[':
        if (state.frames.size() >= max_depth) return SimdjsonRead::refused;
        value_seen();
        {
          // Field by field: a whole Frame built aside and copied in stalls
          // on its partly written bytes, at a quarter of the walk's time.
          Simdjson::Frame& frame = state.frames.emplace_back();
          frame.first_key = state.keys.size();
          frame.is_object = (word >> 56) == '{';
          frame.key_next = true;
          frame.key_hashes.fill(0);
        }
        ++index;
        break;
      case '}': {
        const std::size_t first = state.frames.back().first_key;
        if (state.keys.size() - first > kPairwiseKeys) {
          const auto keys = state.keys.begin() + static_cast<std::ptrdiff_t>(first);
          std::sort(keys, state.keys.end());
          if (std::adjacent_find(keys, state.keys.end()) != state.keys.end()) return SimdjsonRead::refused;
        }
        state.keys.resize(first);
        state.frames.pop_back();
        ++index;
        break;
      }
      case ']':
        state.frames.pop_back();
        ++index;
        break;
      case '"': {
        if (state.frames.empty() || !state.frames.back().is_object || !state.frames.back().key_next) {
          value_seen();
          ++index;
          break;
        }
        std::uint32_t length = 0;
        const std::uint8_t* at = strings + (word & kPayload);
        std::memcpy(&length, at, sizeof(length));
        const std::string_view key(reinterpret_cast<const char*>(at + sizeof(length)), length);
        Simdjson::Frame& frame = state.frames.back();
        if (state.keys.size() - frame.first_key < kPairwiseKeys) {
          // A key is compared with the others only when one of them has
          // its hash: most objects' keys all differ in it.
          const unsigned hash = key_hash(key);
          std::uint64_t& bits = frame.key_hashes[hash / 64];
          const std::uint64_t bit = std::uint64_t{1} << (hash % 64);
          if ((bits & bit) != 0) {
            for (std::size_t other = frame.first_key; other < state.keys.size(); ++other) {
              if (same_key(state.keys[other], key)) return SimdjsonRead::refused;
            }
          }
          bits |= bit;
        }
        state.keys.push_back(key);
        frame.key_next = false;
        ++index;
        break;
      }
      case 'd': {
        double number = 0;
        std::memcpy(&number, &tape[index + 1], sizeof(number));
        if (number == 0.0) return SimdjsonRead::unsure;
        value_seen();
        index += 2;
        break;
      }
      case 'l':
      case 'u':
        value_seen();
        index += 2;
        break;
      default:  // true, false, null
        value_seen();
        ++index;
        break;
    }
  }
  return SimdjsonRead::taken;
}

bool FastReader::read_with_rapidjson(std::string_view text) {
  // RapidJSON's memory stream stops at a NUL byte; the strict loader refuses
  // one, and invalid UTF-8.
  const TextScan scanned = scan_text(text);
  if (!scanned.acceptable) return false;
  document_->SetNull();
  pool_->Clear();
  // Parsed in place in a copy (the text itself must stay whole for the
  // exact path): strings are unescaped where they are instead of copied
  // twice, and RapidJSON scans them with SSE2. The copy's terminator is the
  // end: scan_text() found no NUL inside.
  copy_.assign(text);
  rapidjson::InsituStringStream stream(copy_.data());
  rapidjson::Reader reader;
  bool parsed = false;
  bool walk = false;
  keys_.clear();
  frames_.clear();
  auto generator = [&](rapidjson::Document& target) {
    StrictForwarder forwarder(target, scanned.has_backslash, keys_, frames_);
    parsed = !reader.Parse<kFlags>(stream, forwarder).IsError();
    walk = forwarder.needs_duplicate_walk();
    return parsed;
  };
  document_->Populate(generator);
  if (!parsed) return false;
  if (!walk) return true;

  // Duplicate keys in objects too large to compare pairwise: each object's
  // keys, sorted.
  pending_.clear();
  pending_.push_back(document_.get());
  while (!pending_.empty()) {
    const rapidjson::Value& value = *pending_.back();
    pending_.pop_back();
    if (value.IsArray()) {
      for (const auto& element : value.GetArray()) {
        if (element.IsObject() || element.IsArray()) pending_.push_back(&element);
      }
      continue;
    }
    if (!value.IsObject()) continue;
    keys_.clear();
    for (const auto& member : value.GetObject()) {
      keys_.emplace_back(member.name.GetString(), member.name.GetStringLength());
      if (member.value.IsObject() || member.value.IsArray()) pending_.push_back(&member.value);
    }
    if (keys_.size() < kPairwiseKeys) continue;  // compared as they came
    std::sort(keys_.begin(), keys_.end());
    if (std::adjacent_find(keys_.begin(), keys_.end()) != keys_.end()) return false;
  }
  return true;
}

}  // namespace portcheck::scan
