#pragma once
/// JSON Pointer (RFC 6901) helpers.

#include <string>
#include <string_view>
#include <vector>

#include "json/rapidjson.hpp"

namespace portcheck::json {

/// Escapes one reference token: "~" becomes "~0" and "/" becomes "~1".
std::string escape_pointer_token(std::string_view token);

/// Appends one token to a pointer: append_pointer("/a", "b/c") == "/a/b~1c".
std::string append_pointer(std::string_view pointer, std::string_view token);

/// Splits a pointer into its unescaped tokens. Throws portcheck::Error when
/// the text is not a JSON Pointer (it must be empty or start with "/").
std::vector<std::string> split_pointer(std::string_view pointer);

/// The value at a pointer, or nullptr when there is none.
const rapidjson::Value* find_pointer(const rapidjson::Value& root, std::string_view pointer);

/// JSON's name for the type of a value: "null", "boolean", "integer",
/// "number", "string", "array" or "object".
std::string type_name(const rapidjson::Value& value);

}  // namespace portcheck::json
