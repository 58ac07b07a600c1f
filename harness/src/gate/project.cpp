#include "gate/project.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "gate/known_gaps.hpp"

namespace portcheck::gate {

std::string shell_word(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char character) {
    return std::isalnum(static_cast<unsigned char>(character)) != 0 ||
           std::string_view("_@%+=:,./-").find(character) != std::string_view::npos;
  });
  if (plain) return word;
  std::string quoted = "'";
  for (const char character : word) quoted += character == '\'' ? std::string("'\\''") : std::string(1, character);
  return quoted + "'";
}

ProjectPaths::ProjectPaths(const std::filesystem::path& project)
    : schemas((project / "schemas").lexically_normal()),
      fixtures((project / "fixtures").lexically_normal()),
      reports((project / "reports").lexically_normal()),
      known_gaps(reports / "known-gaps.json"),
      claims(reports / "claims.json") {}

compare::Comparison project_comparison(const schema::SchemaSet& schemas, const ProjectPaths& paths,
                                       const compare::Claims& claims) {
  compare::Comparison comparison = compare::compare_project(schemas, paths.fixtures, claims);
  comparison.known_gaps = known_gap_reasons(load_known_gaps(paths.known_gaps));
  return comparison;
}

schema::ValidationRun validate_project(const schema::SchemaSet& schemas, const ProjectPaths& paths) {
  schema::ValidationRun run = schema::validate_fixture_tree(schemas, paths.fixtures);
  // The claims, too, may name a structure nothing would check.
  if (std::filesystem::exists(paths.claims)) {
    for (const auto& place : compare::unknown_structures(compare::load_claims(paths.claims), schemas.manifest())) {
      run.layout_problems.push_back(place.describe());
    }
  }
  return run;
}

void add_storage(compare::Comparison& comparison, const schema::SchemaSet& schemas, const Database& database) {
  comparison.storage = database.check_storage(schemas);
  comparison.storage_checked = true;
  comparison.storage_source = database.shown;
}

}  // namespace portcheck::gate
