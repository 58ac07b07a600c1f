#pragma once
/// Field-level comparison of two sides, structure by structure.

#include <filesystem>
#include <map>
#include <string>

#include "compare/comparison.hpp"
#include "json/document.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::compare {

/// What a document under review claimed per structure, e.g. the seed's
/// "FULLY COMPATIBLE" (reports/claims.json).
struct Claims {
  std::string source;
  std::map<std::string, std::string> by_structure;
};

/// Loads claims; throws portcheck::Error when the file is malformed.
Claims load_claims(const std::filesystem::path& file);

/// One side's fixtures of a structure, by scenario.
struct Fixtures {
  std::map<std::string, json::Document> documents;
  std::map<std::string, std::string> files;
};

/// Loads fixtures/<side>/<structure>/*.json; a malformed file throws.
Fixtures load_fixtures(const std::filesystem::path& fixtures_directory, const std::string& side,
                       const std::string& structure);

/// Compares every structure of the manifest, reference side against the
/// candidate side, from the committed fixtures.
Comparison compare_project(const schema::SchemaSet& schemas, const std::filesystem::path& fixtures_directory,
                           const Claims& claims);

/// Compares one structure between two sides from their fixtures, pairing them
/// by scenario. Either side may lack the structure.
StructureComparison compare_structure(const schema::SchemaSet& schemas, const std::string& structure,
                                      const std::string& reference_side, const std::string& candidate_side,
                                      const Fixtures& reference, const Fixtures& candidate);

}  // namespace portcheck::compare
