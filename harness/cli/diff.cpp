// portcheck diff: field-level comparison of two JSON documents captured
// anywhere, e.g. the same endpoint of both services.

#include <iostream>
#include <memory>

#include "command.hpp"
#include "format_options.hpp"
#include "gate/diff.hpp"
#include "json/error.hpp"
#include "output/compatibility.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct DiffCommandOptions {
  gate::DiffOptions diff;
  FormatOptions output;
};

int run_diff(const DiffCommandOptions& options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory());
  const output::RenderOptions render = options.output.render_options();
  gate::DiffOptions diff_options = options.diff;
  // Only the JSON output writes whole values.
  diff_options.whole_values = render.format == output::Format::json;
  const gate::Diff diff = gate::run_diff(schemas, diff_options);
  const compare::StructureComparison& comparison = diff.comparison;
  if (render.format == output::Format::json) {
    // The structure's full comparison, shaped like the JSON report's entries.
    std::cout << output::render_structure_json(comparison);
    std::cerr << output::summary_line(diff.outcome) << "\n";
    return diff.outcome.failed() ? 1 : 0;
  }
  if (render.format == output::Format::text && !render.quiet) {
    const std::string& reference_side = schemas.manifest().reference_side;
    const std::string role =
        comparison.reference_side == reference_side
            ? " (reference)"
            : " (taken as the reference: the manifest's reference is " + reference_side + ")";
    std::cout << "portcheck diff: " << comparison.structure << ", " << comparison.reference_side << role << " "
              << printable(diff.reference_file) << " vs " << comparison.candidate_side << " "
              << printable(diff.candidate_file) << "\n\n"
              << output::render_structure_text(comparison, comparison.reference_side, comparison.candidate_side)
              << "\n";
  }
  return options.output.emit(diff.outcome);
}

}  // namespace

Command diff_command() {
  return {"diff", "Compare two JSON documents of one structure field by field (exit 1 on a breaking finding)",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<DiffCommandOptions>();
            app.add_option("first", options->diff.first,
                           "Document of the first side (by default the reference); - reads standard input")
                ->required();
            app.add_option("second", options->diff.second,
                           "Document of the second side (by default the candidate); - reads standard input")
                ->required();
            app.add_option("--structure", options->diff.structure, "Structure both documents hold")->required();
            app.add_option("--sides", options->diff.sides,
                           "The sides of the two documents, first,second (default: reference,candidate); the "
                           "manifest's reference is compared as the reference in either order")
                ->delimiter(',')
                ->expected(2);
            options->output.declare(app, global);
            return [options, &global] {
              options->diff.first = global.from_command_line(options->diff.first);
              options->diff.second = global.from_command_line(options->diff.second);
              return run_diff(*options, global);
            };
          }};
}

}  // namespace portcheck::cli
