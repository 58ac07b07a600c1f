#include "schema/fixture_validation.hpp"

#include <algorithm>
#include <iostream>
#include <iterator>

#include "schema/layout.hpp"

namespace portcheck::schema {

std::size_t ValidationRun::failure_count() const {
  std::size_t count = layout_problems.size();
  for (const FileOutcome& outcome : files) count += outcome.failures.size();
  return count;
}

std::size_t ValidationRun::unreadable_count() const {
  return static_cast<std::size_t>(
      std::count_if(files.begin(), files.end(), [](const FileOutcome& outcome) { return outcome.error.has_value(); }));
}

int ValidationRun::exit_code() const {
  if (unreadable_count() > 0) return 2;
  return failure_count() > 0 ? 1 : 0;
}

namespace {

FileOutcome validate_one(const SchemaSet& schemas, const StructureSchema& schema, const std::filesystem::path& file) {
  FileOutcome outcome{file, schema.side(), schema.structure(), std::nullopt, {}};
  try {
    const json::Document document =
        file == "-" ? json::parse(json::read_stream(std::cin, json::kStandardInputName), json::kStandardInputName) : json::load_file(file);
    outcome.failures = validate(schemas, schema, document);
  } catch (const Error& error) {
    outcome.error = error;
  }
  return outcome;
}

}  // namespace

ValidationRun validate_files(const SchemaSet& schemas, const StructureSchema& schema,
                             const std::vector<std::filesystem::path>& files) {
  ValidationRun run;
  for (const auto& file : files) run.files.push_back(validate_one(schemas, schema, file));
  return run;
}

ValidationRun validate_fixture_tree(const SchemaSet& schemas, const std::filesystem::path& fixtures_directory) {
  ValidationRun run;
  const Manifest& manifest = schemas.manifest();
  for (const UnknownStructure& place : unknown_structures(manifest, fixtures_directory)) {
    run.layout_problems.push_back(place.describe());
  }
  for (const Side& side : manifest.sides) {
    const std::filesystem::path side_directory = fixtures_directory / side.name;
    std::vector<std::filesystem::path> structure_directories;
    try {
      structure_directories = folder_entries(side_directory);
    } catch (const Error& error) {
      run.files.push_back({side_directory, side.name, "", error, {}});
      continue;
    }
    for (const auto& structure_directory : structure_directories) {
      const std::string structure = structure_directory.filename().string();
      const StructureSchema* schema = schemas.find(side.name, structure);
      if (schema == nullptr) continue;  // an unknown structure, named above
      if (!is_folder(structure_directory)) {
        // A structure's place that is no folder (a file, a link to nothing,
        // a loop of links) holds fixtures nobody checks: an error, never
        // a pass.
        run.files.push_back({structure_directory,
                             side.name,
                             structure,
                             Error("is not a folder (a structure's fixtures go in a folder of its name)",
                                   SourceLocation::in_file(structure_directory.string())),
                             {}});
        continue;
      }
      if (!manifest.find_structure(structure)->has_json(side.name)) {
        run.layout_problems.push_back(structure_directory.string() + ": side " + side.name + " has no JSON form of " +
                                      structure + " (its code neither writes nor reads it; see the writers and " +
                                      "readers of " + manifest.file.string() + ")");
        continue;
      }
      std::vector<std::filesystem::path> files;
      try {
        files = folder_entries(structure_directory);
      } catch (const Error& error) {
        run.files.push_back({structure_directory, side.name, structure, error, {}});
        continue;
      }
      // Every *.json entry is a fixture: one that is not a regular file (a
      // FIFO, a folder, a link loop) is an error of its own, never skipped.
      for (const auto& file : files) {
        if (file.extension() != ".json") continue;
        try {
          require_printable_fixture_name(file);
        } catch (const Error& error) {
          run.files.push_back({file, side.name, structure, error, {}});
          continue;
        }
        run.files.push_back(validate_one(schemas, *schema, file));
      }
    }
  }
  return run;
}

}  // namespace portcheck::schema
