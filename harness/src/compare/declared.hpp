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

/// Compares two declared types: same, same-after-conversion, presence-mismatch
/// (optional on one side only) or type-mismatch, with a note.
DeclaredComparison compare_declared(const std::string& attribute, const std::string& reference_type,
                                    const std::string& candidate_type);

/// The type family a declared type belongs to ("string", "integer",
/// "timestamp", "duration", ...), for the type-mapping summary.
std::string type_family(const std::string& declared_type);

/// Strips Optional[...] / Option<...>; says whether it was there.
std::string without_optional(const std::string& declared_type, bool& optional);

}  // namespace portcheck::compare
