#include "scan/totals.hpp"

#include <set>

namespace portcheck::scan {

void Totals::add(const Batch& batch, std::size_t show) {
  for (std::size_t index = 0; index < batch.records.size(); ++index) {
    const Record& record = batch.records[index];
    const Judgement& judgement = batch.judgements[index];
    ++documents;
    valid += judgement.valid ? 1 : 0;
    readable += judgement.readable ? 1 : 0;
    fast += judgement.fast ? 1 : 0;
    if (judgement.passed) continue;
    ++failing;
    std::set<std::string> rules;
    for (const Problem& problem : judgement.problems) rules.insert(problem.label());
    for (const std::string& rule : rules) ++failures_by_rule[rule];
    if (shown >= show) continue;
    ++shown;
    FailingDocument failing_document;
    if (record.row == 0) failing_document.file = batch.origins[record.origin];
    failing_document.line = record.line;
    failing_document.row = record.row;
    if (batch.keys_of) failing_document.keys = batch.keys_of(record);
    failing_document.problems = judgement.problems;
    if (record.line > 0) {
      for (Problem& problem : failing_document.problems) {
        if (problem.line > 0) problem.line += record.line - 1;
      }
    }
    first_failures.push_back(std::move(failing_document));
  }
}

}  // namespace portcheck::scan
