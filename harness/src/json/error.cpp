#include "json/error.hpp"

#include <stdexcept>
#include <string>

#include "json/rapidjson.hpp"
#include "json/utf8.hpp"

namespace portcheck {

namespace {

void append_hex(std::string& out, unsigned char byte) {
  constexpr const char* kHex = "0123456789abcdef";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

/// Writes `text` as well-formed UTF-8, passing each ASCII byte to `ascii`.
template <typename Ascii>
std::string rewrite(const std::string& text, Ascii ascii) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t index = 0; index < text.size();) {
    const std::size_t length = json::utf8_sequence(bytes + index, text.size() - index);
    if (length == 0) {
      append_hex(out, bytes[index]);
      ++index;
    } else if (length == 1) {
      ascii(out, bytes[index]);
      ++index;
    } else {
      out.append(text, index, length);
      index += length;
    }
  }
  return out;
}

}  // namespace

std::string printable(const std::string& text) {
  return rewrite(text, [](std::string& out, unsigned char byte) {
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7f) {
      append_hex(out, byte);
    } else {
      out += static_cast<char>(byte);
    }
  });
}

std::string well_formed_utf8(const std::string& text) {
  return rewrite(text, [](std::string& out, unsigned char byte) { out += static_cast<char>(byte); });
}

namespace {
std::string location_prefix(const SourceLocation& where) {
  std::string text = printable(where.file);
  if (where.line > 0) {
    text.append(":").append(std::to_string(where.line)).append(":").append(std::to_string(where.column));
  }
  return text;
}
/// Pointers into deeply nested input can run to kilobytes; the text form keeps
/// both ends, which is what a reader needs to find the place.
std::string shortened_pointer(const std::string& pointer) {
  constexpr std::size_t kLimit = 120;
  if (pointer.size() <= kLimit) return pointer;
  const std::size_t cut = pointer.size() - kLimit;
  return pointer.substr(0, kLimit / 2) + "...(" + std::to_string(cut) + " characters)..." +
         pointer.substr(pointer.size() - kLimit / 2);
}

}  // namespace

Error::Error(const std::string& message, SourceLocation where)
    : std::runtime_error(message), message_(message), where_(std::move(where)) {}

std::string Error::describe() const {
  std::string text = location_prefix(where_);
  if (!text.empty()) text.append(": ");
  return text.append(message_at_pointer());
}

std::string Error::message_at_pointer() const {
  if (!where_.has_pointer) return message_;
  return "at " + (where_.pointer.empty() ? std::string("(root)") : printable(shortened_pointer(where_.pointer))) +
         ": " + message_;
}

}  // namespace portcheck

namespace portcheck::json {

void rapidjson_assertion_failed(const char* condition) {
  throw std::logic_error(std::string("RapidJSON precondition failed: ") + condition);
}

}  // namespace portcheck::json
