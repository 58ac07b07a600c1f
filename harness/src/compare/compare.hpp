#pragma once
/// Field-level comparison of two sides, structure by structure.

#include <filesystem>
#include <map>
#include <string>

#include "compare/comparison.hpp"
#include "compare/document.hpp"
#include "compare/evidence.hpp"
#include "json/document.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::compare {

/// One side's fixtures of a structure, by scenario.
struct Fixtures {
  std::map<std::string, json::Document> documents;
  std::map<std::string, std::string> files;
};

/// Loads fixtures/<side>/<structure>/*.json; a malformed file throws.
Fixtures load_fixtures(const std::filesystem::path& fixtures_directory, const std::string& side,
                       const std::string& structure);

/// Compares every structure of the manifest, reference side against the
/// candidate side, from the committed fixtures and what the captures recorded
/// beside them (real definitions, scenario outcomes, real readers' verdicts).
Comparison compare_project(const schema::SchemaSet& schemas, const std::filesystem::path& fixtures_directory,
                           const Claims& claims);

/// Every place that names a structure outside the manifest: fixture folders,
/// schema files, scenario catalogs and the claims.
std::vector<schema::UnknownStructure> unknown_structures(const schema::Manifest& manifest,
                                                         const std::filesystem::path& fixtures_directory,
                                                         const Claims& claims);

/// Throws portcheck::Error listing every such place: a structure outside the
/// manifest would otherwise go unchecked.
void require_known_structures(const schema::Manifest& manifest, const std::filesystem::path& fixtures_directory,
                              const Claims& claims);

/// Adds to a structure's comparison what the captures recorded: each side's
/// real definition, the scenarios that raised or could not be held, and the
/// real readers' verdicts beside the predicted readability.
void attach_capture_records(const CaptureRecords& records, StructureComparison& structure);

/// Compares one structure between two sides from their fixtures, pairing them
/// by scenario. Either side may lack the structure. Each value's text is kept
/// whole up to `value_text_limit` bytes and cut past it (values_cut then says
/// so): whole values are what a JSON output writes; a person's output shows
/// a few hundred bytes of a value, and a 50 MB one must not be held twice.
StructureComparison compare_structure(const schema::SchemaSet& schemas, const std::string& structure,
                                      const std::string& reference_side, const std::string& candidate_side,
                                      const Fixtures& reference, const Fixtures& candidate,
                                      std::size_t value_text_limit = std::string::npos);

}  // namespace portcheck::compare
