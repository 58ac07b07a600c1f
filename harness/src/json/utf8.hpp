#pragma once
/// Well-formed UTF-8, byte by byte (RFC 3629): what the strict loader, the
/// fast reader and the writers of every output agree on.

#include <cstddef>

namespace portcheck::json {

/// The length of the well-formed UTF-8 sequence that starts at `at`, of
/// `left` bytes at most (at least 1), or 0 when there is none: a stray
/// continuation byte, an overlong form, a surrogate, a code point past
/// U+10FFFF, or a sequence cut short.
inline std::size_t utf8_sequence(const unsigned char* at, std::size_t left) {
  const unsigned lead = at[0];
  if (lead < 0x80U) return 1;
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
    return 0;
  }
  if (left < length || at[1] < low || at[1] > high) return 0;
  for (std::size_t next = 2; next < length; ++next) {
    if ((at[next] & 0xC0U) != 0x80U) return 0;
  }
  return length;
}

}  // namespace portcheck::json
