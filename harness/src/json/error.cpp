#include "json/error.hpp"

#include <stdexcept>
#include <string>

#include "json/rapidjson.hpp"

namespace portcheck {

std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7f) {
      constexpr const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += character;
    }
  }
  return out;
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
  if (where_.has_pointer)
    text.append("at ")
        .append(where_.pointer.empty() ? "(root)" : printable(shortened_pointer(where_.pointer)))
        .append(": ");
  return text.append(message_);
}

}  // namespace portcheck

namespace portcheck::json {

void rapidjson_assertion_failed(const char* condition) {
  throw std::logic_error(std::string("RapidJSON precondition failed: ") + condition);
}

}  // namespace portcheck::json
