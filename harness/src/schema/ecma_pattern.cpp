#include "schema/ecma_pattern.hpp"

#include <cctype>

namespace portcheck::schema {

namespace {

/// ECMA-262's WhiteSpace and LineTerminator code points, which its `\s`
/// matches; RE2's `\s` is only [\t\n\f\r ].
constexpr const char* kEcmaSpaces =
    R"(\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF})";

/// ECMA-262's `.` stops at every line terminator; RE2's only at \n.
constexpr const char* kEcmaDot = R"([^\n\r\x{2028}\x{2029}])";

bool is_hex(char character) { return std::isxdigit(static_cast<unsigned char>(character)) != 0; }

}  // namespace

std::string ecma_to_re2(const std::string& pattern) {
  std::string out;
  bool in_class = false;
  const auto refuse = [&](std::size_t at, const std::string& what) {
    throw UnsupportedPattern(what + " at offset " + std::to_string(at));
  };
  for (std::size_t index = 0; index < pattern.size(); ++index) {
    const char character = pattern[index];
    if (character == '\\') {
      if (index + 1 == pattern.size()) refuse(index, "a pattern cannot end with a backslash");
      const char escaped = pattern[++index];
      switch (escaped) {
        case 'd':
        case 'D':
        case 'w':
        case 'W':
        case 'f':
        case 'n':
        case 'r':
        case 't':
        case 'v':
          out += '\\';
          out += escaped;
          break;
        case 'b':
        case 'B':
          // Inside a class ECMA-262's \b is a backspace; RE2 has no such escape.
          if (in_class) {
            if (escaped == 'B') refuse(index - 1, "\\B inside a character class is not ECMA-262");
            out += R"(\x{08})";
          } else {
            out += '\\';
            out += escaped;
          }
          break;
        case 's':
          out += in_class ? std::string(kEcmaSpaces) : "[" + std::string(kEcmaSpaces) + "]";
          break;
        case 'S':
          if (in_class) refuse(index - 1, "\\S inside a character class has no RE2 spelling with ECMA-262's meaning");
          out += "[^" + std::string(kEcmaSpaces) + "]";
          break;
        case '0':
          if (index + 1 < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[index + 1])) != 0) {
            refuse(index - 1, "an octal escape is not ECMA-262 (with the u flag)");
          }
          out += R"(\x{0})";
          break;
        case 'x':
          if (index + 2 >= pattern.size() || !is_hex(pattern[index + 1]) || !is_hex(pattern[index + 2])) {
            refuse(index - 1, "\\x needs two hexadecimal digits");
          }
          out += "\\x{" + pattern.substr(index + 1, 2) + "}";
          index += 2;
          break;
        case 'u':
          if (index + 1 < pattern.size() && pattern[index + 1] == '{') {
            const std::size_t close = pattern.find('}', index + 2);
            if (close == std::string::npos || close == index + 2) refuse(index - 1, "\\u{ needs hex digits and }");
            for (std::size_t digit = index + 2; digit < close; ++digit) {
              if (!is_hex(pattern[digit])) refuse(index - 1, "\\u{...} holds only hexadecimal digits");
            }
            out += "\\x{" + pattern.substr(index + 2, close - index - 2) + "}";
            index = close;
          } else {
            for (std::size_t digit = index + 1; digit <= index + 4; ++digit) {
              if (digit >= pattern.size() || !is_hex(pattern[digit])) refuse(index - 1, "\\u needs four hex digits");
            }
            out += "\\x{" + pattern.substr(index + 1, 4) + "}";
            index += 4;
          }
          break;
        case 'c': {
          if (index + 1 >= pattern.size() || std::isalpha(static_cast<unsigned char>(pattern[index + 1])) == 0) {
            refuse(index - 1, "\\c needs a letter");
          }
          const int control = std::toupper(static_cast<unsigned char>(pattern[++index])) - 'A' + 1;
          constexpr const char* kHex = "0123456789ABCDEF";
          out += std::string("\\x{") + kHex[control >> 4] + kHex[control & 0xf] + "}";
          break;
        }
        case 'p':
        case 'P':
          // Unicode properties: RE2 knows general categories and scripts by
          // name ({L}, {Greek}); a Name=Value form fails to compile, clearly.
          out += '\\';
          out += escaped;
          break;
        case '^':
        case '$':
        case '\\':
        case '.':
        case '*':
        case '+':
        case '?':
        case '(':
        case ')':
        case '[':
        case ']':
        case '{':
        case '}':
        case '|':
        case '/':
          out += '\\';
          out += escaped;
          break;
        case '-':
          if (!in_class) refuse(index - 1, "\\- is ECMA-262 only inside a character class");
          out += R"(\-)";
          break;
        default:
          if (std::isdigit(static_cast<unsigned char>(escaped)) != 0 || escaped == 'k') {
            refuse(index - 1, "a backreference needs backtracking, which RE2 does not do");
          }
          refuse(index - 1, std::string("\\") + escaped + " is not an ECMA-262 escape");
      }
      continue;
    }
    if (in_class) {
      if (character == ']') in_class = false;
      if (character == '[') {
        out += R"(\[)";  // a literal in ECMA-262; RE2 would read [: as a POSIX class
        continue;
      }
      out += character;
      continue;
    }
    switch (character) {
      case '[':
        in_class = true;
        out += character;
        if (index + 1 < pattern.size() && pattern[index + 1] == '^') out += pattern[++index];
        if (index + 1 < pattern.size() && pattern[index + 1] == ']') {
          refuse(index, "an empty class ([] or [^]) has no RE2 spelling");
        }
        break;
      case '.':
        out += kEcmaDot;
        break;
      case '(':
        out += character;
        if (index + 1 < pattern.size() && pattern[index + 1] == '?') {
          const std::string rest = pattern.substr(index + 2, 3);
          if (rest.starts_with(":")) {
            out += "?:";
            index += 2;
          } else if (rest.starts_with("=") || rest.starts_with("!") || rest.starts_with("<=") ||
                     rest.starts_with("<!")) {
            refuse(index, "lookaround needs backtracking, which RE2 does not do");
          } else if (rest.starts_with("<")) {
            out += "?P<";  // a named group, spelled the way every RE2 version reads it
            index += 2;
          } else {
            refuse(index, "(? followed by a flag or other character is not ECMA-262");
          }
        }
        break;
      default:
        out += character;
    }
  }
  if (in_class) refuse(pattern.size(), "a character class is not closed with ]");
  return out;
}

}  // namespace portcheck::schema
