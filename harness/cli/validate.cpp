// portcheck validate: fixtures against their own side's schema, strictly.

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "gate/project.hpp"
#include "json/error.hpp"
#include "schema/fixture_validation.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct ValidateOptions {
  bool all = false;
  std::string side;
  std::string structure;
  std::vector<std::filesystem::path> files;
};

void print_run(const schema::ValidationRun& run) {
  for (const std::string& problem : run.layout_problems) std::cout << problem << "\n";
  for (const schema::FileOutcome& outcome : run.files) {
    if (outcome.error) {
      std::cerr << "portcheck: error: " << outcome.error->describe() << "\n";
      continue;
    }
    for (const schema::ValidationFailure& failure : outcome.failures) {
      std::cout << printable(outcome.file.string());
      if (failure.position.line > 0) std::cout << ":" << failure.position.line << ":" << failure.position.column;
      std::cout << ": at " << (failure.pointer.empty() ? "(root)" : printable(failure.pointer)) << ": " << failure.rule
                << ": " << failure.message << "\n";
    }
  }
  const std::size_t failing_files = static_cast<std::size_t>(
      std::count_if(run.files.begin(), run.files.end(),
                    [](const schema::FileOutcome& outcome) { return !outcome.failures.empty(); }));
  std::cout << "portcheck validate: " << run.files.size() << " file" << (run.files.size() == 1 ? "" : "s") << ", "
            << run.failure_count() << " failure" << (run.failure_count() == 1 ? "" : "s") << " in " << failing_files
            << " file" << (failing_files == 1 ? "" : "s") << ", " << run.unreadable_count() << " unreadable — "
            << (run.exit_code() == 0 ? "PASSED" : "FAILED") << "\n";
}

int run_validate(const ValidateOptions& options, const GlobalOptions& global) {
  // Files of one structure need only that side's schema of it.
  std::optional<schema::SchemaChoice> only;
  if (!options.all && !options.side.empty() && !options.structure.empty()) {
    only = schema::SchemaChoice{options.side, options.structure};
  }
  const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory(), only);
  if (options.all) {
    const schema::ValidationRun run = gate::validate_project(schemas, gate::ProjectPaths(global.project));
    if (run.files.empty() && run.layout_problems.empty()) {
      std::cout << "portcheck validate: no fixtures under " << global.fixtures_directory().string()
                << "/<side>/<Structure>/ — nothing to validate\n";
      return 0;
    }
    print_run(run);
    return run.exit_code();
  }
  if (options.side.empty() || options.structure.empty() || options.files.empty()) {
    throw Error("validate needs --all, or --side, --structure and at least one FILE");
  }
  if (std::count(options.files.begin(), options.files.end(), std::filesystem::path("-")) > 1) {
    // Standard input is read once: a second - would be an empty document.
    throw Error("standard input (-) can be given only once");
  }
  const schema::StructureSchema& schema = schemas.get_json(options.side, options.structure);
  const schema::ValidationRun run = schema::validate_files(schemas, schema, options.files);
  print_run(run);
  return run.exit_code();
}

}  // namespace

Command validate_command() {
  return {"validate", "Validate fixtures against their own side's schema (strict: undeclared keys fail)",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<ValidateOptions>();
            auto* all = app.add_flag("--all", options->all,
                                     "Every fixtures/<side>/<Structure>/*.json against its own side's schema");
            app.add_option("--side", options->side, "Side whose schema applies (e.g. python, rust)")->excludes(all);
            app.add_option("--structure", options->structure, "Structure whose schema applies (e.g. ActiveRun)")
                ->excludes(all);
            app.add_option("files", options->files, "JSON files to validate; - reads standard input")->excludes(all);
            return [options, &global] {
              for (auto& file : options->files) file = global.from_command_line(file);
              return run_validate(*options, global);
            };
          }};
}

}  // namespace portcheck::cli
