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
  /// Project root: holds schemas/ and fixtures/.
  std::filesystem::path project = ".";

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

}  // namespace portcheck::cli
