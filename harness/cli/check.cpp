// portcheck check: the whole pipeline as a CI gate.

#include <unistd.h>

#include <iostream>
#include <memory>

#include "command.hpp"
#include "database.hpp"
#include "format_options.hpp"
#include "gate/check.hpp"
#include "rules/rules.hpp"

namespace portcheck::cli {

namespace {

struct CheckCommandOptions {
  std::string dsn;
  std::string source;
  int capture_timeout = 600;
  bool strict_source = false;
  std::string fail_on = "warning";
  bool update_known_gaps = false;
  bool dry_run = false;
  FormatOptions output;
};

/// "\rcapturing from DIR: 23 s: rust: writing ActiveRun" on standard error
/// while check --source waits for the capture, when standard error is a
/// terminal and --quiet is not given; erased when the capture is done.
class CaptureProgress {
 public:
  CaptureProgress(std::string source, bool quiet)
      : source_(std::move(source)), shown_(!quiet && isatty(STDERR_FILENO) == 1) {}
  ~CaptureProgress() {
    if (printed_) std::cerr << "\r\033[K" << std::flush;
  }
  CaptureProgress(const CaptureProgress&) = delete;
  CaptureProgress& operator=(const CaptureProgress&) = delete;

  [[nodiscard]] std::function<void(const std::string&, double)> callback() {
    if (!shown_) return {};
    return [this](const std::string& step, double seconds) {
      std::cerr << "\rcapturing from " << source_ << ": " << static_cast<long>(seconds) << " s"
                << (step.empty() ? "" : ": " + step) << "\033[K" << std::flush;
      printed_ = true;
    };
  }

 private:
  std::string source_;
  bool shown_;
  bool printed_ = false;
};

}  // namespace

Command check_command() {
  return {"check",
          "Gate: fixtures match their schemas, reports are fresh, every finding is a known gap, no known gap is stale",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<CheckCommandOptions>();
            app.add_option("--fail-on", options->fail_on,
                           "Lowest severity that must be listed in reports/known-gaps.json (default: warning)")
                ->check(CLI::IsMember({"breaking", "warning", "info"}));
            auto* update = app.add_flag(
                "--update-known-gaps", options->update_known_gaps,
                "Add today's new findings to reports/known-gaps.json (each needs a reason) and drop entries that no "
                "longer occur; entries below --fail-on, and database entries without --dsn, are left as they are");
            app.add_flag("--dry-run", options->dry_run,
                         "With --update-known-gaps: print what would change, write nothing")
                ->needs(update);
            app.add_option("--dsn", options->dsn, "Also gate the database's column types (known gaps \"table:...\")");
            app.add_option("--source", options->source,
                           "Capture again from this janitor checkout and fail where the real code now writes or "
                           "reads differently from the committed fixtures (this runs the upstream's code, in a "
                           "sandbox: see docs/capture-and-fixtures.md)");
            app.add_flag("--strict-source", options->strict_source,
                         "With --source: fail on any source change, even one that only moves lines or changes "
                         "file hashes (a note otherwise)")
                ->needs("--source");
            app.add_option("--capture-timeout", options->capture_timeout,
                           "Seconds the capture from --source may take before its processes are stopped (default 600)")
                ->check(CLI::Range(1, 86400));
            options->output.declare(app, global);
            return [options, &global] {
              gate::CheckOptions check;
              check.project = global.project;
              check.project_as_given = global.project_as_given;
              check.fail_on = rules::parse_severity(options->fail_on);
              check.update_known_gaps = options->update_known_gaps;
              check.dry_run = options->dry_run;
              if (!options->dsn.empty()) {
                const std::string dsn = options->dsn;
                check.database = gate::Database{database().describe_dsn(dsn), [dsn](const schema::SchemaSet& schemas) {
                                                  return database().check_storage(schemas, dsn);
                                                }};
              }
              check.source = global.from_command_line(options->source).string();
              check.capture_timeout = options->capture_timeout;
              check.strict_source = options->strict_source;
              output::Outcome outcome;
              {
                CaptureProgress progress(options->source, options->output.quiet);
                if (!options->source.empty()) check.capture_progress = progress.callback();
                outcome = gate::run_check(check);
              }
              return options->output.emit(outcome);
            };
          }};
}

}  // namespace portcheck::cli
