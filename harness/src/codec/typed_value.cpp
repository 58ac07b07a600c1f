#include "codec/typed_value.hpp"

#include <algorithm>

#include "codec/time_text.hpp"

namespace portcheck::codec {

const Value* Value::member(const std::string& key) const {
  const auto found =
      std::lower_bound(members.begin(), members.end(), key,
                       [](const Member& entry, const std::string& wanted) { return entry.key < wanted; });
  return found != members.end() && found->key == key ? &found->value : nullptr;
}

std::string kind_name(Kind kind) {
  switch (kind) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return "boolean";
    case Kind::integer:
      return "integer";
    case Kind::number:
      return "number";
    case Kind::string:
      return "string";
    case Kind::array:
      return "array";
    case Kind::object:
      return "object";
    case Kind::timestamp:
      return "timestamp";
    case Kind::duration:
      return "duration";
    case Kind::interval:
      return "interval";
    case Kind::revision:
      return "revision";
  }
  return "value";
}

namespace {

bool is_numeric(const Value& value) { return value.kind == Kind::integer || value.kind == Kind::number; }

double as_double(const Value& value) {
  return value.kind == Kind::integer ? static_cast<double>(value.integer) : value.number;
}

/// An interval as nanoseconds, when it has no months.
bool interval_nanoseconds(const Interval& interval, Integer& nanoseconds) {
  if (interval.months != 0) return false;
  nanoseconds = (Integer{interval.days} * 86400 * 1000000 + interval.microseconds) * 1000;
  return true;
}

bool is_text(const Value& value) { return value.kind == Kind::string || value.kind == Kind::revision; }

}  // namespace

bool equivalent(const Value& left, const Value& right) {
  if (is_numeric(left) && is_numeric(right)) {
    if (left.kind == Kind::integer && right.kind == Kind::integer) return left.integer == right.integer;
    return as_double(left) == as_double(right);
  }
  if (is_text(left) && is_text(right)) return left.text == right.text;
  if (left.kind == Kind::duration && right.kind == Kind::interval) return equivalent(right, left);
  if (left.kind == Kind::interval && right.kind == Kind::duration) {
    Integer nanoseconds = 0;
    return interval_nanoseconds(left.interval, nanoseconds) && nanoseconds == right.duration_nanoseconds;
  }
  if (left.kind != right.kind) return false;
  switch (left.kind) {
    case Kind::null:
      return true;
    case Kind::boolean:
      return left.boolean == right.boolean;
    case Kind::timestamp:
      return left.timestamp.seconds == right.timestamp.seconds &&
             left.timestamp.nanoseconds == right.timestamp.nanoseconds;
    case Kind::duration:
      return left.duration_nanoseconds == right.duration_nanoseconds;
    case Kind::interval:
      return left.interval.months == right.interval.months && left.interval.days == right.interval.days &&
             left.interval.microseconds == right.interval.microseconds;
    case Kind::array:
      return left.items.size() == right.items.size() &&
             std::equal(left.items.begin(), left.items.end(), right.items.begin(), equivalent);
    case Kind::object:
      return left.members.size() == right.members.size() &&
             std::equal(
                 left.members.begin(), left.members.end(), right.members.begin(),
                 [](const Member& a, const Member& b) { return a.key == b.key && equivalent(a.value, b.value); });
    default:
      return false;
  }
}

std::string describe(const Value& value) {
  switch (value.kind) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return value.boolean ? "true" : "false";
    case Kind::integer:
      return integer_text(value.integer);
    case Kind::number:
      return value.number_text.empty() ? python_float_repr(value.number) : value.number_text;
    case Kind::string:
      return "\"" + value.text + "\"";
    case Kind::revision:
      return "revision \"" + value.text + "\"";
    case Kind::timestamp: {
      std::string text = format_rfc3339(value.timestamp) + " (instant";
      if (!value.timestamp.has_offset) text += ", written without offset";
      return text + ")";
    }
    case Kind::duration: {
      const Integer whole = value.duration_nanoseconds / 1000000000;
      const Integer fraction = value.duration_nanoseconds % 1000000000;
      std::string text = integer_text(whole);
      if (fraction != 0) {
        std::string digits = integer_text(fraction < 0 ? -fraction : fraction);
        digits.insert(0, 9 - digits.size(), '0');
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        text += "." + digits;
      }
      return text + " s (duration)";
    }
    case Kind::interval:
      return std::to_string(value.interval.months) + " mon " + std::to_string(value.interval.days) + " days " +
             std::to_string(value.interval.microseconds) + " us (interval)";
    case Kind::array:
      return "array of " + std::to_string(value.items.size());
    case Kind::object: {
      std::string keys;
      for (const auto& [key, member] : value.members) keys += (keys.empty() ? "" : ", ") + key;
      return "{" + keys + "}";
    }
  }
  return "?";
}

}  // namespace portcheck::codec
