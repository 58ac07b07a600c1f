#pragma once
/// The outcome of a gating command (check, diff, schema-diff) as data, and its
/// renderings for people and for CI systems.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace portcheck::gate {

enum class Level { error, warning, notice };

/// One thing a command reports, located where a person can fix it.
struct Problem {
  Level level = Level::error;
  std::string id;     ///< stable, e.g. "ActiveRun/start_time/naive-timestamp-unreadable"
  std::string rule;   ///< e.g. "schema-drift", "stale-report", "type-mismatch"
  std::string title;  ///< one line
  std::string message;
  std::string file;  ///< empty when no file is concerned
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Outcome {
  std::string command;  ///< "check", "diff", "schema-diff"
  std::vector<Problem> problems;
  /// Everything that was checked and passed, for JUnit ("check name").
  std::vector<std::string> passed;
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

  [[nodiscard]] bool failed() const;
};

enum class Format { text, json, junit, github };

/// Parses "text", "json", "junit", "github".
Format parse_format(const std::string& name);

/// "portcheck: <summary> — PASSED|FAILED"
std::string summary_line(const Outcome& outcome);

struct RenderOptions {
  Format format = Format::text;
  bool quiet = false;  ///< only failures (and the summary)
  bool color = false;  ///< ANSI colours, text format only
  /// Where GitHub's job summary goes ($GITHUB_STEP_SUMMARY), empty for none.
  std::string step_summary_file;
};

/// Renders for standard output. The summary line ends text and github output;
/// for json and junit (machine formats) it is returned in `log` for stderr.
std::string render(const Outcome& outcome, const RenderOptions& options, std::string& log);

/// Whether to colour: a terminal, and NO_COLOR unset or empty.
bool should_color(int file_descriptor);

/// Escapes for GitHub workflow commands: the message, and a property value.
std::string github_escape_data(const std::string& text);
std::string github_escape_property(const std::string& text);

}  // namespace portcheck::gate
