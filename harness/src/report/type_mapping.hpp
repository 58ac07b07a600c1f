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
  std::string reference_type;                   ///< without its optional wrapper
  std::string candidate_type;                   ///< without its optional wrapper
  std::vector<std::string> fields;              ///< "Structure.field"
  std::map<std::string, std::size_t> statuses;  ///< status → number of fields
  /// Reader rules that refused values of these fields, per direction
  /// (writer, reader).
  std::map<std::pair<std::string, std::string>, std::set<compare::Rule>> refusals;
};

/// Built from the paired fields of one pair's structures, sorted by type names.
std::vector<TypeMapping> type_mappings(const std::vector<const compare::StructureComparison*>& structures);

/// "reads" when no rule refused values written by `writer` and read by
/// `reader`, else "refused:" and the rules.
std::string direction_verdict(const TypeMapping& mapping, const std::string& writer, const std::string& reader);

}  // namespace portcheck::report
