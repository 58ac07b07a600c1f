// The files a person edits: reports/known-gaps.json and reports/claims.json.
#include "compare/document.hpp"
#include "fuzz_support.hpp"
#include "gate/known_gaps.hpp"
#include "json/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = portcheck::fuzz::scratch() / "list.json";
  portcheck::fuzz::write(file, portcheck::fuzz::text_of(data, size));
  try {
    const auto gaps = portcheck::gate::load_known_gaps(file);
    static_cast<void>(portcheck::gate::known_gaps_text(gaps));
  } catch (const portcheck::Error&) {
  }
  try {
    const portcheck::compare::Claims claims = portcheck::compare::load_claims(file);
    static_cast<void>(portcheck::compare::unknown_structures(claims, portcheck::fuzz::project_schemas().manifest()));
  } catch (const portcheck::Error&) {
  }
  return 0;
}
