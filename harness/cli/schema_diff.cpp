// portcheck schema-diff: classify schema changes for the readers of each
// side's data.

#include <memory>

#include "command.hpp"
#include "format_options.hpp"
#include "schema_diff/schema_diff.hpp"

namespace portcheck::cli {

namespace {

struct SchemaDiffCommandOptions {
  schema_diff::SchemaDiffOptions diff;
  FormatOptions output;
};

}  // namespace

Command schema_diff_command() {
  return {"schema-diff", "Classify schema changes between OLD and NEW (folders or git:REV) as breaking or not",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<SchemaDiffCommandOptions>();
            app.add_option("old", options->diff.old_source, "Old schemas: a folder, or git:REV for schemas/ at REV")
                ->required();
            app.add_option("new", options->diff.new_source, "New schemas: a folder, or git:REV")->required();
            app.add_option(
                "--allow", options->diff.allow_file,
                "Acknowledged breaking changes: {\"allow\": [{\"file\", \"pointer\", \"rule\", \"reason\"}]}");
            options->output.declare(app, global);
            return [options, &global] {
              options->diff.project = global.project;
              options->diff.old_source = global.source_from_command_line(options->diff.old_source).string();
              options->diff.new_source = global.source_from_command_line(options->diff.new_source).string();
              options->diff.allow_file = global.from_command_line(options->diff.allow_file);
              return options->output.emit(schema_diff::run_schema_diff(options->diff));
            };
          }};
}

}  // namespace portcheck::cli
