#include "schema/manifest.hpp"

#include <algorithm>

#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"

namespace portcheck::schema {

namespace {

/// Reads members of the manifest, turning every shape error into an Error
/// that points at the offending value.
class ManifestReader {
 public:
  explicit ManifestReader(const json::Document& document) : document_(document) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    SourceLocation where{document_.source_name(), 0, 0, pointer, true};
    if (const auto position = document_.position_of(pointer)) {
      where.line = position->line;
      where.column = position->column;
    }
    throw Error(message, where);
  }

  const rapidjson::Value& object(const rapidjson::Value& parent, const std::string& parent_pointer,
                                 const char* key) const {
    const rapidjson::Value& value = member(parent, parent_pointer, key);
    if (!value.IsObject()) {
      fail(json::append_pointer(parent_pointer, key),
           std::string("\"") + key + "\" must be an object, not " + json::type_name(value));
    }
    return value;
  }

  std::string string(const rapidjson::Value& parent, const std::string& parent_pointer, const char* key) const {
    const rapidjson::Value& value = member(parent, parent_pointer, key);
    if (!value.IsString()) {
      fail(json::append_pointer(parent_pointer, key),
           std::string("\"") + key + "\" must be a string, not " + json::type_name(value));
    }
    return {value.GetString(), value.GetStringLength()};
  }

  std::string optional_string(const rapidjson::Value& parent, const std::string& parent_pointer,
                              const char* key) const {
    if (!parent.HasMember(key)) return {};
    return string(parent, parent_pointer, key);
  }

  const rapidjson::Value& member(const rapidjson::Value& parent, const std::string& parent_pointer,
                                 const char* key) const {
    const auto found = parent.FindMember(key);
    if (found == parent.MemberEnd()) fail(parent_pointer, std::string("missing required key \"") + key + "\"");
    return found->value;
  }

 private:
  const json::Document& document_;
};

std::string join_names(const auto& items) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += ", ";
    text += item.name;
  }
  return text;
}

}  // namespace

const Side* Manifest::find_side(const std::string& name) const {
  const auto found = std::find_if(sides.begin(), sides.end(), [&](const Side& side) { return side.name == name; });
  return found == sides.end() ? nullptr : &*found;
}

const Structure* Manifest::find_structure(const std::string& name) const {
  const auto found = std::find_if(structures.begin(), structures.end(),
                                  [&](const Structure& structure) { return structure.name == name; });
  return found == structures.end() ? nullptr : &*found;
}

std::filesystem::path Manifest::schema_path(const Side& side, const std::string& structure) const {
  return side.schema_directory / (structure + ".schema.json");
}

bool Structure::is_read_by(const std::string& side) const {
  return std::find(readers.begin(), readers.end(), side) != readers.end();
}

std::string Manifest::side_names() const { return join_names(sides); }
std::string Manifest::structure_names() const { return join_names(structures); }

Manifest load_manifest(const std::filesystem::path& schemas_directory) {
  Manifest manifest;
  manifest.schemas_directory = schemas_directory;
  manifest.file = schemas_directory / "manifest.json";
  const json::Document document = json::load_file(manifest.file);
  const ManifestReader reader(document);
  const rapidjson::Value& root = document.root();
  if (!root.IsObject()) reader.fail("", "the manifest must be a JSON object");

  const rapidjson::Value& sides = reader.object(root, "", "sides");
  for (const auto& entry : sides.GetObject()) {
    Side side;
    side.name = entry.name.GetString();
    const std::string pointer = json::append_pointer("/sides", side.name);
    if (!entry.value.IsObject()) reader.fail(pointer, "each side must be an object");
    side.role = reader.string(entry.value, pointer, "role");
    if (side.role != "reference" && side.role != "candidate") {
      reader.fail(json::append_pointer(pointer, "role"),
                  "role must be \"reference\" or \"candidate\", not \"" + side.role + "\"");
    }
    side.description = reader.optional_string(entry.value, pointer, "description");
    side.schema_directory = schemas_directory / reader.string(entry.value, pointer, "schemas");
    const std::string policy = reader.string(entry.value, pointer, "unknown_keys");
    if (policy == "ignore") {
      side.unknown_keys = UnknownKeyPolicy::ignore;
    } else if (policy == "reject") {
      side.unknown_keys = UnknownKeyPolicy::reject;
    } else {
      reader.fail(json::append_pointer(pointer, "unknown_keys"),
                  "unknown_keys must be \"ignore\" or \"reject\", not \"" + policy + "\"");
    }
    side.database_driver = reader.optional_string(entry.value, pointer, "database_driver");
    if (!side.database_driver.empty() && side.database_driver != "asyncpg" && side.database_driver != "sqlx") {
      reader.fail(json::append_pointer(pointer, "database_driver"),
                  "database_driver must be \"asyncpg\" or \"sqlx\", not \"" + side.database_driver + "\"");
    }
    const std::string checks = reader.optional_string(entry.value, pointer, "value_checks");
    if (checks == "parsed-only") {
      side.value_checks = ValueChecks::parsed_only;
    } else if (!checks.empty() && checks != "all") {
      reader.fail(json::append_pointer(pointer, "value_checks"),
                  "value_checks must be \"all\" or \"parsed-only\", not \"" + checks + "\"");
    }
    if (!std::filesystem::is_directory(side.schema_directory)) {
      reader.fail(json::append_pointer(pointer, "schemas"),
                  "schema folder " + side.schema_directory.string() + " does not exist");
    }
    manifest.sides.push_back(std::move(side));
  }
  if (manifest.sides.empty()) reader.fail("/sides", "at least one side is needed");

  manifest.reference_side = reader.string(root, "", "reference_side");
  const Side* reference = manifest.find_side(manifest.reference_side);
  if (reference == nullptr || reference->role != "reference") {
    reader.fail("/reference_side",
                "reference_side \"" + manifest.reference_side +
                    "\" must name a side whose role is \"reference\" (sides: " + manifest.side_names() + ")");
  }

  const rapidjson::Value& structures = reader.object(root, "", "structures");
  for (const auto& entry : structures.GetObject()) {
    Structure structure;
    structure.name = entry.name.GetString();
    const std::string pointer = json::append_pointer("/structures", structure.name);
    if (!entry.value.IsObject()) reader.fail(pointer, "each structure must be an object");
    structure.description = reader.optional_string(entry.value, pointer, "description");
    const rapidjson::Value& side_list = reader.member(entry.value, pointer, "sides");
    const std::string sides_pointer = json::append_pointer(pointer, "sides");
    if (!side_list.IsArray() || side_list.Empty()) reader.fail(sides_pointer, "sides must be a non-empty array");
    for (rapidjson::SizeType index = 0; index < side_list.Size(); ++index) {
      const std::string item_pointer = json::append_pointer(sides_pointer, std::to_string(index));
      if (!side_list[index].IsString()) reader.fail(item_pointer, "a side name must be a string");
      const std::string side_name = side_list[index].GetString();
      const Side* side = manifest.find_side(side_name);
      if (side == nullptr) {
        reader.fail(item_pointer, "unknown side \"" + side_name + "\" (sides: " + manifest.side_names() + ")");
      }
      if (!std::filesystem::is_regular_file(manifest.schema_path(*side, structure.name))) {
        reader.fail(item_pointer, "side " + side_name + " declares " + structure.name + " but " +
                                      manifest.schema_path(*side, structure.name).string() + " does not exist");
      }
      structure.sides.push_back(side_name);
    }
    if (entry.value.HasMember("readers")) {
      const rapidjson::Value& reader_list = entry.value["readers"];
      const std::string readers_pointer = json::append_pointer(pointer, "readers");
      if (!reader_list.IsArray()) reader.fail(readers_pointer, "readers must be an array of side names");
      for (rapidjson::SizeType index = 0; index < reader_list.Size(); ++index) {
        const std::string item_pointer = json::append_pointer(readers_pointer, std::to_string(index));
        if (!reader_list[index].IsString()) reader.fail(item_pointer, "a side name must be a string");
        const std::string side_name = reader_list[index].GetString();
        if (std::find(structure.sides.begin(), structure.sides.end(), side_name) == structure.sides.end()) {
          reader.fail(item_pointer, "side \"" + side_name + "\" reads " + structure.name + " but does not declare it");
        }
        structure.readers.push_back(side_name);
      }
    }
    manifest.structures.push_back(std::move(structure));
  }

  if (root.HasMember("field_mappings")) {
    const rapidjson::Value& mappings = reader.object(root, "", "field_mappings");
    const Side* candidate = nullptr;
    for (const Side& side : manifest.sides) {
      if (side.role == "candidate") candidate = &side;
    }
    for (const auto& entry : mappings.GetObject()) {
      const std::string structure = entry.name.GetString();
      const std::string pointer = json::append_pointer("/field_mappings", structure);
      if (manifest.find_structure(structure) == nullptr) {
        reader.fail(pointer,
                    "unknown structure \"" + structure + "\" (structures: " + manifest.structure_names() + ")");
      }
      if (!entry.value.IsArray()) reader.fail(pointer, "field mappings must be an array");
      if (candidate == nullptr) reader.fail(pointer, "field mappings need a side whose role is \"candidate\"");
      for (rapidjson::SizeType index = 0; index < entry.value.Size(); ++index) {
        const std::string item_pointer = json::append_pointer(pointer, std::to_string(index));
        const rapidjson::Value& item = entry.value[index];
        if (!item.IsObject()) reader.fail(item_pointer, "a field mapping must be an object");
        FieldMapping mapping;
        mapping.structure = structure;
        mapping.reference_pointer = reader.string(item, item_pointer, manifest.reference_side.c_str());
        mapping.candidate_pointer = reader.string(item, item_pointer, candidate->name.c_str());
        mapping.kind = reader.string(item, item_pointer, "kind");
        if (mapping.kind != "renamed" && mapping.kind != "relocated") {
          reader.fail(json::append_pointer(item_pointer, "kind"),
                      "kind must be \"renamed\" or \"relocated\", not \"" + mapping.kind + "\"");
        }
        for (const std::string* field_pointer : {&mapping.reference_pointer, &mapping.candidate_pointer}) {
          try {
            json::split_pointer(*field_pointer);
          } catch (const Error& error) {
            reader.fail(item_pointer, error.message());
          }
        }
        manifest.field_mappings.push_back(std::move(mapping));
      }
    }
  }
  if (root.HasMember("storage")) {
    const rapidjson::Value& storage = reader.object(root, "", "storage");
    for (const auto& entry : storage.GetObject()) {
      const std::string structure = entry.name.GetString();
      if (structure == "description") continue;
      const std::string pointer = json::append_pointer("/storage", structure);
      if (manifest.find_structure(structure) == nullptr) {
        reader.fail(pointer,
                    "unknown structure \"" + structure + "\" (structures: " + manifest.structure_names() + ")");
      }
      if (!entry.value.IsObject()) reader.fail(pointer, "a storage mapping must be an object");
      StorageMapping mapping;
      mapping.structure = structure;
      mapping.table = reader.string(entry.value, pointer, "table");
      const rapidjson::Value& columns = reader.member(entry.value, pointer, "columns");
      const std::string columns_pointer = json::append_pointer(pointer, "columns");
      if (!columns.IsArray()) reader.fail(columns_pointer, "columns must be an array");
      for (rapidjson::SizeType index = 0; index < columns.Size(); ++index) {
        const std::string item_pointer = json::append_pointer(columns_pointer, std::to_string(index));
        if (!columns[index].IsObject()) reader.fail(item_pointer, "a column must be an object");
        StorageColumn column;
        column.column = reader.string(columns[index], item_pointer, "column");
        for (const auto& member : columns[index].GetObject()) {
          const std::string key = member.name.GetString();
          if (key == "column") continue;
          if (manifest.find_side(key) == nullptr) {
            reader.fail(json::append_pointer(item_pointer, key),
                        "unknown side \"" + key + "\" (sides: " + manifest.side_names() + ")");
          }
          column.fields[key] = reader.string(columns[index], item_pointer, key.c_str());
        }
        mapping.columns.push_back(std::move(column));
      }
      manifest.storage.push_back(std::move(mapping));
    }
  }
  return manifest;
}

}  // namespace portcheck::schema
