#include "report/escape.hpp"

namespace portcheck::report {

namespace {

/// The entities both formats need; XML also escapes the apostrophe and drops
/// the control characters XML 1.0 forbids even when escaped.
std::string escape_markup(const std::string& text, bool xml) {
  std::string escaped;
  for (char character : text) {
    switch (character) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += xml ? "&apos;" : "'"; break;
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

}  // namespace portcheck::report
