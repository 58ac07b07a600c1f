// portcheck diff: field-level comparison of two JSON documents captured
// anywhere, e.g. the same endpoint of both services.

#include <iostream>
#include <memory>

#include "command.hpp"
#include "compare/compare.hpp"
#include "format_options.hpp"
#include "gate/structure_outcome.hpp"
#include "json/error.hpp"
#include "report/report.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::cli {

namespace {

struct DiffOptions {
  std::filesystem::path reference_file;
  std::filesystem::path candidate_file;
  std::string structure;
  std::vector<std::string> sides;
  FormatOptions output;
};

/// One document as the comparison's only scenario; "-" reads standard input.
compare::Fixtures single(const std::filesystem::path& file) {
  compare::Fixtures fixtures;
  if (file == "-") {
    fixtures.documents.emplace("diff",
                               json::parse(json::read_stream(std::cin, json::kStandardInputName), json::kStandardInputName));
    fixtures.files.emplace("diff", json::kStandardInputName);
  } else {
    fixtures.documents.emplace("diff", json::load_file(file));
    fixtures.files.emplace("diff", file.string());
  }
  return fixtures;
}

int run_diff(const DiffOptions& options, const GlobalOptions& global) {
  const schema::SchemaSet schemas = schema::SchemaSet::load(global.schemas_directory());
  const schema::Manifest& manifest = schemas.manifest();
  std::vector<std::string> sides = options.sides;
  if (sides.empty()) {
    const std::vector<const schema::Side*> candidates = manifest.candidates();
    if (candidates.size() != 1) {
      throw Error(
          "the manifest has " + std::to_string(candidates.size()) +
          " candidate sides: name the two sides of the documents with --sides (sides: " + manifest.side_names() + ")");
    }
    sides = {manifest.reference_side, candidates.front()->name};
  }
  if (sides.size() != 2 || sides[0] == sides[1]) throw Error("--sides needs two different sides, e.g. python,rust");
  // get() throws an error naming the sides and structures that exist.
  for (const std::string& side : sides) static_cast<void>(schemas.get_json(side, options.structure));
  if (options.reference_file == "-" && options.candidate_file == "-") {
    throw Error("only one of the two documents can be - (standard input)");
  }

  // The manifest's reference stays the reference whichever order the
  // documents come in: "python-only" and "rust-only" fields keep their
  // severities, and the labels name each side for what it is.
  const bool swapped = sides[1] == manifest.reference_side;
  if (swapped) std::swap(sides[0], sides[1]);
  const compare::Fixtures first = single(options.reference_file);
  const compare::Fixtures second = single(options.candidate_file);
  const compare::Fixtures& reference = swapped ? second : first;
  const compare::Fixtures& candidate = swapped ? first : second;
  const compare::StructureComparison comparison =
      compare::compare_structure(schemas, options.structure, sides[0], sides[1], reference, candidate);
  gate::Locator locator;
  for (const compare::Fixtures* fixtures : {&first, &second}) {
    locator.know(fixtures->files.at("diff"), fixtures->documents.at("diff"));
  }
  const gate::Outcome outcome = gate::structure_outcome(comparison, locator);
  const gate::RenderOptions render = options.output.render_options();
  if (render.format == gate::Format::json) {
    // The structure's full comparison, shaped like the JSON report's entries.
    std::cout << report::render_structure_json(comparison);
    std::cerr << gate::summary_line(outcome) << "\n";
    return outcome.failed() ? 1 : 0;
  }
  if (render.format == gate::Format::text && !render.quiet) {
    const std::string role =
        sides[0] == manifest.reference_side
            ? " (reference)"
            : " (taken as the reference: the manifest's reference is " + manifest.reference_side + ")";
    std::cout << "portcheck diff: " << options.structure << ", " << sides[0] << role << " "
              << printable(reference.files.at("diff")) << " vs " << sides[1] << " "
              << printable(candidate.files.at("diff")) << "\n\n"
              << report::render_structure_text(comparison, sides[0], sides[1]) << "\n";
  }
  return options.output.emit(outcome);
}

}  // namespace

Command diff_command() {
  return {"diff", "Compare two JSON documents of one structure field by field (exit 1 on a breaking finding)",
          [](CLI::App& app, const GlobalOptions& global) -> Handler {
            auto options = std::make_shared<DiffOptions>();
            app.add_option("first", options->reference_file,
                           "Document of the first side (by default the reference); - reads standard input")
                ->required();
            app.add_option("second", options->candidate_file,
                           "Document of the second side (by default the candidate); - reads standard input")
                ->required();
            app.add_option("--structure", options->structure, "Structure both documents hold")->required();
            app.add_option("--sides", options->sides,
                           "The sides of the two documents, first,second (default: reference,candidate); the "
                           "manifest's reference is compared as the reference in either order")
                ->delimiter(',')
                ->expected(2);
            options->output.declare(app, global);
            return [options, &global] {
              options->reference_file = global.from_command_line(options->reference_file);
              options->candidate_file = global.from_command_line(options->candidate_file);
              return run_diff(*options, global);
            };
          }};
}

}  // namespace portcheck::cli
