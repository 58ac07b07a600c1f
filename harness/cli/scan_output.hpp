#pragma once
/// What `scan` and `db-scan` print: the totals as a output::Outcome (so every
/// output format of the other commands works), the failing documents as they
/// come in the text format, and progress on a terminal.

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "format_options.hpp"
#include "json/error.hpp"
#include "output/outcome.hpp"
#include "output/scan_outcome.hpp"
#include "scan/totals.hpp"
#include "standard_output.hpp"

namespace portcheck::cli {

/// After each judged batch: in the text format, the failing documents --show
/// keeps are printed at once and let go, so that --show N holds none of them
/// however large N is (the other formats are one document, written at the
/// end); and a scan whose standard output nobody reads any more stops at once.
class FailureStream {
 public:
  FailureStream(const FormatOptions& format, std::string command, const std::string& noun)
      : streaming_(format.format == "text"),
        options_(format.render_options()),
        command_(std::move(command)),
        every_("every " + noun.substr(0, noun.size() - 1)) {}

  void after_batch(scan::Totals& totals) const {
    if (streaming_ && !totals.first_failures.empty()) {
      std::string text;
      for (const scan::FailingDocument& document : totals.first_failures) {
        for (const output::Problem& problem : output::failing_document_problems(command_, every_, document)) {
          text += output::render_text_problem(problem, options_);
        }
      }
      totals.first_failures.clear();
      std::cout << text << std::flush;
      if (std::cout.fail()) {
        if (errno == EPIPE) throw StandardOutputGone();
        throw Error(std::string("cannot write to standard output (") + std::strerror(errno != 0 ? errno : EIO) +
                    "): stopped");
      }
    }
    if (standard_output_gone()) throw StandardOutputGone();
  }

 private:
  bool streaming_;
  output::RenderOptions options_;
  std::string command_;
  std::string every_;
};

/// "\r<done> <noun> (<rate>/s), 42%, about 3 s left" on standard error, when
/// it is a terminal; erased at the end.
class Progress {
 public:
  Progress(std::string noun, bool quiet) : noun_(std::move(noun)), shown_(!quiet && isatty(STDERR_FILENO) == 1) {}
  ~Progress() {
    if (printed_) std::cerr << "\r\033[K" << std::flush;
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Whether progress is printed (standard error is a terminal, not --quiet).
  [[nodiscard]] bool shown() const { return shown_; }

  /// `done` documents; `position` of `total` (bytes, rows) when known.
  void update(std::size_t done, std::size_t position, std::optional<std::size_t> total) {
    if (!shown_) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (seconds < 0.2) return;
    char line[160];
    const double rate = static_cast<double>(done) / seconds;
    int length = std::snprintf(line, sizeof line, "\r%zu %s (%.0f/s)", done, noun_.c_str(), rate);
    if (total && *total > 0 && position > 0 && length > 0) {
      const double fraction = static_cast<double>(position) / static_cast<double>(*total);
      const double left = seconds / fraction - seconds;
      std::snprintf(line + length, sizeof line - static_cast<std::size_t>(length), ", %.0f%%, about %.0f s left",
                    100.0 * fraction, left);
    }
    std::cerr << line << "\033[K" << std::flush;
    printed_ = true;
  }

 private:
  std::string noun_;
  bool shown_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace portcheck::cli
