#include "json/canonical.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "json/pointer.hpp"

namespace portcheck::json {

namespace {

/// Where canonical text goes: all of it; its first `limit` bytes while the
/// rest is only counted (a 50 MB value shown in a message needs its start and
/// its size, not a second copy of itself); or nowhere, compared on the way
/// with a text that should equal it.
class Sink {
 public:
  explicit Sink(std::string& out, std::size_t limit = std::string::npos) : out_(&out), limit_(limit) {}
  explicit Sink(std::string_view expected) : expected_(expected) {}
  Sink& operator+=(char character) { return *this += std::string_view(&character, 1); }
  Sink& operator+=(std::string_view text) {
    if (out_ != nullptr) {
      if (out_->size() < limit_) out_->append(text.substr(0, limit_ - out_->size()));
    } else if (same_) {
      same_ = text.size() <= expected_.size() - size_ && expected_.compare(size_, text.size(), text) == 0;
    }
    size_ += text.size();
    return *this;
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  /// In the comparing form: everything written so far matched.
  [[nodiscard]] bool same_so_far() const { return same_; }

 private:
  std::string* out_ = nullptr;
  std::size_t limit_ = std::string::npos;
  std::string_view expected_;
  bool same_ = true;
  std::size_t size_ = 0;
};

void write_string(std::string_view text, Sink& out) {
  out += '"';
  std::size_t plain = 0;  // start of the run of bytes written as they are
  for (std::size_t index = 0; index < text.size(); ++index) {
    const auto byte = static_cast<unsigned char>(text[index]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out += text.substr(plain, index - plain);
    plain = index + 1;
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                            '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
        out += "\\u00";
        out += kHex[byte >> 4U];
        out += kHex[byte & 0xFU];
      }
    }
  }
  out += text.substr(plain);
  out += '"';
}

std::string number_as_written(const rapidjson::Value& value, const Document& document) {
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsUint64()) return std::to_string(value.GetUint64());
  if (auto text = document.number_text(value)) return std::move(*text);
  // Only values built in memory lack source text; write the shortest form
  // that reads back to the same double.
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.GetDouble());
  return std::string(buffer.data(), result.ptr);
}

/// depth < 0 writes compactly (no whitespace at all).
void write_value(const rapidjson::Value& value, const Document& document, int depth, Sink& out) {
  const bool pretty = depth >= 0;
  const std::string indent = pretty ? "\n" + std::string(2 * static_cast<std::size_t>(depth + 1), ' ') : "";
  const std::string closing_indent = pretty ? "\n" + std::string(2 * static_cast<std::size_t>(depth), ' ') : "";
  const int child_depth = pretty ? depth + 1 : depth;
  if (value.IsObject()) {
    if (value.MemberCount() == 0) {
      out += "{}";
      return;
    }
    const std::vector<const rapidjson::Value::Member*> members = sorted_members(value);
    out += "{";
    for (std::size_t index = 0; index < members.size(); ++index) {
      const std::string_view key(members[index]->name.GetString(), members[index]->name.GetStringLength());
      out += indent;
      write_string(key, out);
      out += pretty ? ": " : ":";
      write_value(members[index]->value, document, child_depth, out);
      if (index + 1 < members.size()) out += ",";
    }
    out += closing_indent;
    out += '}';
  } else if (value.IsArray()) {
    if (value.Empty()) {
      out += "[]";
      return;
    }
    out += "[";
    for (rapidjson::SizeType index = 0; index < value.Size(); ++index) {
      out += indent;
      write_value(value[index], document, child_depth, out);
      if (index + 1 < value.Size()) out += ",";
    }
    out += closing_indent;
    out += ']';
  } else if (value.IsString()) {
    write_string(std::string_view(value.GetString(), value.GetStringLength()), out);
  } else if (value.IsNumber()) {
    out += number_as_written(value, document);
  } else if (value.IsBool()) {
    out += value.GetBool() ? "true" : "false";
  } else {
    out += "null";
  }
}

}  // namespace

std::string compact_canonical_text(const Document& document, const rapidjson::Value& value) {
  std::string out;
  Sink sink(out);
  write_value(value, document, -1, sink);
  return out;
}

CutText compact_canonical_text(const Document& document, const rapidjson::Value& value, std::size_t limit) {
  CutText cut;
  Sink sink(cut.text, limit);
  write_value(value, document, -1, sink);
  cut.size = sink.size();
  return cut;
}

bool canonical_text_equals(const Document& document, const rapidjson::Value& value, std::string_view expected) {
  Sink sink(expected);
  write_value(value, document, -1, sink);
  return sink.same_so_far() && sink.size() == expected.size();
}

bool canonical_equal(const Document& left_document, const rapidjson::Value& left, const Document& right_document,
                     const rapidjson::Value& right) {
  // Mirrors write_value: equal canonical texts, without writing either.
  if (left.GetType() != right.GetType()) return false;
  if (left.IsObject()) {
    if (left.MemberCount() != right.MemberCount()) return false;
    const auto left_members = sorted_members(left);
    const auto right_members = sorted_members(right);
    for (std::size_t index = 0; index < left_members.size(); ++index) {
      const rapidjson::Value& left_key = left_members[index]->name;
      const rapidjson::Value& right_key = right_members[index]->name;
      if (std::string_view(left_key.GetString(), left_key.GetStringLength()) !=
              std::string_view(right_key.GetString(), right_key.GetStringLength()) ||
          !canonical_equal(left_document, left_members[index]->value, right_document, right_members[index]->value)) {
        return false;
      }
    }
    return true;
  }
  if (left.IsArray()) {
    if (left.Size() != right.Size()) return false;
    for (rapidjson::SizeType index = 0; index < left.Size(); ++index) {
      if (!canonical_equal(left_document, left[index], right_document, right[index])) return false;
    }
    return true;
  }
  if (left.IsString()) {
    return std::string_view(left.GetString(), left.GetStringLength()) ==
           std::string_view(right.GetString(), right.GetStringLength());
  }
  if (left.IsNumber()) return number_as_written(left, left_document) == number_as_written(right, right_document);
  return true;  // null, true, false: the type is the value
}

std::vector<const rapidjson::Value::Member*> sorted_members(const rapidjson::Value& object) {
  std::vector<const rapidjson::Value::Member*> members;
  members.reserve(object.MemberCount());
  for (const auto& member : object.GetObject()) members.push_back(&member);
  std::sort(members.begin(), members.end(), [](const auto* left, const auto* right) {
    return std::string_view(left->name.GetString(), left->name.GetStringLength()) <
           std::string_view(right->name.GetString(), right->name.GetStringLength());
  });
  return members;
}

std::string canonical_text(const Document& document) {
  std::string out;
  Sink sink(out);
  write_value(document.root(), document, 0, sink);
  out += '\n';
  return out;
}

}  // namespace portcheck::json
