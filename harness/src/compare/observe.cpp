#include "compare/observe.hpp"

#include <set>

#include "json/canonical.hpp"
#include "json/pointer.hpp"

namespace portcheck::compare {

Observed observe(const schema::SchemaSet& schemas, const SideView& side, const std::string& scenario,
                 const std::string& pointer, std::size_t text_limit) {
  Observed observed;
  const auto document = side.fixtures->documents.find(scenario);
  if (side.schema == nullptr || document == side.fixtures->documents.end()) return observed;
  const rapidjson::Value* value = json::find_pointer(document->second.root(), pointer);
  if (value == nullptr) return observed;
  observed.document = &document->second;
  observed.json = value;
  if (text_limit == kWholeText) {
    observed.text = json::compact_canonical_text(document->second, *value);
  } else if (text_limit == 0) {
    observed.text.emplace();
    observed.cut = true;
  } else {
    json::CutText cut = json::compact_canonical_text(document->second, *value, text_limit);
    observed.cut = !cut.whole();
    if (observed.cut) {
      // Never end inside a UTF-8 sequence.
      while (!cut.text.empty() && (static_cast<unsigned char>(cut.text.back()) & 0xC0U) == 0x80U) cut.text.pop_back();
      if (!cut.text.empty() && (static_cast<unsigned char>(cut.text.back()) & 0xC0U) == 0xC0U) cut.text.pop_back();
      cut.text += "… (" + std::to_string(cut.size) + " bytes in all)";
    }
    observed.text = std::move(cut.text);
  }
  observed.value = codec::decode_at(schemas, *side.schema, document->second, *value, pointer);
  return observed;
}

bool same_text(const Observed& left, const Observed& right) {
  if (!left.cut && !right.cut) return left.text == right.text;
  if (left.json == nullptr || right.json == nullptr) return false;
  return json::canonical_equal(*left.document, *left.json, *right.document, *right.json);
}

std::string file_of(const SideView& side, const std::string& scenario) {
  const auto found = side.fixtures->files.find(scenario);
  return found == side.fixtures->files.end() ? "" : found->second;
}

std::vector<std::string> top_level_keys(const schema::SchemaSet& schemas, const schema::StructureSchema* schema) {
  std::vector<std::string> keys;
  if (schema == nullptr) return keys;
  const rapidjson::Value& root = *schemas.root_of(schema->file()).value;
  if (!root.HasMember("properties") || !root["properties"].IsObject()) return keys;
  for (const auto& property : root["properties"].GetObject()) keys.emplace_back(property.name.GetString());
  return keys;
}

std::vector<std::string> nested_pointers(const schema::SchemaSet& schemas, const schema::StructureSchema* schema) {
  std::vector<std::string> pointers;
  for (const std::string& key : top_level_keys(schemas, schema)) {
    const std::string parent = json::append_pointer("", key);
    std::set<std::string> seen;
    for (const schema::SchemaNode& node : schemas.nodes_at(*schema, parent)) {
      if (!node.value->IsObject() || !node.value->HasMember("properties")) continue;
      const rapidjson::Value& properties = (*node.value)["properties"];
      if (!properties.IsObject()) continue;
      for (const auto& property : properties.GetObject()) {
        const std::string pointer = json::append_pointer(parent, property.name.GetString());
        if (seen.insert(pointer).second) pointers.push_back(pointer);
      }
    }
  }
  return pointers;
}

}  // namespace portcheck::compare
