#pragma once
/// The output options shared by the gating commands (check, diff,
/// schema-diff): --format, --quiet, and where the output goes.

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "gate/outcome.hpp"

namespace portcheck::cli {

struct FormatOptions {
  std::string format = "text";
  bool quiet = false;

  void declare(CLI::App& app) {
    app.add_option("--format", format,
                   "text (default; colour only on a terminal, never with NO_COLOR), json, junit, "
                   "or github (workflow-command annotations)")
        ->check(CLI::IsMember({"text", "json", "junit", "github"}));
    app.add_flag("--quiet", quiet, "Print only failures and the summary line");
  }

  [[nodiscard]] gate::RenderOptions render_options() const {
    gate::RenderOptions options;
    options.format = gate::parse_format(format);
    options.quiet = quiet;
    options.color = options.format == gate::Format::text && gate::should_color(STDOUT_FILENO);
    if (options.format == gate::Format::github) {
      if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr) {
        options.step_summary_file = summary;
      }
    }
    return options;
  }

  /// Report to standard output, the summary log (machine formats) to
  /// standard error; returns the exit code.
  int emit(const gate::Outcome& outcome) const {
    std::string log;
    std::cout << gate::render(outcome, render_options(), log);
    std::cerr << log;
    return outcome.failed() ? 1 : 0;
  }
};

}  // namespace portcheck::cli
