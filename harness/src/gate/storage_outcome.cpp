#include "gate/storage_outcome.hpp"

#include <set>

namespace portcheck::gate {

Outcome storage_outcome(const std::vector<compare::StorageFinding>& findings, const std::string& manifest_file) {
  Outcome outcome;
  outcome.command = "db-check";
  std::set<std::string> structures;
  for (const compare::StorageFinding& finding : findings) {
    structures.insert(finding.structure);
    if (finding.severity == compare::Severity::info) {
      outcome.passed.push_back(finding.id);
      continue;
    }
    ++outcome.findings;
    ++(finding.severity == compare::Severity::breaking ? outcome.breaking : outcome.warning);
    Problem problem;
    problem.level = finding.severity == compare::Severity::breaking ? Level::error : Level::warning;
    problem.rule = finding.rule;
    problem.id = finding.id + "/" + finding.rule;
    problem.title = finding.table + "." + finding.column + " (" +
                    (finding.column_type.empty() ? std::string("missing") : finding.column_type) +
                    (finding.nullable ? ", nullable" : ", not null") + ") into " + finding.side + " " +
                    finding.structure + finding.field + " (" + finding.declared_type + "): " + finding.rule;
    problem.message = finding.message;
    problem.file = manifest_file;
    outcome.problems.push_back(std::move(problem));
  }
  outcome.structures = structures.size();
  return outcome;
}

}  // namespace portcheck::gate
