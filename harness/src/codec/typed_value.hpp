#pragma once
/// Typed values: what a fixture's JSON means once its schema's x-encoding is
/// applied, so that two sides' encodings of the same value compare equal.

#include <cstdint>
#include <string>

#include <utility>
#include <vector>
#include "schema/encodings.hpp"

#include "json/integer.hpp"

namespace portcheck::codec {

/// Integers of either side (i64, u64, Python int within 64 bits), exactly.
using Integer = json::Int128;

enum class Kind { null, boolean, integer, number, string, array, object, timestamp, duration, interval, revision };

/// A point in time, with how it was written.
struct Timestamp {
  std::int64_t seconds = 0;       ///< since 1970-01-01T00:00:00 UTC (naive times count as UTC)
  std::uint32_t nanoseconds = 0;  ///< below one second
  bool has_offset = false;        ///< an offset ("Z", "+02:00") was written
  int offset_minutes = 0;         ///< the written offset, already applied to seconds
  int fraction_digits = 0;        ///< digits written after the decimal point
};

/// A PostgreSQL interval. Months have no fixed length, so they stay apart.
struct Interval {
  std::int64_t months = 0;
  std::int64_t days = 0;
  std::int64_t microseconds = 0;
};

struct Member;

struct Value {
  Kind kind = Kind::null;
  /// The x-encoding that produced this value; none for plain JSON.
  schema::Encoding encoding = schema::Encoding::none;
  bool boolean = false;
  Integer integer = 0;
  double number = 0;
  /// A plain number's text as written ("1e-05").
  std::string number_text;
  /// A string, or a revision's bytes.
  std::string text;
  Timestamp timestamp;
  /// Durations as exact nanoseconds.
  Integer duration_nanoseconds = 0;
  /// False when a duration's text had more precision than nanoseconds.
  bool duration_exact = true;
  Interval interval;
  std::vector<Value> items;
  /// Members sorted by key. (A vector of a type declared after Value: a
  /// std::pair of Value would need Value complete here.)
  std::vector<Member> members;

  [[nodiscard]] const Value* member(const std::string& key) const;
};

/// One member of an object value.
struct Member {
  std::string key;
  Value value;
};

/// Words for a kind: "timestamp", "duration", ...
std::string kind_name(Kind kind);

/// Same value, whatever the encoding: instants, exact durations (an interval
/// equals a duration only without months), numbers numerically, revisions
/// as bytes, containers element by element.
bool equivalent(const Value& left, const Value& right);

/// A short, encoding-free rendering for reports: "2025-05-25T19:22:53.123456Z
/// (instant)", "600 s", "1 mon 2 days".
std::string describe(const Value& value);

}  // namespace portcheck::codec
