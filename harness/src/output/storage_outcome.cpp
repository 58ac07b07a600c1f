#include "output/storage_outcome.hpp"

#include <set>

#include "compare/findings.hpp"

namespace portcheck::output {

Outcome storage_outcome(const std::vector<compare::StorageFinding>& findings, const std::string& manifest_file) {
  Outcome outcome;
  outcome.command = "db-check";
  std::set<std::string> structures;
  for (const compare::StorageFinding& finding : findings) {
    structures.insert(finding.structure);
    const std::string rule = compare::rule_id(finding.rule);
    if (finding.severity == compare::Severity::info) {
      outcome.passed.push_back({finding.structure, finding.id + "/" + rule});
      continue;
    }
    Problem problem;
    problem.level = finding.severity == compare::Severity::breaking ? Level::error : Level::warning;
    problem.rule = finding.rule;
    problem.id = finding.id + "/" + rule;
    problem.test_class = finding.structure;
    problem.test_name = problem.id;
    problem.rank = finding.severity == compare::Severity::breaking ? 0 : 1;
    problem.title = finding.table + "." + finding.column + " (" +
                    (finding.column_type.empty() ? std::string("missing") : finding.column_type) +
                    (finding.nullable ? ", nullable" : ", not null") + ") into " + finding.side + " " +
                    finding.structure + finding.field + " (" + finding.declared_type + "): " + rule;
    problem.message = finding.message;
    problem.file = manifest_file;
    outcome.problems.push_back(std::move(problem));
  }
  const compare::FindingCounts counts = compare::count_findings(compare::storage_findings(findings));
  outcome.counts = {{"structures", structures.size()}, {"column_verdicts", findings.size()}, {"findings", counts.total},
                    {"breaking", counts.breaking},     {"warning", counts.warning},          {"info", counts.info}};
  outcome.summary = compare::counted(structures.size(), "structure", "structures") + ", " +
                    compare::counted(findings.size(), "column verdict", "column verdicts") + ", " +
                    compare::to_string(counts);
  return outcome;
}

}  // namespace portcheck::output
