#include "json/document.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "json/rapidjson.hpp"

#include "json/error.hpp"
#include "json/pointer.hpp"
#include "json/text_window.hpp"

namespace portcheck::json {

Document::Document() = default;
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

const std::vector<std::uint32_t>& Document::child_offsets(const rapidjson::Value& container) const {
  // The root moves with the Document; everything below it stays put.
  const rapidjson::Value* key = &container == &value_ ? nullptr : &container;
  const auto found = child_offsets_.find(key);
  if (found != child_offsets_.end()) return found->second;
  // A child's place is its container's, plus one, plus the values of the
  // children before it; those are counted with an explicit stack.
  std::vector<std::uint32_t> offsets;
  std::uint32_t before = 1;
  std::vector<const rapidjson::Value*> pending;
  const auto count = [&pending](const rapidjson::Value& value) {
    std::uint32_t values = 0;
    pending.assign(1, &value);
    while (!pending.empty()) {
      const rapidjson::Value& next = *pending.back();
      pending.pop_back();
      ++values;
      if (next.IsObject()) {
        for (const auto& member : next.GetObject()) pending.push_back(&member.value);
      } else if (next.IsArray()) {
        for (const auto& element : next.GetArray()) pending.push_back(&element);
      }
    }
    return values;
  };
  if (container.IsObject()) {
    offsets.reserve(container.MemberCount());
    for (const auto& member : container.GetObject()) {
      offsets.push_back(before);
      before += count(member.value);
    }
  } else if (container.IsArray()) {
    offsets.reserve(container.Size());
    for (const auto& element : container.GetArray()) {
      offsets.push_back(before);
      before += count(element);
    }
  }
  return child_offsets_.emplace(key, std::move(offsets)).first->second;
}

std::optional<std::size_t> Document::ordinal_of(const std::string& pointer) const {
  if (positions_.empty()) return std::nullopt;
  std::vector<std::string> tokens;
  try {
    tokens = split_pointer(pointer);
  } catch (const Error&) {
    return std::nullopt;
  }
  const rapidjson::Value* current = &value_;
  std::size_t ordinal = 0;
  for (const std::string& token : tokens) {
    std::size_t index = 0;
    const rapidjson::Value* child = nullptr;
    if (current->IsObject()) {
      const auto member = current->FindMember(rapidjson::StringRef(token.data(), token.size()));
      if (member == current->MemberEnd()) return std::nullopt;
      index = static_cast<std::size_t>(member - current->MemberBegin());
      child = &member->value;
    } else if (current->IsArray()) {
      const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (error != std::errc() || end != token.data() + token.size() || index >= current->Size() ||
          (token.size() > 1 && token.front() == '0')) {
        return std::nullopt;
      }
      child = &(*current)[static_cast<rapidjson::SizeType>(index)];
    } else {
      return std::nullopt;
    }
    ordinal += child_offsets(*current)[index];
    current = child;
  }
  return ordinal;
}

std::optional<Position> Document::position_of(const std::string& pointer) const {
  const std::optional<std::size_t> ordinal = ordinal_of(pointer);
  if (!ordinal || *ordinal >= positions_.size()) return std::nullopt;
  const LineColumn place = positions_[*ordinal];
  return Position{0, place.line, place.column};
}

std::optional<Position> Document::nearest_position_of(const std::string& pointer) const {
  std::string place = pointer;
  while (true) {
    if (const auto position = position_of(place)) return position;
    if (place.empty()) return std::nullopt;
    place = place.substr(0, place.rfind('/'));
  }
}

std::optional<std::string> Document::number_text(const rapidjson::Value& number) const {
  // The root moves with the Document; everything below it stays put.
  const rapidjson::Value* key = &number == &value_ ? nullptr : &number;
  const auto found =
      std::lower_bound(numbers_.begin(), numbers_.end(), key, [](const auto& entry, const rapidjson::Value* wanted) {
        return std::less<const rapidjson::Value*>()(entry.first, wanted);
      });
  if (found == numbers_.end() || found->first != key) return std::nullopt;
  return std::string(number_text_.c_str() + found->second);
}

void Document::index_numbers() {
  numbers_.reserve(number_places_.size());
  std::size_t next = 0;
  std::uint32_t ordinal = 0;
  std::vector<const rapidjson::Value*> pending{&value_};
  while (!pending.empty() && next < number_places_.size()) {
    const rapidjson::Value* value = pending.back();
    pending.pop_back();
    if (ordinal == number_places_[next].first) {
      numbers_.emplace_back(value == &value_ ? nullptr : value, number_places_[next++].second);
    }
    ++ordinal;
    // Children pushed last first, so that they come off in document order.
    if (value->IsObject()) {
      for (auto member = value->MemberEnd(); member != value->MemberBegin();) pending.push_back(&(--member)->value);
    } else if (value->IsArray()) {
      for (auto element = value->End(); element != value->Begin();) pending.push_back(--element);
    }
  }
  std::sort(numbers_.begin(), numbers_.end(), [](const auto& left, const auto& right) {
    return std::less<const rapidjson::Value*>()(left.first, right.first);
  });
  number_places_ = {};
  number_text_.shrink_to_fit();
}

namespace {

constexpr unsigned kParseFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag;

/// Start of the token that ends just before `end`: a string (scanning back to
/// its unescaped opening quote), a number or a literal.
std::size_t token_start(TextWindow& text, std::size_t end) {
  if (end == 0) return 0;
  std::size_t index = end - 1;
  if (text.at(index) == '"') {
    while (index > 0) {
      --index;
      if (text.at(index) != '"') continue;
      std::size_t backslashes = 0;
      while (index >= backslashes + 1 && text.at(index - backslashes - 1) == '\\') ++backslashes;
      if (backslashes % 2 == 0) return index;
    }
    return 0;
  }
  while (index > 0) {
    const char previous = text.at(index - 1);
    const bool token_character = (previous >= '0' && previous <= '9') || (previous >= 'a' && previous <= 'z') ||
                                 (previous >= 'A' && previous <= 'Z') || previous == '.' || previous == '-' ||
                                 previous == '+';
    if (!token_character) break;
    --index;
  }
  return index;
}

/// Line and column of offsets that mostly grow: each lookup continues from the
/// previous one, so a whole document costs one pass instead of one per value.
class PositionTracker {
 public:
  explicit PositionTracker(TextWindow& text) : text_(text) {}

  Position at(std::size_t offset) {
    if (offset < current_.offset) current_ = Position{0, 1, 1};
    const std::size_t end = std::min(offset, text_.read_so_far());
    while (current_.offset < end) {
      const std::string_view bytes = text_.view(current_.offset, end);
      if (bytes.empty()) break;  // a file that can no longer be read
      for (const char character : bytes) {
        const auto byte = static_cast<unsigned char>(character);
        if (byte == '\n') {
          ++current_.line;
          current_.column = 1;
        } else if ((byte & 0xC0U) != 0x80U) {
          // Continuation bytes belong to the character that started before them.
          ++current_.column;
        }
      }
      current_.offset += bytes.size();
    }
    Position position = current_;
    position.offset = offset;
    return position;
  }
  /// Where the last lookup ended: no later lookup starts before it.
  [[nodiscard]] std::size_t offset() const { return current_.offset; }

 private:
  TextWindow& text_;
  Position current_{0, 1, 1};
};

/// The code point (as "U+DC00") of a surrogate a \\uXXXX escape left on its
/// own in decoded text, or "". The input itself is validated UTF-8, so the
/// three-byte form of U+D800..U+DFFF (ED A0..BF xx) can only come from an
/// escape; RapidJSON pairs a high surrogate with a low one, or refuses it,
/// but passes a lone low surrogate through.
std::string lone_surrogate(const char* text, std::size_t length) {
  for (std::size_t index = 0; index + 2 < length; ++index) {
    const auto lead = static_cast<unsigned char>(text[index]);
    const auto second = static_cast<unsigned char>(text[index + 1]);
    if (lead == 0xED && second >= 0xA0 && second <= 0xBF) {
      const unsigned code = 0xD000U | ((second & 0x3FU) << 6U) | (static_cast<unsigned char>(text[index + 2]) & 0x3FU);
      constexpr const char* kHex = "0123456789ABCDEF";
      return std::string("U+") + kHex[(code >> 12U) & 0xFU] + kHex[(code >> 8U) & 0xFU] + kHex[(code >> 4U) & 0xFU] +
             kHex[code & 0xFU];
    }
  }
  return "";
}

std::string surrogate_message(const std::string& code_point) {
  return "a \\u escape encodes the lone surrogate " + code_point +
         ", which is no character: readers disagree on what it becomes (an error, U+FFFD, or invalid UTF-8)";
}

/// The keys of one object being read, to refuse a duplicate: each key's
/// bytes once, in one buffer, with the place of its member in document
/// order; a scan while the object is small, a hash table past that (an
/// object of 300,000 keys costs about 40 bytes a key, not the 70 of a map
/// of strings).
class KeySet {
 public:
  /// Adds a key; returns the ordinal of an equal key already there instead.
  std::optional<std::uint32_t> insert(std::string_view key, std::uint32_t ordinal) {
    if (table_.empty()) {
      for (const Entry& entry : entries_) {
        if (text(entry) == key) return entry.ordinal;
      }
    } else {
      const std::size_t mask = table_.size() - 1;
      for (std::size_t slot = hash(key) & mask; table_[slot] != 0; slot = (slot + 1) & mask) {
        const Entry& entry = entries_[table_[slot] - 1];
        if (text(entry) == key) return entry.ordinal;
      }
    }
    entries_.push_back({static_cast<std::uint32_t>(bytes_.size()), static_cast<std::uint32_t>(key.size()), ordinal});
    bytes_.append(key);
    if (entries_.size() > kScanned && entries_.size() * 2 > table_.size()) {
      // At most half full: twice the slots, every key placed again.
      table_.assign(std::max<std::size_t>(32, table_.size() * 2), 0);
      for (std::size_t index = 0; index < entries_.size(); ++index) place(index);
    } else if (!table_.empty()) {
      place(entries_.size() - 1);
    }
    return std::nullopt;
  }

 private:
  static constexpr std::size_t kScanned = 8;
  struct Entry {
    std::uint32_t offset;
    std::uint32_t length;
    std::uint32_t ordinal;
  };

  static std::size_t hash(std::string_view key) { return std::hash<std::string_view>()(key); }
  [[nodiscard]] std::string_view text(const Entry& entry) const {
    return std::string_view(bytes_).substr(entry.offset, entry.length);
  }
  void place(std::size_t index) {
    const std::size_t mask = table_.size() - 1;
    std::size_t slot = hash(text(entries_[index])) & mask;
    while (table_[slot] != 0) slot = (slot + 1) & mask;
    table_[slot] = static_cast<std::uint32_t>(index + 1);
  }

  std::string bytes_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> table_;  ///< entry number + 1; 0 is an empty slot
};

}  // namespace

/// SAX handler that builds the document through rapidjson's own handler
/// interface, checking what the DOM would silently accept, and recording each
/// value's line and column in document order. JSON Pointers are built only
/// for an error message.
class DocumentBuilder {
 public:
  DocumentBuilder(Document& target, rapidjson::Document& document, TextWindow& stream, PositionTracker& tracker,
                  const LoadOptions& options)
      : target_(target), document_(document), stream_(stream), tracker_(tracker), options_(options) {}

  /// Parses what the window holds into a Document; throws portcheck::Error.
  static Document build(TextWindow& text, const std::string& source_name, const LoadOptions& options);

  bool Null() { return scalar() && document_.Null(); }
  bool Bool(bool value) { return scalar() && document_.Bool(value); }
  // With kParseNumbersAsStringsFlag every number arrives through RawNumber;
  // these four exist because the reader's template names them.
  bool Int(int value) { return scalar() && document_.Int(value); }
  bool Uint(unsigned value) { return scalar() && document_.Uint(value); }
  bool Int64(std::int64_t value) { return scalar() && document_.Int64(value); }
  bool Uint64(std::uint64_t value) { return scalar() && document_.Uint64(value); }
  bool Double(double value) { return scalar() && document_.Double(value); }
  bool String(const char* text, rapidjson::SizeType length, bool copy) {
    if (const std::string surrogate = lone_surrogate(text, length); !surrogate.empty()) {
      return fail(child_pointer(), surrogate_message(surrogate));
    }
    return scalar() && document_.String(text, length, copy);
  }

  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    const std::string_view number(text, length);
    if (number.find_first_of(".eE") == std::string_view::npos) {
      std::int64_t signed_value = 0;
      if (std::from_chars(number.data(), number.data() + number.size(), signed_value).ec == std::errc()) {
        return scalar() && document_.Int64(signed_value);
      }
      std::uint64_t unsigned_value = 0;
      if (number.front() != '-' &&
          std::from_chars(number.data(), number.data() + number.size(), unsigned_value).ec == std::errc()) {
        return scalar() && document_.Uint64(unsigned_value);
      }
      return fail(child_pointer(),
                  "integer " + std::string(number) +
                      " does not fit in 64 bits (portcheck reads integers from -2^63 to 2^64-1 exactly and never "
                      "rounds them)");
    }
    double value = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (error == std::errc::result_out_of_range) {
      return fail(child_pointer(), "number " + std::string(number) + " is out of the range of a 64-bit float");
    }
    if (error != std::errc() || end != number.data() + number.size()) {
      return fail(child_pointer(), "number " + std::string(number) + " could not be read");
    }
    scalar();
    target_.number_places_.emplace_back(static_cast<std::uint32_t>(target_.positions_.size() - 1),
                                        static_cast<std::uint32_t>(target_.number_text_.size()));
    target_.number_text_.append(number);
    target_.number_text_.push_back('\0');
    return document_.Double(value);
  }

  bool StartObject() { return open(false) && document_.StartObject(); }
  bool StartArray() { return open(true) && document_.StartArray(); }

  bool Key(const char* text, rapidjson::SizeType length, bool copy) {
    Frame& frame = frames_.back();
    frame.key.assign(text, length);
    frame.has_key = true;
    if (const std::string surrogate = lone_surrogate(text, length); !surrogate.empty()) {
      return fail(pointer_to(frames_.size() - 1), "a key: " + surrogate_message(surrogate));
    }
    const std::size_t start = token_start(stream_, stream_.Tell());
    const Position position = tracker_.at(start);
    stream_.release(tracker_.offset());
    frame.key_position = {static_cast<std::uint32_t>(position.line), static_cast<std::uint32_t>(position.column)};
    // The member's value comes next: its place is the key's.
    const auto ordinal = static_cast<std::uint32_t>(target_.positions_.size());
    if (const auto first_ordinal = frame.keys.insert(frame.key, ordinal)) {
      const LineColumn first = target_.positions_[*first_ordinal];
      error_offset_ = start;
      error_message_ = "duplicate key \"" + printable(frame.key) + "\" (first at line " + std::to_string(first.line) +
                       ", column " + std::to_string(first.column) +
                       "); portcheck rejects duplicates because JSON readers disagree on which one wins";
      return false;
    }
    return document_.Key(text, length, copy);
  }

  bool EndObject(rapidjson::SizeType count) {
    frames_.pop_back();
    return document_.EndObject(count);
  }
  bool EndArray(rapidjson::SizeType count) {
    frames_.pop_back();
    return document_.EndArray(count);
  }

  [[nodiscard]] const std::string& error_message() const { return error_message_; }
  [[nodiscard]] std::size_t error_offset() const { return error_offset_; }
  /// Pointer of the value being read when parsing stopped.
  [[nodiscard]] std::string current_pointer() const {
    if (error_pointer_) return *error_pointer_;
    if (frames_.empty()) return "";
    const Frame& frame = frames_.back();
    return frame.is_array || !frame.has_key ? pointer_to(frames_.size() - 1) : child_pointer();
  }

 private:
  struct Frame {
    bool is_array = false;
    std::size_t next_index = 0;
    std::string key;  ///< the member being read
    bool has_key = false;
    LineColumn key_position;
    KeySet keys;
  };

  /// Pointer of the container that frames_[depth] reads.
  [[nodiscard]] std::string pointer_to(std::size_t depth) const {
    std::string pointer;
    for (std::size_t index = 0; index < depth; ++index) pointer = append_pointer(pointer, token_of(frames_[index]));
    return pointer;
  }
  /// Pointer of the value being read in the innermost container.
  [[nodiscard]] std::string child_pointer() const {
    if (frames_.empty()) return "";
    const Frame& frame = frames_.back();
    std::string token = frame.is_array ? std::to_string(frame.next_index) : frame.key;
    return append_pointer(pointer_to(frames_.size() - 1), token);
  }
  /// The token of the child a frame is reading (after it was counted).
  static std::string token_of(const Frame& frame) {
    return frame.is_array ? std::to_string(frame.next_index - 1) : frame.key;
  }

  /// Records where the value being added starts; called exactly once per
  /// value, in document order. An object member's place is its key's.
  void value_start(bool container) {
    if (!frames_.empty() && !frames_.back().is_array) {
      target_.positions_.push_back(frames_.back().key_position);
      return;
    }
    // The iterative reader announces a container before it consumes its
    // bracket; a scalar, once the whole token is read.
    const std::size_t start = container ? stream_.Tell() : token_start(stream_, stream_.Tell());
    const Position position = tracker_.at(start);
    // Later tokens start after this one: the text before it is no longer needed.
    stream_.release(tracker_.offset());
    target_.positions_.push_back(
        {static_cast<std::uint32_t>(position.line), static_cast<std::uint32_t>(position.column)});
    if (!frames_.empty()) ++frames_.back().next_index;
  }

  bool scalar() {
    value_start(false);
    return true;
  }

  bool open(bool is_array) {
    if (frames_.size() >= options_.max_depth) {
      error_offset_ = stream_.Tell();
      error_message_ = "nesting is deeper than " + std::to_string(options_.max_depth) +
                       " levels of arrays and objects; portcheck stops there rather than risk the stack";
      return false;
    }
    value_start(true);
    Frame frame;
    frame.is_array = is_array;
    frames_.push_back(std::move(frame));
    return true;
  }

  bool fail(std::string pointer, std::string message) {
    error_offset_ = token_start(stream_, stream_.Tell());
    error_pointer_ = std::move(pointer);
    error_message_ = std::move(message);
    return false;
  }

  Document& target_;
  rapidjson::Document& document_;
  TextWindow& stream_;
  PositionTracker& tracker_;
  const LoadOptions& options_;
  std::vector<Frame> frames_;
  std::string error_message_;
  std::size_t error_offset_ = 0;
  std::optional<std::string> error_pointer_;
};

namespace {

/// Plain words for rapidjson's error codes, in the terms a user would search for.
std::string describe_parse_error(rapidjson::ParseErrorCode code, TextWindow& text, std::size_t offset) {
  // The words depend on the bytes at the error, which a file read in blocks
  // may not have reached yet.
  text.read_ahead(offset + 16);
  if (offset >= text.read_so_far() && code != rapidjson::kParseErrorDocumentEmpty) {
    return "the document ends before it is complete (truncated?)";
  }
  const std::string rest(text.view(offset, offset + 16));
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "the document is empty";
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return "unexpected content after the end of the JSON document";
    case rapidjson::kParseErrorNumberTooBig:
      return "number is out of the range of a 64-bit float";
    case rapidjson::kParseErrorStringInvalidEncoding:
      return "invalid UTF-8 in a string";
    case rapidjson::kParseErrorValueInvalid:
      if (rest.starts_with("NaN") || rest.starts_with("Infinity") || rest.starts_with("-Infinity")) {
        return "NaN and Infinity are not JSON numbers";
      }
      if (!rest.empty() && (static_cast<unsigned char>(rest.front()) & 0x80U) != 0) {
        return "unexpected non-ASCII byte outside a string (invalid value)";
      }
      return "invalid value";
    default:
      return rapidjson::GetParseError_En(code);
  }
}

}  // namespace

Position position_at(std::string_view text, std::size_t offset) {
  TextWindow window(text);
  return PositionTracker(window).at(offset);
}

Document DocumentBuilder::build(TextWindow& text, const std::string& source_name, const LoadOptions& options) {
  PositionTracker tracker(text);
  const auto error_at = [&tracker, &source_name](std::size_t offset, const std::string& message, std::string pointer,
                                                 bool has_pointer) {
    const Position position = tracker.at(offset);
    return Error(message, SourceLocation{source_name, position.line, position.column, std::move(pointer), has_pointer});
  };
  Document document;
  document.source_name_ = source_name;
  rapidjson::Reader reader;
  std::string handler_message;
  std::size_t handler_offset = 0;
  std::string handler_pointer;
  auto generator = [&](rapidjson::Document& target) {
    DocumentBuilder handler(document, target, text, tracker, options);
    reader.Parse<kParseFlags>(text, handler);
    handler_message = handler.error_message();
    handler_offset = handler.error_offset();
    handler_pointer = handler.current_pointer();
    return !reader.HasParseError();
  };
  document.value_.Populate(generator);
  // A file that changed while it was read ends early: that, not the parse
  // error it causes, is the cause.
  if (text.failure()) throw *text.failure();
  if (!reader.HasParseError()) document.index_numbers();
  if (reader.HasParseError()) {
    if (!handler_message.empty()) throw error_at(handler_offset, handler_message, handler_pointer, true);
    const std::size_t offset = reader.GetErrorOffset();
    throw error_at(offset, describe_parse_error(reader.GetParseErrorCode(), text, offset), handler_pointer,
                   reader.GetParseErrorCode() != rapidjson::kParseErrorDocumentEmpty);
  }
  return document;
}

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

Error byte_order_mark_error(const std::string& source_name) {
  return Error(
      "the document starts with a UTF-8 byte-order mark; portcheck does not accept one (RFC 8259 section 8.1), "
      "remove it",
      SourceLocation{source_name, 1, 1, "", false});
}

Error nul_error(std::string_view text_before, const std::string& source_name) {
  const Position position = position_at(text_before, text_before.size());
  return Error("NUL byte in the document", SourceLocation{source_name, position.line, position.column, "", false});
}

/// A regular file's size, or a portcheck::Error: for a FIFO, socket or
/// device (which would block or never end), a directory, a missing file, or
/// a file larger than kMaximumFileSize.
std::uintmax_t regular_file_size(const std::filesystem::path& path, const SourceLocation& where) {
  std::error_code error;
  // Only regular files: a FIFO would block, a device (/dev/zero) never end.
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error && status.type() != std::filesystem::file_type::not_found) {
    throw Error("cannot read the file: " + error.message(), where);
  }
  switch (status.type()) {
    case std::filesystem::file_type::regular:
      break;
    case std::filesystem::file_type::not_found:
      throw Error("cannot open the file (does it exist and is it readable?)", where);
    case std::filesystem::file_type::directory:
      throw Error("is a directory, not a file", where);
    default:
      throw Error("is not a regular file (a FIFO, socket or device): portcheck reads only regular files", where);
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaximumFileSize) {
    throw Error(
        "is " + std::to_string(size) + " bytes, more than portcheck reads (" + std::to_string(kMaximumFileSize) + ")",
        where);
  }
  return error ? 0 : size;
}

/// Closes a file descriptor when it goes.
class Descriptor {
 public:
  explicit Descriptor(int descriptor) : descriptor_(descriptor) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  [[nodiscard]] int get() const { return descriptor_; }
  /// Hands the descriptor to the caller, who closes it.
  [[nodiscard]] int release() { return std::exchange(descriptor_, -1); }

 private:
  int descriptor_;
};

/// Opens a regular file to read, and gives its size: never blocks, since
/// the type checked is the opened descriptor's (another process may swap
/// the path for a FIFO after regular_file_size() looked at it, and opening
/// a FIFO without O_NONBLOCK waits for a writer that may never come).
int open_regular_file(const std::filesystem::path& path, const SourceLocation& where, std::uintmax_t& size) {
  regular_file_size(path, where);  // what the path names, in the user's words
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (descriptor < 0) throw Error("cannot open the file (does it exist and is it readable?)", where);
  Descriptor opened(descriptor);  // closed if a check below throws
  struct stat status {};
  if (::fstat(descriptor, &status) != 0)
    throw Error(std::string("cannot read the file: ") + std::strerror(errno), where);
  if (S_ISDIR(status.st_mode)) throw Error("is a directory, not a file", where);
  if (!S_ISREG(status.st_mode)) {
    throw Error("is not a regular file (a FIFO, socket or device): portcheck reads only regular files", where);
  }
  size = static_cast<std::uintmax_t>(status.st_size);
  if (size > kMaximumFileSize) {
    throw Error(
        "is " + std::to_string(size) + " bytes, more than portcheck reads (" + std::to_string(kMaximumFileSize) + ")",
        where);
  }
  return opened.release();
}

}  // namespace

Document parse(std::string_view text, std::string source_name, const LoadOptions& options) {
  if (text.starts_with(kByteOrderMark)) throw byte_order_mark_error(source_name);
  // rapidjson's streams treat a NUL byte as the end of input, which would hide
  // whatever follows it; raw NUL is never valid JSON anyway.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    throw nul_error(text.substr(0, nul), source_name);
  }
  TextWindow window(text);
  return DocumentBuilder::build(window, source_name, options);
}

bool is_kernel_file(int descriptor) {
  struct statfs system {};
  return ::fstatfs(descriptor, &system) == 0 && (system.f_type == PROC_SUPER_MAGIC || system.f_type == SYSFS_MAGIC);
}

std::string read_file(const std::filesystem::path& path) {
  const SourceLocation where = SourceLocation::in_file(path.string());
  std::uintmax_t size = 0;
  const Descriptor file(open_regular_file(path, where, size));
  if (is_kernel_file(file.get())) throw Error(kKernelFileMessage, where);
  // Reads until `into` is full or the file ends; the bytes read.
  const auto read_into = [&](char* into, std::size_t wanted) {
    std::size_t done = 0;
    while (done < wanted) {
      const ssize_t got = ::read(file.get(), into + done, wanted - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw Error(std::string("cannot read the file: ") + std::strerror(errno), where);
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    return done;
  };
  std::string contents(static_cast<std::size_t>(size), '\0');
  if (read_into(contents.data(), contents.size()) != size) {
    throw Error("cannot read the file (did it change while being read?)", where);
  }
  // More than its size: it grew while being read, or (a file of /proc or
  // /sys) its size is not what it holds.
  char more = 0;
  if (read_into(&more, 1) != 0) {
    throw Error(size == 0 ? "says it is empty but holds bytes (a file of /proc or /sys): give it on standard input"
                          : "cannot read the file (did it change while being read?)",
                where);
  }
  return contents;
}

void require_open_standard_input(const std::string& source_name) {
  if (::fcntl(STDIN_FILENO, F_GETFD) == -1 && errno == EBADF) {
    throw Error("standard input is closed: give a file, or send the document on standard input",
                SourceLocation::in_file(source_name));
  }
}

std::string read_stream(std::istream& stream, const std::string& source_name) {
  if (&stream == &std::cin) require_open_standard_input(source_name);
  std::string contents;
  std::array<char, 65536> buffer{};
  while (stream.read(buffer.data(), buffer.size()) || stream.gcount() > 0) {
    contents.append(buffer.data(), static_cast<std::size_t>(stream.gcount()));
    if (contents.size() > kMaximumFileSize) {
      throw Error("is more than " + std::to_string(kMaximumFileSize) + " bytes, more than portcheck reads",
                  SourceLocation::in_file(source_name));
    }
  }
  if (stream.bad()) throw Error("cannot read it", SourceLocation::in_file(source_name));
  return contents;
}

Document load_file(const std::filesystem::path& path, const LoadOptions& options) {
  const SourceLocation where = SourceLocation::in_file(path.string());
  std::uintmax_t size = 0;
  const Descriptor file(open_regular_file(path, where, size));
  // A small file (most fixtures) is read in one block of its own size.
  const std::size_t block_bytes =
      static_cast<std::size_t>(std::min<std::uintmax_t>(std::max<std::size_t>(options.read_block_bytes, 1), size + 1));
  // First pass, a block at a time: the byte-order mark, NUL bytes and the
  // size, which parse() checks before it reads a token (a NUL byte is an
  // error whatever comes before it). The second reads the tokens.
  std::string block(block_bytes, '\0');
  std::string head;
  std::uintmax_t total = 0;
  while (true) {
    ssize_t got = 0;
    do {
      got = ::read(file.get(), block.data(), block.size());
    } while (got < 0 && errno == EINTR);
    if (got < 0) throw Error(std::string("cannot read the file: ") + std::strerror(errno), where);
    if (got == 0) break;
    const std::string_view bytes(block.data(), static_cast<std::size_t>(got));
    if (head.size() < kByteOrderMark.size()) {
      head.append(bytes.substr(0, kByteOrderMark.size() - head.size()));
      if (head.size() == kByteOrderMark.size() && head == kByteOrderMark) throw byte_order_mark_error(path.string());
    }
    if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
      // Its line and column: the text before it read again (an error, once).
      const std::uintmax_t offset = total + static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
      std::string before(static_cast<std::size_t>(offset), '\0');
      const ssize_t again = ::pread(file.get(), before.data(), before.size(), 0);
      before.resize(again < 0 ? 0 : static_cast<std::size_t>(again));
      throw nul_error(before, path.string());
    }
    total += static_cast<std::uintmax_t>(got);
    if (total > kMaximumFileSize) {
      throw Error("is more than " + std::to_string(kMaximumFileSize) + " bytes, more than portcheck reads", where);
    }
  }
  if (::lseek(file.get(), 0, SEEK_SET) != 0) {
    throw Error(std::string("cannot read the file: ") + std::strerror(errno), where);
  }
  TextWindow window(file.get(), total, block_bytes, where);
  return DocumentBuilder::build(window, path.string(), options);
}

}  // namespace portcheck::json
