#include "json/pointer.hpp"

#include <charconv>

#include "json/error.hpp"

namespace portcheck::json {

std::string escape_pointer_token(std::string_view token) {
  std::string escaped;
  escaped.reserve(token.size());
  for (char character : token) {
    if (character == '~') {
      escaped += "~0";
    } else if (character == '/') {
      escaped += "~1";
    } else {
      escaped += character;
    }
  }
  return escaped;
}

std::string append_pointer(std::string_view pointer, std::string_view token) {
  std::string result(pointer);
  result += '/';
  result += escape_pointer_token(token);
  return result;
}

std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') {
    throw Error("\"" + std::string(pointer) + "\" is not a JSON Pointer: it must be empty or start with \"/\"");
  }
  std::string token;
  for (std::size_t index = 1; index <= pointer.size(); ++index) {
    if (index == pointer.size() || pointer[index] == '/') {
      tokens.push_back(token);
      token.clear();
    } else if (pointer[index] == '~') {
      const char next = index + 1 < pointer.size() ? pointer[index + 1] : '\0';
      if (next != '0' && next != '1') {
        throw Error("\"" + std::string(pointer) + "\" is not a JSON Pointer: \"~\" must be followed by 0 or 1");
      }
      token += next == '0' ? '~' : '/';
      ++index;
    } else {
      token += pointer[index];
    }
  }
  return tokens;
}

const rapidjson::Value* find_pointer(const rapidjson::Value& root, std::string_view pointer) {
  const rapidjson::Value* current = &root;
  for (const std::string& token : split_pointer(pointer)) {
    if (current->IsObject()) {
      const auto member = current->FindMember(rapidjson::StringRef(token.data(), token.size()));
      if (member == current->MemberEnd()) return nullptr;
      current = &member->value;
    } else if (current->IsArray()) {
      std::size_t index = 0;
      const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (error != std::errc() || end != token.data() + token.size() || index >= current->Size()) return nullptr;
      current = &(*current)[static_cast<rapidjson::SizeType>(index)];
    } else {
      return nullptr;
    }
  }
  return current;
}

std::string type_name(const rapidjson::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "boolean";
  if (value.IsInt64() || value.IsUint64()) return "integer";
  if (value.IsNumber()) return "number";
  if (value.IsString()) return "string";
  if (value.IsArray()) return "array";
  return "object";
}

}  // namespace portcheck::json
