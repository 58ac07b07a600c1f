// The portcheck executable: parses arguments, runs one command, and prints
// any error in one place. All logic lives in the library.

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <new>
#include <vector>

#include "command.hpp"
#include "format_options.hpp"
#include "standard_output.hpp"
#include "json/error.hpp"

namespace {

constexpr int kCouldNotRun = 2;

std::vector<portcheck::cli::Command> commands() {
  return {
      portcheck::cli::validate_command(),    portcheck::cli::scan_command(),     portcheck::cli::record_command(),
      portcheck::cli::report_command(),      portcheck::cli::diff_command(),     portcheck::cli::check_command(),
      portcheck::cli::schema_diff_command(), portcheck::cli::db_check_command(), portcheck::cli::db_scan_command(),
      portcheck::cli::rules_command(),      portcheck::cli::timeline_command(),
  };
}

/// Every command but `rules` and `schema-diff` (which compares two folders
/// named on its command line) reads a project: say plainly when there is
/// none rather than fail on the first file it lacks.
void require_project(const portcheck::cli::GlobalOptions& global) {
  const std::filesystem::path manifest = global.schemas_directory() / "manifest.json";
  std::error_code error;
  if (std::filesystem::exists(manifest, error)) return;
  const std::filesystem::path where = std::filesystem::absolute(global.project, error).lexically_normal();
  throw portcheck::Error("not a portcheck project: there is no " + portcheck::printable(manifest.string()) + " in " +
                         portcheck::printable(where.string()) +
                         ". Run portcheck in the folder that holds schemas/ and fixtures/, or name it with "
                         "--project DIR");
}

/// A result that did not reach standard output (a full disk, a closed pipe)
/// is no result: the caller would read a truncated report as a complete one.
int with_output_written(int exit_code) {
  std::cout.flush();
  if (std::cout.fail() && (errno == EPIPE || portcheck::cli::standard_output_gone())) return portcheck::cli::kReaderGone;
  if (std::cout.fail()) {
    std::cerr << "portcheck: error: cannot write to standard output (" << std::strerror(errno != 0 ? errno : EIO)
              << "): the output is incomplete\n";
    return kCouldNotRun;
  }
  return exit_code;
}

/// Works in the project folder, so that every path portcheck writes or
/// names is relative to the project root whatever --project's spelling or
/// the folder portcheck was started in (reports stay byte-identical); paths
/// typed on the command line are then taken from where they were typed
/// (GlobalOptions::from_command_line).
void enter_project(portcheck::cli::GlobalOptions& global) {
  if (global.project == ".") return;
  global.project_as_given = global.project;
  std::error_code error;
  const std::filesystem::path here = std::filesystem::current_path(error);
  if (error || !std::filesystem::is_directory(global.project, error)) return;
  const std::filesystem::path root = std::filesystem::weakly_canonical(std::filesystem::absolute(global.project), error);
  if (error) return;
  if (root != std::filesystem::weakly_canonical(here, error)) {
    std::filesystem::current_path(root, error);
    if (error) {
      throw portcheck::Error("cannot work in the project " + portcheck::printable(global.project.string()) + ": " +
                             error.message());
    }
    global.invoked_from = here;
  }
  global.project = ".";
}

/// A usage error still leaves the document a CI step reads, in the format
/// the command line asks for (`check --format junit --fail-on bogus >
/// check.xml` once left an empty file): the command is the first word that
/// names one, the format the last valid `--format` after it.
void usage_error_artefact(int argc, char** argv,
                          const std::vector<std::pair<CLI::App*, portcheck::cli::Handler>>& registered,
                          const std::string& message) {
  const CLI::App* command = nullptr;
  std::string format;
  for (int index = 1; index < argc; ++index) {
    const std::string argument = argv[index];
    if (command == nullptr) {
      if (argument == "--project") ++index;
      if (argument.starts_with("-")) continue;
      for (const auto& entry : registered) {
        if (entry.first->get_name() == argument) command = entry.first;
      }
      if (command == nullptr) return;
      continue;
    }
    std::string value;
    if (argument == "--format" && index + 1 < argc) {
      value = argv[++index];
    } else if (argument.starts_with("--format=")) {
      value = argument.substr(9);
    } else {
      continue;
    }
    if (value == "json" || value == "junit" || value == "github" || value == "sarif") format = value;
  }
  const auto& formats = portcheck::cli::FormatOptions::registry();
  const auto found = formats.find(command);
  if (command == nullptr || format.empty() || found == formats.end()) return;
  portcheck::cli::FormatOptions options = *found->second;
  options.format = format;
  try {
    options.emit_error("usage: " + message, "", 0, 0);
  } catch (const std::exception&) {
    // The error itself is printed on standard error either way.
  }
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe is noticed as a write error (EPIPE), so that portcheck
  // ends quietly with SIGPIPE's status after its destructors ran (temporary
  // folders, locks), rather than dying halfway by the signal.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"portcheck: evidence that a port reads and writes the same JSON as its original"};
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Exit codes: 0 ran and nothing fails; 1 ran and findings fail; 2 could not run (usage error, unreadable or "
      "malformed input, invalid schema); 141 standard output's reader left (a pipe into head), a quiet stop.");
  app.set_version_flag("--version", portcheck::cli::version_text(), "Print the version and git revision, and exit");
  portcheck::cli::GlobalOptions global;
  const std::string project_help = "Project root holding schemas/ and fixtures/ (default: .)";
  app.add_option("--project", global.project, project_help);

  // Each command declares its options once and hands back its handler; the
  // handler of the subcommand that was parsed runs.
  std::vector<std::pair<CLI::App*, portcheck::cli::Handler>> registered;
  for (const portcheck::cli::Command& command : commands()) {
    CLI::App* subcommand = app.add_subcommand(command.name, command.summary);
    // Accepted before or after the command's name, and shown in its help.
    subcommand->add_option("--project", global.project, project_help);
    registered.emplace_back(subcommand, command.setup(*subcommand, global));
  }

  // CLI11 reports a mistyped command as a missing one; name it instead.
  for (int index = 1; index < argc; ++index) {
    const std::string argument = argv[index];
    if (argument == "--project") {
      ++index;
      continue;
    }
    if (argument.starts_with("-")) continue;
    const bool known = std::any_of(registered.begin(), registered.end(),
                                   [&](const auto& entry) { return entry.first->get_name() == argument; });
    if (!known) {
      std::string names;
      for (const auto& entry : registered) names += (names.empty() ? "" : ", ") + entry.first->get_name();
      std::cerr << "portcheck: unknown command \"" << argument << "\" (commands: " << names << ")\n"
                << "Run with --help for usage.\n";
      return kCouldNotRun;
    }
    break;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    usage_error_artefact(argc, argv, registered, error.what());
    std::cerr << "portcheck: " << error.what() << "\n"
              << "Run with --help for usage.\n";
    with_output_written(kCouldNotRun);
    return kCouldNotRun;
  }

  const CLI::App* parsed = nullptr;
  for (const auto& [subcommand, handler] : registered) {
    if (subcommand->parsed()) parsed = subcommand;
  }
  // --project before and after the command's name fill one value: the
  // second would silently win, as it may not twice on one side of it.
  if (parsed != nullptr && app.get_option("--project")->count() > 0 && parsed->get_option("--project")->count() > 0) {
    const std::string message =
        "--project is given twice, before and after \"" + parsed->get_name() + "\": give it once";
    usage_error_artefact(argc, argv, registered, message);
    std::cerr << "portcheck: " << message << "\nRun with --help for usage.\n";
    return with_output_written(kCouldNotRun);
  }
  // A command that cannot run still leaves a valid document in the format
  // asked for, so CI shows the error where it shows results.
  const auto error_artefact = [&](const std::string& message, const portcheck::SourceLocation& where) {
    const auto& formats = portcheck::cli::FormatOptions::registry();
    const auto found = formats.find(parsed);
    if (found == formats.end()) return;
    try {
      found->second->emit_error(message, where.file, where.line, where.column);
    } catch (const std::exception&) {
      // The error itself is printed below either way.
    }
  };
  try {
    for (const auto& [subcommand, handler] : registered) {
      if (subcommand != parsed) continue;
      if (subcommand->get_name() != "rules" && subcommand->get_name() != "schema-diff") require_project(global);
      if (subcommand->get_name() != "rules") enter_project(global);
      return with_output_written(handler());
    }
    return kCouldNotRun;
  } catch (const portcheck::cli::StandardOutputGone&) {
    return portcheck::cli::kReaderGone;  // quietly: nobody reads what would be said
  } catch (const portcheck::Error& error) {
    error_artefact(error.message_at_pointer(), error.where());
    std::cerr << "portcheck: error: " << error.describe() << "\n";
    with_output_written(kCouldNotRun);
    return error.exit_code();
  } catch (const std::bad_alloc&) {
    // The input, not portcheck, is at fault: too large for the memory free.
    const std::string message =
        "not enough memory for this input: give it less at once (fewer files or --jobs), or run it on a machine with "
        "more memory";
    error_artefact(message, {});
    std::cerr << "portcheck: error: " << message << "\n";
    with_output_written(kCouldNotRun);
    return kCouldNotRun;
  } catch (const std::exception& error) {
    error_artefact(std::string("internal error: ") + error.what(), {});
    std::cerr << "portcheck: internal error: " << error.what() << "\n";
    with_output_written(kCouldNotRun);
    return kCouldNotRun;
  }
}
