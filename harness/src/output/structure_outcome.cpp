#include "output/structure_outcome.hpp"

#include "compare/findings.hpp"

namespace portcheck::output {

Outcome structure_outcome(const compare::StructureComparison& comparison, Locator& locator) {
  Outcome outcome;
  outcome.command = "diff";
  const std::vector<compare::Finding> findings = compare::structure_findings(comparison);
  for (const compare::Finding& finding : findings) {
    const std::string id = compare::finding_id(finding);
    if (finding.severity == compare::Severity::info) {
      outcome.passed.push_back({finding.structure, id});
      continue;
    }
    Problem problem;
    problem.level = finding.severity == compare::Severity::breaking ? Level::error : Level::warning;
    problem.rule = finding.rule;
    problem.id = id;
    problem.test_class = finding.structure;
    problem.test_name = id;
    problem.fingerprint = compare::fingerprint(finding);
    problem.rank = finding.severity == compare::Severity::breaking ? 0 : 1;
    problem.title = finding.structure + "." + finding.field + ": " + compare::rule_id(finding.rule) + " (" +
                    compare::to_string(finding.severity) + ")";
    problem.message = finding.message;
    locator.locate(problem, finding.file, finding.pointer);
    outcome.problems.push_back(std::move(problem));
  }
  for (const compare::Readability& readability : comparison.readability) {
    if (readability.readable) {
      outcome.passed.push_back({comparison.structure, readability.id});
      continue;
    }
    Problem problem;
    problem.rule = rules::Rule::unreadable;
    problem.id = readability.id;
    problem.test_class = comparison.structure;
    problem.test_name = readability.id;
    problem.title = readability.writer + " document is unreadable by the " + readability.reader + " reader";
    // Where and by which rule, once: each refusal's own message is its
    // finding's, reported on its own.
    for (const compare::Refusal& refusal : readability.refusals) {
      problem.message += std::string(problem.message.empty() ? "refused at " : ", ") +
                         (refusal.pointer.empty() ? "(root)" : refusal.pointer) + " (" +
                         compare::rule_id(refusal.rule) + ")";
    }
    locator.locate(problem, readability.file, readability.refusals.empty() ? "" : readability.refusals.front().pointer);
    outcome.problems.push_back(std::move(problem));
  }
  const compare::FindingCounts counts = compare::count_findings(findings);
  outcome.counts = {{"structures", 1},
                    {"findings", counts.total},
                    {"breaking", counts.breaking},
                    {"warning", counts.warning},
                    {"info", counts.info}};
  outcome.summary = "1 structure, " + compare::to_string(counts);
  return outcome;
}

}  // namespace portcheck::output
