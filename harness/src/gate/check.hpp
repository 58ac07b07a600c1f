#pragma once
/// portcheck check: the whole pipeline as a gate a CI job can trust.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "gate/project.hpp"
#include "output/outcome.hpp"
#include "rules/rules.hpp"

namespace portcheck::gate {

struct CheckOptions {
  std::filesystem::path project = ".";
  /// --project as the user typed it, for the hints they run; empty when none.
  std::filesystem::path project_as_given;
  /// Findings at or above this severity must be listed in known-gaps.json;
  /// entries below it are outside this run and left as they are.
  rules::Severity fail_on = rules::Severity::warning;
  /// Bring known-gaps.json up to date with today's findings before checking.
  bool update_known_gaps = false;
  /// With update_known_gaps: print what would change, write nothing.
  bool dry_run = false;
  /// A database whose column types are gated too (db-check), or none.
  std::optional<Database> database;
  /// Capture again from this upstream checkout and fail where the real code
  /// now writes or reads differently from the committed evidence; empty to
  /// check only the committed evidence.
  std::filesystem::path source;
  /// With `source`: a source change that moves lines or changes file hashes
  /// only, which is a note otherwise, fails the check.
  bool strict_source = false;
  /// Seconds the capture from `source` may take before it is stopped.
  int capture_timeout = 600;
  /// While the capture from `source` runs: its current step and the seconds
  /// it has taken (see recapture_problems); the command line shows them.
  std::function<void(const std::string&, double)> capture_progress;
};

/// Fails (errors in the outcome) when a fixture, schema, scenario catalog or
/// claim names a structure the manifest does not declare; an own-side fixture
/// fails its schema or does not survive the round trip; the schemas do not
/// describe the captured code; a readability prediction disagrees with a real
/// reader's verdict; with a source, a fresh capture differs from the committed
/// one; a committed report is stale, or was made from other evidence (with or
/// without a database); a finding at or above fail_on is not in
/// reports/known-gaps.json, an entry there no longer occurs, or an entry's
/// reason is still the TODO placeholder. Known gaps of database columns
/// ("table:<name>") are judged only when a DSN is given.
output::Outcome run_check(const CheckOptions& options);

/// The command line that brings the known-gaps list up to date for these options.
std::string update_command(const CheckOptions& options);

}  // namespace portcheck::gate
