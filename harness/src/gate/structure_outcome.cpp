#include "gate/structure_outcome.hpp"

#include "gate/findings.hpp"
#include "gate/locator.hpp"

namespace portcheck::gate {

Outcome structure_outcome(const compare::StructureComparison& comparison) {
  compare::Comparison wrapper;
  wrapper.structures.push_back(comparison);
  Outcome outcome;
  outcome.command = "diff";
  outcome.structures = 1;
  Locator locator;
  for (const Finding& finding : findings_of(wrapper)) {
    if (finding.severity == compare::Severity::info) {
      outcome.passed.push_back(finding.id());
      continue;
    }
    ++outcome.findings;
    ++(finding.severity == compare::Severity::breaking ? outcome.breaking : outcome.warning);
    Problem problem;
    problem.level = finding.severity == compare::Severity::breaking ? Level::error : Level::warning;
    problem.rule = finding.rule;
    problem.id = finding.id();
    problem.title = finding.structure + "." + finding.field + ": " + finding.status + " (" +
                    compare::to_string(finding.severity) + ", " + finding.rule + ")";
    problem.message = finding.message;
    locator.locate(problem, finding.file, finding.pointer);
    outcome.problems.push_back(std::move(problem));
  }
  for (const compare::Readability& readability : comparison.readability) {
    if (readability.readable) {
      outcome.passed.push_back(readability.id);
      continue;
    }
    Problem problem;
    problem.rule = "unreadable";
    problem.id = readability.id;
    problem.title = readability.writer + " document is unreadable by the " + readability.reader + " reader";
    for (const std::string& reason : readability.reasons) {
      problem.message += (problem.message.empty() ? "" : "; ") + reason;
    }
    locator.locate(problem, readability.file, readability.pointers.empty() ? "" : readability.pointers.front());
    outcome.problems.push_back(std::move(problem));
  }
  return outcome;
}

}  // namespace portcheck::gate
