#pragma once
/// Filing a JSON document captured from a running service as a fixture.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "schema/schema_set.hpp"
#include "schema/validator.hpp"

namespace portcheck::schema {

struct RecordRequest {
  std::string side;
  std::string structure;
  /// The scenario name, used as the file name: lower-case letters, digits,
  /// '.', '_' and '-'.
  std::string scenario;
  /// Replace an existing fixture of the same name.
  bool force = false;
  /// fixtures/: the fixture goes to fixtures/<side>/<structure>/<scenario>.json
  /// and is listed in fixtures/recorded.json; fixtures/scenarios/ says which
  /// names belong to the capture tools.
  std::filesystem::path fixtures_directory;
};

struct RecordOutcome {
  /// The file written; empty when the document failed validation.
  std::filesystem::path written;
  /// Why the document does not match its schema; nothing is written then.
  std::vector<ValidationFailure> failures;
};

/// Validates text against the side's schema of the structure and, if it
/// conforms, writes it in canonical form and lists it in recorded.json. Both
/// files are replaced atomically; on any error nothing is written. Throws
/// portcheck::Error for malformed input, a bad name, a name the capture tools
/// own, or an existing fixture without force.
RecordOutcome record_fixture(const SchemaSet& schemas, const RecordRequest& request, std::string_view text,
                             const std::string& source_name);

/// The registry of recorded fixtures, which scripts/capture keeps when it
/// regenerates a side's folder.
std::filesystem::path recorded_registry(const std::filesystem::path& fixtures_directory);

}  // namespace portcheck::schema
