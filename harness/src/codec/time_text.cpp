#include "codec/time_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace portcheck::codec {

// Howard Hinnant's days-from-civil algorithm (public domain description of the
// proleptic Gregorian calendar in 400-year eras).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned month_index = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * month_index + 2) / 5 + 1;
  month = month_index < 10 ? month_index + 3 : month_index - 9;
  year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
}

namespace {

std::optional<unsigned> digits(std::string_view text, std::size_t position, std::size_t count) {
  if (position + count > text.size()) return std::nullopt;
  unsigned value = 0;
  for (std::size_t index = position; index < position + count; ++index) {
    if (text[index] < '0' || text[index] > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(text[index] - '0');
  }
  return value;
}

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(std::int64_t year, unsigned month) {
  constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::string two_digits(unsigned value) {
  std::array<char, 3> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%02u", value % 100);
  return buffer.data();
}

std::string date_time_text(const Timestamp& timestamp) {
  const std::int64_t days = timestamp.seconds >= 0 ? timestamp.seconds / 86400 : (timestamp.seconds - 86399) / 86400;
  const std::int64_t second_of_day = timestamp.seconds - days * 86400;
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(days, year, month, day);
  std::array<char, 24> year_text{};
  std::snprintf(year_text.data(), year_text.size(), "%04lld", static_cast<long long>(year));
  return std::string(year_text.data()) + "-" + two_digits(month) + "-" + two_digits(day) + "T" +
         two_digits(static_cast<unsigned>(second_of_day / 3600)) + ":" +
         two_digits(static_cast<unsigned>(second_of_day / 60 % 60)) + ":" +
         two_digits(static_cast<unsigned>(second_of_day % 60));
}

std::string fraction_text(std::uint32_t nanoseconds, int digit_count) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%09u", nanoseconds);
  return "." + std::string(buffer.data(), static_cast<std::size_t>(digit_count));
}

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  const auto year = digits(text, 0, 4);
  const auto month = digits(text, 5, 2);
  const auto day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2);
  const auto minute = digits(text, 14, 2);
  const auto second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month) || *hour > 23 || *minute > 59 ||
      *second > 59) {
    return std::nullopt;
  }
  Timestamp timestamp;
  std::size_t position = 19;
  if (position < text.size() && text[position] == '.') {
    ++position;
    std::uint32_t nanoseconds = 0;
    int count = 0;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
      if (count == 9) return std::nullopt;
      nanoseconds = nanoseconds * 10 + static_cast<std::uint32_t>(text[position] - '0');
      ++count;
      ++position;
    }
    if (count == 0) return std::nullopt;
    timestamp.fraction_digits = count;
    for (int pad = count; pad < 9; ++pad) nanoseconds *= 10;
    timestamp.nanoseconds = nanoseconds;
  }
  if (position < text.size()) {
    timestamp.has_offset = true;
    if (text[position] == 'Z' || text[position] == 'z') {
      ++position;
    } else if (text[position] == '+' || text[position] == '-') {
      const auto offset_hours = digits(text, position + 1, 2);
      const auto offset_minutes = digits(text, position + 4, 2);
      if (!offset_hours || !offset_minutes || position + 3 >= text.size() || text[position + 3] != ':' ||
          *offset_hours > 23 || *offset_minutes > 59) {
        return std::nullopt;
      }
      const int sign = text[position] == '-' ? -1 : 1;
      timestamp.offset_minutes = sign * static_cast<int>(*offset_hours * 60 + *offset_minutes);
      position += 6;
    } else {
      return std::nullopt;
    }
  }
  if (position != text.size()) return std::nullopt;
  timestamp.seconds = days_from_civil(*year, *month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second -
                      static_cast<std::int64_t>(timestamp.offset_minutes) * 60;
  return timestamp;
}

std::optional<std::string> format_naive_iso(const Timestamp& timestamp) {
  if (timestamp.nanoseconds % 1000 != 0) return std::nullopt;
  std::string text = date_time_text(timestamp);
  if (timestamp.nanoseconds != 0) text += fraction_text(timestamp.nanoseconds, 6);
  return text;
}

std::optional<std::string> format_iso(const Timestamp& timestamp) {
  if (!timestamp.has_offset) return format_naive_iso(timestamp);
  if (timestamp.nanoseconds % 1000 != 0) return std::nullopt;
  // An aware datetime's isoformat(): its local time, then its offset as
  // +HH:MM (a UTC time, read from "Z", is written "+00:00").
  Timestamp local = timestamp;
  local.seconds += static_cast<std::int64_t>(timestamp.offset_minutes) * 60;
  std::string text = date_time_text(local);
  if (timestamp.nanoseconds != 0) text += fraction_text(timestamp.nanoseconds, 6);
  const int offset = timestamp.offset_minutes < 0 ? -timestamp.offset_minutes : timestamp.offset_minutes;
  text += timestamp.offset_minutes < 0 ? "-" : "+";
  return text + two_digits(static_cast<unsigned>(offset / 60)) + ":" + two_digits(static_cast<unsigned>(offset % 60));
}

std::string format_rfc3339(const Timestamp& timestamp) {
  std::string text = date_time_text(timestamp);
  if (timestamp.nanoseconds == 0) {
  } else if (timestamp.nanoseconds % 1000000 == 0) {
    text += fraction_text(timestamp.nanoseconds, 3);
  } else if (timestamp.nanoseconds % 1000 == 0) {
    text += fraction_text(timestamp.nanoseconds, 6);
  } else {
    text += fraction_text(timestamp.nanoseconds, 9);
  }
  return text + "Z";
}

std::optional<Integer> decimal_to_nanoseconds(std::string_view text) {
  std::size_t position = 0;
  bool negative = false;
  if (position < text.size() && (text[position] == '-' || text[position] == '+')) {
    negative = text[position] == '-';
    ++position;
  }
  Integer mantissa = 0;
  // value = mantissa * 10^scale. 64 bits: the digits after the point and an
  // exponent of up to 2^31 cannot overflow it.
  std::int64_t scale = 0;
  bool any_digit = false;
  bool after_point = false;
  for (; position < text.size(); ++position) {
    const char character = text[position];
    if (character >= '0' && character <= '9') {
      if (mantissa > (Integer{1} << 100)) return std::nullopt;
      mantissa = mantissa * 10 + (character - '0');
      any_digit = true;
      if (after_point) --scale;
    } else if (character == '.' && !after_point) {
      after_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  if (position < text.size()) {
    if (text[position] != 'e' && text[position] != 'E') return std::nullopt;
    ++position;
    if (position < text.size() && text[position] == '+') ++position;
    int exponent = 0;
    const auto [end, error] = std::from_chars(text.data() + position, text.data() + text.size(), exponent);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    scale += exponent;
  }
  // Zero is zero at any scale; the loops below would otherwise run once per
  // unit of the exponent (found by codec_fuzz: -0e-1065044148 took 11 s).
  if (mantissa == 0) return Integer{0};
  // Otherwise each loop ends within about 30 steps: the mantissa passes
  // 2^100 going up, or stops dividing by 10 going down.
  scale += 9;  // to nanoseconds
  for (; scale > 0; --scale) {
    if (mantissa > (Integer{1} << 100)) return std::nullopt;
    mantissa *= 10;
  }
  for (; scale < 0; ++scale) {
    if (mantissa % 10 != 0) return std::nullopt;
    mantissa /= 10;
  }
  return negative ? -mantissa : mantissa;
}

std::string python_float_repr(double value) {
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::scientific);
  const std::string scientific(buffer.data(), result.ptr);  // "-1.2345e+03"
  const bool negative = scientific.front() == '-';
  const std::size_t e = scientific.find('e');
  std::string digits_text;
  for (std::size_t index = negative ? 1 : 0; index < e; ++index) {
    if (scientific[index] != '.') digits_text += scientific[index];
  }
  const int exponent = std::stoi(scientific.substr(e + 1));
  const int point = exponent + 1;  // digits before the decimal point
  std::string text = negative ? "-" : "";
  if (point <= -4 || point > 16) {
    text += digits_text.substr(0, 1);
    if (digits_text.size() > 1) text += "." + digits_text.substr(1);
    std::array<char, 16> exponent_text{};
    std::snprintf(exponent_text.data(), exponent_text.size(), "e%c%02d", exponent < 0 ? '-' : '+',
                  exponent < 0 ? -exponent : exponent);
    return text + exponent_text.data();
  }
  if (point <= 0) return text + "0." + std::string(static_cast<std::size_t>(-point), '0') + digits_text;
  if (static_cast<std::size_t>(point) >= digits_text.size()) {
    return text + digits_text + std::string(static_cast<std::size_t>(point) - digits_text.size(), '0') + ".0";
  }
  return text + digits_text.substr(0, static_cast<std::size_t>(point)) + "." +
         digits_text.substr(static_cast<std::size_t>(point));
}

std::string integer_text(Integer value) { return json::decimal_text(value); }

}  // namespace portcheck::codec
