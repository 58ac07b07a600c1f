#include "report/type_mapping.hpp"

namespace portcheck::report {

std::vector<TypeMapping> type_mappings(const std::vector<const compare::StructureComparison*>& structures) {
  std::map<std::pair<std::string, std::string>, TypeMapping> groups;
  for (const compare::StructureComparison* structure : structures) {
    for (const auto& field : structure->fields) {
      if (field.reference_pointer.empty() && field.candidate_pointer.empty() && field.name != "(value)") continue;
      if (field.reference_type.empty() || field.candidate_type.empty()) continue;
      if (field.status == compare::FieldStatus::reference_only ||
          field.status == compare::FieldStatus::candidate_only || field.status == compare::FieldStatus::declared_only) {
        continue;
      }
      TypeMapping& mapping = groups[{field.reference_base_type, field.candidate_base_type}];
      mapping.reference_type = field.reference_base_type;
      mapping.candidate_type = field.candidate_base_type;
      mapping.fields.push_back(structure->structure + "." + field.name);
      ++mapping.statuses[compare::to_string(field.status)];
      for (const compare::FieldRefusal& refusal : field.refusals) {
        mapping.refusals[{refusal.writer, refusal.reader}].insert(refusal.refusal.rule);
      }
    }
  }
  std::vector<TypeMapping> mappings;
  for (auto& [key, mapping] : groups) mappings.push_back(std::move(mapping));
  return mappings;
}

std::string direction_verdict(const TypeMapping& mapping, const std::string& writer, const std::string& reader) {
  const auto found = mapping.refusals.find({writer, reader});
  if (found == mapping.refusals.end()) return "reads";
  std::string text = "refused:";
  for (const compare::Rule rule : found->second) text += " " + compare::rule_id(rule);
  return text;
}

}  // namespace portcheck::report
