#pragma once
/// schemas/manifest.json: the sides, the reference side, each side's reader
/// policy, the structures each side declares, and cross-side field mappings.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace portcheck::schema {

/// What a side's reader does with an object key its type does not declare.
enum class UnknownKeyPolicy { ignore, reject };

/// Which values a side's reader checks: every value against its type (serde),
/// or only those it parses (x-encoding values) and the keys it requires.
enum class ValueChecks { all, parsed_only };

struct Side {
  std::string name;
  /// "reference" or "candidate".
  std::string role;
  std::string description;
  /// Folder of this side's schemas, absolute.
  std::filesystem::path schema_directory;
  UnknownKeyPolicy unknown_keys = UnknownKeyPolicy::ignore;
  ValueChecks value_checks = ValueChecks::all;
  /// The PostgreSQL driver the side decodes columns with ("asyncpg", "sqlx"),
  /// or empty when it reads no database.
  std::string database_driver;
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

/// A workspace crate of the upstream Rust code.
struct UpstreamCrate {
  std::string name;
  std::string directory;
};

/// The code under review: the repository and revision the evidence is
/// captured from.
struct Upstream {
  std::string repository;
  std::string revision;
  std::string python_path;
  std::vector<UpstreamCrate> rust_crates;
};

/// Two places that hold the same field on two sides, as JSON Pointers into
/// each side's document of the structure.
struct FieldMapping {
  std::string structure;
  std::string reference_pointer;
  std::string candidate_pointer;
  /// "renamed" (same level, other key) or "relocated" (other level).
  std::string kind;
};

/// A column of a table and the field each side keeps it in.
struct StorageColumn {
  std::string column;
  /// side name → JSON Pointer of the field in that side's structure
  std::map<std::string, std::string> fields;
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
