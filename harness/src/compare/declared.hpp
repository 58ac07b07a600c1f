#pragma once
/// Comparison on declared types (x-source-type), attribute by attribute, the
/// way the document under review compared the two sides.

#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::compare {

/// One declared attribute of a side: its name and declared type.
struct DeclaredAttribute {
  std::string name;
  std::string type;
};

/// A side's declared attributes of a structure: each property under its
/// x-source-name (flattened "worker_result.details" counts as worker_result)
/// and every x-declared-only entry, in schema order.
std::vector<DeclaredAttribute> declared_attributes(const schema::SchemaSet& schemas,
                                                   const schema::StructureSchema& schema);

/// One side's declared type and the language it is written in.
struct DeclaredType {
  std::string type;  ///< empty when the side does not declare the attribute
  const schema::LanguageProfile* profile = nullptr;
};

/// Compares two declared types, each read with its own side's language
/// profile: same, same-after-conversion, presence-mismatch (optional on one
/// side only) or type-mismatch, with a note.
DeclaredComparison compare_declared(const std::string& attribute, const DeclaredType& reference,
                                    const DeclaredType& candidate);

}  // namespace portcheck::compare
