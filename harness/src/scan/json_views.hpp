#pragma once
/// One interface over the two parsed forms the compiled plan judges: a
/// RapidJSON value (the fallback reader's, and a schema's enum constants)
/// and a simdjson DOM document's value (the fast reader's). The plan's evaluation is
/// written once against it (plan.cpp), so both forms are held to the same
/// rules by the same code. Views are cheap copies of a reference into the
/// parsed document; they live as long as the document.

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "json/rapidjson.hpp"

namespace portcheck::scan {

/// The JSON types as the plan tells them apart: integers (held exactly in 64
/// bits) apart from other numbers.
enum class JsonKind : std::uint8_t { null, boolean, integer, number, string, array, object };

class RapidView {
 public:
  explicit RapidView(const rapidjson::Value& value) : value_(&value) {}

  [[nodiscard]] JsonKind kind() const {
    switch (value_->GetType()) {
      case rapidjson::kNullType:
        return JsonKind::null;
      case rapidjson::kFalseType:
      case rapidjson::kTrueType:
        return JsonKind::boolean;
      case rapidjson::kStringType:
        return JsonKind::string;
      case rapidjson::kArrayType:
        return JsonKind::array;
      case rapidjson::kObjectType:
        return JsonKind::object;
      case rapidjson::kNumberType:
        break;
    }
    return value_->IsInt64() || value_->IsUint64() ? JsonKind::integer : JsonKind::number;
  }
  [[nodiscard]] bool is_null() const { return value_->IsNull(); }
  [[nodiscard]] bool is_number() const { return value_->IsNumber(); }
  [[nodiscard]] bool is_string() const { return value_->IsString(); }
  [[nodiscard]] bool is_object() const { return value_->IsObject(); }
  [[nodiscard]] bool is_array() const { return value_->IsArray(); }
  [[nodiscard]] bool is_double() const { return value_->IsDouble(); }
  /// An integer from -2^63 to 2^63-1.
  [[nodiscard]] bool is_int64() const { return value_->IsInt64(); }
  /// An integer from 0 to 2^64-1.
  [[nodiscard]] bool is_uint64() const { return value_->IsUint64(); }
  [[nodiscard]] bool boolean() const { return value_->GetBool(); }
  [[nodiscard]] std::int64_t int64() const { return value_->GetInt64(); }
  [[nodiscard]] std::uint64_t uint64() const { return value_->GetUint64(); }
  /// Any number as a double (integers converted).
  [[nodiscard]] double number() const { return value_->GetDouble(); }
  [[nodiscard]] std::string_view string() const { return {value_->GetString(), value_->GetStringLength()}; }
  /// An object's member count or an array's element count.
  [[nodiscard]] std::size_t size() const { return value_->IsObject() ? value_->MemberCount() : value_->Size(); }
  [[nodiscard]] std::optional<RapidView> find(std::string_view key) const {
    const auto found = value_->FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
    if (found == value_->MemberEnd()) return std::nullopt;
    return RapidView(found->value);
  }

  /// Members as (key, view) pairs, and elements as views, in document order.
  template <typename Visit>
  bool each_member(Visit&& visit) const {
    for (const auto& member : value_->GetObject()) {
      if (!visit(std::string_view(member.name.GetString(), member.name.GetStringLength()), RapidView(member.value))) {
        return false;
      }
    }
    return true;
  }
  template <typename Visit>
  bool each_element(Visit&& visit) const {
    for (const auto& element : value_->GetArray()) {
      if (!visit(RapidView(element))) return false;
    }
    return true;
  }

 private:
  const rapidjson::Value* value_;
};

/// A value of a simdjson DOM document, read from its tape directly (the
/// format of simdjson's doc/tape.md, as its own dump_raw_tape() reads it: a
/// 64-bit word per value with its type in the top byte; a number's value in
/// the next word; an array or object's word holds the index just past its
/// end and its element count; a string's holds its offset in the string
/// buffer, where a 32-bit length precedes its bytes). The DOM's iterators
/// cost a call per member to step over it; the plan walks every member.
/// simdjson types integers that fit in an int64 as INT64 whatever their
/// sign, and only larger ones as UINT64; the view answers is_int64 and
/// is_uint64 by value, as RapidJSON does.
class TapeView {
 public:
  /// The document's root value.
  explicit TapeView(const simdjson::dom::document& document)
      : tape_(document.tape.get()), strings_(document.string_buf.get()), index_(1) {}

  [[nodiscard]] JsonKind kind() const {
    switch (type()) {
      case 'n':
        return JsonKind::null;
      case 't':
      case 'f':
        return JsonKind::boolean;
      case '"':
        return JsonKind::string;
      case '[':
        return JsonKind::array;
      case '{':
        return JsonKind::object;
      case 'l':
      case 'u':
        return JsonKind::integer;
      default:
        return JsonKind::number;
    }
  }
  [[nodiscard]] bool is_null() const { return type() == 'n'; }
  [[nodiscard]] bool is_number() const {
    const char kind = type();
    return kind == 'l' || kind == 'u' || kind == 'd';
  }
  [[nodiscard]] bool is_string() const { return type() == '"'; }
  [[nodiscard]] bool is_object() const { return type() == '{'; }
  [[nodiscard]] bool is_array() const { return type() == '['; }
  [[nodiscard]] bool is_double() const { return type() == 'd'; }
  [[nodiscard]] bool is_int64() const { return type() == 'l'; }
  [[nodiscard]] bool is_uint64() const { return type() == 'u' || (type() == 'l' && int64() >= 0); }
  [[nodiscard]] bool boolean() const { return type() == 't'; }
  [[nodiscard]] std::int64_t int64() const { return static_cast<std::int64_t>(tape_[index_ + 1]); }
  [[nodiscard]] std::uint64_t uint64() const { return tape_[index_ + 1]; }
  [[nodiscard]] double number() const {
    switch (type()) {
      case 'l':
        return static_cast<double>(int64());
      case 'u':
        return static_cast<double>(uint64());
      default: {
        double value = 0;
        std::memcpy(&value, &tape_[index_ + 1], sizeof(value));
        return value;
      }
    }
  }
  [[nodiscard]] std::string_view string() const {
    const std::uint8_t* at = strings_ + (tape_[index_] & kPayload);
    std::uint32_t length = 0;
    std::memcpy(&length, at, sizeof(length));
    return {reinterpret_cast<const char*>(at + sizeof(length)), length};
  }
  /// The count simdjson keeps on its tape, exact below 2^24: the fast
  /// reader hands simdjson no document large enough to hold more.
  [[nodiscard]] std::size_t size() const { return (tape_[index_] >> 32) & 0xFFFFFFU; }
  [[nodiscard]] std::optional<TapeView> find(std::string_view key) const {
    std::optional<TapeView> found;
    each_member([&](std::string_view name, const TapeView& value) {
      if (name != key) return true;
      found = value;
      return false;
    });
    return found;
  }

  template <typename Visit>
  bool each_member(Visit&& visit) const {
    const std::size_t end = last();
    for (std::size_t at = index_ + 1; at < end;) {
      const TapeView value(tape_, strings_, at + 1);
      if (!visit(TapeView(tape_, strings_, at).string(), value)) return false;
      at = value.next();
    }
    return true;
  }
  template <typename Visit>
  bool each_element(Visit&& visit) const {
    const std::size_t end = last();
    for (std::size_t at = index_ + 1; at < end;) {
      const TapeView value(tape_, strings_, at);
      if (!visit(value)) return false;
      at = value.next();
    }
    return true;
  }

 private:
  static constexpr std::uint64_t kPayload = 0x00FFFFFFFFFFFFFFULL;

  TapeView(const std::uint64_t* tape, const std::uint8_t* strings, std::size_t index)
      : tape_(tape), strings_(strings), index_(index) {}

  [[nodiscard]] char type() const { return static_cast<char>(tape_[index_] >> 56); }
  /// The index of an array's or object's closing word.
  [[nodiscard]] std::size_t last() const { return static_cast<std::uint32_t>(tape_[index_]) - 1; }
  /// The index of the value after this one.
  [[nodiscard]] std::size_t next() const {
    switch (type()) {
      case '{':
      case '[':
        return static_cast<std::uint32_t>(tape_[index_]);
      case 'l':
      case 'u':
      case 'd':
        return index_ + 2;
      default:
        return index_ + 1;
    }
  }

  const std::uint64_t* tape_;
  const std::uint8_t* strings_;
  std::size_t index_;
};

}  // namespace portcheck::scan
