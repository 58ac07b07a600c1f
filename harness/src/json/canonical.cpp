#include "json/canonical.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "json/pointer.hpp"

namespace portcheck::json {

namespace {

void write_string(std::string_view text, std::string& out) {
  out += '"';
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    switch (character) {
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
      default:
        if (byte < 0x20) {
          constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                              '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
          out += "\\u00";
          out += kHex[byte >> 4U];
          out += kHex[byte & 0xFU];
        } else {
          out += character;
        }
    }
  }
  out += '"';
}

void write_number(const rapidjson::Value& value, const Document& document, std::string& out) {
  if (value.IsInt64()) {
    out += std::to_string(value.GetInt64());
  } else if (value.IsUint64()) {
    out += std::to_string(value.GetUint64());
  } else if (const auto text = document.number_text(value)) {
    out += *text;
  } else {
    // Only values built in memory lack source text; write the shortest form
    // that reads back to the same double.
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.GetDouble());
    out.append(buffer.data(), result.ptr);
  }
}

/// depth < 0 writes compactly (no whitespace at all).
void write_value(const rapidjson::Value& value, const Document& document, int depth, std::string& out) {
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
    out += closing_indent + "}";
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
    out += closing_indent + "]";
  } else if (value.IsString()) {
    write_string(std::string_view(value.GetString(), value.GetStringLength()), out);
  } else if (value.IsNumber()) {
    write_number(value, document, out);
  } else if (value.IsBool()) {
    out += value.GetBool() ? "true" : "false";
  } else {
    out += "null";
  }
}

}  // namespace

std::string compact_canonical_text(const Document& document, const rapidjson::Value& value) {
  std::string out;
  write_value(value, document, -1, out);
  return out;
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
  write_value(document.root(), document, 0, out);
  out += '\n';
  return out;
}

}  // namespace portcheck::json
