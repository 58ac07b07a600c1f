#pragma once
/// Integers of any JSON side held exactly: every int64 and uint64 fits.

#include <string>

namespace portcheck::json {

__extension__ typedef __int128 Int128;  // GCC and Clang both have it; pedantic needs the marker

/// Decimal text of an Int128.
inline std::string decimal_text(Int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  std::string text;
  while (value != 0) {
    const int digit = static_cast<int>(value % 10);
    text.insert(text.begin(), static_cast<char>('0' + (negative ? -digit : digit)));
    value /= 10;
  }
  return negative ? "-" + text : text;
}

}  // namespace portcheck::json
