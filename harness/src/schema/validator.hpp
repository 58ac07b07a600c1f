#pragma once
/// Strict validation of one document against one side's schema of a structure.

#include <optional>
#include <string>
#include <string_view>
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

/// The JSON Schema keyword a valijson error description stands for
/// ("required", "type", ...); "" for a wrapper that only repeats a more
/// specific error; nothing when portcheck does not recognise the description.
std::optional<std::string_view> validation_keyword(std::string_view description);

/// Validates a document. Returns one failure per problem, most specific first
/// within each place; empty when the document conforms. Throws
/// portcheck::Error when valijson refuses it in words portcheck does not
/// recognise, or without saying why, rather than guess a rule.
std::vector<ValidationFailure> validate(const SchemaSet& schemas, const StructureSchema& schema,
                                        const json::Document& document);

}  // namespace portcheck::schema
