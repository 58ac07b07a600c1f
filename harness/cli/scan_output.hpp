#pragma once
/// What `scan` and `db-scan` print: the totals as a gate::Outcome (so every
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
#include "standard_output.hpp"
#include "gate/outcome.hpp"
#include "json/error.hpp"
#include "scan/totals.hpp"

namespace portcheck::cli {

/// One failing document's problems as the outcome's problems (positions in
/// the file; a database row named by its number and key columns).
inline std::vector<gate::Problem> failing_document_problems(const std::string& command, const std::string& every,
                                                            const scan::FailingDocument& document) {
  std::vector<gate::Problem> problems;
  std::string name = document.row > 0 ? "row " + std::to_string(document.row) : printable(document.file);
  if (document.line > 0) name += ":" + std::to_string(document.line);
  for (const std::string& key : document.keys) name += " " + printable(key);
  for (const scan::Problem& problem : document.problems) {
    gate::Problem reported;
    reported.level = gate::Level::error;
    reported.rule = problem.rule;
    const std::string at = problem.pointer.empty() ? "(root)" : printable(problem.pointer);
    reported.id = name + "/" + at + "/" + problem.rule;
    reported.test_class = command;
    reported.test_name = every;
    reported.title = (document.row > 0 ? name + ": " : "") + problem.rule + " at " + at;
    reported.message = problem.message;
    reported.file = document.file;
    reported.line = problem.line;
    reported.column = problem.column;
    problems.push_back(std::move(reported));
  }
  return problems;
}

/// "documents", "valid", ... as counts; each failing document's problems as
/// problems (positions in the file), the failures by rule as notes. The
/// documents a FailureStream already printed are not in `totals` any more.
inline gate::Outcome scan_outcome(const std::string& command, const scan::Totals& totals,
                                  std::vector<std::string> header, const std::string& noun, bool strict) {
  gate::Outcome outcome;
  outcome.command = command;
  outcome.notes = std::move(header);
  outcome.counts.emplace_back(noun, totals.documents);
  // One test case, "every document" (or row), whose failure lists the
  // documents shown: the same identity whether the scan passes or fails.
  const std::string every = "every " + noun.substr(0, noun.size() - 1);
  if (strict) outcome.counts.emplace_back("valid", totals.valid);
  outcome.counts.emplace_back("readable", totals.readable);
  outcome.counts.emplace_back("failing", totals.failing);
  outcome.counts.emplace_back("fast-path", totals.fast);
  if (!totals.failures_by_rule.empty()) {
    outcome.notes.emplace_back("failures by rule:");
    for (const auto& [rule, count] : totals.failures_by_rule) {
      outcome.notes.push_back("  " + rule + ": " + std::to_string(count));
      outcome.counts.emplace_back("rule:" + rule, count);
    }
  }
  for (const scan::FailingDocument& document : totals.first_failures) {
    for (gate::Problem& problem : failing_document_problems(command, every, document)) {
      outcome.problems.push_back(std::move(problem));
    }
  }
  // Failing documents not listed as problems here still fail the command.
  const auto failing_documents = [&](const std::string& rule, const std::string& title) {
    gate::Problem problem;
    problem.level = gate::Level::error;
    problem.rule = rule;
    problem.id = command + "/" + rule;
    problem.test_class = command;
    problem.test_name = every;
    problem.title = title;
    outcome.problems.push_back(std::move(problem));
  };
  // Those a FailureStream printed as they came.
  if (const std::size_t printed = totals.shown - totals.first_failures.size(); printed > 0) {
    failing_documents("failing-documents", std::to_string(printed) + " failing " +
                                               (printed == 1 ? every.substr(6) : noun) + " printed above");
  }
  // Those past --show.
  if (totals.failing > totals.shown) {
    failing_documents("more-failures",
                      std::to_string(totals.failing - totals.shown) + " more failing " + noun + " not shown (--show N)");
  }
  if (totals.failing == 0) outcome.passed.push_back({command, every});
  outcome.summary = std::to_string(totals.documents) + " " + (totals.documents == 1 ? every.substr(6) : noun) + ", " +
                    std::to_string(totals.failing) + " failing";
  return outcome;
}

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
        for (const gate::Problem& problem : failing_document_problems(command_, every_, document)) {
          text += gate::render_text_problem(problem, options_);
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
  gate::RenderOptions options_;
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
