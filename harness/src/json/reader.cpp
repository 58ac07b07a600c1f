#include "json/reader.hpp"

#include <algorithm>

#include "json/canonical.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"

namespace portcheck::json {

namespace {

std::string parent_of(const std::string& pointer) { return pointer.substr(0, pointer.rfind('/')); }

std::string last_of(const std::string& pointer) {
  const auto tokens = split_pointer(pointer);
  return tokens.empty() ? "" : tokens.back();
}

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

void Reader::fail(const std::string& pointer, const std::string& message) const {
  SourceLocation where{document_.source_name(), 0, 0, pointer, true};
  if (const auto position = document_.nearest_position_of(pointer)) {
    where.line = position->line;
    where.column = position->column;
  }
  throw Error(message + advice_, where);
}

bool Reader::has(const std::string& pointer) const { return find_pointer(document_.root(), pointer) != nullptr; }

const rapidjson::Value& Reader::value(const std::string& pointer) const {
  const rapidjson::Value* found = find_pointer(document_.root(), pointer);
  if (found == nullptr) fail(parent_of(pointer), "missing required key \"" + last_of(pointer) + "\"");
  return *found;
}

const rapidjson::Value& Reader::object(const std::string& pointer) const {
  const rapidjson::Value& found = value(pointer);
  if (!found.IsObject()) fail(pointer, "must be an object, not " + type_name(found));
  return found;
}

const rapidjson::Value& Reader::array(const std::string& pointer) const {
  const rapidjson::Value& found = value(pointer);
  if (!found.IsArray()) fail(pointer, "must be an array, not " + type_name(found));
  return found;
}

std::string Reader::string(const std::string& pointer) const {
  const rapidjson::Value& found = value(pointer);
  if (!found.IsString()) fail(pointer, "must be a string, not " + type_name(found));
  return {found.GetString(), found.GetStringLength()};
}

bool Reader::boolean(const std::string& pointer) const {
  const rapidjson::Value& found = value(pointer);
  if (!found.IsBool()) fail(pointer, "must be true or false, not " + type_name(found));
  return found.GetBool();
}

std::int64_t Reader::integer(const std::string& pointer) const {
  const rapidjson::Value& found = value(pointer);
  if (!found.IsInt64()) fail(pointer, "must be an integer, not " + type_name(found));
  return found.GetInt64();
}

std::string Reader::optional_string(const std::string& pointer) const {
  const rapidjson::Value* found = find_pointer(document_.root(), pointer);
  if (found == nullptr || found->IsNull()) return "";
  if (!found->IsString()) fail(pointer, "must be a string or null, not " + type_name(*found));
  return {found->GetString(), found->GetStringLength()};
}

std::vector<std::string> Reader::strings(const std::string& pointer) const {
  std::vector<std::string> out;
  if (!has(pointer)) return out;
  const rapidjson::Value& list = array(pointer);
  for (rapidjson::SizeType index = 0; index < list.Size(); ++index) {
    out.push_back(string(append_pointer(pointer, std::to_string(index))));
  }
  return out;
}

std::vector<std::string> Reader::keys(const std::string& pointer) const {
  std::vector<std::string> out;
  for (const auto& member : object(pointer).GetObject()) out.emplace_back(member.name.GetString());
  return out;
}

std::string Reader::choice(const std::string& pointer, const std::vector<std::string>& choices) const {
  const std::string found = string(pointer);
  if (std::find(choices.begin(), choices.end(), found) == choices.end()) {
    fail(pointer, "\"" + last_of(pointer) + "\" must be one of " + listed(choices) + ", not \"" + found + "\"");
  }
  return found;
}

void Reader::only_keys(const std::string& pointer, const std::vector<std::string>& known) const {
  for (const std::string& key : keys(pointer)) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      fail(append_pointer(pointer, key), "unknown key \"" + printable(key) + "\" (known: " + listed(known) + ")");
    }
  }
}

std::string Reader::text(const std::string& pointer) const {
  const rapidjson::Value* found = find_pointer(document_.root(), pointer);
  return found == nullptr ? "" : compact_canonical_text(document_, *found);
}

}  // namespace portcheck::json
