#pragma once
/// What a scan found, added up batch by batch in reading order.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "scan/pipeline.hpp"

namespace portcheck::scan {

/// A failing document, kept for the report (the first --show of them).
struct FailingDocument {
  std::string file;               ///< the file, or empty for a database row
  std::size_t line = 0;           ///< its line in that file (JSON Lines), 0 for a whole file
  std::size_t row = 0;            ///< its row in the query's result, 0 for a file
  std::vector<std::string> keys;  ///< a row's other columns, "name=value"
  /// Positions are in the file: a JSON Lines record's line is added in.
  std::vector<Problem> problems;
};

struct Totals {
  std::size_t documents = 0;
  std::size_t valid = 0;
  std::size_t readable = 0;
  std::size_t failing = 0;
  /// Documents the compiled plan accepted alone.
  std::size_t fast = 0;
  /// Documents that fail, per rule (a document counts once per rule).
  std::map<std::string, std::size_t> failures_by_rule;
  /// The failing documents kept for --show and not yet taken (printed) by
  /// the caller.
  std::vector<FailingDocument> first_failures;
  /// Failing documents kept for --show, taken or not: at most `show`.
  std::size_t shown = 0;

  /// Adds one judged batch; keeps at most `show` failing documents.
  void add(const Batch& batch, std::size_t show);
};

}  // namespace portcheck::scan
