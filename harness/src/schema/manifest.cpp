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

  /// A list of side names that must each declare the structure.
  std::vector<std::string> side_list(const rapidjson::Value& parent, const std::string& parent_pointer, const char* key,
                                     const std::vector<std::string>& declaring, const std::string& structure,
                                     const char* verb) const {
    std::vector<std::string> names;
    if (!parent.HasMember(key)) return names;
    const rapidjson::Value& list = parent[key];
    const std::string pointer = json::append_pointer(parent_pointer, key);
    if (!list.IsArray()) fail(pointer, std::string(key) + " must be an array of side names");
    for (rapidjson::SizeType index = 0; index < list.Size(); ++index) {
      const std::string item_pointer = json::append_pointer(pointer, std::to_string(index));
      if (!list[index].IsString()) fail(item_pointer, "a side name must be a string");
      const std::string side_name = list[index].GetString();
      if (std::find(declaring.begin(), declaring.end(), side_name) == declaring.end()) {
        fail(item_pointer, "side \"" + side_name + "\" " + verb + " " + structure + " but does not declare it");
      }
      names.push_back(side_name);
    }
    return names;
  }

  /// A definition's scalar members as strings (null as ""), in order.
  std::vector<std::pair<std::string, std::string>> scalar_fields(const rapidjson::Value& object,
                                                                 const std::string& pointer) const {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& member : object.GetObject()) {
      const std::string key = member.name.GetString();
      if (key == "also") continue;
      if (member.value.IsString()) {
        fields.emplace_back(key, member.value.GetString());
      } else if (member.value.IsNull()) {
        fields.emplace_back(key, "");
      } else {
        fail(json::append_pointer(pointer, key), "a definition's \"" + key + "\" must be a string or null");
      }
    }
    return fields;
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

bool Structure::is_written_by(const std::string& side) const {
  return std::find(writers.begin(), writers.end(), side) != writers.end();
}

bool Structure::has_json(const std::string& side) const { return is_written_by(side) || is_read_by(side); }

std::string Definition::get(const std::string& key) const {
  for (const auto& [name, value] : fields) {
    if (name == key) return value;
  }
  return "";
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

  if (root.HasMember("upstream")) {
    const rapidjson::Value& upstream = reader.object(root, "", "upstream");
    manifest.upstream.repository = reader.string(upstream, "/upstream", "repository");
    manifest.upstream.revision = reader.string(upstream, "/upstream", "revision");
    manifest.upstream.python_path = reader.optional_string(upstream, "/upstream", "python_path");
    if (upstream.HasMember("rust_crates")) {
      const rapidjson::Value& crates = upstream["rust_crates"];
      if (!crates.IsArray()) reader.fail("/upstream/rust_crates", "rust_crates must be an array");
      for (rapidjson::SizeType index = 0; index < crates.Size(); ++index) {
        const std::string item_pointer = "/upstream/rust_crates/" + std::to_string(index);
        if (!crates[index].IsObject()) reader.fail(item_pointer, "a crate must be an object {name, directory}");
        manifest.upstream.rust_crates.push_back({reader.string(crates[index], item_pointer, "name"),
                                                 reader.string(crates[index], item_pointer, "directory")});
      }
    }
  }

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
    // Without a writers list, every side that declares the structure writes it.
    structure.writers = entry.value.HasMember("writers") ? reader.side_list(entry.value, pointer, "writers",
                                                                            structure.sides, structure.name, "writes")
                                                         : structure.sides;
    structure.readers = reader.side_list(entry.value, pointer, "readers", structure.sides, structure.name, "reads");
    if (entry.value.HasMember("definitions")) {
      const rapidjson::Value& definitions = reader.object(entry.value, pointer, "definitions");
      const std::string definitions_pointer = json::append_pointer(pointer, "definitions");
      for (const auto& side_entry : definitions.GetObject()) {
        const std::string side_name = side_entry.name.GetString();
        const std::string side_pointer = json::append_pointer(definitions_pointer, side_name);
        if (std::find(structure.sides.begin(), structure.sides.end(), side_name) == structure.sides.end()) {
          reader.fail(side_pointer,
                      "side \"" + side_name + "\" defines " + structure.name + " but does not declare it");
        }
        if (!side_entry.value.IsObject()) reader.fail(side_pointer, "a definition must be an object");
        Definition definition;
        definition.fields = reader.scalar_fields(side_entry.value, side_pointer);
        if (side_entry.value.HasMember("also")) {
          const rapidjson::Value& also = side_entry.value["also"];
          const std::string also_pointer = json::append_pointer(side_pointer, "also");
          if (!also.IsArray()) reader.fail(also_pointer, "also must be an array of definitions");
          for (rapidjson::SizeType index = 0; index < also.Size(); ++index) {
            const std::string item_pointer = json::append_pointer(also_pointer, std::to_string(index));
            if (!also[index].IsObject()) reader.fail(item_pointer, "a definition must be an object");
            definition.also.push_back(reader.scalar_fields(also[index], item_pointer));
          }
        }
        structure.definitions.emplace(side_name, std::move(definition));
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
