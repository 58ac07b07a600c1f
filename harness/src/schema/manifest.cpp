#include "schema/manifest.hpp"

#include <algorithm>

#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"
#include "rules/rules.hpp"
#include "json/reader.hpp"

namespace portcheck::schema {

namespace {

std::string join_names(const auto& items) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += ", ";
    text += item.name;
  }
  return text;
}

}  // namespace

// A mapping's kind is named as the field rule it explains.
std::string to_string(MappingKind kind) {
  return rules::rule_id(kind == MappingKind::renamed ? rules::Rule::renamed : rules::Rule::relocated);
}

const std::string* FieldMapping::pointer_of(const std::string& side) const {
  const auto found = pointers.find(side);
  return found == pointers.end() ? nullptr : &found->second;
}

const Side& Manifest::reference() const { return *find_side(reference_side); }

std::vector<const Side*> Manifest::candidates() const {
  std::vector<const Side*> found;
  for (const Side& side : sides) {
    if (side.role == Role::candidate) found.push_back(&side);
  }
  return found;
}

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

namespace {

std::string item(const std::string& pointer, std::size_t index) {
  return json::append_pointer(pointer, std::to_string(index));
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// A list of side names that must each declare the structure.
std::vector<std::string> side_list(const json::Reader& reader, const std::string& pointer,
                                   const std::vector<std::string>& declaring, const std::string& structure,
                                   const char* verb) {
  std::vector<std::string> names = reader.strings(pointer);
  for (std::size_t index = 0; index < names.size(); ++index) {
    if (!contains(declaring, names[index])) {
      reader.fail(item(pointer, index),
                  "side \"" + names[index] + "\" " + verb + " " + structure + " but does not declare it");
    }
  }
  return names;
}

/// A definition's scalar members as strings (null as ""), in order.
std::vector<std::pair<std::string, std::string>> scalar_fields(const json::Reader& reader, const std::string& pointer) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const std::string& key : reader.keys(pointer)) {
    if (key == "also") continue;
    const std::string at = json::append_pointer(pointer, key);
    const rapidjson::Value& value = reader.value(at);
    if (!value.IsString() && !value.IsNull())
      reader.fail(at, "a definition's \"" + key + "\" must be a string or null");
    fields.emplace_back(key, reader.optional_string(at));
  }
  return fields;
}

void read_upstream(const json::Reader& reader, Manifest& manifest) {
  if (!reader.has("/upstream")) return;
  reader.only_keys("/upstream", {"description", "repository", "revision", "contains"});
  manifest.upstream.repository = reader.string("/upstream/repository");
  manifest.upstream.revision = reader.string("/upstream/revision");
}

Side read_side(const json::Reader& reader, const std::string& name, const std::filesystem::path& schemas_directory) {
  const std::string pointer = json::append_pointer("/sides", name);
  reader.object(pointer);
  reader.only_keys(pointer, {"role", "description", "schemas", "profile", "capture", "unknown_keys",
                             "unknown_keys_reason", "value_checks", "value_checks_reason"});
  Side side;
  side.name = name;
  side.role =
      reader.choice(pointer + "/role", {"reference", "candidate"}) == "reference" ? Role::reference : Role::candidate;
  side.description = reader.optional_string(pointer + "/description");
  side.schema_directory = schemas_directory / reader.string(pointer + "/schemas");
  // A name the system refuses (longer than a file name may be) is named
  // with its reason, never thrown past the manifest's place.
  std::error_code folder_status;
  if (!std::filesystem::is_directory(side.schema_directory, folder_status)) {
    reader.fail(pointer + "/schemas", "schema folder " + side.schema_directory.string() + " does not exist" +
                                          (folder_status ? " (" + folder_status.message() + ")" : ""));
  }
  side.unknown_keys = reader.choice(pointer + "/unknown_keys", {"ignore", "reject"}) == "ignore"
                          ? UnknownKeyPolicy::ignore
                          : UnknownKeyPolicy::reject;
  if (reader.has(pointer + "/value_checks")) {
    side.value_checks = reader.choice(pointer + "/value_checks", {"all", "parsed-only"}) == "all"
                            ? ValueChecks::all
                            : ValueChecks::parsed_only;
  }
  const std::filesystem::path profile = schemas_directory / reader.string(pointer + "/profile");
  std::error_code status;  // a link loop is no file, not an internal error
  if (!std::filesystem::is_regular_file(profile, status)) {
    reader.fail(pointer + "/profile", "language profile " + profile.string() + " does not exist" +
                                          (status ? " (" + status.message() + ")" : ""));
  }
  side.profile = load_profile(profile);
  side.profile_file = profile;
  if (reader.has(pointer + "/capture")) {
    reader.object(pointer + "/capture");
    side.capture_tool = reader.string(pointer + "/capture/tool");
  }
  return side;
}

void read_sides(const json::Reader& reader, Manifest& manifest) {
  for (const std::string& name : reader.keys("/sides")) {
    manifest.sides.push_back(read_side(reader, name, manifest.schemas_directory));
  }
  if (manifest.sides.empty()) reader.fail("/sides", "at least one side is needed");
  manifest.reference_side = reader.string("/reference_side");
  const Side* reference = manifest.find_side(manifest.reference_side);
  if (reference == nullptr || reference->role != Role::reference) {
    reader.fail("/reference_side",
                "reference_side \"" + manifest.reference_side +
                    "\" must name a side whose role is \"reference\" (sides: " + manifest.side_names() + ")");
  }
  for (const Side& side : manifest.sides) {
    if (side.role == Role::reference && side.name != manifest.reference_side) {
      reader.fail(json::append_pointer("/sides", side.name) + "/role",
                  "only one side is the reference (reference_side is " + manifest.reference_side + ")");
    }
  }
}

Definition read_definition(const json::Reader& reader, const std::string& pointer) {
  reader.object(pointer);
  Definition definition;
  definition.fields = scalar_fields(reader, pointer);
  const std::string also = pointer + "/also";
  if (reader.has(also)) {
    for (std::size_t index = 0; index < reader.array(also).Size(); ++index) {
      reader.object(item(also, index));
      definition.also.push_back(scalar_fields(reader, item(also, index)));
    }
  }
  return definition;
}

Structure read_structure(const json::Reader& reader, const std::string& name, const Manifest& manifest) {
  const std::string pointer = json::append_pointer("/structures", name);
  reader.object(pointer);
  Structure structure;
  structure.name = name;
  structure.description = reader.optional_string(pointer + "/description");
  const std::string sides_pointer = pointer + "/sides";
  structure.sides = reader.strings(sides_pointer);
  if (structure.sides.empty()) reader.fail(sides_pointer, "sides must be a non-empty array");
  for (std::size_t index = 0; index < structure.sides.size(); ++index) {
    const Side* side = manifest.find_side(structure.sides[index]);
    if (side == nullptr) {
      reader.fail(item(sides_pointer, index),
                  "unknown side \"" + structure.sides[index] + "\" (sides: " + manifest.side_names() + ")");
    }
    std::error_code status;  // a link loop is no file, not an internal error
    if (!std::filesystem::is_regular_file(manifest.schema_path(*side, name), status)) {
      reader.fail(item(sides_pointer, index), "side " + side->name + " declares " + name + " but " +
                                                  manifest.schema_path(*side, name).string() + " does not exist" +
                                                  (status ? " (" + status.message() + ")" : ""));
    }
  }
  // Without a writers list, every side that declares the structure writes it.
  structure.writers = reader.has(pointer + "/writers")
                          ? side_list(reader, pointer + "/writers", structure.sides, name, "writes")
                          : structure.sides;
  structure.readers = side_list(reader, pointer + "/readers", structure.sides, name, "reads");
  if (reader.has(pointer + "/definitions")) {
    for (const std::string& side : reader.keys(pointer + "/definitions")) {
      const std::string at = json::append_pointer(pointer + "/definitions", side);
      if (!contains(structure.sides, side)) {
        reader.fail(at, "side \"" + side + "\" defines " + name + " but does not declare it");
      }
      structure.definitions.emplace(side, read_definition(reader, at));
    }
  }
  return structure;
}

void read_structures(const json::Reader& reader, Manifest& manifest) {
  for (const std::string& name : reader.keys("/structures")) {
    manifest.structures.push_back(read_structure(reader, name, manifest));
  }
}

/// Where a value of the manifest is written, for errors found after reading it.
SourceLocation location_of(const json::Reader& reader, const std::string& pointer) {
  SourceLocation where = SourceLocation::in_file(reader.document().source_name());
  where.pointer = pointer;
  where.has_pointer = true;
  if (const auto position = reader.document().position_of(pointer)) {
    where.line = position->line;
    where.column = position->column;
  }
  return where;
}

void read_field_mappings(const json::Reader& reader, Manifest& manifest) {
  if (!reader.has("/field_mappings")) return;
  for (const std::string& structure : reader.keys("/field_mappings")) {
    const std::string pointer = json::append_pointer("/field_mappings", structure);
    if (manifest.find_structure(structure) == nullptr) {
      reader.fail(pointer, "unknown structure \"" + structure + "\" (structures: " + manifest.structure_names() + ")");
    }
    for (std::size_t index = 0; index < reader.array(pointer).Size(); ++index) {
      const std::string at = item(pointer, index);
      FieldMapping mapping;
      mapping.structure = structure;
      const std::string renamed = to_string(MappingKind::renamed);
      mapping.kind = reader.choice(at + "/kind", {renamed, to_string(MappingKind::relocated)}) == renamed
                         ? MappingKind::renamed
                         : MappingKind::relocated;
      for (const std::string& key : reader.keys(at)) {
        if (key == "kind") continue;
        if (manifest.find_side(key) == nullptr) {
          reader.fail(json::append_pointer(at, key), "unknown side \"" + key +
                                                         "\" (a mapping names \"kind\" and "
                                                         "the sides' pointers; sides: " +
                                                         manifest.side_names() + ")");
        }
        const std::string field_pointer = reader.string(json::append_pointer(at, key));
        try {
          json::split_pointer(field_pointer);
        } catch (const Error& error) {
          reader.fail(json::append_pointer(at, key), error.message());
        }
        mapping.pointers[key] = field_pointer;
        mapping.locations[key] = location_of(reader, json::append_pointer(at, key));
      }
      if (!mapping.pointers.contains(manifest.reference_side) || mapping.pointers.size() < 2) {
        reader.fail(at, "a field mapping names the reference side (" + manifest.reference_side +
                            ") and at least one candidate");
      }
      manifest.field_mappings.push_back(std::move(mapping));
    }
  }
}

void read_storage(const json::Reader& reader, Manifest& manifest) {
  if (!reader.has("/storage")) return;
  for (const std::string& structure : reader.keys("/storage")) {
    if (structure == "description") continue;
    const std::string pointer = json::append_pointer("/storage", structure);
    if (manifest.find_structure(structure) == nullptr) {
      reader.fail(pointer, "unknown structure \"" + structure + "\" (structures: " + manifest.structure_names() + ")");
    }
    reader.object(pointer);
    StorageMapping mapping;
    mapping.structure = structure;
    mapping.table = reader.string(pointer + "/table");
    for (std::size_t index = 0; index < reader.array(pointer + "/columns").Size(); ++index) {
      const std::string at = item(pointer + "/columns", index);
      reader.object(at);
      StorageColumn column;
      column.column = reader.string(at + "/column");
      for (const std::string& key : reader.keys(at)) {
        if (key == "column") continue;
        if (manifest.find_side(key) == nullptr) {
          reader.fail(json::append_pointer(at, key),
                      "unknown side \"" + key + "\" (sides: " + manifest.side_names() + ")");
        }
        column.fields[key] = reader.string(json::append_pointer(at, key));
        column.locations[key] = location_of(reader, json::append_pointer(at, key));
      }
      mapping.columns.push_back(std::move(column));
    }
    manifest.storage.push_back(std::move(mapping));
  }
}

}  // namespace

Manifest load_manifest(const std::filesystem::path& schemas_directory) {
  Manifest manifest;
  manifest.schemas_directory = schemas_directory;
  manifest.file = schemas_directory / "manifest.json";
  const json::Document document = json::load_file(manifest.file);
  const json::Reader reader(document);
  reader.object("");
  read_upstream(reader, manifest);
  read_sides(reader, manifest);
  read_structures(reader, manifest);
  read_field_mappings(reader, manifest);
  read_storage(reader, manifest);
  return manifest;
}

}  // namespace portcheck::schema
