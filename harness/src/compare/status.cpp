#include "compare/status.hpp"

#include <algorithm>

namespace portcheck::compare {

Severity field_severity(const FieldComparison& field) {
  if (!field.refusals.empty()) return Severity::breaking;
  if (field.status == FieldStatus::same) return Severity::info;
  // A side that declares an attribute nobody writes loses nothing.
  if (field.status == FieldStatus::declared_only && field.evidence.empty()) return Severity::info;
  return rule_info(status_rule(field.status)).severity;
}

StructureStatus structure_status(const std::vector<std::pair<FieldStatus, Severity>>& fields, bool unreadable) {
  const bool breaking =
      std::any_of(fields.begin(), fields.end(), [](const auto& field) { return field.second == Severity::breaking; });
  if (unreadable || breaking) return StructureStatus::incompatible;
  const bool all_same =
      std::all_of(fields.begin(), fields.end(), [](const auto& field) { return field.first == FieldStatus::same; });
  if (all_same) return StructureStatus::fully_compatible;
  const bool enhanced = std::all_of(fields.begin(), fields.end(), [](const auto& field) {
    return field.first == FieldStatus::same || field.first == FieldStatus::candidate_only;
  });
  return enhanced ? StructureStatus::enhanced : StructureStatus::mostly_compatible;
}

}  // namespace portcheck::compare
