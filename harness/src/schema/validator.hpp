#pragma once
/// Strict validation of one document against one side's schema of a structure.

#include <string>
#include <vector>

#include "json/document.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::schema {

/// One reason a document does not match its schema.
struct ValidationFailure {
  /// JSON Pointer of the offending value (for a missing key: its object).
  std::string pointer;
  /// The JSON Schema keyword that failed: "type", "pattern", "required",
  /// "additionalProperties", "maximum", ...
  std::string rule;
  /// Plain words: what was found and what the schema expects.
  std::string message;
  /// For "required": the key that is missing from the object at pointer.
  std::string missing_key;
  /// Where the value is in the document; line 0 when unknown.
  json::Position position;
};

/// Validates a document. Returns one failure per problem, most specific first
/// within each place; empty when the document conforms.
std::vector<ValidationFailure> validate(const SchemaSet& schemas, const StructureSchema& schema,
                                        const json::Document& document);

}  // namespace portcheck::schema
