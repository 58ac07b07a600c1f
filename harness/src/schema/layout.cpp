#include "schema/layout.hpp"

#include <algorithm>
#include <system_error>

#include "json/error.hpp"

namespace portcheck::schema {

std::vector<std::filesystem::path> folder_entries(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> entries;
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(folder, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    // Absent, unless a link stands there that leads nowhere: that is a
    // mistake to name, not a folder to pass over.
    std::error_code link_error;
    if (std::filesystem::is_symlink(std::filesystem::symlink_status(folder, link_error))) {
      throw Error("is a link to nothing (portcheck expects a folder here)", SourceLocation::in_file(folder.string()));
    }
    return entries;
  }
  if (error) throw Error("cannot read the folder: " + error.message(), SourceLocation::in_file(folder.string()));
  if (status.type() != std::filesystem::file_type::directory) {
    throw Error("is not a folder (portcheck expects a folder here: move the file away or replace it by a folder)",
                SourceLocation::in_file(folder.string()));
  }
  std::filesystem::directory_iterator entry(folder, error);
  for (; !error && entry != std::filesystem::directory_iterator(); entry.increment(error)) {
    entries.push_back(entry->path());
  }
  if (error) throw Error("cannot list the folder: " + error.message(), SourceLocation::in_file(folder.string()));
  std::sort(entries.begin(), entries.end());
  return entries;
}

bool is_folder(const std::filesystem::path& path) {
  std::error_code ignored;
  return std::filesystem::is_directory(path, ignored);
}

void require_printable_fixture_name(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  const bool printable_name = std::none_of(name.begin(), name.end(), [](char character) {
    const auto byte = static_cast<unsigned char>(character);
    return byte < 0x20 || byte == 0x7f;
  });
  if (!printable_name) {
    throw Error(
        "the file name holds a control character; it names a scenario, which reports print in tables and "
        "one-line messages: rename the file",
        SourceLocation::in_file(file.string()));
  }
}

namespace {

bool declares(const Manifest& manifest, const std::string& side, const std::string& structure) {
  const Structure* entry = manifest.find_structure(structure);
  return entry != nullptr && std::find(entry->sides.begin(), entry->sides.end(), side) != entry->sides.end();
}

std::string undeclared(const Manifest& manifest, const std::string& side, const std::string& structure) {
  if (manifest.find_structure(structure) == nullptr) {
    return "the manifest declares no structure \"" + printable(structure) +
           "\" (structures: " + manifest.structure_names() + "): add it to " + manifest.file.string() +
           " or remove this";
  }
  return "side " + side + " does not declare " + printable(structure) + " (see its \"sides\" in " +
         manifest.file.string() + "): declare it or remove this";
}

}  // namespace

std::string UnknownStructure::describe() const {
  std::string where = printable(file);
  if (line > 0) where += ":" + std::to_string(line) + ":" + std::to_string(column);
  return where + ": " + message;
}

std::vector<UnknownStructure> unknown_structures(const Manifest& manifest,
                                                 const std::filesystem::path& fixtures_directory) {
  std::vector<UnknownStructure> found;
  for (const Side& side : manifest.sides) {
    for (const auto& folder : folder_entries(fixtures_directory / side.name)) {
      if (!is_folder(folder)) continue;
      const std::string name = folder.filename().string();
      if (!declares(manifest, side.name, name)) {
        found.push_back({name, folder.string(), "", "fixture folder: " + undeclared(manifest, side.name, name)});
      }
    }
    const std::string suffix = ".schema.json";
    for (const auto& file : folder_entries(side.schema_directory)) {
      const std::string filename = file.filename().string();
      if (filename.size() <= suffix.size() || !filename.ends_with(suffix)) continue;
      const std::string name = filename.substr(0, filename.size() - suffix.size());
      if (!declares(manifest, side.name, name)) {
        found.push_back({name, file.string(), "", "schema: " + undeclared(manifest, side.name, name)});
      }
    }
  }
  for (const auto& file : folder_entries(fixtures_directory / "scenarios")) {
    if (file.extension() != ".json" || file.filename() == "catalog.schema.json") continue;
    const std::string name = file.stem().string();
    if (manifest.find_structure(name) == nullptr) {
      found.push_back({name, file.string(), "", "scenario catalog: " + undeclared(manifest, "", name)});
    }
  }
  return found;
}

}  // namespace portcheck::schema
