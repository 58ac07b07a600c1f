#pragma once
/// Standard output whose reader is gone (`portcheck rules | head -1`): every
/// command ends quietly, as git does, with the status a death by SIGPIPE
/// gives (141), so that a pipeline with `pipefail` never reads it as a pass.
/// Any other write error (a full disk, a closed descriptor) is an error.

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <exception>

namespace portcheck::cli {

inline constexpr int kReaderGone = 128 + SIGPIPE;

/// Thrown where a command notices the reader is gone; main() ends quietly.
struct StandardOutputGone : std::exception {
  [[nodiscard]] const char* what() const noexcept override { return "standard output's reader is gone"; }
};

/// Whether standard output is a pipe or a socket whose reader is gone.
inline bool standard_output_gone() {
  struct stat status {};
  if (::fstat(STDOUT_FILENO, &status) != 0 || !(S_ISFIFO(status.st_mode) || S_ISSOCK(status.st_mode))) return false;
  pollfd descriptor{STDOUT_FILENO, 0, 0};
  return ::poll(&descriptor, 1, 0) == 1 && (descriptor.revents & (POLLERR | POLLHUP)) != 0;
}

}  // namespace portcheck::cli
