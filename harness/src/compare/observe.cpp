#include "compare/observe.hpp"

#include <set>

#include "json/canonical.hpp"
#include "json/pointer.hpp"

namespace portcheck::compare {

Observed observe(const schema::SchemaSet& schemas, const SideView& side, const std::string& scenario,
                 const std::string& pointer) {
  Observed observed;
  const auto document = side.fixtures->documents.find(scenario);
  if (side.schema == nullptr || document == side.fixtures->documents.end()) return observed;
  const rapidjson::Value* value = json::find_pointer(document->second.root(), pointer);
  if (value == nullptr) return observed;
  observed.text = json::compact_canonical_text(document->second, *value);
  observed.value = codec::decode_at(schemas, *side.schema, document->second, *value, pointer);
  return observed;
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
