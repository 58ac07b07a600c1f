#include "gate/diff.hpp"

#include <iostream>

#include "compare/compare.hpp"
#include "json/document.hpp"
#include "json/error.hpp"
#include "output/structure_outcome.hpp"

namespace portcheck::gate {

namespace {

/// One document as the comparison's only scenario; "-" reads standard input.
compare::Fixtures single(const std::filesystem::path& file) {
  compare::Fixtures fixtures;
  if (file == "-") {
    fixtures.documents.emplace(
        "diff", json::parse(json::read_stream(std::cin, json::kStandardInputName), json::kStandardInputName));
    fixtures.files.emplace("diff", json::kStandardInputName);
  } else {
    fixtures.documents.emplace("diff", json::load_file(file));
    fixtures.files.emplace("diff", file.string());
  }
  return fixtures;
}

}  // namespace

Diff run_diff(const schema::SchemaSet& schemas, const DiffOptions& options) {
  const schema::Manifest& manifest = schemas.manifest();
  std::vector<std::string> sides = options.sides;
  if (sides.empty()) {
    const std::vector<const schema::Side*> candidates = manifest.candidates();
    if (candidates.size() != 1) {
      throw Error("the manifest has " + std::to_string(candidates.size()) +
                  " candidate sides: name the two sides of the documents with --sides (sides: " +
                  manifest.side_names() + ")");
    }
    sides = {manifest.reference_side, candidates.front()->name};
  }
  if (sides.size() != 2 || sides[0] == sides[1]) throw Error("--sides needs two different sides, e.g. python,rust");
  // get() throws an error naming the sides and structures that exist.
  for (const std::string& side : sides) static_cast<void>(schemas.get_json(side, options.structure));
  if (options.first == "-" && options.second == "-") {
    throw Error("only one of the two documents can be - (standard input)");
  }

  // "python-only" and "rust-only" fields keep their severities, and the
  // labels name each side for what it is.
  const bool swapped = sides[1] == manifest.reference_side;
  if (swapped) std::swap(sides[0], sides[1]);
  const compare::Fixtures first = single(options.first);
  const compare::Fixtures second = single(options.second);
  const compare::Fixtures& reference = swapped ? second : first;
  const compare::Fixtures& candidate = swapped ? first : second;
  Diff diff;
  diff.reference_file = reference.files.at("diff");
  diff.candidate_file = candidate.files.at("diff");
  diff.comparison = compare::compare_structure(schemas, options.structure, sides[0], sides[1], reference, candidate,
                                               options.whole_values ? std::string::npos : kShownValueBytes);
  output::Locator locator;
  for (const compare::Fixtures* fixtures : {&first, &second}) {
    locator.know(fixtures->files.at("diff"), fixtures->documents.at("diff"));
  }
  diff.outcome = output::structure_outcome(diff.comparison, locator);
  return diff;
}

}  // namespace portcheck::gate
