#pragma once
/// Do the schemas describe the real code? Each schema is checked against the
/// declarations its side's capture extracted: where the definition is
/// (x-source-location), every attribute or field it declares, each declared
/// type (x-source-type, or x-source-annotated: false where the code declares
/// none), and whether the side writes and reads it as the manifest says.

#include <string>
#include <vector>

#include "compare/evidence.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::compare {

/// One place where a schema (or the manifest) and the code disagree.
struct SourceMismatch {
  std::string side;
  std::string structure;
  std::string file;     ///< the schema or manifest file to change
  std::string pointer;  ///< where in it
  std::string message;
};

/// Every disagreement between the schemas and manifest and the captured code.
/// A side without a capture record is one mismatch when the manifest names an
/// upstream to capture from and a capture tool for the side; a side that
/// nothing captures (no sides.<name>.capture) is not checked against code.
std::vector<SourceMismatch> check_schemas_against_code(const schema::SchemaSet& schemas, const CaptureRecords& records);

}  // namespace portcheck::compare
