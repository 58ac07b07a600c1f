#include "codec/typed_value.hpp"

#include <algorithm>
#include <cmath>

#include "codec/time_text.hpp"
#include "json/canonical.hpp"
#include "json/pointer.hpp"

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

/// Whether an integer and a double are the same number, exactly: the double
/// must be integral and equal as an integer. (The integer made a double
/// would be rounded from 2^53 on: 9007199254740993 is not
/// 9007199254740992.0, as Python's == also says.)
bool same_number(Integer integer, double number) {
  if (!std::isfinite(number) || std::trunc(number) != number) return false;
  if (std::fabs(number) >= 0x1p127) return false;  // past any Integer, so past every integer read
  return static_cast<Integer>(number) == integer;
}

/// Two numbers compared as numbers: integers exactly, an integer and a
/// double exactly, two doubles as doubles.
bool same_number(const Value& left, const Value& right) {
  if (left.kind == Kind::integer && right.kind == Kind::integer) return left.integer == right.integer;
  if (left.kind == Kind::integer) return same_number(left.integer, right.number);
  if (right.kind == Kind::integer) return same_number(right.integer, left.number);
  return left.number == right.number;
}

/// An interval as nanoseconds, when it has no months.
bool interval_nanoseconds(const Interval& interval, Integer& nanoseconds) {
  if (interval.months != 0) return false;
  nanoseconds = (Integer{interval.days} * 86400 * 1000000 + interval.microseconds) * 1000;
  return true;
}

bool is_text(const Value& value) { return value.kind == Kind::string || value.kind == Kind::revision; }

}  // namespace

Value plain_value(const rapidjson::Value& json, const json::Document& document, const std::string& pointer) {
  Value value;
  if (json.IsNull()) {
    value.kind = Kind::null;
  } else if (json.IsBool()) {
    value.kind = Kind::boolean;
    value.boolean = json.GetBool();
  } else if (json.IsInt64()) {
    value.kind = Kind::integer;
    value.integer = json.GetInt64();
  } else if (json.IsUint64()) {
    value.kind = Kind::integer;
    value.integer = json.GetUint64();
  } else if (json.IsNumber()) {
    value.kind = Kind::number;
    value.number = json.GetDouble();
    value.number_text = document.number_text(json).value_or(python_float_repr(value.number));
  } else if (json.IsString()) {
    value.kind = Kind::string;
    value.text.assign(json.GetString(), json.GetStringLength());
  } else {
    value.kind = json.IsArray() ? Kind::array : Kind::object;
    value.plain = &json;
    value.source = &document;
    value.source_pointer = pointer;
  }
  return value;
}

Value expand(const Value& value) {
  if (!value.is_plain()) return value;
  Value expanded;
  expanded.kind = value.kind;
  const rapidjson::Value& json = *value.plain;
  if (json.IsArray()) {
    expanded.items.reserve(json.Size());
    for (rapidjson::SizeType index = 0; index < json.Size(); ++index) {
      expanded.items.push_back(
          plain_value(json[index], *value.source, json::append_pointer(value.source_pointer, std::to_string(index))));
    }
  } else {
    for (const auto& member : json.GetObject()) {
      const std::string key(member.name.GetString(), member.name.GetStringLength());
      expanded.members.push_back(
          {key, plain_value(member.value, *value.source, json::append_pointer(value.source_pointer, key))});
    }
    std::sort(expanded.members.begin(), expanded.members.end(),
              [](const Member& left, const Member& right) { return left.key < right.key; });
  }
  return expanded;
}

std::vector<std::string> keys_of(const Value& value) {
  std::vector<std::string> keys;
  if (value.kind != Kind::object) return keys;
  if (value.is_plain()) {
    for (const auto& member : value.plain->GetObject()) {
      keys.emplace_back(member.name.GetString(), member.name.GetStringLength());
    }
    std::sort(keys.begin(), keys.end());
  } else {
    for (const Member& member : value.members) keys.push_back(member.key);
  }
  return keys;
}

Child member_of(const Value& value, const std::string& key) {
  if (value.kind != Kind::object) return Child();
  if (!value.is_plain()) return Child(value.member(key));
  const auto found = value.plain->FindMember(rapidjson::StringRef(key.data(), key.size()));
  if (found == value.plain->MemberEnd()) return Child();
  return Child(plain_value(found->value, *value.source, json::append_pointer(value.source_pointer, key)));
}

SortedMembers::SortedMembers(const Value& value) {
  if (value.kind != Kind::object) return;
  object_ = &value;
  if (value.is_plain()) plain_ = json::sorted_members(*value.plain);
}

std::size_t SortedMembers::size() const {
  if (object_ == nullptr) return 0;
  return object_->is_plain() ? plain_.size() : object_->members.size();
}

std::string_view SortedMembers::key(std::size_t index) const {
  if (!object_->is_plain()) return object_->members[index].key;
  return {plain_[index]->name.GetString(), plain_[index]->name.GetStringLength()};
}

Child SortedMembers::value(std::size_t index) const {
  if (!object_->is_plain()) return Child(&object_->members[index].value);
  const std::string name(key(index));
  return Child(plain_value(plain_[index]->value, *object_->source, json::append_pointer(object_->source_pointer, name)));
}

std::size_t size_of(const Value& value) {
  if (value.kind != Kind::array) return 0;
  return value.is_plain() ? value.plain->Size() : value.items.size();
}

Child item_of(const Value& value, std::size_t index) {
  if (index >= size_of(value)) return Child();
  if (!value.is_plain()) return Child(&value.items[index]);
  return Child(plain_value((*value.plain)[static_cast<rapidjson::SizeType>(index)], *value.source,
                           json::append_pointer(value.source_pointer, std::to_string(index))));
}

namespace {

/// equivalent() for two plain JSON values, read where they are.
bool plain_equivalent(const rapidjson::Value& left, const rapidjson::Value& right) {
  if (left.IsNumber() && right.IsNumber()) {
    const bool left_integer = left.IsInt64() || left.IsUint64();
    const bool right_integer = right.IsInt64() || right.IsUint64();
    if (left_integer && right_integer) {
      const Integer a = left.IsInt64() ? Integer{left.GetInt64()} : Integer{left.GetUint64()};
      const Integer b = right.IsInt64() ? Integer{right.GetInt64()} : Integer{right.GetUint64()};
      return a == b;
    }
    if (left_integer)
      return same_number(left.IsInt64() ? Integer{left.GetInt64()} : Integer{left.GetUint64()}, right.GetDouble());
    if (right_integer)
      return same_number(right.IsInt64() ? Integer{right.GetInt64()} : Integer{right.GetUint64()}, left.GetDouble());
    return left.GetDouble() == right.GetDouble();
  }
  if (left.IsBool() && right.IsBool()) return left.GetBool() == right.GetBool();
  if (left.GetType() != right.GetType()) return false;
  if (left.IsString()) {
    return std::string_view(left.GetString(), left.GetStringLength()) ==
           std::string_view(right.GetString(), right.GetStringLength());
  }
  if (left.IsArray()) {
    if (left.Size() != right.Size()) return false;
    for (rapidjson::SizeType index = 0; index < left.Size(); ++index) {
      if (!plain_equivalent(left[index], right[index])) return false;
    }
    return true;
  }
  if (left.IsObject()) {
    if (left.MemberCount() != right.MemberCount()) return false;
    if (left.MemberCount() <= 8) {
      for (const auto& member : left.GetObject()) {
        const auto found = right.FindMember(member.name);
        if (found == right.MemberEnd() || !plain_equivalent(member.value, found->value)) return false;
      }
      return true;
    }
    // Looking each key up scans the other object: sorted once, the two
    // objects are walked side by side.
    const auto left_members = json::sorted_members(left);
    const auto right_members = json::sorted_members(right);
    for (std::size_t index = 0; index < left_members.size(); ++index) {
      const rapidjson::Value& left_name = left_members[index]->name;
      const rapidjson::Value& right_name = right_members[index]->name;
      if (std::string_view(left_name.GetString(), left_name.GetStringLength()) !=
              std::string_view(right_name.GetString(), right_name.GetStringLength()) ||
          !plain_equivalent(left_members[index]->value, right_members[index]->value)) {
        return false;
      }
    }
    return true;
  }
  return true;  // null
}

}  // namespace

bool equivalent(const Value& left, const Value& right) {
  if (left.is_plain() && right.is_plain()) return plain_equivalent(*left.plain, *right.plain);
  if (left.is_plain() || right.is_plain()) return equivalent(expand(left), expand(right));
  if (is_numeric(left) && is_numeric(right)) return same_number(left, right);
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
      return "array of " + std::to_string(value.is_plain() ? value.plain->Size() : value.items.size());
    case Kind::object: {
      std::vector<std::string> names;
      if (value.is_plain()) {
        for (const auto& member : value.plain->GetObject()) names.emplace_back(member.name.GetString());
        std::sort(names.begin(), names.end());
      } else {
        for (const auto& [key, member] : value.members) names.push_back(key);
      }
      std::string keys;
      for (const std::string& key : names) keys += (keys.empty() ? "" : ", ") + key;
      return "{" + keys + "}";
    }
  }
  return "?";
}

}  // namespace portcheck::codec
