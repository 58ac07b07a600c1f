#pragma once
/// Typed values: what a fixture's JSON means once its schema's x-encoding is
/// applied, so that two sides' encodings of the same value compare equal.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/document.hpp"
#include "json/integer.hpp"
#include "schema/encodings.hpp"

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

  /// An object or array that no schema describes (so no encoding applies
  /// anywhere in it) is not copied into members or items: it stays the
  /// document's own value, read when compared. A large plain subtree (a
  /// `details` of megabytes) then costs nothing. The document must outlive
  /// the value.
  const rapidjson::Value* plain = nullptr;
  const json::Document* source = nullptr;
  std::string source_pointer;  ///< where `plain` is in `source` (for number texts)

  /// Members sorted by key: nullptr when absent. Not for a plain value
  /// (expand() it first).
  [[nodiscard]] const Value* member(const std::string& key) const;
  [[nodiscard]] bool is_plain() const { return plain != nullptr; }
};

/// One member of an object value.
struct Member {
  std::string key;
  Value value;
};

/// A plain value's members or items, one level (plain below stays plain);
/// any other value as it is.
Value expand(const Value& value);

/// A member or an item of a value, plain or not: a plain value's children
/// are made as they are asked for, so walking one costs no copy of it.
class Child {
 public:
  Child() = default;
  explicit Child(const Value* value) : value_(value) {}
  explicit Child(Value made) : made_(std::move(made)), owned_(true) {}
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  Child(Child&&) = default;
  Child& operator=(Child&&) = default;
  [[nodiscard]] bool exists() const { return owned_ || value_ != nullptr; }
  [[nodiscard]] const Value& get() const { return owned_ ? made_ : *value_; }

 private:
  const Value* value_ = nullptr;
  Value made_;
  bool owned_ = false;
};

/// An object's keys, sorted; none for anything else.
std::vector<std::string> keys_of(const Value& value);
/// An object's member; none when absent.
Child member_of(const Value& value, const std::string& key);
/// An object's members in key order, sorted once: walking two objects side
/// by side by key costs a sort each, where looking each key up would cost a
/// scan of the object per key (a plain object is an array of members). A
/// member's value is built only when asked for.
class SortedMembers {
 public:
  /// Nothing for anything but an object.
  explicit SortedMembers(const Value& value);
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::string_view key(std::size_t index) const;
  [[nodiscard]] Child value(std::size_t index) const;

 private:
  const Value* object_ = nullptr;
  std::vector<const rapidjson::Value::Member*> plain_;
};

/// An array's length.
std::size_t size_of(const Value& value);
/// An array's item; none past the end.
Child item_of(const Value& value, std::size_t index);

/// A JSON value as plain typed value: containers plain, scalars typed.
Value plain_value(const rapidjson::Value& json, const json::Document& document, const std::string& pointer);

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
