#pragma once
/// portcheck report: compare every structure of the project and write the
/// compatibility reports.

#include <filesystem>
#include <optional>

#include "compare/comparison.hpp"
#include "gate/project.hpp"

namespace portcheck::gate {

struct ReportOptions {
  std::filesystem::path project = ".";
  /// The folder the reports go to; empty: the project's reports/.
  std::filesystem::path output;
  /// Claimed statuses to check; empty: reports/claims.json when it exists.
  std::filesystem::path claims;
  /// A database whose columns the reports judge too (a Database section).
  std::optional<Database> database;
};

struct Report {
  compare::Comparison comparison;
  std::filesystem::path folder;  ///< where the reports were written
};

/// Compares and writes compatibility.{md,json,junit.xml,html}. Throws
/// portcheck::Error on bad input (a structure the manifest lacks, a malformed
/// known-gaps.json or claims file) before anything is written.
Report run_report(const ReportOptions& options);

}  // namespace portcheck::gate
