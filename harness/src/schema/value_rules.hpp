#pragma once
/// The value checks portcheck makes itself rather than leave to valijson
/// (x-integer widths, exactly; which nodes' patterns apply to a string),
/// shared by the validator and the compiled validation plan so that both
/// judge alike.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/integer.hpp"
#include "json/rapidjson.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::schema {

using Wide = json::Int128;

/// The value as an exact integer, when it is one.
inline std::optional<Wide> exact_integer(const rapidjson::Value& value) {
  if (value.IsInt64()) return value.GetInt64();
  if (value.IsUint64()) return value.GetUint64();
  return std::nullopt;
}

/// An integer that a double cannot hold exactly: |value| >= 2^53.
inline bool is_wide_integer(const rapidjson::Value& value) {
  const std::optional<Wide> number = exact_integer(value);
  const Wide exact_in_double = Wide{1} << 53;
  return number.has_value() && (*number >= exact_in_double || *number <= -exact_in_double);
}

/// The range of an x-integer width, exactly.
inline std::pair<Wide, Wide> integer_range(const std::string& width) {
  if (width == "i32") return {-(Wide{1} << 31), (Wide{1} << 31) - 1};
  if (width == "u32") return {0, (Wide{1} << 32) - 1};
  if (width == "i64") return {-(Wide{1} << 63), (Wide{1} << 63) - 1};
  return {0, (Wide{1} << 64) - 1};  // u64
}

/// The first x-integer width among the nodes that apply to a value, or "".
inline std::string integer_width(const std::vector<SchemaNode>& nodes) {
  for (const SchemaNode& node : nodes) {
    if (!node.value->IsObject()) continue;
    const auto width = node.value->FindMember("x-integer");
    if (width != node.value->MemberEnd() && width->value.IsString()) return width->value.GetString();
  }
  return "";
}

/// Whether a node's `type` lets a string through (no type does too).
inline bool admits_strings(const rapidjson::Value& node) {
  const auto type = node.FindMember("type");
  if (type == node.MemberEnd()) return true;
  if (type->value.IsString()) return std::string_view(type->value.GetString()) == "string";
  if (!type->value.IsArray()) return true;
  return std::any_of(type->value.Begin(), type->value.End(), [](const rapidjson::Value& name) {
    return name.IsString() && std::string_view(name.GetString()) == "string";
  });
}

}  // namespace portcheck::schema
