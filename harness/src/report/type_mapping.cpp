#include "report/type_mapping.hpp"

#include "compare/declared.hpp"

namespace portcheck::report {

std::vector<TypeMapping> type_mappings(const compare::Comparison& comparison) {
  std::map<std::pair<std::string, std::string>, TypeMapping> groups;
  for (const auto& structure : comparison.structures) {
    for (const auto& field : structure.fields) {
      if (field.reference_pointer.empty() && field.candidate_pointer.empty() && field.name != "(value)") continue;
      if (field.reference_type.empty() || field.candidate_type.empty()) continue;
      if (field.status == compare::FieldStatus::reference_only ||
          field.status == compare::FieldStatus::candidate_only || field.status == compare::FieldStatus::declared_only) {
        continue;
      }
      bool optional = false;
      const std::string reference = compare::without_optional(field.reference_type, optional);
      const std::string candidate = compare::without_optional(field.candidate_type, optional);
      TypeMapping& mapping = groups[{reference, candidate}];
      mapping.reference_type = reference;
      mapping.candidate_type = candidate;
      mapping.fields.push_back(structure.structure + "." + field.name);
      ++mapping.statuses[compare::to_string(field.status)];
      for (const std::string& reason : field.reasons) {
        const auto colon = reason.find(": ");
        const auto arrow = reason.find(" → ");
        if (arrow == std::string::npos || colon == std::string::npos || arrow > colon) continue;
        const std::string direction = reason.substr(0, colon);
        const std::string rule = reason.substr(colon + 2, reason.find(' ', colon + 2) - colon - 2);
        mapping.refusals[direction].insert(rule);
      }
    }
  }
  std::vector<TypeMapping> mappings;
  for (auto& [key, mapping] : groups) mappings.push_back(std::move(mapping));
  return mappings;
}

std::string direction_verdict(const TypeMapping& mapping, const std::string& direction) {
  const auto found = mapping.refusals.find(direction);
  if (found == mapping.refusals.end()) return "reads";
  std::string text = "refused:";
  for (const std::string& rule : found->second) text += " " + rule;
  return text;
}

}  // namespace portcheck::report
