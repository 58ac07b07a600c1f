#include "timeline/git.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "json/error.hpp"

extern char** environ;

namespace portcheck::timeline {

namespace {

struct GitRun {
  int exit_code = 0;
  std::string output;
  std::string errors;
};

/// Runs git with `arguments` (after "git"), `extra` added to an environment
/// without the GIT_* variables of whoever started portcheck (a GIT_DIR set
/// by a hook would point every command at another repository).
GitRun run(const std::vector<std::string>& arguments, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "GIT_", 4) != 0) environment.emplace_back(*entry);
  }
  environment.insert(environment.end(), extra.begin(), extra.end());
  std::vector<std::string> words{"git"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);

  int output[2];
  int errors[2];
  if (::pipe2(output, O_CLOEXEC) != 0) throw Error("cannot run git: " + std::string(std::strerror(errno)));
  if (::pipe2(errors, O_CLOEXEC) != 0) {
    ::close(output[0]);
    ::close(output[1]);
    throw Error("cannot run git: " + std::string(std::strerror(errno)));
  }
  const pid_t child = ::fork();
  if (child < 0) throw Error("cannot run git: fork failed");
  if (child == 0) {
    const int input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (input < 0) ::_exit(127);
    ::dup2(input, STDIN_FILENO);
    ::dup2(output[1], STDOUT_FILENO);
    ::dup2(errors[1], STDERR_FILENO);
    ::execvpe("git", argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(output[1]);
  ::close(errors[1]);
  GitRun result;
  pollfd streams[2] = {{output[0], POLLIN, 0}, {errors[0], POLLIN, 0}};
  std::string* into[2] = {&result.output, &result.errors};
  int open_streams = 2;
  char buffer[65536];
  while (open_streams > 0) {
    if (::poll(streams, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int index = 0; index < 2; ++index) {
      if (streams[index].fd < 0 || streams[index].revents == 0) continue;
      const ssize_t count = ::read(streams[index].fd, buffer, sizeof buffer);
      if (count > 0) {
        into[index]->append(buffer, static_cast<std::size_t>(count));
      } else if (count == 0 || errno != EINTR) {
        ::close(streams[index].fd);
        streams[index].fd = -1;
        --open_streams;
      }
    }
  }
  for (const pollfd& stream : streams) {
    if (stream.fd >= 0) ::close(stream.fd);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string last_lines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  std::size_t start = text.size();
  for (int lines = 0; lines < 3 && start > 0; ++lines) {
    const auto newline = text.rfind('\n', start - 1);
    start = newline == std::string::npos ? 0 : newline;
  }
  text = text.substr(start == 0 ? 0 : start + 1);
  for (char& character : text) {
    if (character == '\n') character = ' ';
  }
  return text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// `git -C REPOSITORY` with the settings that keep git from running
/// anything the repository configures.
std::vector<std::string> in_repository(const std::filesystem::path& repository, std::vector<std::string> arguments) {
  std::vector<std::string> words{"-C", repository.string(),       "-c", "core.fsmonitor=false",
                                 "-c", "core.hooksPath=/dev/null"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  return words;
}

std::string checked(const std::filesystem::path& repository, const std::vector<std::string>& arguments,
                    const std::vector<std::string>& extra = {}) {
  const GitRun result = run(in_repository(repository, arguments), extra);
  if (result.exit_code == 127 && result.errors.empty()) {
    throw Error("cannot run git: it is not installed (run scripts/setup)");
  }
  if (result.exit_code != 0) {
    std::string command = "git";
    for (const std::string& argument : arguments) command += " " + argument;
    throw Error(command + " in " + repository.string() + " failed (exit " + std::to_string(result.exit_code) +
                "): " + last_lines(result.errors));
  }
  return result.output;
}

}  // namespace

std::string run_git(const std::filesystem::path& repository, const std::vector<std::string>& arguments) {
  return checked(repository, arguments);
}

std::string resolve_commit(const std::filesystem::path& repository, const std::string& name) {
  if (name.empty() || name.starts_with("-")) {
    throw Error("\"" + name + "\" is not a revision: give a commit hash, a branch or a tag");
  }
  const GitRun inside = run(in_repository(repository, {"rev-parse", "--git-dir"}));
  if (inside.exit_code != 0) {
    throw Error(repository.string() + " is not a git repository (" + last_lines(inside.errors) +
                "): give a clone of the upstream's repository");
  }
  const GitRun result =
      run(in_repository(repository, {"rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}"}));
  std::string hash = result.output;
  while (!hash.empty() && hash.back() == '\n') hash.pop_back();
  if (result.exit_code != 0 || hash.empty()) {
    throw Error(repository.string() + " has no commit named \"" + name + "\" (try a commit hash, a branch or a tag)");
  }
  return hash;
}

Revision describe_commit(const std::filesystem::path& repository, const std::string& commit) {
  // NUL-separated: a subject may hold any other character.
  const std::string text = checked(repository, {"show", "-s", "--format=%H%x00%as%x00%s", "--end-of-options", commit});
  Revision revision;
  std::size_t start = 0;
  std::vector<std::string> parts;
  for (int index = 0; index < 3; ++index) {
    const auto end = text.find('\0', start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (parts.size() != 3) throw Error("git show " + commit + " in " + repository.string() + " gave no date or subject");
  while (!parts[2].empty() && (parts[2].back() == '\n' || parts[2].back() == '\r')) parts[2].pop_back();
  revision.commit = parts[0];
  revision.short_commit = parts[0].substr(0, 8);
  revision.date = parts[1];
  // Shown on one line of Markdown, HTML and JSON: a subject's control
  // characters (an ESC sequence, say) are written as \xNN, not raw.
  revision.subject = printable(parts[2]);
  return revision;
}

std::vector<std::string> commits_touching(const std::filesystem::path& repository, const std::string& base,
                                          const std::string& tip, const std::vector<std::string>& pathspecs) {
  std::vector<std::string> arguments{"rev-list", "--reverse", "--topo-order", "--end-of-options", tip,
                                     "^" + base, "--"};
  arguments.insert(arguments.end(), pathspecs.begin(), pathspecs.end());
  return lines_of(checked(repository, arguments));
}

std::vector<std::string> files_matching(const std::filesystem::path& repository, const std::string& commit,
                                        const std::vector<std::string>& pathspecs) {
  // ls-tree takes no glob pathspecs: every file, matched here as git's
  // default pathspec magic matches (a folder, or fnmatch where '*' crosses
  // '/'), so that the files hashed are those rev-list watched.
  std::vector<std::string> files;
  for (const std::string& file :
       lines_of(checked(repository, {"ls-tree", "-r", "--name-only", "--full-tree", commit}))) {
    const bool matches = std::any_of(pathspecs.begin(), pathspecs.end(), [&](const std::string& pathspec) {
      return file == pathspec || file.starts_with(pathspec + "/") || ::fnmatch(pathspec.c_str(), file.c_str(), 0) == 0;
    });
    if (matches) files.push_back(file);
  }
  std::sort(files.begin(), files.end());
  return files;
}

void export_tree(const std::filesystem::path& repository, const std::string& commit,
                 const std::filesystem::path& target) {
  std::string git_directory = checked(repository, {"rev-parse", "--absolute-git-dir"});
  while (!git_directory.empty() && git_directory.back() == '\n') git_directory.pop_back();
  const std::filesystem::path absolute = std::filesystem::absolute(target);
  std::filesystem::create_directories(absolute);
  // Run from inside the new work tree, which checkout-index requires, with
  // a temporary index: the repository's own index is not touched.
  const std::string index = "GIT_INDEX_FILE=" + absolute.string() + ".index";
  const std::vector<std::string> location{"--git-dir=" + git_directory, "--work-tree=" + absolute.string()};
  std::vector<std::string> read{location};
  read.insert(read.end(), {"read-tree", commit});
  checked(absolute, read, {index});
  std::vector<std::string> write{location};
  write.insert(write.end(), {"checkout-index", "--all", "--force"});
  checked(absolute, write, {index});
  std::error_code ignored;
  std::filesystem::remove(absolute.string() + ".index", ignored);
}

}  // namespace portcheck::timeline
