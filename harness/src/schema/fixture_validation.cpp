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
        file == "-" ? json::parse(std::string(std::istreambuf_iterator<char>(std::cin), {}), "<stdin>")
                    : json::load_file(file);
    outcome.failures = validate(schemas, schema, document);
  } catch (const Error& error) {
    outcome.error = error;
  }
  return outcome;
}

std::vector<std::filesystem::path> sorted_entries(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> entries;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  return entries;
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
    if (!std::filesystem::is_directory(side_directory)) continue;
    for (const auto& structure_directory : sorted_entries(side_directory)) {
      if (!std::filesystem::is_directory(structure_directory)) continue;
      const std::string structure = structure_directory.filename().string();
      const StructureSchema* schema = schemas.find(side.name, structure);
      if (schema == nullptr) continue;  // an unknown structure, named above
      if (!manifest.find_structure(structure)->has_json(side.name)) {
        run.layout_problems.push_back(structure_directory.string() + ": side " + side.name + " has no JSON form of " +
                                      structure + " (its code neither writes nor reads it; see the writers and " +
                                      "readers of " + manifest.file.string() + ")");
        continue;
      }
      for (const auto& file : sorted_entries(structure_directory)) {
        if (file.extension() != ".json" || !std::filesystem::is_regular_file(file)) continue;
        run.files.push_back(validate_one(schemas, *schema, file));
      }
    }
  }
  return run;
}

}  // namespace portcheck::schema
