#include "schema/layout.hpp"

#include <algorithm>

namespace portcheck::schema {

namespace {

std::vector<std::filesystem::path> sorted_entries(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> entries;
  if (!std::filesystem::is_directory(directory)) return entries;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  return entries;
}

bool declares(const Manifest& manifest, const std::string& side, const std::string& structure) {
  const Structure* entry = manifest.find_structure(structure);
  return entry != nullptr && std::find(entry->sides.begin(), entry->sides.end(), side) != entry->sides.end();
}

std::string undeclared(const Manifest& manifest, const std::string& side, const std::string& structure) {
  if (manifest.find_structure(structure) == nullptr) {
    return "the manifest declares no structure \"" + structure + "\" (structures: " + manifest.structure_names() +
           "): add it to " + manifest.file.string() + " or remove this";
  }
  return "side " + side + " does not declare " + structure + " (see its \"sides\" in " + manifest.file.string() +
         "): declare it or remove this";
}

}  // namespace

std::string UnknownStructure::describe() const {
  std::string where = file;
  if (line > 0) where += ":" + std::to_string(line) + ":" + std::to_string(column);
  return where + ": " + message;
}

std::vector<UnknownStructure> unknown_structures(const Manifest& manifest,
                                                 const std::filesystem::path& fixtures_directory) {
  std::vector<UnknownStructure> found;
  for (const Side& side : manifest.sides) {
    for (const auto& folder : sorted_entries(fixtures_directory / side.name)) {
      if (!std::filesystem::is_directory(folder)) continue;
      const std::string name = folder.filename().string();
      if (!declares(manifest, side.name, name)) {
        found.push_back({name, folder.string(), "", "fixture folder: " + undeclared(manifest, side.name, name)});
      }
    }
    const std::string suffix = ".schema.json";
    for (const auto& file : sorted_entries(side.schema_directory)) {
      const std::string filename = file.filename().string();
      if (filename.size() <= suffix.size() || !filename.ends_with(suffix)) continue;
      const std::string name = filename.substr(0, filename.size() - suffix.size());
      if (!declares(manifest, side.name, name)) {
        found.push_back({name, file.string(), "", "schema: " + undeclared(manifest, side.name, name)});
      }
    }
  }
  for (const auto& file : sorted_entries(fixtures_directory / "scenarios")) {
    if (file.extension() != ".json" || file.filename() == "catalog.schema.json") continue;
    const std::string name = file.stem().string();
    if (manifest.find_structure(name) == nullptr) {
      found.push_back({name, file.string(), "", "scenario catalog: " + undeclared(manifest, "", name)});
    }
  }
  return found;
}

}  // namespace portcheck::schema
