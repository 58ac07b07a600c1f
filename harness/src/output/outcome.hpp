#pragma once
/// The outcome of a judging command (check, diff, scan, db-scan, db-check,
/// schema-diff) as data, and its renderings for people and for CI systems.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "json/diff.hpp"
#include "rules/rules.hpp"

namespace portcheck::output {

enum class Level { error, warning, notice };

/// "error", "warning", "notice".
std::string to_string(Level level);

/// One thing a command reports, located where a person can fix it.
struct Problem {
  Level level = Level::error;
  std::string id;     ///< stable, e.g. "ActiveRun/start_time/naive-timestamp-unreadable"
  /// A gate check (schema-drift, stale-report), a finding's rule
  /// (type-mismatch) or a schema change (property-removed).
  rules::Rule rule = rules::Rule::could_not_run;
  std::string title;  ///< one line
  std::string message;
  std::string file;  ///< empty when no file is concerned
  std::size_t line = 0;
  std::size_t column = 0;
  /// What was checked, as a test case (JUnit classname and name): the
  /// structure or check, and the scenario or item. The same whether it passes
  /// or fails, so a CI history follows one case across runs. Empty: the
  /// command and the id.
  std::string test_class;
  std::string test_name;
  /// The finding's fingerprint where the problem is a finding (SARIF's
  /// partialFingerprints); empty: the id stands for it.
  std::string fingerprint;
  /// How the finding's evidence was obtained ("executed", "read from
  /// source") where the problem is a finding; empty otherwise.
  std::string evidence;
  /// Order within a level, most severe first (a breaking finding 0, a warning
  /// 1, an info 2): which annotations to show when they are capped.
  int rank = 0;
  /// Why a finding is accepted (its known gap's reason); empty when it is not.
  std::string justification;
  /// What changed in a file, place by place (check --source: the real code
  /// now writes or reads differently); whole here, shortened in the message.
  std::vector<json::Change> changes;
  /// check --source: how the finding stands with the recaptured evidence
  /// against the committed evidence (SARIF's baselineState: "new",
  /// "unchanged", "updated", "absent"); empty without --source, or when the
  /// recaptured evidence could not be compared.
  std::string baseline_state;
  /// A findings-delta notice: a finding's change with the recaptured
  /// evidence. SARIF lists the new ones as results; an updated or absent one
  /// is the baselineState of the committed finding's own result.
  bool delta = false;
};

/// Something checked that passed, under the identity a failure of it would have.
struct TestCase {
  std::string test_class;
  std::string name;
};

struct Outcome {
  std::string command;  ///< "check", "diff", "schema-diff"
  std::vector<Problem> problems;
  /// Everything that was checked and passed, for JUnit.
  std::vector<TestCase> passed;
  /// The findings that do not fail the command: accepted as known gaps (with
  /// the reason as their justification) or below --fail-on. SARIF lists them
  /// as results, suppressed when accepted, so that code scanning shows every
  /// finding; the other formats count them in the summary only.
  std::vector<Problem> other_findings;
  /// What the command counted from its records, in order and under stable
  /// names ("structures", "findings", "breaking", ...), for machine formats.
  std::vector<std::pair<std::string, std::size_t>> counts;
  /// The same counts in words, without the verdict: "12 structures, ...".
  std::string summary;
  /// What the command changed (or, in a dry run, would change), printed
  /// before the problems.
  std::vector<std::string> notes;
  /// Lines to print after the problems when it failed, e.g. the command that
  /// fixes them.
  std::vector<std::string> hints;
  /// The command could not run (exit 2): its one problem says why.
  bool could_not_run = false;
  /// Wall-clock seconds the command took (JUnit's time), set by the caller.
  double seconds = 0;

  [[nodiscard]] bool failed() const;
};

/// The artefact of a command that could not run: one error problem at the
/// error's location, so a machine format still gets a valid document.
Outcome error_outcome(const std::string& command, const std::string& message, const std::string& file, std::size_t line,
                      std::size_t column);

enum class Format { text, json, junit, github, sarif };

/// Parses "text", "json", "junit", "github", "sarif".
Format parse_format(const std::string& name);

/// "portcheck: <summary> — PASSED|FAILED"
std::string summary_line(const Outcome& outcome);

struct RenderOptions {
  Format format = Format::text;
  bool quiet = false;  ///< only failures (and the summary)
  bool color = false;  ///< ANSI colours, text format only
  /// Where GitHub's job summary goes ($GITHUB_STEP_SUMMARY), empty for none.
  std::string step_summary_file;
  /// The project root: SARIF locations are relative to it.
  std::string project = ".";
  /// "0.1.0+git.1a2b3c4d5e6f": SARIF's tool version.
  std::string version;
};

/// Renders for standard output. The summary line ends text and github output;
/// for json, junit and sarif (machine formats) it is returned in `log` for stderr.
std::string render(const Outcome& outcome, const RenderOptions& options, std::string& log);

/// One problem as the text format prints it ("file:line:col: error: title",
/// then the message indented), or "" when --quiet leaves it out.
std::string render_text_problem(const Problem& problem, const RenderOptions& options);

/// Whether to colour: a terminal, and NO_COLOR unset or empty.
bool should_color(int file_descriptor);

/// Escapes for GitHub workflow commands: the message, and a property value.
std::string github_escape_data(const std::string& text);
std::string github_escape_property(const std::string& text);

}  // namespace portcheck::output
