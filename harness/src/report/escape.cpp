#include "report/escape.hpp"

#include "json/error.hpp"

namespace portcheck::report {

namespace {

/// The entities both formats need; XML also escapes the apostrophe and drops
/// the control characters XML 1.0 forbids even when escaped.
std::string escape_markup(const std::string& raw, bool xml) {
  // Bytes that are not well-formed UTF-8 (a file name's) as \xNN: neither
  // format may hold them.
  const std::string text = well_formed_utf8(raw);
  std::string escaped;
  for (char character : text) {
    switch (character) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += xml ? "&apos;" : "'";
        break;
      default:
        if (!xml || static_cast<unsigned char>(character) >= 0x20 || character == '\n' || character == '\t') {
          escaped += character;
        }
    }
  }
  return escaped;
}

}  // namespace

std::string xml_escape(const std::string& text) { return escape_markup(text, true); }

std::string html_escape(const std::string& text) { return escape_markup(text, false); }

std::string url_path(const std::string& path) {
  constexpr const char* kHex = "0123456789ABCDEF";
  std::string encoded;
  for (const char character : path) {
    const auto byte = static_cast<unsigned char>(character);
    const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                       byte == '-' || byte == '.' || byte == '_' || byte == '~' || byte == '/';
    if (plain) {
      encoded += character;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xf];
    }
  }
  return encoded;
}

}  // namespace portcheck::report
