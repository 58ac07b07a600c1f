#pragma once
/// portcheck schema-diff: how a change to the schemas affects the readers of
/// each side's data.

#include <filesystem>
#include <string>
#include <vector>

#include "output/outcome.hpp"
#include "rules/rules.hpp"

namespace portcheck::schema_diff {

struct SchemaChange {
  std::string file;     ///< relative to the schemas folder, e.g. "rust/ActiveRun.schema.json"
  std::string pointer;  ///< where in the schema
  rules::Rule rule = rules::Rule::schema_changed;  ///< a schema change: property-removed, type-narrowed, ...
  /// Whether a reader may now refuse, or decode differently, what it took:
  /// the registry's severity, or the rule's policy for this case.
  bool breaking = false;
  std::string message;
};

/// Compares two schema folders (each holding manifest.json and a folder per
/// side), file by file and keyword by keyword.
std::vector<SchemaChange> diff_schema_folders(const std::filesystem::path& old_folder,
                                              const std::filesystem::path& new_folder);

struct SchemaDiffOptions {
  std::string old_source;  ///< a folder, or git:REV
  std::string new_source;
  std::filesystem::path allow_file;  ///< acknowledged breaking changes, or empty
  std::filesystem::path project = ".";
};

/// Breaking changes not acknowledged in the allow file are errors.
output::Outcome run_schema_diff(const SchemaDiffOptions& options);

}  // namespace portcheck::schema_diff
