#pragma once
/// schemas/manifest.json: the sides, the reference side, each side's reader
/// policy, the structures each side declares, and cross-side field mappings.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "json/error.hpp"
#include "schema/profile.hpp"

namespace portcheck::schema {

/// A side is the reference (one per manifest) or a candidate compared with it.
enum class Role { reference, candidate };

/// What a side's reader does with an object key its type does not declare.
enum class UnknownKeyPolicy { ignore, reject };

/// Which values a side's reader checks: every value against its type (serde),
/// or only those it parses (x-encoding values) and the keys it requires.
enum class ValueChecks { all, parsed_only };

struct Side {
  std::string name;
  Role role = Role::candidate;
  std::string description;
  /// Folder of this side's schemas, absolute.
  std::filesystem::path schema_directory;
  UnknownKeyPolicy unknown_keys = UnknownKeyPolicy::ignore;
  ValueChecks value_checks = ValueChecks::all;
  /// The side's language: type syntax and families, how its reader takes
  /// timestamps, its database driver.
  LanguageProfile profile;
  /// The profile's file (schemas/profiles/<language>.json): no schema.
  std::filesystem::path profile_file;
  /// The folder of the tool that captures this side's fixtures from the real
  /// code (relative to the project), or empty when nothing captures it.
  std::string capture_tool;
};

/// Where one side's real definition of a structure lives, as the manifest
/// names it: for Python, module, class, serializer and reader; for Rust, file
/// and item. Kept as the manifest's own key/value pairs, in order, since only
/// the capture tools interpret them; `also` lists further definitions of the
/// same name (the Rust queue row beside the runner's QueueItem).
struct Definition {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::vector<std::pair<std::string, std::string>>> also;

  /// The value of a field, or "" when absent or null.
  [[nodiscard]] std::string get(const std::string& key) const;
};

struct Structure {
  std::string name;
  std::string description;
  /// The sides that declare this structure, in manifest order.
  std::vector<std::string> sides;
  /// The sides whose code writes this structure as JSON (manifest "writers";
  /// every declaring side when the manifest has no such list).
  std::vector<std::string> writers;
  /// The sides whose runner reads this structure from JSON; readability is
  /// judged only in their direction.
  std::vector<std::string> readers;
  /// side name → where that side defines it.
  std::map<std::string, Definition> definitions;

  [[nodiscard]] bool is_read_by(const std::string& side) const;
  [[nodiscard]] bool is_written_by(const std::string& side) const;
  /// Whether the side has any JSON form of the structure: it writes it, or it
  /// reads it (a reader-only side's fixtures are documents its reader accepts).
  [[nodiscard]] bool has_json(const std::string& side) const;
};

/// The code under review: the repository and revision the evidence is
/// captured from. (Where each side's code sits in it is the side's capture
/// tool's business: sides.<name>.capture.)
struct Upstream {
  std::string repository;
  std::string revision;
};

/// How a field's place differs from the reference's.
enum class MappingKind {
  renamed,    ///< same level, another key
  relocated,  ///< another level
};

std::string to_string(MappingKind kind);

/// Places that hold the same field on several sides, as JSON Pointers into
/// each side's document of the structure: the reference's and one or more
/// candidates'.
struct FieldMapping {
  std::string structure;
  std::map<std::string, std::string> pointers;  ///< side → pointer
  MappingKind kind = MappingKind::renamed;
  /// side → where the manifest writes that side's pointer, for errors
  std::map<std::string, SourceLocation> locations;

  /// The pointer of a side, or nothing when the mapping does not name it.
  [[nodiscard]] const std::string* pointer_of(const std::string& side) const;
};

/// A column of a table and the field each side keeps it in.
struct StorageColumn {
  std::string column;
  /// side name → JSON Pointer of the field in that side's structure
  std::map<std::string, std::string> fields;
  /// side name → where the manifest writes that pointer, for errors
  std::map<std::string, SourceLocation> locations;
};

/// A structure stored in, or loaded from, a PostgreSQL table.
struct StorageMapping {
  std::string structure;
  std::string table;
  std::vector<StorageColumn> columns;
};

struct Manifest {
  std::filesystem::path file;
  std::filesystem::path schemas_directory;
  Upstream upstream;
  std::string reference_side;
  std::vector<Side> sides;
  std::vector<Structure> structures;
  std::vector<FieldMapping> field_mappings;
  std::vector<StorageMapping> storage;

  [[nodiscard]] const Side* find_side(const std::string& name) const;
  [[nodiscard]] const Side& reference() const;
  /// Every candidate side, in manifest order.
  [[nodiscard]] std::vector<const Side*> candidates() const;
  [[nodiscard]] const Structure* find_structure(const std::string& name) const;
  /// The schema file of one side's structure.
  [[nodiscard]] std::filesystem::path schema_path(const Side& side, const std::string& structure) const;
  /// "a, b, c": the names of all sides or structures, for error messages.
  [[nodiscard]] std::string side_names() const;
  [[nodiscard]] std::string structure_names() const;
};

/// Loads and checks schemas_directory/manifest.json. Throws portcheck::Error
/// naming the file, line, column and pointer of whatever is wrong.
Manifest load_manifest(const std::filesystem::path& schemas_directory);

}  // namespace portcheck::schema
