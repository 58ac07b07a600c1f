#pragma once
/// What `scan` and `db-scan` found, as an outcome (so that every output
/// format of the other commands works): the totals as counts, the failing
/// documents' problems at their positions, the failures by rule as notes.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "output/outcome.hpp"
#include "scan/totals.hpp"

namespace portcheck::output {

/// One failing document's problems as the outcome's problems (positions in
/// the file; a database row named by its number and key columns).
std::vector<Problem> failing_document_problems(const std::string& command, const std::string& every,
                                               const scan::FailingDocument& document);

/// What db-scan read: every row the query returned, and those whose JSON
/// column was SQL NULL (counted, not read).
struct RowTotals {
  std::size_t rows = 0;
  std::size_t sql_null = 0;
};

/// "documents", "valid", ... as counts; each failing document's problems as
/// problems, the failures by rule as notes. The documents a stream already
/// printed are not in `totals` any more: one failing-documents problem counts
/// them, and one more-failures problem those past --show.
Outcome scan_outcome(const std::string& command, const scan::Totals& totals, std::vector<std::string> header,
                     const std::string& noun, bool strict, const std::optional<RowTotals>& rows = {});

}  // namespace portcheck::output
