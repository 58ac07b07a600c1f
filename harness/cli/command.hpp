#pragma once
/// One portcheck command: its name, one-line summary, and a setup function
/// that declares its options on a CLI11 subcommand and returns the handler to
/// run once arguments are parsed. main.cpp lists the commands in one table,
/// from which `portcheck --help` is generated.

#include <filesystem>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace portcheck::cli {

/// Options every command shares.
struct GlobalOptions {
  /// Project root: holds schemas/ and fixtures/. Once main() has entered
  /// the project (see enter_project), ".".
  std::filesystem::path project = ".";
  /// --project as the user typed it, for hints to run from where they typed
  /// it; empty when they gave none.
  std::filesystem::path project_as_given;
  /// The folder portcheck was started in, when it is not the project:
  /// main() then works in the project, so that every path it writes or names
  /// is relative to the project root whatever --project's spelling, and
  /// paths typed on the command line are taken from here.
  std::filesystem::path invoked_from;

  /// A path typed on the command line, as the process now sees it: "-"
  /// (standard input) and absolute paths are left as they are.
  [[nodiscard]] std::filesystem::path from_command_line(const std::filesystem::path& path) const {
    if (invoked_from.empty() || path.empty() || path == "-" || path.is_absolute()) return path;
    const std::filesystem::path joined = invoked_from / path;
    // A ".." after a link names the parent of the link's target, which only
    // the kernel knows: such a path is left as typed.
    for (const std::filesystem::path& part : path) {
      if (part == "..") return joined;
    }
    return joined.lexically_normal();
  }
  /// Like from_command_line(), for schema-diff's sources, where git:REV
  /// names a revision rather than a file (for other commands, "git:x.json"
  /// is a file like any other).
  [[nodiscard]] std::filesystem::path source_from_command_line(const std::filesystem::path& path) const {
    return path.string().starts_with("git:") ? path : from_command_line(path);
  }
  /// A path relative to the project root as the user would name it from
  /// the folder they started portcheck in.
  [[nodiscard]] std::filesystem::path as_typed(const std::filesystem::path& path) const {
    if (invoked_from.empty() || path.is_absolute()) return path;
    return (project_as_given / path).lexically_normal();
  }

  [[nodiscard]] std::filesystem::path schemas_directory() const { return (project / "schemas").lexically_normal(); }
  [[nodiscard]] std::filesystem::path fixtures_directory() const { return (project / "fixtures").lexically_normal(); }
};

/// Returns the process exit code: 0 pass, 1 findings fail, 2 could not run.
using Handler = std::function<int()>;

struct Command {
  std::string name;
  std::string summary;
  std::function<Handler(CLI::App& subcommand, const GlobalOptions& global)> setup;
};

Command validate_command();
Command record_command();
Command report_command();
Command diff_command();
Command check_command();
Command schema_diff_command();
Command db_check_command();
Command db_scan_command();
Command scan_command();
Command rules_command();
Command timeline_command();

}  // namespace portcheck::cli
