// The canonical writer: whatever the loader accepts, written canonically,
// loads again and writes the same bytes (a fixed point).
#include "fuzz_support.hpp"
#include "json/canonical.hpp"
#include "json/document.hpp"
#include "json/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string first;
  try {
    first = portcheck::json::canonical_text(portcheck::json::parse(portcheck::fuzz::text_of(data, size), "fuzz.json"));
  } catch (const portcheck::Error&) {
    return 0;
  }
  // From here on nothing may throw: canonical text is always acceptable.
  const std::string second = portcheck::json::canonical_text(portcheck::json::parse(first, "canonical.json"));
  if (first != second) std::abort();
  return 0;
}
