#pragma once
/// Every schema of every side, loaded, checked and compiled for validation.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "json/rapidjson.hpp"

#include "json/document.hpp"
#include "schema/encodings.hpp"
#include "schema/manifest.hpp"

namespace re2 {
class RE2;
}  // namespace re2

namespace valijson {
class Schema;
class Validator;
}  // namespace valijson

namespace portcheck::schema {

/// The file a schema node lives in: a handle on the path the SchemaSet
/// keeps for the loaded file, so that copying a node (validation and
/// decoding copy many) copies no path. Made only from a path that outlives
/// it.
class SchemaFile {
 public:
  SchemaFile() = default;
  SchemaFile(const std::filesystem::path& path) : path_(&path) {}   // NOLINT(google-explicit-constructor)
  operator const std::filesystem::path&() const { return *path_; }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] const std::filesystem::path& path() const { return *path_; }
  [[nodiscard]] std::filesystem::path filename() const { return path_->filename(); }
  [[nodiscard]] std::filesystem::path parent_path() const { return path_->parent_path(); }
  [[nodiscard]] std::string string() const { return path_->string(); }

 private:
  const std::filesystem::path* path_ = nullptr;
};

/// One node of a schema document, with the file it lives in (needed to
/// resolve its relative $refs).
struct SchemaNode {
  const rapidjson::Value* value = nullptr;
  SchemaFile file;
};

/// What the schemas say about the value at one place of an instance.
struct FieldDescription {
  /// JSON types the schema admits there ("string", "null", ...); empty when any.
  std::vector<std::string> types;
  std::string source_type;             ///< x-source-type, or empty
  std::string source_name;             ///< x-source-name, or empty
  Encoding encoding = Encoding::none;  ///< x-encoding
  std::string pattern;                 ///< pattern, or empty
  std::string integer;                 ///< x-integer width ("i32", "u64", ...), or empty
  /// x-parsed-by: what the side's reader does with the value that can fail
  /// ("int()", "tuple unpacking"), for readers that check only what they parse.
  std::string parsed_by;
  bool unread = false;    ///< x-unread: the side's reader never looks at this key
  bool annotated = true;  ///< false when x-source-annotated is false: the code declares no type
  bool known = false;     ///< false when the schema says nothing about the place
};

/// An attribute a side declares but its serializer never writes
/// (x-declared-only): its name, declared type, and whether the code annotates
/// that type or the schema states what the code puts there.
struct DeclaredOnly {
  std::string name;
  std::string type;
  bool annotated = true;
};

/// One side's schema for one structure.
class StructureSchema {
 public:
  StructureSchema(std::string side, std::string structure, std::filesystem::path file,
                  std::unique_ptr<valijson::Schema> compiled);
  ~StructureSchema();
  StructureSchema(StructureSchema&&) noexcept;
  StructureSchema& operator=(StructureSchema&&) noexcept;

  [[nodiscard]] const std::string& side() const { return side_; }
  [[nodiscard]] const std::string& structure() const { return structure_; }
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }
  [[nodiscard]] const valijson::Schema& compiled() const { return *compiled_; }

 private:
  std::string side_;
  std::string structure_;
  std::filesystem::path file_;
  std::unique_ptr<valijson::Schema> compiled_;
};

/// One side's schema of one structure: all that a command judging documents
/// of that structure on that side reads.
struct SchemaChoice {
  std::string side;
  std::string structure;
};

/// The manifest and all schemas it names.
class SchemaSet {
 public:
  SchemaSet();
  ~SchemaSet();
  SchemaSet(SchemaSet&&) noexcept;
  SchemaSet& operator=(SchemaSet&&) noexcept;

  /// Loads schemas_directory/manifest.json and every schema it names. Throws
  /// portcheck::Error on the first file that is malformed, uses an unknown
  /// x-encoding, has a $ref that does not resolve, or is not a draft-07 schema.
  /// With `only`, the manifest and only that side's schema of that structure
  /// are loaded and compiled, with the files its $refs reach checked as a
  /// full load checks them: scan, db-scan and validate of named files start
  /// sooner (a one-document scan: 4.8 ms, with the database client left out
  /// as well; 10.5 before). find() and get() then know no other schema.
  static SchemaSet load(const std::filesystem::path& schemas_directory,
                        const std::optional<SchemaChoice>& only = std::nullopt);

  [[nodiscard]] const Manifest& manifest() const { return manifest_; }
  /// The schema of a structure on a side, or nullptr when that side does not
  /// declare it.
  [[nodiscard]] const StructureSchema* find(const std::string& side, const std::string& structure) const;
  /// Like find(), but throws a portcheck::Error listing what exists.
  [[nodiscard]] const StructureSchema& get(const std::string& side, const std::string& structure) const;
  /// Like get(), for a JSON document of the structure: also throws when the
  /// side's code neither writes nor reads it as JSON (manifest writers and
  /// readers), since no such document can come from that side.
  [[nodiscard]] const StructureSchema& get_json(const std::string& side, const std::string& structure) const;
  [[nodiscard]] const std::vector<StructureSchema>& schemas() const { return schemas_; }

  /// Every schema node that applies at an instance pointer, outermost first:
  /// the property's own node, then what its $ref and anyOf lead to. Array
  /// indices and object keys are taken from the pointer's tokens.
  [[nodiscard]] std::vector<SchemaNode> nodes_at(const StructureSchema& schema, const std::string& pointer) const;
  /// The nodes that apply to a document's root.
  [[nodiscard]] std::vector<SchemaNode> root_nodes(const StructureSchema& schema) const;
  /// The nodes that apply to the member or element `token` of a value that
  /// `parent` applies to: a walk over a document, one step at a time.
  [[nodiscard]] std::vector<SchemaNode> child_nodes(const std::vector<SchemaNode>& parent,
                                                    const std::string& token) const;
  /// The RE2 engine of a schema's `pattern`, compiled when the schemas were
  /// loaded. Patterns run in linear time without recursion, whatever the
  /// pattern and the string; valijson never sees them (std::regex could
  /// exhaust the stack or backtrack without end).
  [[nodiscard]] const re2::RE2& pattern(const std::string& source) const;
  /// Summary of nodes_at() for messages and typed decoding.
  [[nodiscard]] FieldDescription describe(const StructureSchema& schema, const std::string& pointer) const;
  /// The root node of a loaded schema file.
  [[nodiscard]] SchemaNode root_of(const std::filesystem::path& file) const;
  /// The schema's x-declared-only entries, in schema order.
  [[nodiscard]] std::vector<DeclaredOnly> declared_only(const StructureSchema& schema) const;
  /// The node a $ref written in `from` names (checked when the schemas were
  /// loaded, so it exists).
  [[nodiscard]] SchemaNode resolve_reference(const SchemaNode& from, const std::string& reference) const;
  /// The schema's x-source-location ("py/janitor/runner.py:767"), or empty.
  [[nodiscard]] std::string source_location(const StructureSchema& schema) const;

 private:
  const json::Document& document(const std::filesystem::path& file);
  /// Resolves every $ref reachable from a schema file before valijson sees
  /// it: each must name a file inside the schemas folder that exists and a
  /// place in it that exists, and no chain of $refs may come back to where
  /// it started (valijson would recurse until the stack ends) or run deeper
  /// than kMaximumReferenceDepth. Throws portcheck::Error at the $ref.
  void check_references(const std::filesystem::path& file);

  /// Compiles every pattern of a loaded schema document with RE2, and
  /// refuses keywords portcheck cannot check safely or exactly: format and
  /// patternProperties (valijson would use std::regex), a pattern where it
  /// applies only sometimes (under not, if, then, else, contains,
  /// propertyNames, dependencies), and patterns in two alternatives of one
  /// anyOf or oneOf.
  void compile_patterns(const json::Document& document);
  /// Refuses an anyOf or oneOf with patterns in more than one alternative
  /// (anywhere below it, through $refs), or with a pattern in one while
  /// another also takes strings: portcheck applies every pattern that
  /// reaches a string, which is right only when one alternative takes it.
  void check_alternatives(const std::filesystem::path& file);
  [[nodiscard]] bool contains_pattern(const SchemaNode& node, std::map<const rapidjson::Value*, bool>& known) const;
  /// Whether a string can satisfy the node's own `type` (following $refs and
  /// the node's own alternatives); no type admits strings.
  [[nodiscard]] bool admits_strings(const SchemaNode& node, std::size_t depth = 0) const;

  /// Every $ref of every loaded schema (the address of its string) and the
  /// node it names, resolved once when the schemas are loaded: expand()
  /// follows a $ref for each value it describes.
  void index_references();
  std::map<const rapidjson::Value*, SchemaNode> references_;

  std::map<std::string, std::unique_ptr<re2::RE2>> patterns_;
  /// Schema locations ("<file>#<pointer>") whose $refs are all resolved and
  /// acyclic, shared between the schema files that reach them.
  std::set<std::string> checked_references_;
  void expand(const SchemaNode& node, std::vector<SchemaNode>& into, int depth) const;

  Manifest manifest_;
  bool partial_ = false;  ///< loaded with `only`
  std::map<std::filesystem::path, json::Document> documents_;
  std::vector<StructureSchema> schemas_;
  /// describe() walks $refs and anyOf for every value it is asked about; the
  /// same places recur in every fixture of a structure, so answers are kept.
  /// Several threads may describe at once (scan's exact path).
  mutable std::map<std::pair<const StructureSchema*, std::string>, FieldDescription> descriptions_;
  std::unique_ptr<std::mutex> descriptions_mutex_ = std::make_unique<std::mutex>();
};

}  // namespace portcheck::schema
