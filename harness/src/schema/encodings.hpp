#pragma once
/// The x-encoding values portcheck knows how to decode. A schema naming any
/// other encoding is rejected when it is loaded: an unknown encoding must never
/// degrade silently into "some string".

#include <array>
#include <string_view>

namespace portcheck::schema {

inline constexpr std::array<std::string_view, 6> known_encodings{
    "timestamp-naive-iso",  // Python isoformat() of a naive datetime
    "timestamp-rfc3339",    // chrono DateTime<Utc>, ends in Z
    "duration-seconds",     // Python timedelta.total_seconds()
    "duration-secs-nanos",  // Rust std::time::Duration {secs, nanos}
    "pg-interval",          // sqlx PgInterval {months, days, microseconds}
    "revision-utf8",        // bytes or RevisionId as a UTF-8 string
};

inline bool is_known_encoding(std::string_view encoding) {
  for (std::string_view known : known_encodings) {
    if (known == encoding) return true;
  }
  return false;
}

}  // namespace portcheck::schema
