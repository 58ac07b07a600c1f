// `diff` of two fuzzed documents (split at the first NUL byte) for one of the
// structures both runners write, the first byte picking which; findings are
// collected and rendered as the command renders them.
#include "compare/compare.hpp"
#include "compare/findings.hpp"
#include "fuzz_support.hpp"
#include "json/error.hpp"
#include "output/structure_outcome.hpp"
#include "output/compatibility.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kStructures[] = {"VcsInfo",       "ActiveRun",    "WorkerResult",
                                            "JanitorResult", "DebianResult", "GenericResult"};
  const char* structure = kStructures[data[0] % 6];
  const auto [left, right] = portcheck::fuzz::halves(portcheck::fuzz::text_of(data + 1, size - 1));
  try {
    portcheck::compare::Fixtures reference;
    portcheck::compare::Fixtures candidate;
    reference.documents.emplace("diff", portcheck::json::parse(left, "left.json"));
    candidate.documents.emplace("diff", portcheck::json::parse(right, "right.json"));
    const portcheck::compare::StructureComparison comparison = portcheck::compare::compare_structure(
        portcheck::fuzz::project_schemas(), structure, "python", "rust", reference, candidate);
    portcheck::output::Locator locator;
    static_cast<void>(portcheck::output::structure_outcome(comparison, locator));
    static_cast<void>(portcheck::output::render_structure_json(comparison));
    static_cast<void>(portcheck::output::render_structure_text(comparison, "python", "rust"));
  } catch (const portcheck::Error&) {
  }
  return 0;
}
