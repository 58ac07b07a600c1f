#pragma once
/// portcheck timeline: the port's compatibility at each upstream commit that
/// touched a file the manifest or its channels name. Each such commit is
/// captured (guarded, as check --source captures) and compared as the
/// committed evidence is; the result is a matrix of rows (structures and
/// channels) by columns (revisions), and each finding's history: the
/// revision where it opened and the one where it closed.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compare/findings.hpp"
#include "rules/rules.hpp"
#include "timeline/git.hpp"

namespace portcheck::timeline {

/// One revision's evidence as far as the matrix needs it.
struct RevisionEvidence {
  Revision revision;
  /// "captured" (the capture ran now), "cache" (an earlier run's capture of
  /// the same files) or "failed" (no evidence: see failure).
  std::string capture = "captured";
  std::string failure;  ///< why there is no evidence, in a few lines
  /// The capture failed because of the machine (a tool missing, a signal)
  /// or ran out of time: not the tree's doing, so not cached, and the
  /// timeline is not complete.
  bool machine_failed = false;
  double seconds = 0;   ///< what the capture took here (0 from the cache)
  /// Every row this revision has, in the comparison's order, with its status.
  struct RowStatus {
    std::string name;
    std::string kind;  ///< "structure" or "channel"
    std::string status;
  };
  std::vector<RowStatus> rows;
  std::vector<compare::Finding> findings;
  [[nodiscard]] bool has_evidence() const { return capture != "failed"; }
};

/// One cell of the matrix: a row at a revision.
struct Cell {
  bool evidence = false;  ///< false: the capture failed, or the row did not exist then
  std::string status;     ///< "INCOMPATIBLE", "definition-missing (rust)", "breaking", ...
  std::size_t findings = 0;
  std::size_t breaking = 0;
  std::size_t opened = 0;  ///< findings not there at the previous revision with evidence
  std::size_t closed = 0;  ///< findings there at that revision, gone at this one
  std::size_t changed = 0;  ///< findings at both with another severity or in other scenarios
};

struct Row {
  std::string name;
  std::string kind;         ///< "structure" or "channel"
  std::vector<Cell> cells;  ///< one per column
};

/// Columns a finding was there, from `opened` up to (not including) `closed`.
struct Span {
  std::size_t opened = 0;             ///< column index; 0 means at the range's base or before it
  std::optional<std::size_t> closed;  ///< column index; none while it is still open at the tip
};

struct FindingHistory {
  std::string id;  ///< compare::finding_id
  std::string structure;
  std::string field;
  rules::Rule rule = rules::Rule::value_mismatch;
  rules::Severity severity = rules::Severity::info;  ///< at the last revision it was there
  std::vector<Span> spans;
};

struct Timeline {
  std::string repository;
  std::string base;                    ///< full hash of the range's base (the first column)
  std::string tip;                     ///< full hash of the range's tip
  std::vector<std::string> pathspecs;  ///< the files whose commits are columns
  std::vector<RevisionEvidence> columns;
  std::vector<Row> rows;
  std::vector<FindingHistory> findings;  ///< sorted by id
};

/// The matrix and the findings' histories of some revisions' evidence
/// (oldest first). A revision without evidence is skipped when findings
/// open and close: they are compared with the last revision that had some.
Timeline build_timeline(std::vector<RevisionEvidence> columns);

struct TimelineOptions {
  std::filesystem::path project = ".";
  std::filesystem::path repository;
  /// "BASE..TIP"; empty for the manifest's pinned revision to HEAD; "BASE.."
  /// for BASE to HEAD.
  std::string range;
  std::filesystem::path cache;  ///< empty for PROJECT/build/timeline-cache
  int capture_timeout = 900;    ///< seconds per revision's capture
  std::size_t max_revisions = 60;
  /// Called about four times a second while a revision is prepared or
  /// captured: its index and the column count, the revision, the capture's
  /// step ("cache" when it comes from the cache) and the seconds it took.
  std::function<void(std::size_t, std::size_t, const Revision&, const std::string&, double)> on_progress;
};

/// The files the manifest and its channels name, as git pathspecs: each
/// definition's file (a Python module as its file under the side's
/// python_path), the channels' app, scan and consumer files, the manifest's
/// required files, and the files the committed captures record reading.
std::vector<std::string> watched_pathspecs(const std::filesystem::path& project);

/// Captures and compares each revision of the range (the base, then each
/// commit that touched a watched file, oldest first), reusing the cache.
/// Throws portcheck::Error when the repository or a revision cannot be read,
/// or the range selects more than max_revisions columns.
Timeline run_timeline(const TimelineOptions& options);

std::string render_markdown(const Timeline& timeline);
std::string render_html(const Timeline& timeline);
std::string render_json(const Timeline& timeline);

}  // namespace portcheck::timeline
