#pragma once
/// portcheck check: the whole pipeline as a gate a CI job can trust.

#include <filesystem>

#include "compare/comparison.hpp"
#include "gate/outcome.hpp"

namespace portcheck::gate {

struct CheckOptions {
  std::filesystem::path project = ".";
  /// Findings at or above this severity must be listed in known-gaps.json.
  compare::Severity fail_on = compare::Severity::warning;
  /// Rewrite known-gaps.json from today's findings before checking.
  bool update_known_gaps = false;
  /// Also gate the database's column types (db-check) when not empty.
  std::string dsn;
  /// Capture again from this upstream checkout and fail where the real code
  /// now writes or reads differently from the committed evidence; empty to
  /// check only the committed evidence.
  std::filesystem::path source;
};

/// Fails (errors in the outcome) when an own-side fixture fails its schema or
/// does not survive the round trip, a committed report is stale, a finding at
/// or above fail_on is not in reports/known-gaps.json, an entry there no longer
/// occurs, or an entry's reason is still the TODO placeholder; when the
/// schemas do not describe the captured code, or a readability prediction
/// disagrees with a real reader's verdict; and, with a source, when a fresh
/// capture differs from the committed one. Known gaps of database columns
/// ("table:<name>") are judged only when a DSN is given.
Outcome run_check(const CheckOptions& options);

/// The command line that rewrites the known-gaps list for these options.
std::string update_command(const CheckOptions& options);

}  // namespace portcheck::gate
