#pragma once
/// `portcheck check --source DIR`: capture again from an upstream checkout
/// (the pinned snapshot, or a ported project's own working tree) and compare
/// with the committed evidence, naming each file the real code now writes or
/// reads differently, and each source file whose content changed.

#include <signal.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "output/outcome.hpp"

namespace portcheck::gate {

/// A folder under the system's temporary folder ("<prefix>-XXXXXX"), removed
/// with everything in it when this goes out of scope.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const std::string& prefix);
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// While it lives, SIGINT and SIGTERM are noted rather than fatal, so that a
/// running capture's process group is killed and temporary folders are
/// removed before portcheck ends (capture_guarded then throws).
class InterruptionGuard {
 public:
  InterruptionGuard();
  ~InterruptionGuard();
  InterruptionGuard(const InterruptionGuard&) = delete;
  InterruptionGuard& operator=(const InterruptionGuard&) = delete;
  /// The signal noted since the guard was made, or 0.
  [[nodiscard]] static int signal_number();

 private:
  struct sigaction saved_[2] {};
};

/// How one guarded run of the capture script ended.
struct CaptureResult {
  bool succeeded = false;
  bool timed_out = false;
  int exit_code = 0;               ///< the script's, when it ended by itself
  std::vector<std::string> cause;  ///< capture_failure_cause of its log, when it failed
  std::string log_tail;            ///< its log's last lines, when it failed
};

/// Runs PROJECT/scripts/capture --source SOURCE --output OUTPUT, guarded as
/// recapture_problems describes: OUTPUT (which must not exist) is laid out as
/// fixtures/ when it succeeds; its log and temporary files go beside OUTPUT,
/// in the caller's folder. The caller holds an InterruptionGuard: a SIGINT
/// or SIGTERM stops the capture's processes and throws portcheck::Error.
CaptureResult capture_guarded(const std::filesystem::path& project, const std::filesystem::path& source,
                              const std::filesystem::path& output, int timeout,
                              const std::function<void(const std::string&, double)>& on_progress = {});

/// Runs PROJECT/scripts/capture --source SOURCE --output <temporary folder>
/// and returns one problem per difference from PROJECT/fixtures/<side>/
/// (rule stale-capture), or one problem when the capture itself fails
/// (rule capture-failed, with the end of its log). Throws portcheck::Error
/// when SOURCE is not a folder or the project has no scripts/capture.
///
/// The capture runs the upstream's code: it runs in its own process group
/// with a cleared environment (PATH, HOME, LANG, TMPDIR, cargo's homes), and
/// is stopped with its whole group after `timeout` seconds (a capture-failed
/// problem) or when portcheck gets SIGINT or SIGTERM (an Error); its
/// temporary folder is removed either way.
///
/// A file whose only change is where things sit in the source (lines, file
/// hashes) is a source-moved notice, or an error when `strict` (any source
/// change fails) or when something else changed too (then stale-capture).
///
/// `on_captured`, when given, sees the captured evidence (a folder laid out
/// as fixtures/) before it is removed, when the capture succeeded and differs.
///
/// `on_progress`, when given, is called about four times a second while the
/// capture runs, with the step it last named (its last "progress: ..." line,
/// e.g. "rust: writing ActiveRun"; empty before the first) and the seconds
/// since it started.
std::vector<output::Problem> recapture_problems(
    const std::filesystem::path& project, const std::filesystem::path& source, const std::vector<std::string>& sides,
    int timeout = 600, bool strict = false,
    const std::function<void(const std::filesystem::path&)>& on_captured = {},
    const std::function<void(const std::string&, double)>& on_progress = {});

/// The lines of a failed capture's log that say why it failed, wherever they
/// are in it: Python's exception with the upstream frame that raised it (a
/// SyntaxError's file, line, code and caret), rustc's first error with its
/// place. Empty when the log shows neither.
std::vector<std::string> capture_failure_cause(const std::string& log);

}  // namespace portcheck::gate
