#include "scan/fast_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "json/document.hpp"

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
    std::size_t length = 0;
    unsigned low = 0x80U, high = 0xBFU;  // the second byte's range
    if (lead >= 0xC2U && lead <= 0xDFU) {
      length = 2;
    } else if (lead >= 0xE0U && lead <= 0xEFU) {
      length = 3;
      if (lead == 0xE0U) low = 0xA0U;
      if (lead == 0xEDU) high = 0x9FU;  // no surrogates
    } else if (lead >= 0xF0U && lead <= 0xF4U) {
      length = 4;
      if (lead == 0xF0U) low = 0x90U;
      if (lead == 0xF4U) high = 0x8FU;
    } else {
      return {false, result.has_backslash};
    }
    if (index + length > size) return {false, result.has_backslash};
    if (bytes[index + 1] < low || bytes[index + 1] > high) return {false, result.has_backslash};
    for (std::size_t next = 2; next < length; ++next) {
      if ((bytes[index + next] & 0xC0U) != 0x80U) return {false, result.has_backslash};
    }
    index += length;
  }
  return result;
}

/// Objects with fewer keys are checked for duplicates pairwise while parsing;
/// larger ones by sorting their keys afterwards.
constexpr std::size_t kPairwiseKeys = 32;

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

}  // namespace

FastReader::FastReader() : buffer_(kPoolBytes) {
  pool_ = std::make_unique<rapidjson::MemoryPoolAllocator<>>(buffer_.data(), buffer_.size());
  document_ = std::make_unique<rapidjson::Document>(pool_.get());
}

FastReader::~FastReader() = default;

bool FastReader::read(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) return false;
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
