#pragma once
/// Dates, times and numbers as text, both ways, exactly.

#include <optional>
#include <string>
#include <string_view>

#include "codec/typed_value.hpp"

namespace portcheck::codec {

/// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day);

/// Parses "YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]": any number of fraction
/// digits up to 9; the offset is optional. Returns nothing when the text is
/// not of that form.
std::optional<Timestamp> parse_timestamp(std::string_view text);

/// isoformat() of a naive datetime: fraction omitted at microsecond 0,
/// otherwise 6 digits. Nothing when the instant has sub-microsecond parts.
std::optional<std::string> format_naive_iso(const Timestamp& timestamp);
/// Python's isoformat() of the datetime the text was read into: naive when
/// no offset was written, else local time and +HH:MM; nothing for an instant
/// finer than a microsecond.
std::optional<std::string> format_iso(const Timestamp& timestamp);

/// chrono's RFC 3339 for DateTime<Utc>: 0, 3, 6 or 9 fraction digits as
/// needed, then "Z".
std::string format_rfc3339(const Timestamp& timestamp);

/// An exact decimal ("86400.000001", "1e-05", "600") as nanoseconds; nothing
/// when it has finer precision than a nanosecond or is out of range.
std::optional<Integer> decimal_to_nanoseconds(std::string_view text);

/// The largest number of seconds a duration-seconds value may hold, either
/// way, for its nanoseconds to fit the codec's integer with room to spare
/// (far beyond what Python's timedelta or Rust's Duration hold: those limits
/// are the readers' rules, this one keeps the arithmetic defined).
inline constexpr double kMaximumDurationSeconds = 1e28;

/// Whether a number of seconds (as a double) is a duration the codec holds.
inline bool duration_seconds_in_range(double seconds) {
  return seconds > -kMaximumDurationSeconds && seconds < kMaximumDurationSeconds;
}

/// Python's repr() of a float: shortest round-trip digits, fixed notation
/// from 1e-4 to 1e16 with at least one digit after the point, otherwise
/// d.ddde±XX.
std::string python_float_repr(double value);

/// An Integer in decimal.
std::string integer_text(Integer value);

}  // namespace portcheck::codec
