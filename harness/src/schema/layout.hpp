#pragma once
/// Names of structures outside the manifest. A fixture folder, schema file or
/// scenario catalog for a structure the manifest does not declare is never
/// compared, so it would sit unchecked: every command refuses it instead.

#include <filesystem>
#include <string>
#include <vector>

#include "schema/manifest.hpp"

namespace portcheck::schema {

/// The entries of a project folder (fixtures/<side>/, fixtures/<side>/<Name>/,
/// a schema folder), sorted; none when it does not exist. A path that exists
/// but is not a folder, or that cannot be listed (a symlink loop, no
/// permission), is a portcheck::Error naming it: a run that skipped it would
/// pass without checking what it holds.
std::vector<std::filesystem::path> folder_entries(const std::filesystem::path& folder);

/// Whether the path is a folder (following symlinks); false for a broken
/// link or a link loop, which folder_entries then names if it is listed.
bool is_folder(const std::filesystem::path& path);

/// Throws a portcheck::Error naming the file when a fixture's file name holds
/// a control character (a newline, a tab): the name is the scenario's name,
/// which every report prints in tables and one-line messages.
void require_printable_fixture_name(const std::filesystem::path& file);

/// A place that names a structure the manifest does not declare (for that side).
struct UnknownStructure {
  std::string name;
  std::string file;      ///< the folder or file that names it
  std::string pointer;   ///< where in that file, for a name inside a JSON document
  std::string message;   ///< what is wrong and what to do, for people
  std::size_t line = 0;  ///< of the pointer, when there is one
  std::size_t column = 0;

  /// "file:line:column: message", for an error that lists every place.
  [[nodiscard]] std::string describe() const;
};

/// fixtures/<side>/<Name>/, schemas/<side>/<Name>.schema.json and
/// fixtures/scenarios/<Name>.json whose Name the manifest does not declare
/// (for that side), in a stable order.
std::vector<UnknownStructure> unknown_structures(const Manifest& manifest,
                                                 const std::filesystem::path& fixtures_directory);

}  // namespace portcheck::schema
