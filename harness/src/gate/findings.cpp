#include "gate/findings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

#include "json/error.hpp"

namespace portcheck::gate {

std::string fingerprint(const std::string& structure, const std::string& field, const std::string& rule) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const std::string* part : {&structure, &field, &rule}) {
    for (const char character : *part + '\x1f') {
      hash ^= static_cast<unsigned char>(character);
      hash *= 1099511628211ULL;
    }
  }
  constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string text(16, '0');
  for (int index = 15; index >= 0; --index) {
    text[static_cast<std::size_t>(index)] = kHex[hash & 0xFU];
    hash >>= 4U;
  }
  return text;
}

std::vector<Finding> findings_of(const compare::Comparison& comparison) {
  std::vector<Finding> findings;
  for (const auto& structure : comparison.structures) {
    for (const auto& field : structure.fields) {
      Finding finding;
      finding.structure = structure.structure;
      finding.field = field.name;
      finding.status = compare::to_string(field.status);
      finding.severity = field.severity;
      // Reader reasons read "<writer> → <reader>: <rule> at <pointer>: ...".
      std::set<std::string> rules;
      for (const std::string& reason : field.reasons) {
        const auto arrow = reason.find(" → ");
        const auto colon = reason.find(": ");
        if (arrow == std::string::npos || colon == std::string::npos || arrow > colon) continue;
        rules.insert(reason.substr(colon + 2, reason.find(' ', colon + 2) - colon - 2));
      }
      for (const std::string& rule : rules) finding.rule += (finding.rule.empty() ? "" : "+") + rule;
      if (finding.rule.empty()) finding.rule = finding.status;
      finding.message = field.reasons.empty() ? finding.status : field.reasons.front();
      if (!field.evidence.empty()) {
        const auto& evidence = field.evidence.front();
        const bool reference = !evidence.reference_file.empty() && !field.reference_pointer.empty();
        finding.file = reference ? evidence.reference_file : evidence.candidate_file;
        finding.pointer = reference ? field.reference_pointer : field.candidate_pointer;
        if (finding.message == finding.status) {
          finding.message = evidence.scenario + ": " + evidence.reference_value + " vs " + evidence.candidate_value +
                            (evidence.note.empty() ? "" : " (" + evidence.note + ")");
        }
      }
      finding.fingerprint = fingerprint(finding.structure, finding.field, finding.rule);
      findings.push_back(std::move(finding));
    }
  }
  for (const auto& storage : comparison.storage) {
    Finding finding;
    finding.structure = "table:" + storage.table;
    finding.field = storage.column + " (" + storage.side + ")";
    finding.status = storage.rule == "decodes" ? "same" : "type-mismatch";
    finding.rule = storage.rule;
    finding.severity = storage.severity;
    finding.message = storage.column_type + " into " + storage.declared_type + ": " + storage.message;
    finding.fingerprint = fingerprint(finding.structure, finding.field, finding.rule);
    findings.push_back(std::move(finding));
  }
  return findings;
}

compare::Severity parse_severity(const std::string& name) {
  if (name == "breaking") return compare::Severity::breaking;
  if (name == "warning") return compare::Severity::warning;
  if (name == "info") return compare::Severity::info;
  throw Error("unknown severity \"" + name + "\" (severities: breaking, warning, info)");
}

}  // namespace portcheck::gate
