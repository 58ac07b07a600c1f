#pragma once
/// Names of structures outside the manifest. A fixture folder, schema file or
/// scenario catalog for a structure the manifest does not declare is never
/// compared, so it would sit unchecked: every command refuses it instead.

#include <filesystem>
#include <string>
#include <vector>

#include "schema/manifest.hpp"

namespace portcheck::schema {

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
