#pragma once
/// The type-mapping summary: for each pair of declared types that the sides
/// use for the same field, what the evidence shows on the wire.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace portcheck::report {

struct TypeMapping {
  std::string reference_type;                   ///< without Optional[...]
  std::string candidate_type;                   ///< without Option<...>
  std::vector<std::string> fields;              ///< "Structure.field"
  std::map<std::string, std::size_t> statuses;  ///< status → number of fields
  /// Reader rules that refused values of these fields, per direction
  /// ("python → rust").
  std::map<std::string, std::set<std::string>> refusals;
};

/// Built from the paired fields of every structure, sorted by type names.
std::vector<TypeMapping> type_mappings(const compare::Comparison& comparison);

/// "works" when no rule refused it, else the rules.
std::string direction_verdict(const TypeMapping& mapping, const std::string& direction);

}  // namespace portcheck::report
