#pragma once
/// The output options shared by the commands that judge (check, diff,
/// schema-diff, db-check, scan, db-scan): --format, --quiet, --color, and
/// where the output goes. A command that cannot run still leaves a valid
/// document in the format asked for (emit_error).

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "command.hpp"
#include "output/outcome.hpp"
#include "standard_output.hpp"
#include "version.hpp"

namespace portcheck::cli {

/// When the process started: JUnit's time is the whole command's.
inline const std::chrono::steady_clock::time_point kProcessStart = std::chrono::steady_clock::now();

/// "portcheck 0.1.0 (git 1a2b3c4d5e6f)", or without the revision when not
/// built from a checkout.
inline std::string version_text() {
  std::string text = std::string("portcheck ") + kPortcheckVersion;
  if (kPortcheckRevision[0] != '\0') text += std::string(" (git ") + kPortcheckRevision + ")";
  return text;
}

struct FormatOptions {
  std::string format = "text";
  std::string color = "auto";
  bool quiet = false;
  const GlobalOptions* global = nullptr;
  std::string command;

  /// Every command's output options by its subcommand, for main to find the
  /// format of a command that threw.
  static std::map<const CLI::App*, const FormatOptions*>& registry() {
    static std::map<const CLI::App*, const FormatOptions*> options;
    return options;
  }

  void declare(CLI::App& app, const GlobalOptions& options) {
    global = &options;
    command = app.get_name();
    app.add_option("--format", format,
                   "text (default), json, junit, github (workflow-command annotations), or sarif (SARIF 2.1.0 for "
                   "code scanning)")
        ->check(CLI::IsMember({"text", "json", "junit", "github", "sarif"}));
    app.add_flag("--quiet", quiet, "Print only failures and the summary line");
    app.add_option("--color", color,
                   "Colour the text format: auto (default: on a terminal, unless NO_COLOR is set), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    registry()[&app] = this;
  }

  [[nodiscard]] output::RenderOptions render_options() const {
    output::RenderOptions options;
    options.format = output::parse_format(format);
    options.quiet = quiet;
    const bool wanted = color == "always" || (color == "auto" && output::should_color(STDOUT_FILENO));
    options.color = options.format == output::Format::text && wanted;
    if (global != nullptr) options.project = global->project.string();
    options.version = kPortcheckVersion;
    if (kPortcheckRevision[0] != '\0') options.version += std::string("+git.") + kPortcheckRevision;
    if (options.format == output::Format::github) {
      if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr) {
        options.step_summary_file = summary;
      }
    }
    return options;
  }

  /// Report to standard output, the summary log (machine formats) to
  /// standard error; returns the exit code.
  int emit(output::Outcome outcome) const {
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - kProcessStart).count();
    std::string log;
    std::cout << output::render(outcome, render_options(), log);
    // The summary log follows a result that arrived: a reader gone (`|
    // head -c 10`) ends quietly, with nothing on standard error.
    std::cout.flush();
    if (std::cout.fail() && standard_output_gone()) throw StandardOutputGone();
    std::cerr << log;
    return outcome.failed() ? 1 : 0;
  }

  /// The artefact of a run that could not finish: an error result in json,
  /// junit and sarif, an ::error annotation in github. Text prints nothing
  /// here: main prints the error itself.
  void emit_error(const std::string& message, const std::string& file, std::size_t line, std::size_t column) const {
    if (format == "text") return;
    output::Outcome outcome = output::error_outcome(command, message, file, line, column);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - kProcessStart).count();
    output::RenderOptions options = render_options();
    options.step_summary_file.clear();
    std::string log;
    std::cout << output::render(outcome, options, log);
  }
};

}  // namespace portcheck::cli
