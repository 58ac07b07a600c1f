// portcheck timeline: the port's compatibility at each upstream commit that
// touched a watched file, as a matrix and each finding's history.

#include <unistd.h>

#include <iostream>
#include <memory>

#include "command.hpp"
#include "json/files.hpp"
#include "timeline/timeline.hpp"

namespace portcheck::cli {

namespace {

struct TimelineCommandOptions {
  std::string source;
  std::string revs;
  std::string format = "markdown";
  std::string output;
  std::string cache;
  int capture_timeout = 900;
  std::size_t max_revisions = 60;
  bool quiet = false;
};

/// "\rtimeline 3/19 1a2b3c4d (2025-06-01): 23 s: rust: writing ActiveRun" on
/// standard error while the revisions are captured, when standard error is
/// a terminal and --quiet is not given; erased when the timeline is done.
class TimelineProgress {
 public:
  explicit TimelineProgress(bool quiet) : shown_(!quiet && isatty(STDERR_FILENO) == 1) {}
  ~TimelineProgress() {
    if (printed_) std::cerr << "\r\033[K" << std::flush;
  }
  TimelineProgress(const TimelineProgress&) = delete;
  TimelineProgress& operator=(const TimelineProgress&) = delete;

  [[nodiscard]] std::function<void(std::size_t, std::size_t, const timeline::Revision&, const std::string&, double)>
  callback() {
    if (!shown_) return {};
    return [this](std::size_t index, std::size_t count, const timeline::Revision& revision, const std::string& step,
                  double seconds) {
      std::cerr << "\rtimeline " << index + 1 << "/" << count << " " << revision.short_commit << " (" << revision.date
                << ")" << (seconds >= 1 ? ": " + std::to_string(static_cast<long>(seconds)) + " s" : "")
                << (step.empty() ? "" : ": " + step) << "\033[K" << std::flush;
      printed_ = true;
    };
  }

 private:
  bool shown_;
  bool printed_ = false;
};

}  // namespace

Command timeline_command() {
  return {"timeline",
          "Capture and compare each upstream commit that touched a watched file: a matrix of structures and "
          "channels by revision, and where each finding opened and closed",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<TimelineCommandOptions>();
            app.add_option("--source", options->source,
                           "A git clone of the upstream (this runs the upstream's code at each revision, in the "
                           "capture's sandbox: see docs/capture-and-fixtures.md)")
                ->required();
            app.add_option("--revs", options->revs,
                           "BASE..TIP, or BASE.. for BASE to HEAD (default: the manifest's pinned revision to HEAD)");
            app.add_option("--format", options->format, "markdown (default), html or json")
                ->check(CLI::IsMember({"markdown", "html", "json"}));
            app.add_option("--output", options->output, "Write the timeline to this file instead of standard output");
            app.add_option("--cache", options->cache,
                           "Folder of earlier captures, by the SHA-256 of the watched files and of the capture's own "
                           "inputs (default: build/timeline-cache)");
            app.add_option("--capture-timeout", options->capture_timeout,
                           "Seconds one revision's capture may take before its processes are stopped (default 900)")
                ->check(CLI::Range(1, 86400));
            app.add_option("--max-revisions", options->max_revisions,
                           "Refuse a range that selects more revisions than this (default 60)")
                ->check(CLI::Range(1, 100000));
            app.add_flag("--quiet", options->quiet, "No progress and no closing summary on standard error");
            return [options, &global] {
              timeline::TimelineOptions run;
              run.project = global.project;
              run.repository = global.from_command_line(options->source);
              run.range = options->revs;
              if (!options->cache.empty()) run.cache = global.from_command_line(options->cache);
              run.capture_timeout = options->capture_timeout;
              run.max_revisions = options->max_revisions;
              // A wrong --output is said now, not after an hour of captures.
              if (!options->output.empty()) json::prepare_to_write(global.from_command_line(options->output));
              timeline::Timeline result;
              {
                TimelineProgress progress(options->quiet);
                run.on_progress = progress.callback();
                result = timeline::run_timeline(run);
              }
              // A revision the machine could not capture (a tool missing, a
              // signal, the timeout) would be a gap in the history that says
              // nothing of the upstream: no timeline is written, and the
              // revisions captured are cached, so a run once this is mended
              // captures only these.
              std::size_t machine_failures = 0;
              std::string first_failure;
              for (const timeline::RevisionEvidence& column : result.columns) {
                if (!column.machine_failed) continue;
                if (machine_failures++ == 0) {
                  first_failure = column.revision.short_commit + ": " + column.failure;
                }
              }
              if (machine_failures > 0) {
                throw Error(std::to_string(machine_failures) + " of " + std::to_string(result.columns.size()) +
                            " revisions could not be captured on this machine, so no timeline is written (the "
                            "revisions captured are cached: a run once this is mended captures only these). The "
                            "first, " +
                            first_failure);
              }
              const std::string text = options->format == "html"   ? timeline::render_html(result)
                                       : options->format == "json" ? timeline::render_json(result)
                                                                   : timeline::render_markdown(result);
              if (options->output.empty()) {
                std::cout << text;
              } else {
                json::write_file_atomically(global.from_command_line(options->output), text);
              }
              if (!options->quiet) {
                std::size_t captured = 0;
                std::size_t cached = 0;
                std::size_t failed = 0;
                double seconds = 0;
                for (const timeline::RevisionEvidence& column : result.columns) {
                  seconds += column.seconds;
                  if (column.capture == "cache") ++cached;
                  if (!column.has_evidence()) ++failed;
                  if (column.capture != "cache" && column.has_evidence()) ++captured;
                }
                std::cerr << "portcheck timeline: " << result.columns.size() << " revisions: " << captured
                          << " captured in " << static_cast<long>(seconds) << " s, " << cached << " from the cache, "
                          << failed << " without evidence"
                          << (options->output.empty() ? "" : "; wrote " + options->output) << "\n";
              }
              return 0;
            };
          }};
}

}  // namespace portcheck::cli
