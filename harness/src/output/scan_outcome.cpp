#include "output/scan_outcome.hpp"

#include "json/error.hpp"

namespace portcheck::output {

std::vector<Problem> failing_document_problems(const std::string& command, const std::string& every,
                                               const scan::FailingDocument& document) {
  std::vector<Problem> problems;
  std::string name = document.row > 0 ? "row " + std::to_string(document.row) : printable(document.file);
  if (document.line > 0) name += ":" + std::to_string(document.line);
  for (const std::string& key : document.keys) name += " " + printable(key);
  for (const scan::Problem& problem : document.problems) {
    Problem reported;
    reported.level = Level::error;
    reported.rule = problem.rule;
    const std::string at = problem.pointer.empty() ? "(root)" : printable(problem.pointer);
    reported.id = name + "/" + at + "/" + problem.label();
    reported.test_class = command;
    reported.test_name = every;
    reported.title = (document.row > 0 ? name + ": " : "") + problem.label() + " at " + at;
    reported.message = problem.message;
    reported.file = document.file;
    reported.line = problem.line;
    reported.column = problem.column;
    problems.push_back(std::move(reported));
  }
  return problems;
}

Outcome scan_outcome(const std::string& command, const scan::Totals& totals, std::vector<std::string> header,
                     const std::string& noun, bool strict, const std::optional<RowTotals>& rows) {
  Outcome outcome;
  outcome.command = command;
  outcome.notes = std::move(header);
  // A row whose column is SQL NULL is counted, not read.
  const std::size_t documents = rows ? rows->rows : totals.documents;
  outcome.counts.emplace_back(noun, documents);
  if (rows) outcome.counts.emplace_back("sql-null", rows->sql_null);
  // One test case, "every document" (or row), whose failure lists the
  // documents shown: the same identity whether the scan passes or fails.
  const std::string every = "every " + noun.substr(0, noun.size() - 1);
  if (strict) outcome.counts.emplace_back("valid", totals.valid);
  outcome.counts.emplace_back("readable", totals.readable);
  outcome.counts.emplace_back("failing", totals.failing);
  outcome.counts.emplace_back("fast-path", totals.fast);
  if (!totals.failures_by_rule.empty()) {
    outcome.notes.emplace_back("failures by rule:");
    for (const auto& [rule, count] : totals.failures_by_rule) {
      outcome.notes.push_back("  " + rule + ": " + std::to_string(count));
      outcome.counts.emplace_back("rule:" + rule, count);
    }
  }
  for (const scan::FailingDocument& document : totals.first_failures) {
    for (Problem& problem : failing_document_problems(command, every, document)) {
      outcome.problems.push_back(std::move(problem));
    }
  }
  // Failing documents not listed as problems here still fail the command.
  const auto failing_documents = [&](rules::Rule rule, const std::string& title) {
    Problem problem;
    problem.level = Level::error;
    problem.rule = rule;
    problem.id = command + "/" + rules::rule_id(rule);
    problem.test_class = command;
    problem.test_name = every;
    problem.title = title;
    outcome.problems.push_back(std::move(problem));
  };
  // Those a FailureStream printed as they came.
  if (const std::size_t printed = totals.shown - totals.first_failures.size(); printed > 0) {
    failing_documents(rules::Rule::failing_documents, std::to_string(printed) + " failing " +
                                                          (printed == 1 ? every.substr(6) : noun) + " printed above");
  }
  // Those past --show.
  if (totals.failing > totals.shown) {
    failing_documents(rules::Rule::more_failures, std::to_string(totals.failing - totals.shown) + " more failing " +
                                                      noun + " not shown (--show N)");
  }
  if (totals.failing == 0) outcome.passed.push_back({command, every});
  outcome.summary = std::to_string(documents) + " " + (documents == 1 ? every.substr(6) : noun) + ", " +
                    std::to_string(totals.failing) + " failing";
  return outcome;
}

}  // namespace portcheck::output
