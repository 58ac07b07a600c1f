#pragma once
/// What `report` and `check` both start from: the project's folders, the
/// comparison its fixtures give, and a database the command line injects.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "compare/compare.hpp"
#include "compare/comparison.hpp"
#include "schema/fixture_validation.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::gate {

/// A word of a command the output tells the user to run, as /bin/sh reads
/// it: as it is when it holds only characters the shell takes literally,
/// otherwise in single quotes (a project "my proj;$x" once made a pasted hint
/// run a second command).
std::string shell_word(const std::string& word);

/// Where a project keeps its inputs and its reports.
struct ProjectPaths {
  std::filesystem::path schemas;
  std::filesystem::path fixtures;
  std::filesystem::path reports;
  std::filesystem::path known_gaps;
  std::filesystem::path claims;

  explicit ProjectPaths(const std::filesystem::path& project);
};

/// A database whose column types are judged too. The command line injects
/// it, so that the gate itself needs no database client: `shown` is its DSN
/// with the password redacted, for messages and hints; `check_storage`
/// reads its catalog and judges it.
struct Database {
  std::string shown;
  std::function<std::vector<compare::StorageFinding>(const schema::SchemaSet&)> check_storage;
};

/// The comparison the reports show and check judges: every structure of the
/// fixtures against the schemas and claims, each finding with its reason
/// from known-gaps.json as the list stands now. No database: see add_storage.
compare::Comparison project_comparison(const schema::SchemaSet& schemas, const ProjectPaths& paths,
                                       const compare::Claims& claims);

/// `validate --all`: every fixture against its own side's schema, and a
/// structure that a fixture folder or a claim names and the manifest lacks
/// as a layout problem.
schema::ValidationRun validate_project(const schema::SchemaSet& schemas, const ProjectPaths& paths);

/// Judges the database's columns into the comparison.
void add_storage(compare::Comparison& comparison, const schema::SchemaSet& schemas, const Database& database);

}  // namespace portcheck::gate
