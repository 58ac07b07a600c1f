#pragma once
/// Validation of fixture files: named files against one schema, or every
/// committed fixture against its own side's schema.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "json/error.hpp"
#include "schema/schema_set.hpp"
#include "schema/validator.hpp"

namespace portcheck::schema {

/// The outcome for one file: either it could not be read as JSON (error), or
/// it was validated (failures, possibly none).
struct FileOutcome {
  std::filesystem::path file;
  std::string side;
  std::string structure;
  std::optional<Error> error;
  std::vector<ValidationFailure> failures;
};

struct ValidationRun {
  std::vector<FileOutcome> files;
  /// Problems with the fixture tree itself, e.g. a folder that names no
  /// structure of its side; each is a failure of the run.
  std::vector<std::string> layout_problems;

  [[nodiscard]] std::size_t failure_count() const;
  [[nodiscard]] std::size_t unreadable_count() const;
  /// 0: everything conforms; 1: a failure; 2: a file could not be read.
  [[nodiscard]] int exit_code() const;
};

/// Validates the given files (a path of "-" reads standard input) against one
/// side's schema of a structure.
ValidationRun validate_files(const SchemaSet& schemas, const StructureSchema& schema,
                             const std::vector<std::filesystem::path>& files);

/// Validates every fixtures/<side>/<Structure>/*.json under fixtures_directory
/// against its own side's schema, in a stable (sorted) order.
ValidationRun validate_fixture_tree(const SchemaSet& schemas, const std::filesystem::path& fixtures_directory);

}  // namespace portcheck::schema
