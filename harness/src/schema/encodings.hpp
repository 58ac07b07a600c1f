#pragma once
/// The x-encoding values portcheck knows how to decode, as a closed set parsed
/// once when a schema is loaded. A schema naming any other encoding is
/// rejected: an unknown encoding must never degrade silently into "some
/// string".

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace portcheck::schema {

enum class Encoding {
  none,                 ///< plain JSON
  timestamp_naive_iso,  ///< Python isoformat() of a naive datetime
  timestamp_rfc3339,    ///< chrono DateTime<Utc>, ends in Z
  duration_seconds,     ///< Python timedelta.total_seconds()
  duration_secs_nanos,  ///< Rust std::time::Duration {secs, nanos}
  pg_interval,          ///< sqlx PgInterval {months, days, microseconds}
  revision_utf8,        ///< bytes or RevisionId as a UTF-8 string
  timestamp_iso,        ///< Python isoformat() of a naive or an aware datetime, as held
};

/// The names schemas use, in enum order after `none`.
inline constexpr std::array<std::string_view, 7> kEncodingNames{
    "timestamp-naive-iso", "timestamp-rfc3339", "duration-seconds", "duration-secs-nanos",
    "pg-interval",         "revision-utf8",     "timestamp-iso",
};

/// "timestamp-rfc3339", or "" for none.
inline std::string to_string(Encoding encoding) {
  return encoding == Encoding::none ? "" : std::string(kEncodingNames[static_cast<std::size_t>(encoding) - 1]);
}

/// The encoding of a name, or nothing for a name portcheck does not know.
inline std::optional<Encoding> parse_encoding(std::string_view name) {
  for (std::size_t index = 0; index < kEncodingNames.size(); ++index) {
    if (kEncodingNames[index] == name) return static_cast<Encoding>(index + 1);
  }
  return std::nullopt;
}

inline bool is_timestamp(Encoding encoding) {
  return encoding == Encoding::timestamp_naive_iso || encoding == Encoding::timestamp_rfc3339 ||
         encoding == Encoding::timestamp_iso;
}

}  // namespace portcheck::schema
